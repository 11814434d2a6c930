from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from homecare.core.forms import DateInput, GovukForm
from homecare.geography import postcodes
from homecare.rounds.adapter import DEFAULT_WINDOW_MINUTES
from homecare.rounds.models import WEEKDAYS, Carer, Skill, TravelMode
from homecare.rounds.services.planning import MAX_SECONDS


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(attrs={"class": "govuk-input--width-5"}, format="%H:%M")


def _day_field(weekday: int, end: str) -> str:
    return f"{WEEKDAYS[weekday].lower()}_{end}"


class CarerForm(GovukForm):
    carer_ref = forms.CharField(
        label="Carer reference",
        max_length=100,
        help_text="The reference your call-monitoring system sends when this carer checks in",
    )
    name = forms.CharField(label="Name", max_length=200)
    skills = forms.MultipleChoiceField(
        label="Skills", choices=Skill.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    home_postcode = forms.CharField(
        label="Home postcode",
        max_length=8,
        required=False,
        help_text="Where the carer starts and ends their round. Leave empty to use your office.",
    )
    travel_mode = forms.ChoiceField(
        label="How the carer travels", choices=TravelMode.choices, widget=forms.RadioSelect, initial="car"
    )
    max_travel_minutes = forms.IntegerField(
        label="Longest travel between calls, in minutes", min_value=5, max_value=180, initial=30
    )
    contracted_hours = forms.DecimalField(
        label="Contracted hours a week", min_value=0, max_value=60, decimal_places=2, initial=0
    )

    @classmethod
    def initial_for(cls, carer: Carer) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "carer_ref": carer.carer_ref,
            "name": carer.name,
            "skills": carer.skills,
            "home_postcode": carer.home_postcode,
            "travel_mode": carer.travel_mode,
            "max_travel_minutes": carer.max_travel_minutes,
            "contracted_hours": carer.contracted_hours,
        }
        for shift in carer.shifts.all():
            initial[_day_field(shift.weekday, "start")] = shift.start
            initial[_day_field(shift.weekday, "end")] = shift.end
        return initial

    def clean_home_postcode(self) -> str:
        value = self.cleaned_data["home_postcode"].strip()
        return postcodes.normalise(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for weekday in range(7):
            start, end = data.get(_day_field(weekday, "start")), data.get(_day_field(weekday, "end"))
            if (start is None) != (end is None):
                self.add_error(
                    _day_field(weekday, "end" if end is None else "start"),
                    f"Give both the start and the end of {WEEKDAYS[weekday]}'s shift, or neither",
                )
            elif start is not None and end is not None and end <= start:
                self.add_error(
                    _day_field(weekday, "end"), f"{WEEKDAYS[weekday]}'s shift must end after it starts"
                )
        return data

    def shifts(self) -> dict[int, tuple[dt.time, dt.time] | None]:
        out: dict[int, tuple[dt.time, dt.time] | None] = {}
        for weekday in range(7):
            start = self.cleaned_data.get(_day_field(weekday, "start"))
            end = self.cleaned_data.get(_day_field(weekday, "end"))
            out[weekday] = (start, end) if start is not None and end is not None else None
        return out

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in (
                "carer_ref",
                "name",
                "skills",
                "home_postcode",
                "travel_mode",
                "max_travel_minutes",
                "contracted_hours",
            )
        }
        values["skills"] = sorted(data["skills"])
        latitude = longitude = None
        if data["home_postcode"]:
            try:
                found = postcodes.lookup(data["home_postcode"])
            except ValidationError:
                found = None
            if found is not None:
                latitude, longitude = found.latitude, found.longitude
        values["home_latitude"], values["home_longitude"] = latitude, longitude
        return values

    def day_fields(self) -> list[tuple[str, Any, Any]]:
        return [
            (day, self[_day_field(i, "start")], self[_day_field(i, "end")]) for i, day in enumerate(WEEKDAYS)
        ]


for _weekday, _day in enumerate(WEEKDAYS):
    for _end, _word in (("start", "starts"), ("end", "ends")):
        CarerForm.base_fields[_day_field(_weekday, _end)] = forms.TimeField(
            label=f"{_day} shift {_word}", required=False, widget=TimeInput()
        )


class PlanDayForm(GovukForm):
    day = forms.DateField(label="Day to plan", widget=DateInput())
    seconds = forms.IntegerField(
        label="Time limit, in seconds",
        min_value=1,
        max_value=MAX_SECONDS,
        initial=10,
        help_text="How long the planner may search. Longer can find shorter rounds.",
    )
    window_minutes = forms.IntegerField(
        label="How early or late a visit may start, in minutes",
        min_value=0,
        max_value=120,
        initial=DEFAULT_WINDOW_MINUTES,
        help_text="For visits that are not time-critical. Time-critical visits keep their own tolerance.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"day": timezone.localdate() + dt.timedelta(days=1)})
        super().__init__(*args, **kwargs)


class MoveForm(GovukForm):
    call = forms.ChoiceField(label="Visit to move")
    carer = forms.ModelChoiceField(
        queryset=Carer.objects.none(), label="Give it to", empty_label="Choose a carer"
    )

    def __init__(self, *args: Any, calls: list[tuple[str, str]], carers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["call"].choices = [("", "Choose a visit"), *calls]  # type: ignore[attr-defined]
        self.fields["carer"].queryset = carers  # type: ignore[attr-defined]
