from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms import formset_factory

from homecare.brokerage.models import (
    DAYS,
    DeclineReason,
    Funding,
    InterimArrangement,
    ReferralSource,
    Urgency,
)
from homecare.brokerage.services import OutcomeInput, VisitInput
from homecare.core.forms import DateInput, GovukForm
from homecare.providers.models import ServiceType

DAY_CHOICES = [
    (str(i), d)
    for i, d in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
]
assert len(DAY_CHOICES) == len(DAYS)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(attrs={"class": "govuk-input--width-5"}, format="%H:%M")


class ReferralForm(GovukForm):
    person_ref = forms.CharField(label="Person's council reference", max_length=30)
    source = forms.ChoiceField(label="Referred by", choices=ReferralSource.choices, widget=forms.RadioSelect)
    referrer_name = forms.CharField(label="Referrer's name (optional)", max_length=200, required=False)
    referrer_team = forms.CharField(label="Referrer's team (optional)", max_length=200, required=False)
    hospital = forms.CharField(label="Hospital (hospital referrals)", max_length=200, required=False)
    hospital_ward = forms.CharField(label="Hospital ward (optional)", max_length=100, required=False)
    ready_for_discharge_on = forms.DateField(
        label="Ready for discharge on (hospital referrals)",
        required=False,
        widget=DateInput(),
        help_text="The day the person became medically fit to leave hospital",
    )
    urgency = forms.ChoiceField(label="Urgency", choices=Urgency.choices, widget=forms.RadioSelect)
    referred_on = forms.DateField(label="Referral date", widget=DateInput())
    requested_start_on = forms.DateField(
        label="Requested start date (optional)", required=False, widget=DateInput()
    )
    funding = forms.ChoiceField(label="Funding", choices=Funding.choices, widget=forms.RadioSelect)
    service_type = forms.ChoiceField(label="Service", choices=ServiceType.choices, widget=forms.RadioSelect)
    reablement = forms.BooleanField(
        label="Reablement (short-term care to regain independence)", required=False
    )
    needs = forms.CharField(
        label="Needs and risks",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What a provider must know before accepting. Do not include the person's name.",
    )
    outcome_1 = forms.CharField(label="Outcome the person wants (optional)", max_length=300, required=False)
    review_1 = forms.DateField(label="Review the outcome on", required=False, widget=DateInput())
    outcome_2 = forms.CharField(label="Another outcome (optional)", max_length=300, required=False)
    review_2 = forms.DateField(label="Review it on", required=False, widget=DateInput())
    notes = forms.CharField(
        label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in (1, 2):
            if data.get(f"outcome_{n}") and not data.get(f"review_{n}"):
                self.add_error(f"review_{n}", "Enter the date to review this outcome")
        return data

    def outcomes(self) -> list[tuple[str, dt.date]]:
        d = self.cleaned_data
        return [(d[f"outcome_{n}"], d[f"review_{n}"]) for n in (1, 2) if d.get(f"outcome_{n}")]


class VisitForm(GovukForm):
    days = forms.MultipleChoiceField(
        label="Days", choices=DAY_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    start_time = forms.TimeField(label="Start time", widget=TimeInput(), required=False)
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=15,
        max_value=720,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    carers = forms.TypedChoiceField(
        label="Carers",
        choices=[("1", "1"), ("2", "2 (double-up)")],
        coerce=int,
        initial="1",
        widget=forms.RadioSelect,
    )
    time_critical = forms.BooleanField(label="Time-critical (for example medication)", required=False)
    tolerance_minutes = forms.IntegerField(
        label="Tolerance in minutes (time-critical only)",
        min_value=0,
        max_value=120,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    tasks = forms.CharField(label="Tasks (optional)", max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used = data.get("days") or data.get("start_time") or data.get("duration_minutes")
        if used:
            if not data.get("days"):
                self.add_error("days", "Choose at least one day")
            if not data.get("start_time"):
                self.add_error("start_time", "Enter the start time")
            if not data.get("duration_minutes"):
                self.add_error("duration_minutes", "Enter how long the visit lasts")
        return data

    def visit(self) -> VisitInput | None:
        d = self.cleaned_data
        if not d.get("days"):
            return None
        mask = sum(1 << int(i) for i in d["days"])
        return VisitInput(
            days=mask,
            start=d["start_time"],
            duration_minutes=d["duration_minutes"],
            carers=d.get("carers") or 1,
            time_critical=bool(d.get("time_critical")),
            tolerance_minutes=d.get("tolerance_minutes") or 0,
            tasks=d.get("tasks", ""),
        )


VisitFormSet = formset_factory(VisitForm, extra=6, max_num=8)


def visits_from(formset: Any) -> list[VisitInput]:
    return [v for v in (f.visit() for f in formset.forms) if v is not None]


class VariationForm(GovukForm):
    effective_from = forms.DateField(label="From", widget=DateInput())
    reason = forms.CharField(
        label="Why is the care changing?", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reablement = forms.BooleanField(label="Reablement", required=False)
    needs = forms.CharField(label="Needs and risks", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class OutcomeForm(GovukForm):
    description = forms.CharField(
        label="Outcome the person wants",
        max_length=300,
        required=False,
        help_text="Leave empty to remove this outcome",
    )
    review_on = forms.DateField(label="Review it on", required=False, widget=DateInput())
    achieved = forms.BooleanField(label="Achieved", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("description") and not data.get("review_on"):
            self.add_error("review_on", "Enter the date to review this outcome")
        return data

    def outcome(self) -> OutcomeInput | None:
        d = self.cleaned_data
        if not d.get("description"):
            return None
        return OutcomeInput(d["description"], d["review_on"], bool(d.get("achieved")))


OutcomeFormSet = formset_factory(OutcomeForm, extra=1, max_num=10)


def outcomes_from(formset: Any) -> list[OutcomeInput]:
    return [o for o in (f.outcome() for f in formset.forms) if o is not None]


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))


class OverrideForm(GovukForm):
    contract = forms.TypedChoiceField(label="Provider and contract", coerce=int, choices=[])
    reason = forms.CharField(
        label="Why offer outside the framework's order?",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded on the package and in the audit trail",
    )

    def __init__(self, *args: Any, choices: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["contract"].choices = [("", "Choose a provider"), *choices]  # type: ignore[attr-defined]


class InterimForm(GovukForm):
    arrangement = forms.ChoiceField(label="Interim arrangement", choices=InterimArrangement.choices)
    notes = forms.CharField(
        label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class StartCareForm(GovukForm):
    started_on = forms.DateField(label="Care started on", widget=DateInput())


class EndPackageForm(GovukForm):
    ended_on = forms.DateField(label="Care ended on", widget=DateInput())
    reason = forms.CharField(label="Why did it end?", max_length=300)


class DeclineForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why are you declining?", choices=DeclineReason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(label="Details", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NoticeForm(GovukForm):
    notice_ends_on = forms.DateField(
        label="Last day you will deliver care", widget=DateInput(), help_text="At least 14 days from today"
    )
    reason = forms.CharField(
        label="Why are you handing the package back?", widget=forms.Textarea(attrs={"rows": 3})
    )


class PeriodForm(GovukForm):
    date_from = forms.DateField(label="From", widget=DateInput())
    date_to = forms.DateField(label="To", widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The end must be on or after the start")
        return data
