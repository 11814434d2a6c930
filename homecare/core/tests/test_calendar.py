import datetime as dt

from homecare.core.calendar import LONDON, bank_holidays_between, is_bank_holiday, local_datetime, week_start


def test_local_time_keeps_wall_clock_across_spring_change():
    before = local_datetime(dt.date(2026, 3, 28), dt.time(8, 0))
    after = local_datetime(dt.date(2026, 3, 29), dt.time(8, 0))
    assert before.utcoffset() == dt.timedelta(0)
    assert after.utcoffset() == dt.timedelta(hours=1)
    assert after.astimezone(dt.UTC) - before.astimezone(dt.UTC) == dt.timedelta(hours=23)
    assert after.astimezone(LONDON).time() == dt.time(8, 0)


def test_local_time_keeps_wall_clock_across_autumn_change():
    before = local_datetime(dt.date(2026, 10, 24), dt.time(22, 0))
    after = local_datetime(dt.date(2026, 10, 25), dt.time(22, 0))
    assert after.astimezone(dt.UTC) - before.astimezone(dt.UTC) == dt.timedelta(hours=25)


def test_skipped_hour_moves_to_the_next_valid_time():
    value = local_datetime(dt.date(2026, 3, 29), dt.time(1, 30))
    assert value.time() == dt.time(2, 30)
    assert value.utcoffset() == dt.timedelta(hours=1)


def test_repeated_hour_is_the_first_occurrence():
    value = local_datetime(dt.date(2026, 10, 25), dt.time(1, 30))
    assert value.utcoffset() == dt.timedelta(hours=1)


def test_bank_holidays_of_england_and_wales_with_substitute_days():
    assert is_bank_holiday(dt.date(2026, 12, 25))
    assert is_bank_holiday(dt.date(2026, 12, 28))  # Boxing Day falls on a Saturday
    assert not is_bank_holiday(dt.date(2026, 12, 26))
    assert not is_bank_holiday(dt.date(2026, 3, 17))  # St Patrick's Day: Northern Ireland only
    assert bank_holidays_between(dt.date(2027, 12, 1), dt.date(2027, 12, 31)) == [
        dt.date(2027, 12, 27),
        dt.date(2027, 12, 28),
    ]


def test_week_starts_on_monday():
    assert week_start(dt.date(2026, 11, 22)) == dt.date(2026, 11, 16)
