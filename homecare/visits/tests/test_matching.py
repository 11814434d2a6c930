"""The outcome rules, on plain data."""

import datetime as dt

from homecare.visits.matching import EventFacts, PlannedFacts, Rule, match_day, outcome

UTC = dt.UTC
START = dt.datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
LATER = START + dt.timedelta(hours=6)
DEFAULT = Rule()


def planned(id=1, start=START, minutes=30, carers=1, critical=False, tolerance=0, rule=DEFAULT):
    return PlannedFacts(
        id, start, start + dt.timedelta(minutes=minutes), minutes, carers, critical, tolerance, rule
    )


def ev(id, carer, kind, minutes_after, method="app", code="", ref=None, base=START):
    return EventFacts(id, carer, kind, base + dt.timedelta(minutes=minutes_after), method, code, ref)


def status(visit, events, now=LATER):
    return outcome(visit, events, now).status


def test_visit_attended_for_its_time_is_on_time():
    result = outcome(planned(), [ev(1, "c1", "check_in", 5), ev(2, "c1", "check_out", 35)], LATER)
    assert (result.status, result.actual_minutes, result.carers_seen) == ("on_time", 30, 1)


def test_check_in_after_the_allowance_is_late():
    assert status(planned(), [ev(1, "c1", "check_in", 31), ev(2, "c1", "check_out", 61)]) == "late"
    assert status(planned(), [ev(1, "c1", "check_in", 30), ev(2, "c1", "check_out", 60)]) == "on_time"


def test_contract_allowance_decides_lateness():
    strict = planned(rule=Rule(late_after_minutes=10))
    assert status(strict, [ev(1, "c1", "check_in", 15), ev(2, "c1", "check_out", 45)]) == "late"


def test_time_critical_visit_uses_its_own_tolerance_either_side():
    visit = planned(critical=True, tolerance=15)
    assert status(visit, [ev(1, "c1", "check_in", 16), ev(2, "c1", "check_out", 46)]) == "late"
    assert status(visit, [ev(1, "c1", "check_in", -16), ev(2, "c1", "check_out", 14)]) == "late"
    assert status(visit, [ev(1, "c1", "check_in", -10), ev(2, "c1", "check_out", 20)]) == "on_time"


def test_visit_below_the_contract_percentage_is_short():
    assert status(planned(), [ev(1, "c1", "check_in", 0), ev(2, "c1", "check_out", 25)]) == "short"
    assert status(planned(), [ev(1, "c1", "check_in", 0), ev(2, "c1", "check_out", 26)]) == "on_time"


def test_no_check_in_is_missed_only_once_the_window_has_closed():
    visit = planned()
    assert status(visit, [], now=START + dt.timedelta(minutes=59)) == "scheduled"
    assert status(visit, [], now=START + dt.timedelta(minutes=60)) == "missed"


def test_check_in_without_check_out_is_in_progress_then_unverified():
    events = [ev(1, "c1", "check_in", 0)]
    assert status(planned(), events, now=START + dt.timedelta(minutes=20)) == "in_progress"
    assert status(planned(), events) == "unverified"


def test_manual_entry_is_reported_with_its_exception_code():
    result = outcome(
        planned(), [ev(1, "c1", "check_in", 0, "manual", "PHONE_FAULT"), ev(2, "c1", "check_out", 30)], LATER
    )
    assert (result.status, result.exception_code) == ("manual", "PHONE_FAULT")


def test_double_up_needs_two_different_carers():
    visit = planned(carers=2)
    one = [ev(1, "c1", "check_in", 0), ev(2, "c1", "check_out", 30)]
    two = [*one, ev(3, "c2", "check_in", 1), ev(4, "c2", "check_out", 30)]
    assert status(visit, one) == "one_carer"
    assert status(visit, two) == "on_time"
    assert outcome(visit, two, LATER).carers_seen == 2


def test_double_up_is_short_when_one_carer_leaves_early():
    visit = planned(carers=2)
    events = [
        ev(1, "c1", "check_in", 0),
        ev(2, "c1", "check_out", 30),
        ev(3, "c2", "check_in", 0),
        ev(4, "c2", "check_out", 10),
    ]
    assert status(visit, events) == "short"


def test_events_join_the_nearest_planned_visit_of_the_day():
    morning, lunch = planned(1), planned(2, start=START + dt.timedelta(hours=4))
    events = [
        ev(1, "c1", "check_in", 242),
        ev(2, "c1", "check_out", 270),
        ev(3, "c2", "check_in", 3),
        ev(4, "c2", "check_out", 33),
    ]
    result = match_day([morning, lunch], events, LATER)
    assert result.assignment == {3: 1, 4: 1, 1: 2, 2: 2}
    assert result.outcomes[1].status == "on_time" and result.outcomes[2].status == "on_time"


def test_out_of_order_events_give_the_same_outcome():
    visit = planned()
    events = [ev(1, "c1", "check_in", 5), ev(2, "c1", "check_out", 35)]
    assert (
        match_day([visit], list(reversed(events)), LATER).outcomes
        == match_day([visit], events, LATER).outcomes
    )


def test_events_far_from_any_planned_visit_make_an_unplanned_visit():
    result = match_day([planned()], [ev(1, "c9", "check_in", 300), ev(2, "c9", "check_out", 330)], LATER)
    assert result.outcomes[1].status == "missed"
    assert len(result.unplanned) == 1
    assert result.unplanned[0].outcome.actual_minutes == 30


def test_explicit_visit_reference_wins_over_nearness():
    first, second = planned(1), planned(2, start=START + dt.timedelta(minutes=45))
    result = match_day(
        [first, second], [ev(1, "c1", "check_in", 40, ref=1), ev(2, "c1", "check_out", 70)], LATER
    )
    assert result.assignment[1] == 1
