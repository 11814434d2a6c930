"""Display formatting for visits pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from homecare.core.calendar import LONDON
from homecare.visits.models import PenaltyLine, Visit, VisitStatus
from homecare.visits.reports import PERFORMANCE_COLUMNS, Row

STATUS_TAGS = {
    VisitStatus.SCHEDULED: "govuk-tag--grey",
    VisitStatus.IN_PROGRESS: "govuk-tag--blue",
    VisitStatus.ON_TIME: "govuk-tag--green",
    VisitStatus.LATE: "govuk-tag--yellow",
    VisitStatus.SHORT: "govuk-tag--orange",
    VisitStatus.MISSED: "govuk-tag--red",
    VisitStatus.ONE_CARER: "govuk-tag--pink",
    VisitStatus.UNVERIFIED: "govuk-tag--purple",
    VisitStatus.MANUAL: "govuk-tag--light-blue",
    VisitStatus.UNPLANNED: "govuk-tag--turquoise",
    VisitStatus.CANCELLED: "govuk-tag--grey",
}


def status_tag(status: str) -> dict[str, str]:
    return {"label": VisitStatus(status).label, "css": STATUS_TAGS.get(VisitStatus(status), "")}


def pct(value: Decimal | None) -> str:
    return "No visits" if value is None else f"{value}%"


def time_of(value: Any) -> str:
    return value.astimezone(LONDON).strftime("%H:%M") if value else "not recorded"


def visit_row(visit: Visit) -> dict[str, Any]:
    return {
        "visit": visit,
        "date": visit.visit_date.strftime("%a %d %b %Y"),
        "planned": f"{time_of(visit.planned_start)} to {time_of(visit.planned_end)}"
        if visit.is_planned
        else "Not planned",
        "actual": f"{time_of(visit.actual_start)} to {time_of(visit.actual_end)}"
        if visit.actual_start
        else "Not recorded",
        "minutes": f"{visit.actual_minutes} of {visit.duration_minutes}"
        if visit.actual_minutes is not None
        else f"Not recorded, of {visit.duration_minutes}",
        "carers": f"{visit.carers_seen} of {visit.carers_needed}",
        "tag": status_tag(visit.status),
        "flags": ", ".join(
            flag
            for flag, on in (
                ("time-critical", visit.time_critical),
                ("double-up", visit.carers_needed > 1),
                ("bank holiday", visit.is_bank_holiday),
            )
            if on
        ),
    }


SHORT_LABELS = {
    VisitStatus.SCHEDULED: "Due",
    VisitStatus.IN_PROGRESS: "In progress",
    VisitStatus.ON_TIME: "On time",
    VisitStatus.LATE: "Late",
    VisitStatus.SHORT: "Short",
    VisitStatus.MISSED: "Missed",
    VisitStatus.ONE_CARER: "One carer",
    VisitStatus.UNVERIFIED: "No check-out",
    VisitStatus.MANUAL: "Manual",
    VisitStatus.UNPLANNED: "Unplanned",
}


def status_columns() -> list[dict[str, str]]:
    return [
        {"value": s.value, "label": SHORT_LABELS[s], "title": s.label}
        for s in VisitStatus
        if s != VisitStatus.CANCELLED
    ]


def headline(cells: list[int]) -> list[dict[str, object]]:
    """The day's figures for the summary cards, in the order of `status_columns`."""
    return [{"label": c["title"], "count": n} for c, n in zip(status_columns(), cells, strict=True) if n]


def count_cells(row: Row) -> list[int]:
    return [row.counts.get(s.value, 0) for s in VisitStatus if s != VisitStatus.CANCELLED]


def performance_row(row: Row) -> dict[str, Any]:
    return {
        "label": row.label,
        "settled": row.settled,
        "shares": [pct(row.share(s)) for s in PERFORMANCE_COLUMNS],
    }


def performance_headers() -> list[str]:
    return [VisitStatus(s).label for s in PERFORMANCE_COLUMNS]


def explanation_of(visit: Visit) -> Any:
    """The visit's explanation by its provider, or None (no query if it was select_related)."""
    try:
        return visit.explanation
    except ObjectDoesNotExist:
        return None


def explanation_summary(explanation: Any) -> str:
    if explanation is None:
        return ""
    return f"{explanation.explained_by_label}, {explanation.explained_at.astimezone(LONDON):%d %b %Y %H:%M}"


def penalty_line_row(line: PenaltyLine) -> dict[str, Any]:
    explanation = explanation_of(line.visit)
    return {
        "line": line,
        "visit": line.visit,
        "date": line.visit.visit_date.strftime("%a %d %b %Y"),
        "outcome": line.get_kind_display(),
        "amount": line.amount,
        "waived": "Yes" if line.waived else "No",
        "explanation": explanation.text if explanation else "",
        "explained": explanation_summary(explanation),
    }


def exception_row(visit: Visit) -> dict[str, Any]:
    explanation = explanation_of(visit)
    return {**visit_row(visit), "explanation": explanation.text if explanation else ""}
