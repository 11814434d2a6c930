from __future__ import annotations

from django import forms

from homecare.core.forms import DateInput, GovukForm


class PersonForm(GovukForm):
    council_ref = forms.CharField(
        label="Council reference", max_length=30, help_text="From the case management system"
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)", max_length=14, required=False, help_text="10 digits, like 943 476 5919"
    )
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    date_of_birth = forms.DateField(label="Date of birth", required=False, widget=DateInput())
    address = forms.CharField(label="Address", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, help_text="Used to find the ward and zone")
    phone = forms.CharField(label="Phone (optional)", max_length=40, required=False)
    contact_name = forms.CharField(label="Contact name (optional)", max_length=200, required=False)
    contact_phone = forms.CharField(label="Contact phone (optional)", max_length=40, required=False)
    communication_needs = forms.CharField(
        label="Communication needs (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="For example: British Sign Language, large print, speaks Gujarati",
    )


class PersonEditForm(PersonForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["council_ref"]


class PersonSearchForm(GovukForm):
    q = forms.CharField(
        label="Search people",
        required=False,
        max_length=100,
        help_text="Council reference, NHS number or last name",
    )
