"""Scheduled reports go out on exact days: weekly = the previous Monday to Sunday, sent
on Monday from 06:00 Bogotá; monthly = the previous calendar month, sent on the 1st."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from dashboards.deliveries import deliveries_plan
from dashboards.models import ReportDelivery, ReportSubscription
from dashboards.subscriptions import due_period, last_send_day, next_send_at


def bogota(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (bogota(2026, 11, 30, 6, 0), (date(2026, 11, 23), date(2026, 11, 29))),  # Monday
        (bogota(2026, 11, 30, 5, 59), (date(2026, 11, 16), date(2026, 11, 22))),
        (bogota(2026, 11, 29, 23, 0), (date(2026, 11, 16), date(2026, 11, 22))),  # Sunday
        (bogota(2026, 12, 2, 14, 0), (date(2026, 11, 23), date(2026, 11, 29))),  # Wednesday
        (bogota(2027, 1, 4, 6, 0), (date(2026, 12, 28), date(2027, 1, 3))),  # across years
    ],
)
def test_weekly_covers_the_previous_monday_to_sunday(now, expected):
    sub = ReportSubscription(frequency="weekly", created_at=bogota(2026, 1, 1, 9))
    assert due_period(sub, now) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (bogota(2026, 12, 1, 6, 0), (date(2026, 11, 1), date(2026, 11, 30))),
        (bogota(2026, 11, 30, 23, 59), (date(2026, 10, 1), date(2026, 10, 31))),
        (bogota(2026, 12, 1, 5, 59), (date(2026, 10, 1), date(2026, 10, 31))),
        (bogota(2027, 3, 1, 6, 0), (date(2027, 2, 1), date(2027, 2, 28))),
        (bogota(2028, 3, 1, 7, 0), (date(2028, 2, 1), date(2028, 2, 29))),  # leap year
        (bogota(2027, 1, 1, 6, 0), (date(2026, 12, 1), date(2026, 12, 31))),
    ],
)
def test_monthly_covers_the_previous_calendar_month(now, expected):
    sub = ReportSubscription(frequency="monthly", created_at=bogota(2026, 1, 1, 9))
    assert due_period(sub, now) == expected


def test_utc_midnight_is_still_the_day_before_in_bogota():
    # 2026-12-01 05:30 UTC is 00:30 on 1 December in Bogotá: before the sending hour.
    now = datetime(2026, 12, 1, 5, 30, tzinfo=UTC)
    assert last_send_day("monthly", now) == date(2026, 11, 1)
    assert last_send_day("monthly", datetime(2026, 12, 1, 11, 0, tzinfo=UTC)) == date(2026, 12, 1)


def test_no_report_for_a_period_sent_before_the_subscription_existed():
    sub = ReportSubscription(frequency="monthly", created_at=bogota(2026, 12, 3, 10))
    assert due_period(sub, bogota(2026, 12, 3, 11)) is None
    assert due_period(sub, bogota(2027, 1, 1, 6)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_next_sending_is_shown_for_monday_and_the_first():
    now = bogota(2026, 12, 3, 10)
    assert next_send_at("weekly", now) == bogota(2026, 12, 7, 6)
    assert next_send_at("monthly", now) == bogota(2027, 1, 1, 6)
    assert next_send_at("monthly", bogota(2026, 12, 1, 5)) == bogota(2026, 12, 1, 6)


@pytest.mark.django_db
def test_november_report_is_written_on_1_december_not_on_30_november(supervisor, team_a):
    team_a.supervisors.add(supervisor)
    sub = ReportSubscription.objects.create(
        owner=supervisor, report="pqrs", frequency="monthly", file_format="pdf", team=team_a
    )
    ReportSubscription.objects.filter(pk=sub.pk).update(created_at=bogota(2026, 11, 10, 9))
    assert deliveries_plan(now=bogota(2026, 11, 30, 18, 0)) == 0
    assert deliveries_plan(now=bogota(2026, 12, 1, 5, 55)) == 0
    assert not ReportDelivery.objects.exists()
    assert deliveries_plan(now=bogota(2026, 12, 1, 6, 0)) == 1
    row = ReportDelivery.objects.get()
    assert (row.period_start, row.period_end, row.status) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
        "pending",
    )


@pytest.mark.django_db
def test_paused_subscriptions_get_no_delivery(supervisor, team_a):
    team_a.supervisors.add(supervisor)
    sub = ReportSubscription.objects.create(
        owner=supervisor,
        report="pqrs",
        frequency="weekly",
        file_format="pdf",
        team=team_a,
        is_active=False,
    )
    ReportSubscription.objects.filter(pk=sub.pk).update(created_at=bogota(2026, 11, 1, 9))
    assert deliveries_plan(now=bogota(2026, 11, 30, 7, 0)) == 0
