from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from homecare.core.forms import DateInput, GovukForm
from homecare.geography.models import Zone
from homecare.providers.models import (
    ContractActionKind,
    ContractTier,
    CqcRatingValue,
    Framework,
    ProviderStatus,
    QafLevel,
    TimeBand,
)

NOT_INSPECTED = "not_inspected"


class ProviderFilterForm(GovukForm):
    q = forms.CharField(label="Name or reference", required=False)
    zone = forms.ModelChoiceField(queryset=Zone.objects.all(), required=False, empty_label="Any zone")
    tier = forms.ChoiceField(
        label="Contract tier", required=False, choices=[("", "Any tier"), *ContractTier.choices]
    )
    cqc = forms.ChoiceField(
        label="CQC rating",
        required=False,
        choices=[("", "Any rating"), *CqcRatingValue.choices, (NOT_INSPECTED, "Not yet inspected")],
    )
    qaf = forms.ChoiceField(label="QAF level", required=False, choices=[("", "Any level"), *QafLevel.choices])
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *ProviderStatus.choices])


class CqcUploadForm(GovukForm):
    file = forms.FileField(
        label="CQC 'Latest ratings' file",
        help_text="CSV or Excel (XLSX) file as published by CQC, one row per rating",
    )


class QafAssessmentForm(GovukForm):
    level = forms.ChoiceField(label="QAF level", choices=QafLevel.choices, widget=forms.RadioSelect)
    assessed_on = forms.DateField(label="Date of the assessment", widget=DateInput())
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ContractActionForm(GovukForm):
    kind = forms.ChoiceField(label="Decision", widget=forms.RadioSelect)
    effective_on = forms.DateField(label="Takes effect on", widget=DateInput())
    reason = forms.CharField(label="Reason for the decision", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, allowed: list[ContractActionKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k.value, k.label) for k in allowed]


class UpliftForm(GovukForm):
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.all(),
        required=False,
        empty_label="All contracts",
        help_text="Uplift the contracts of one framework, or every contract in force",
    )
    tiers = forms.MultipleChoiceField(
        label="Tiers",
        choices=ContractTier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for every tier",
    )
    effective_from = forms.DateField(label="New rates apply from", widget=DateInput())
    percent = forms.DecimalField(
        label="Uplift (%)", max_digits=6, decimal_places=3, min_value=Decimal("-50"), max_value=Decimal("100")
    )
    name = forms.CharField(
        label="Name of the uplift", max_length=200, help_text="For example 2026/27 annual uplift"
    )
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)


class CapacityReturnForm(GovukForm):
    week_commencing = forms.DateField(label="Week commencing (a Monday)", widget=DateInput())
    staff_in_post = forms.IntegerField(label="Care staff in post", min_value=0)
    vacancies = forms.IntegerField(label="Vacancies", min_value=0)
    leavers = forms.IntegerField(label="Leavers in the period", min_value=0)

    def __init__(self, *args: Any, zones: list[Zone], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zones = zones
        for zone in zones:
            for band in TimeBand:
                self.fields[self.hours_field(zone, band)] = forms.DecimalField(
                    label=f"{zone.name}: {band.label.lower()} hours you can take on",
                    required=False,
                    min_value=Decimal("0"),
                    max_digits=7,
                    decimal_places=2,
                )
        # GovukForm styles the fields it is built with; style the added ones the same way.
        for name, field in self.fields.items():
            if name.startswith("hours_"):
                field.widget.attrs.setdefault("class", "govuk-input govuk-input--width-5")
                field.widget.kind = "input"  # type: ignore[attr-defined,unused-ignore]

    @staticmethod
    def hours_field(zone: Zone, band: str) -> str:
        return f"hours_{zone.code}_{band}"

    def lines(self) -> list[tuple[str, str, Decimal]]:
        return [
            (zone.code, band.value, self.cleaned_data.get(self.hours_field(zone, band)) or Decimal("0"))
            for zone in self.zones
            for band in TimeBand
            if self.cleaned_data.get(self.hours_field(zone, band)) is not None
        ]

    def clean_week_commencing(self) -> dt.date:
        value: dt.date = self.cleaned_data["week_commencing"]
        if value.weekday() != 0:
            raise forms.ValidationError("Enter the Monday the week starts")
        return value
