import datetime as dt
from decimal import Decimal

from homecare.brokerage.hours import VisitPattern, carer_hours_by_band, days_mask, time_band, weekly_hours


def test_weekly_hours_double_up_counts_carer_hours_twice():
    visits = [VisitPattern(127, dt.time(8), 30, carers=2), VisitPattern(127, dt.time(12), 30)]
    totals = weekly_hours(visits)
    assert (totals.visits, totals.visit_hours, totals.carer_hours) == (14, Decimal("7.00"), Decimal("10.50"))


def test_weekly_hours_weekdays_only():
    assert weekly_hours([VisitPattern(days_mask(range(5)), dt.time(9), 45)]).visit_hours == Decimal("3.75")


def test_time_band_boundaries():
    assert [time_band(dt.time(h)) for h in (5, 6, 11, 14, 18, 22)] == [
        "night",
        "morning",
        "lunch",
        "tea",
        "bed",
        "night",
    ]


def test_carer_hours_by_band_sums_each_band():
    visits = [VisitPattern(127, dt.time(8), 60, carers=2), VisitPattern(1, dt.time(19), 30)]
    assert carer_hours_by_band(visits) == {"morning": 14.0, "bed": 0.5}
