"""Scheduled reports (issue 16): which period a subscription is due for, whose figures
it may carry, and the services that create, pause and delete subscriptions.

Periods are whole calendar units in Bogotá time: weekly = the previous Monday to
Sunday, sent on Monday; monthly = the previous calendar month, sent on the 1st. Both
go out from `SEND_HOUR` local time, after the nightly rollup rebuild (02:30) has counted
the last day of the period.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role, has_role
from pqr.models import Team

from .filters import CUSTOM, DashboardFilters
from .models import FileFormat, Frequency, ReportDelivery, ReportSubscription, ScheduledReport

SEND_HOUR = 6


def period_for_send_day(frequency: str, send_day: date) -> tuple[date, date]:
    """The period a report sent on `send_day` (a Monday, or a 1st) covers."""
    end = send_day - timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        return end - timedelta(days=6), end
    return end.replace(day=1), end


def last_send_day(frequency: str, now: datetime) -> date:
    """The latest send day whose sending hour has come by `now`: the Monday (or 1st) of
    the local date `SEND_HOUR` hours ago."""
    day = (timezone.localtime(now) - timedelta(hours=SEND_HOUR)).date()
    if frequency == Frequency.WEEKLY:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def due_period(subscription: ReportSubscription, now: datetime) -> tuple[date, date] | None:
    """The period to send now, or None: a subscription gets the periods whose send day
    is on or after the day it was created (no back-filled history)."""
    send_day = last_send_day(subscription.frequency, now)
    if send_day < timezone.localdate(subscription.created_at):
        return None
    return period_for_send_day(subscription.frequency, send_day)


def send_moment(send_day: date) -> datetime:
    return timezone.make_aware(datetime.combine(send_day, time(SEND_HOUR)))


def next_send_at(frequency: str, now: datetime) -> datetime:
    """When the subscription's next report goes out (shown on the page)."""
    day = last_send_day(frequency, now)
    if frequency == Frequency.WEEKLY:
        return send_moment(day + timedelta(days=7))
    return send_moment((day + timedelta(days=32)).replace(day=1))


# --- scope ---------------------------------------------------------------------------


class ScopeLost(Exception):
    """The owner may no longer see what the subscription asks for: nothing is sent."""


def teams_for_subscriptions(user) -> QuerySet[Team]:
    """The teams `user` may subscribe to: every active team for administrators, the
    active teams they supervise for supervisors, none for anyone else."""
    teams = Team.objects.filter(is_active=True).order_by("name")
    if has_role(user, Role.ADMIN):
        return teams
    if has_role(user, Role.SUPERVISOR):
        return teams.filter(supervisors=user)
    return teams.none()


def subscription_scope(subscription: ReportSubscription) -> Team | None:
    """The team whose figures go out today (None: every team), checked against what the
    owner holds today. Raises ScopeLost when that is less than the subscription asks."""
    owner = subscription.owner
    if not owner.is_active or not has_role(owner, Role.SUPERVISOR):
        raise ScopeLost(_("Su cuenta ya no tiene el rol de supervisor."))
    if subscription.team_id is None:
        if not has_role(owner, Role.ADMIN):
            raise ScopeLost(_("Solo un administrador recibe las cifras de todos los equipos."))
        return None
    if not teams_for_subscriptions(owner).filter(pk=subscription.team_id).exists():
        raise ScopeLost(_("Ya no supervisa el equipo %(team)s.") % {"team": subscription.team.name})
    return subscription.team


def delivery_filters(
    *, subscription: ReportSubscription, team: Team | None, start: date, end: date
) -> DashboardFilters:
    """The filters the page would use for that period and team, as seen by the owner."""
    return DashboardFilters(
        start=start, end=end, team=team, user=subscription.owner, agent_only=False, preset=CUSTOM
    )


# --- services --------------------------------------------------------------------------


def subscriptions_of(owner) -> QuerySet[ReportSubscription]:
    return ReportSubscription.objects.filter(owner=owner).select_related("team").order_by("pk")


def subscription_for_owner(*, owner, pk: int) -> ReportSubscription:
    """One of the owner's own subscriptions; 404 for anybody else's."""
    return get_object_or_404(subscriptions_of(owner), pk=pk)


def subscription_create(
    *, owner, report: str, frequency: str, file_format: str, team: Team | None
) -> ReportSubscription:
    if report not in ScheduledReport.values or frequency not in Frequency.values:
        raise ValidationError(_("Elija un informe y una frecuencia de la lista."))
    if file_format not in FileFormat.values:
        raise ValidationError(_("Elija un formato de la lista."))
    subscription = ReportSubscription(
        owner=owner, report=report, frequency=frequency, file_format=file_format, team=team
    )
    try:
        subscription_scope(subscription)
    except ScopeLost as exc:
        raise ValidationError(str(exc)) from exc
    try:
        with transaction.atomic():
            subscription.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Ya tiene este informe con esta frecuencia para ese equipo.")
        ) from exc
    return subscription


def subscription_set_active(*, subscription: ReportSubscription, active: bool) -> None:
    subscription.is_active = active
    subscription.save(update_fields=["is_active"])


def subscription_delete(*, subscription: ReportSubscription) -> None:
    """Deletes its past deliveries too (they only describe this subscription)."""
    subscription.delete()


def deliveries_of(owner, *, limit: int = 30) -> QuerySet[ReportDelivery]:
    """The owner's latest deliveries, newest period first (the subscriptions page)."""
    return (
        ReportDelivery.objects.filter(subscription__owner=owner)
        .select_related("subscription__team")
        .order_by("-period_end", "-pk")[:limit]
    )
