from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sla.calendar import BOGOTA, BusinessCalendar, CalendarConfig

CAL = BusinessCalendar()


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=BOGOTA)


def test_worked_example_march_2026_lands_on_april_9():
    assert CAL.add_business_days(date(2026, 3, 16), 15) == date(2026, 4, 9)


def test_worked_example_across_year_boundary_lands_on_january_13():
    assert CAL.add_business_days(date(2026, 12, 18), 15) == date(2027, 1, 13)


def test_holy_week_thursday_and_friday_are_not_business_days():
    assert not CAL.is_business_day(date(2026, 4, 2))
    assert not CAL.is_business_day(date(2026, 4, 3))
    assert CAL.next_business_day(date(2026, 4, 1)) == date(2026, 4, 6)


def test_monday_moved_holiday_uses_observed_date():
    # San José (19 March 2026, Thursday) is observed on Monday 23 March.
    assert CAL.is_business_day(date(2026, 3, 19))
    assert not CAL.is_business_day(date(2026, 3, 23))


def test_new_july_holiday_of_2026_is_observed():
    assert not CAL.is_business_day(date(2026, 7, 13))


def test_saturday_receipt_files_on_monday():
    assert CAL.filing_date(at(2026, 3, 14)) == date(2026, 3, 16)


def test_holiday_receipt_files_on_next_business_day():
    assert CAL.filing_date(at(2026, 3, 23)) == date(2026, 3, 24)


def test_receipt_after_cutoff_files_next_business_day():
    cal = BusinessCalendar(CalendarConfig(cutoff=time(16, 0)))
    assert cal.filing_date(at(2026, 3, 16, 15, 59)) == date(2026, 3, 16)
    assert cal.filing_date(at(2026, 3, 16, 16, 0)) == date(2026, 3, 17)


def test_friday_after_cutoff_files_on_tuesday_after_monday_holiday():
    cal = BusinessCalendar(CalendarConfig(cutoff=time(16, 0)))
    assert cal.filing_date(at(2026, 3, 20, 17)) == date(2026, 3, 24)


def test_no_cutoff_by_default_evening_receipt_same_day():
    assert CAL.filing_date(at(2026, 3, 16, 22)) == date(2026, 3, 16)


def test_receipt_instant_in_utc_uses_bogota_day():
    # 03:00 UTC on Tuesday is still Monday evening in Bogotá.
    from datetime import UTC

    assert CAL.filing_date(datetime(2026, 3, 17, 3, 0, tzinfo=UTC)) == date(2026, 3, 16)


def test_saturdays_count_when_configured():
    cal = BusinessCalendar(CalendarConfig(weekdays=frozenset({0, 1, 2, 3, 4, 5})))
    assert cal.is_business_day(date(2026, 3, 14))
    assert cal.add_business_days(date(2026, 3, 13), 1) == date(2026, 3, 14)
    # 17-21, 24-28, 30, 31, 1 April, Saturday 4 April, Monday 6 April.
    assert cal.add_business_days(date(2026, 3, 16), 15) == date(2026, 4, 6)


def test_extra_non_working_day_moves_due_date():
    cal = BusinessCalendar(CalendarConfig(extra_days=frozenset({date(2026, 3, 25)})))
    assert cal.add_business_days(date(2026, 3, 16), 15) == date(2026, 4, 10)


def test_thirty_day_consulta_term():
    # 30 business days from 2026-03-16: April 9 is day 15, then 10, 13-17, 20-24, 27-30.
    assert CAL.add_business_days(date(2026, 3, 16), 30) == date(2026, 4, 30)


def test_business_days_between_counts_from_day_after():
    assert CAL.business_days_between(date(2026, 3, 16), date(2026, 4, 9)) == 15
    assert CAL.business_days_between(date(2026, 3, 16), date(2026, 3, 16)) == 0


def test_add_business_hours_within_a_day():
    assert CAL.add_business_hours(at(2026, 3, 16, 9), 4) == at(2026, 3, 16, 13)


def test_add_business_hours_rolls_over_night_and_weekend():
    # Friday 15:00 + 4 office hours (08:00-17:00) → Tuesday (Monday 23 is a holiday) 10:00.
    assert CAL.add_business_hours(at(2026, 3, 20, 15), 4) == at(2026, 3, 24, 10)


def test_add_business_hours_from_weekend_starts_at_opening():
    assert CAL.add_business_hours(at(2026, 3, 14, 11), 1) == at(2026, 3, 16, 9)


def test_business_hours_between_skips_nights_and_holidays():
    assert CAL.business_hours_between(at(2026, 3, 20, 15), at(2026, 3, 24, 10)) == 4
    assert CAL.business_hours_between(at(2026, 3, 16, 8), at(2026, 3, 18, 17)) == 27


def test_end_of_day_is_local_midnight_minus_one_second():
    assert CAL.due_for_days(date(2026, 3, 16), 15) == datetime(
        2026, 4, 9, 23, 59, 59, tzinfo=BOGOTA
    )


dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
terms = st.integers(min_value=1, max_value=60)


@given(dates, terms)
def test_property_adding_days_lands_on_a_business_day(start, n):
    assert CAL.is_business_day(CAL.add_business_days(start, n))


@given(dates, terms)
def test_property_elapsed_days_equals_n(start, n):
    assert CAL.business_days_between(start, CAL.add_business_days(start, n)) == n


@given(dates, terms, terms)
def test_property_monotonic_in_n(start, n, m):
    a, b = sorted((n, m))
    assert CAL.add_business_days(start, a) <= CAL.add_business_days(start, b)


@given(dates, st.integers(min_value=0, max_value=23), st.integers(min_value=1, max_value=80))
def test_property_hours_added_are_elapsed(day, hour, hours):
    start = datetime.combine(day, time(hour), tzinfo=BOGOTA)
    end = CAL.add_business_hours(start, hours)
    assert abs(CAL.business_hours_between(start, end) - hours) < 1e-6
    assert end > start - timedelta(seconds=1)


@given(dates)
def test_property_filing_date_is_business_day_not_before_receipt(day):
    filed = CAL.filing_date(datetime.combine(day, time(12), tzinfo=BOGOTA))
    assert CAL.is_business_day(filed)
    assert filed >= day


def test_whole_office_days_end_at_closing_not_next_opening():
    assert CAL.add_business_hours(at(2026, 3, 16, 8), 9) == at(2026, 3, 16, 17)
    # Two whole days from Friday 20 March's opening: Friday, then Tuesday (23 is a holiday).
    assert CAL.add_business_hours(at(2026, 3, 20, 8), 18) == at(2026, 3, 24, 17)


def test_long_hour_target_jumps_weeks_and_holy_week():
    # 15 office days of 9 h from Monday 16 March 08:00: 16-20, 24-27, 30, 31, 1, 6, 7, 8 April.
    assert CAL.add_business_hours(at(2026, 3, 16, 8), 135) == at(2026, 4, 8, 17)
