"""Figures of the SLA dashboard. Every number is one SQL aggregate; the page runs a
fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from pqr.models import OPEN_STATUSES, Status
from sla.models import SilenceEffect

from .aggregates import Percentile, percent
from .filters import DashboardFilters
from .periods import DueWindows

PAUSED = Status.EN_ESPERA_CLIENTE
RUNNING = [s for s in OPEN_STATUSES if s != PAUSED]
RISK_LIST_SIZE = 10
BREAKDOWN_SIZE = 10


def open_now(*, filters: DashboardFilters, windows: DueWindows) -> dict:
    """Open PQRs right now by state, and the due-date windows of the running ones
    (a PQR waiting for the customer has its clock stopped, so it is never late)."""
    running = Q(status__in=RUNNING)
    with_due = running & Q(due_at__isnull=False)
    aggregates = {
        f"status_{status}": Count("pk", filter=Q(status=status)) for status in OPEN_STATUSES
    }
    aggregates.update(
        total=Count("pk"),
        overdue=Count("pk", filter=with_due & Q(due_at__lt=windows.now)),
        due_today=Count(
            "pk", filter=with_due & Q(due_at__gte=windows.now, due_at__lt=windows.tomorrow)
        ),
        due_next3=Count(
            "pk",
            filter=with_due & Q(due_at__gte=windows.tomorrow, due_at__lt=windows.after_next3),
        ),
        legal_overdue=Count("pk", filter=running & Q(legal_due_at__lt=windows.now)),
    )
    row = filters.pqrs(date_field=None).filter(status__in=OPEN_STATUSES).aggregate(**aggregates)
    row["by_status"] = [
        (Status(status).label, status, row.pop(f"status_{status}")) for status in OPEN_STATUSES
    ]
    return row


def period_outcomes(*, filters: DashboardFilters) -> dict:
    """Compliance and business-hour times for the period, in one query: resolution
    figures over PQRs resolved in the period, first response over PQRs received in it."""
    resolved = filters.period_q("resolved_at")
    received = filters.period_q("received_at")
    row = (
        filters.pqrs(date_field=None)
        .filter(resolved | received)
        .aggregate(
            received=Count("pk", filter=received),
            resolved=Count("pk", filter=resolved & Q(resolution_business_hours__isnull=False)),
            due_measured=Count("pk", filter=resolved & Q(resolved_within_due__isnull=False)),
            within_due=Count("pk", filter=resolved & Q(resolved_within_due=True)),
            legal_measured=Count("pk", filter=resolved & Q(resolved_within_legal__isnull=False)),
            within_legal=Count("pk", filter=resolved & Q(resolved_within_legal=True)),
            answered=Count("pk", filter=received & Q(first_response_business_hours__isnull=False)),
            first_response_median=Percentile("first_response_business_hours", 0.5, filter=received),
            first_response_p90=Percentile("first_response_business_hours", 0.9, filter=received),
            resolution_median=Percentile("resolution_business_hours", 0.5, filter=resolved),
            resolution_p90=Percentile("resolution_business_hours", 0.9, filter=resolved),
        )
    )
    row["due_rate"] = percent(row["within_due"], row["due_measured"])
    row["legal_rate"] = percent(row["within_legal"], row["legal_measured"])
    row["breached_due"] = row["due_measured"] - row["within_due"]
    row["breached_legal"] = row["legal_measured"] - row["within_legal"]
    return row


def compliance_by_week(*, filters: DashboardFilters) -> list[dict]:
    """Per week (Monday, Bogotá) of resolution: share resolved within the promised and
    the legal term."""
    rows = (
        filters.pqrs(date_field="resolved_at")
        .annotate(week=TruncWeek("resolved_at", tzinfo=timezone.get_current_timezone()))
        .values("week")
        .annotate(
            due_measured=Count("pk", filter=Q(resolved_within_due__isnull=False)),
            within_due=Count("pk", filter=Q(resolved_within_due=True)),
            legal_measured=Count("pk", filter=Q(resolved_within_legal__isnull=False)),
            within_legal=Count("pk", filter=Q(resolved_within_legal=True)),
        )
        .order_by("week")
    )
    return [
        {
            "week": timezone.localdate(row["week"]),
            "due_rate": percent(row["within_due"], row["due_measured"]),
            "legal_rate": percent(row["within_legal"], row["legal_measured"]),
            "resolved": row["due_measured"],
        }
        for row in rows
    ]


def breach_q(*, filters: DashboardFilters, now) -> Q:
    """Breached in the period: the promised date fell in the period (and has passed)
    and the PQR was resolved late or is still open. PQRs that left the office
    otherwise (transferred, desisted, rejected) are not counted."""
    until = min(filters.end_before, now)
    return Q(due_at__gte=filters.start_at, due_at__lt=until) & (
        Q(status__in=RUNNING) | Q(resolved_within_due=False)
    )


BREAKDOWNS = {
    "team": ("team__name",),
    "agent": ("assigned_to__first_name", "assigned_to__last_name", "assigned_to__username"),
    "pqr_type": ("pqr_type__name",),
    "channel": ("channel",),
}


def breaches_by(*, filters: DashboardFilters, now, dimension: str) -> list[dict]:
    """Breach counts grouped by one dimension, largest first."""
    fields = BREAKDOWNS[dimension]
    rows = (
        filters.pqrs(date_field=None)
        .filter(breach_q(filters=filters, now=now))
        .values(*fields)
        .annotate(breaches=Count("pk"), still_open=Count("pk", filter=Q(status__in=RUNNING)))
        .order_by("-breaches", *fields)[:BREAKDOWN_SIZE]
    )
    return [{"label": _label(dimension, row), **row} for row in rows]


def agent_label(row: dict) -> str:
    """Display name from `assigned_to__*` values; unassigned rows say so."""
    from django.utils.translation import gettext as _

    if row.get("assigned_to__username") is None:
        return _("Sin asignar")
    name = f"{row['assigned_to__first_name']} {row['assigned_to__last_name']}".strip()
    return name or row["assigned_to__username"]


def _label(dimension: str, row: dict) -> str:

    from pqr.models import Channel

    if dimension == "agent":
        return agent_label(row)
    if dimension == "channel":
        return Channel(row["channel"]).label
    return row[BREAKDOWNS[dimension][0]]


def legal_risk(*, filters: DashboardFilters, now) -> dict:
    """Open PQRs closest to their legal due date (late ones first), and how many
    carry a silence flag; the flag can only be set once the legal term has passed."""
    scope = filters.pqrs(date_field=None).filter(status__in=OPEN_STATUSES)
    rows = list(
        scope.filter(legal_due_at__isnull=False)
        .select_related("clock", "team", "assigned_to", "pqr_type")
        .order_by(F("legal_due_at").asc(), "pk")[:RISK_LIST_SIZE]
    )
    for pqr in rows:
        pqr.legal_late = pqr.legal_due_at < now
    flags = scope.filter(legal_due_at__lt=now).aggregate(
        accepted=Count("pk", filter=Q(clock__silence_flag=SilenceEffect.ACCEPTED)),
        late=Count("pk", filter=Q(clock__silence_flag=SilenceEffect.LATE)),
    )
    return {"rows": rows, **flags}


@dataclass(frozen=True)
class SlaDashboard:
    open: dict
    outcomes: dict
    weekly: list[dict]
    breaches: dict[str, list[dict]]
    risk: dict


def sla_dashboard(*, filters: DashboardFilters, windows: DueWindows) -> SlaDashboard:
    return SlaDashboard(
        open=open_now(filters=filters, windows=windows),
        outcomes=period_outcomes(filters=filters),
        weekly=compliance_by_week(filters=filters),
        breaches={
            name: breaches_by(filters=filters, now=windows.now, dimension=name)
            for name in BREAKDOWNS
        },
        risk=legal_risk(filters=filters, now=windows.now),
    )
