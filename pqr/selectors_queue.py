"""The queue's filters that reproduce a dashboard or report figure ("drill-down").

A supervisor's figure counts PQRs received or resolved in a period, with a given
outcome (on time, late, breached), root cause, moment of truth... Each figure's link
opens the queue with these parameters, and `queue_drill` narrows the queue's
queryset (`pqr.selectors.pqr_queue`) to the very PQRs the figure counted.

Dates are Bogotá local days, both ends inclusive, as on the dashboards' filter bar.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.roles import ROLE_RANK
from customers.models import CustomerTagAssignment
from sla.models import Organization
from surveys.models import (
    RecoveryCase,
    SatisfactionSurvey,
    SurveyResponse,
    SurveySource,
    SurveyStatus,
)

from .catalogues import ROOT_CAUSE_REQUIRED_CODES
from .models import (
    OPEN_STATUSES,
    CatalogueVersion,
    Channel,
    EventKind,
    MomentOfTruth,
    Pqr,
    PqrEvent,
    PqrType,
    RootCause,
    Status,
    Team,
)
from .viewer_sql import ROLE_NAMES_SQL, UNREAD_COUNT_SQL, viewer_params

NONE = "none"
ANY = "any"

# Outcome of a PQR as the dashboards and the legal reports measure it.
OUTCOMES: dict[str, Q] = {
    # Promised date (SLA policy): what "Resueltas en el plazo prometido" counts.
    "due_measured": Q(resolved_within_due__isnull=False),
    "due_on_time": Q(resolved_within_due=True),
    "due_late": Q(resolved_within_due=False),
    # Legal term (Ley 1755 and the type's law): the reports' "a tiempo / tarde".
    "legal_measured": Q(resolved_within_legal__isnull=False),
    "legal_on_time": Q(resolved_within_legal=True),
    "legal_late": Q(resolved_within_legal=False),
    # Business-hour figures exist once the PQR was answered / resolved.
    "answered": Q(first_response_business_hours__isnull=False),
    "resolved": Q(resolution_business_hours__isnull=False),
}


# Anger at resolution against anger at intake (both recorded), as the causes page counts.
_BOTH_LEVELS = Q(anger_level_at_intake__isnull=False, anger_level__isnull=False)
ANGER_CHANGES: dict[str, Q] = {
    "measured": _BOTH_LEVELS,
    "calmer": _BOTH_LEVELS & Q(anger_level__lt=F("anger_level_at_intake")),
    "same": _BOTH_LEVELS & Q(anger_level=F("anger_level_at_intake")),
    "angrier": _BOTH_LEVELS & Q(anger_level__gt=F("anger_level_at_intake")),
}


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _between(field: str, start: date | None, end: date | None) -> Q:
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": day_start(start)})
    if end:
        q &= Q(**{f"{field}__lt": day_start(end + timedelta(days=1))})
    return q


def running_overdue_q(field: str, now: datetime) -> Q:
    """The one rule for "vencida" everywhere: open, clock running (a term suspended
    by art. 17 is never late) and the date already past."""
    return Q(status__in=OPEN_STATUSES, term_suspended=False, **{f"{field}__lt": now})


@dataclass(frozen=True)
class DrillFilters:
    received_from: date | None = None
    received_to: date | None = None
    resolved_from: date | None = None
    resolved_to: date | None = None
    outcome: str = ""
    # Breaches of the promised date: resolved late in the resolved range, or open and
    # already past the date now (the SLA dashboard's "Incumplimientos" bars).
    breach: bool = False
    # The same for the legal term ("respondidas tarde o vencidas sin respuesta").
    legal_breach: bool = False
    cause: str = ""
    moment: int | None = None
    complaints: bool = False
    silence: str = ""
    denied: bool = False
    customer: int | None = None
    anger_change: str = ""
    anger_intake: int | None = None
    anger_resolution: int | None = None
    # The PQR's satisfaction survey (see SURVEY_KINDS), in the survey date range.
    survey: str = ""
    survey_from: date | None = None
    survey_to: date | None = None
    # The customer carries this difficult-customer tag today.
    tag: int | None = None
    # Still open at the end of this day (received before, resolved or closed after).
    open_on: date | None = None
    reopened: bool = False
    assigned: bool = False

    @classmethod
    def from_data(cls, data: dict) -> DrillFilters:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names and v not in (None, "")})


def queue_drill(qs: QuerySet[Pqr], drill: DrillFilters, *, now: datetime | None = None):
    """`qs` narrowed to what the drill-down parameters describe."""
    now = now or timezone.now()
    resolved = _between("resolved_at", drill.resolved_from, drill.resolved_to)
    qs = qs.filter(_between("received_at", drill.received_from, drill.received_to))
    if drill.breach:
        qs = qs.filter((Q(resolved_within_due=False) & resolved) | running_overdue_q("due_at", now))
    elif drill.legal_breach:
        qs = qs.filter(
            (Q(resolved_within_legal=False) & resolved) | running_overdue_q("legal_due_at", now)
        )
    else:
        qs = qs.filter(resolved)
    if drill.outcome in OUTCOMES:
        qs = qs.filter(OUTCOMES[drill.outcome])
    if drill.cause == NONE:
        qs = qs.filter(root_cause__isnull=True)
    elif drill.cause.isdigit():
        qs = qs.filter(root_cause_id=int(drill.cause))
    if drill.moment:
        qs = qs.filter(moment_of_truth_id=drill.moment)
    if drill.complaints:
        qs = qs.filter(pqr_type__code__in=ROOT_CAUSE_REQUIRED_CODES)
    if drill.silence:
        qs = qs.filter(status__in=OPEN_STATUSES, clock__silence_flag=drill.silence)
    if drill.denied:
        qs = qs.exclude(access_denied="")
    if drill.customer:
        qs = qs.filter(customer_id=drill.customer)
    if drill.anger_change in ANGER_CHANGES:
        qs = qs.filter(ANGER_CHANGES[drill.anger_change])
    return _more_drill(qs, drill)


# What the satisfaction figures count, per PQR: its survey answered (with a score
# band), sent, or its recovery case, each dated by its own moment.
SCORE_BANDS: dict[str, Q] = {
    "answered": Q(),
    "satisfied": Q(score__gte=4),
    "unsatisfied": Q(score__lte=3),
    **{f"score_{n}": Q(score=n) for n in range(1, 6)},
}
SURVEY_KINDS = (*SCORE_BANDS, "sent", "sent_answered", "recovery_open", "recovery_closed")


def _survey_exists(drill: DrillFilters):
    kind = drill.survey
    if kind in SCORE_BANDS:
        rows = SurveyResponse.objects.filter(SCORE_BANDS[kind], survey__pqr=OuterRef("pk"))
        when = "answered_at"
    elif kind.startswith("sent"):
        rows = SatisfactionSurvey.objects.filter(
            pqr=OuterRef("pk"), source=SurveySource.PQR, sent_at__isnull=False
        )
        if kind == "sent_answered":
            rows = rows.filter(status=SurveyStatus.ANSWERED)
        when = "sent_at"
    else:
        status = kind.removeprefix("recovery_")
        rows = RecoveryCase.objects.filter(survey__pqr=OuterRef("pk"), status=status)
        when = "created_at"
    return Exists(rows.filter(_between(when, drill.survey_from, drill.survey_to)))


def _more_drill(qs: QuerySet[Pqr], drill: DrillFilters) -> QuerySet[Pqr]:
    if drill.anger_intake:
        qs = qs.filter(anger_level_at_intake=drill.anger_intake)
    if drill.anger_resolution:
        qs = qs.filter(anger_level=drill.anger_resolution)
    if drill.cause == ANY:
        qs = qs.filter(root_cause__isnull=False)
    if drill.survey in SURVEY_KINDS:
        qs = qs.filter(_survey_exists(drill))
    if drill.tag:
        tagged = CustomerTagAssignment.objects.filter(
            customer=OuterRef("customer"), tag=drill.tag, removed_at__isnull=True
        )
        qs = qs.filter(Exists(tagged))
    if drill.open_on:
        end = day_start(drill.open_on + timedelta(days=1))
        done = Q(resolved_at__gte=end) | Q(resolved_at__isnull=True, closed_at__gte=end)
        qs = qs.filter(Q(status__in=OPEN_STATUSES) | done, received_at__lt=end)
    if drill.reopened:
        again = PqrEvent.objects.filter(
            pqr=OuterRef("pk"), kind=EventKind.STATUS, new_value=Status.REABIERTO
        )
        qs = qs.filter(Exists(again))
    if drill.assigned:
        qs = qs.filter(assigned_to__isnull=False)
    return qs


EXPORT_FIELDS = (
    "radicado",
    "pqr_type__name",
    "channel",
    "team__name",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
    "status",
    "received_at",
    "due_at",
    "legal_due_at",
    "resolved_at",
    "customer__full_name",
    "subject",
)
EXPORT_HEADER = (
    _("Radicado"),
    _("Tipo"),
    _("Canal"),
    _("Equipo"),
    _("Asignada a"),
    _("Estado"),
    _("Recibida"),
    _("Vence (plazo prometido)"),
    _("Vence (término legal)"),
    _("Resuelta"),
    _("Cliente"),
    _("Asunto"),
)


def queue_export_header() -> list[str]:
    return [str(label) for label in EXPORT_HEADER]


def queue_export_rows(qs: QuerySet[Pqr]) -> Iterator[list]:
    """The filtered queue's rows for the CSV/XLSX, in the queue's order, one query
    read in chunks (values only: no model instances for tens of thousands of rows)."""
    channels, statuses = dict(Channel.choices), dict(Status.choices)
    for row in qs.values_list(*EXPORT_FIELDS).iterator(chunk_size=2000):
        (radicado, type_name, channel, team, first, last, username, status) = row[:8]
        received, due, legal_due, resolved, customer, subject = row[8:]
        person = f"{first or ''} {last or ''}".strip() or (username or "")
        yield [
            radicado,
            gettext(type_name),
            str(channels.get(channel, channel)),
            team,
            person,
            str(statuses.get(status, status)),
            received,
            due,
            legal_due,
            resolved,
            customer or "",
            subject,
        ]


@dataclass(frozen=True)
class QueueCatalogues:
    """The filter bar's catalogues as (id, name) pairs, each in its model's order."""

    types: list[tuple[int, str]]
    teams: list[tuple[int, str]]
    moments: list[tuple[int, str]]
    causes: list[tuple[int, str]]


@dataclass(frozen=True)
class QueuePageReads:
    catalogues: QueueCatalogues
    # Organization.calendar_version: the calendar then comes from process memory.
    calendar_version: int | None
    # What the unfiltered filter bar depends on besides the language: the viewer, their
    # role and teams, the catalogues as read now, and CatalogueVersion's token (staff
    # users, their roles and teams: the "assigned to" choices). None: nothing to key on.
    filter_bar_key: tuple | None = None


_CATALOGUES = (
    ("causes", RootCause, "0", ""),
    ("moments", MomentOfTruth, '"order"', ""),
    ("teams", Team, "0", "WHERE is_active"),
    ("types", PqrType, '"order"', ""),
)
_CATALOGUE_ROWS = " UNION ALL ".join(
    f"SELECT '{kind}' AS kind, id, name, {rank} AS rank FROM {model._meta.db_table} {where}"  # noqa: S608 - constants only
    for kind, model, rank, where in _CATALOGUES
)
_PAGE_READS = f"""
SELECT
  ARRAY({ROLE_NAMES_SQL}),
  ARRAY(SELECT m.team_id FROM {Team.members.through._meta.db_table} m WHERE m.user_id = %(user)s),
  {UNREAD_COUNT_SQL},
  (SELECT o.calendar_version FROM {Organization._meta.db_table} o WHERE o.id = 1),
  (SELECT json_agg(json_build_array(c.kind, c.id, c.name) ORDER BY c.kind, c.rank, c.name, c.id)
   FROM ({_CATALOGUE_ROWS}) c),
  (SELECT v.token FROM {CatalogueVersion._meta.db_table} v WHERE v.id = 1)
"""  # noqa: S608 - table names and constants only; the user id is a parameter


def queue_page_reads(user) -> QueuePageReads:
    """Everything the queue page reads besides the PQRs, the staff list and the session,
    in one statement: the viewer's roles (the staff check, the navigation), team ids (the
    scope) and unread notifications (the bell), kept on the request's user object where
    `core.roles`, `pqr.visibility` and the bell's tag look first (as the API key login
    does); the calendar version; and the filter bar's four catalogues (types, active
    teams, moments of truth, root causes), each sorted as its model sorts."""
    with connection.cursor() as cursor:
        cursor.execute(_PAGE_READS, viewer_params(user))
        groups, team_ids, n_unread, calendar_version, rows, token = cursor.fetchone()
    user._pqr_role_rank = max((ROLE_RANK.get(name, 0) for name in groups), default=0)
    if getattr(user, "scope_team_ids", None) is None:
        user.scope_team_ids = list(team_ids)
    user._sla_unread_count = n_unread
    found: dict[str, list[tuple[int, str]]] = {kind: [] for kind, *_rest in _CATALOGUES}
    for kind, pk, name in rows or ():
        found[kind].append((pk, name))
    bar_key = None
    if token is not None:
        listed = tuple((kind, tuple(found[kind])) for kind in sorted(found))
        scope = tuple(sorted(user.scope_team_ids))
        bar_key = (user.pk, user._pqr_role_rank, scope, str(token), listed)
    return QueuePageReads(
        catalogues=QueueCatalogues(**found),
        calendar_version=calendar_version,
        filter_bar_key=bar_key,
    )
