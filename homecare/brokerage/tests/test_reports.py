import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest

from homecare.brokerage.reports import AclWeek, Delay, Episode, acl_weeks, bed_days_by_month, render

D = dt.date


def week(rows, start):
    return next(r for r in rows if r.week_start == start)


def test_acl_case_counted_in_each_week_it_waited_with_wait_at_end_of_week():
    # Referred Wednesday 6 Nov 2024, placed Tuesday 19 Nov: waits in weeks of 4, 11 and 18 Nov.
    e = Episode(D(2024, 11, 6), D(2024, 11, 19), "council", Decimal("10"))
    rows = acl_weeks([e], date_from=D(2024, 10, 28), date_to=D(2024, 11, 25))
    assert [(r.week_start.isoformat(), r.council_cases, r.longest_wait_days) for r in rows] == [
        ("2024-10-28", 0, None),
        ("2024-11-04", 1, 4),  # Sunday 10 Nov
        ("2024-11-11", 1, 11),  # Sunday 17 Nov
        ("2024-11-18", 1, 13),  # placed 19 Nov
        ("2024-11-25", 0, None),
    ]


def test_acl_same_day_placement_never_waits():
    e = Episode(D(2024, 11, 6), D(2024, 11, 6), "council", Decimal("10"))
    assert all(
        r.council_cases == 0 for r in acl_weeks([e], date_from=D(2024, 11, 4), date_to=D(2024, 11, 10))
    )


def test_acl_placed_on_monday_not_counted_that_week():
    e = Episode(D(2024, 11, 6), D(2024, 11, 11), "council", Decimal("10"))
    rows = acl_weeks([e], date_from=D(2024, 11, 4), date_to=D(2024, 11, 11))
    assert [r.council_cases for r in rows] == [1, 0]


def test_acl_health_counts_chc_and_joint_and_averages():
    cases = [
        Episode(D(2024, 11, 4), None, "nhs_chc", Decimal("20")),
        Episode(D(2024, 11, 8), None, "joint", Decimal("10")),
        Episode(D(2024, 11, 10), None, "self_funder", Decimal("6")),
    ]
    row = acl_weeks(cases, date_from=D(2024, 11, 4), date_to=D(2024, 11, 4))[0]
    assert row == AclWeek(D(2024, 11, 4), 1, 2, 6, Decimal("2.67"), Decimal("12.00"))  # waits 6, 2, 0


def test_acl_averages_given_to_two_decimals():
    referred = [D(2024, 11, 4)] * 5 + [D(2024, 11, 3)] + [D(2024, 11, 2)] * 2  # waits 6 x5, 7, 8 x2
    hours = [Decimal("13.5")] * 7 + [Decimal("14.94")]
    cases = [Episode(r, None, "council", h) for r, h in zip(referred, hours, strict=True)]
    row = acl_weeks(cases, date_from=D(2024, 11, 4), date_to=D(2024, 11, 4))[0]
    assert row.as_row()[4:] == ["6.63", "13.68"]


def test_bed_days_split_across_months():
    delays = [Delay(D(2024, 1, 30), D(2024, 2, 3)), Delay(D(2024, 2, 27), None)]
    rows = bed_days_by_month(delays, date_from=D(2024, 1, 1), date_to=D(2024, 3, 31), today=D(2024, 3, 2))
    assert [r.as_row() for r in rows] == [["2024-01", "1", "2"], ["2024-02", "2", "5"], ["2024-03", "1", "1"]]


def test_render_csv_has_header_and_rows():
    assert render(["a", "b"], [["1", "2"]], "csv") == "a,b\n1,2"


def _acl_week_from_command(capsys, date_from, week_start):
    from django.core.management import call_command

    call_command("report", "acl", "--from", date_from, "--to", "2026-11-08", "--format", "csv")
    lines = capsys.readouterr().out.strip().splitlines()
    return next(line for line in lines if line.startswith(week_start))


@pytest.mark.django_db
def test_acl_week_same_whatever_the_from_date(capsys):
    from homecare.brokerage.importers import import_packages
    from homecare.core.testing import TEST_ACTOR
    from homecare.geography.factories import PostcodeFactory
    from homecare.providers.factories import ProviderFactory

    PostcodeFactory(postcode="FN1 1AA")
    ProviderFactory(council_ref="PRV1")
    data = BytesIO(
        b"person_ref,postcode,funding,referred_on,source,ready_for_discharge_on,hours_per_week,"
        b"placed_on,provider_ref,ended_on,end_reason\n"
        b"R1,FN1 1AA,council,2026-10-01,community,,10,2026-10-28,PRV1,,\n"  # placed Wed 28 Oct
        b"R2,FN1 1AA,council,2026-10-20,community,,7,2026-10-31,PRV1,,\n"  # placed Sat 31 Oct
        b"R3,FN1 1AA,council,2026-10-27,community,,14,,,,\n"  # still waiting
    )
    import_packages(data, by=TEST_ACTOR)
    early = _acl_week_from_command(capsys, "2026-09-07", "2026-10-26")
    late = _acl_week_from_command(capsys, "2026-11-01", "2026-10-26")
    assert late == early == "2026-10-26,3,0,27,14.33,10.33"
