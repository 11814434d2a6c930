from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from homecare.core.forms import DateInput, GovukForm
from homecare.providers.models import Provider


class DayForm(GovukForm):
    date = forms.DateField(label="Date", widget=DateInput, required=False)

    def day(self) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("date"):
            return self.cleaned_data["date"]
        return timezone.localdate()


class PeriodForm(GovukForm):
    start = forms.DateField(label="From", widget=DateInput)
    end = forms.DateField(label="To", widget=DateInput)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date must be the same as or after the start date")
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 366:
            self.add_error("end", "Choose a period of at most a year")
        return data


class ResolveAlertForm(GovukForm):
    note = forms.CharField(
        label="What happened and what was done",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say what happened and what was done"},
    )


class CalculatePenaltiesForm(PeriodForm):
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.order_by("name"),
        label="Provider",
        empty_label="Choose a provider",
        error_messages={"required": "Choose a provider"},
    )


class WaiveForm(GovukForm):
    reason = forms.CharField(
        label="Why the penalties are waived",
        help_text="For example: the provider's viability is at risk; the missed visits were cancelled by the family",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say why the penalties are waived"},
    )


class ExplainVisitForm(GovukForm):
    explanation = forms.CharField(
        label="What happened on this visit",
        help_text=(
            "For example: the carer was delayed by an earlier call that ran over; the person was in hospital. "
            "The commissioner reads this before deciding whether to waive a penalty."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={"required": "Explain what happened on this visit"},
    )
