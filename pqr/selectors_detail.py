"""Reads of the PQR page (issue 18: at most 15 queries at 1,000,000 PQRs).

- `viewer_reads`: the viewer's roles and the bell's unread count, in one statement
  before the role check.
- `pqr_for_detail`: the PQR, its clock, the catalogue token, the calendar version and
  whether the user's teams hold it (for the recovery flag), in one query; its type,
  team, moment of truth and root cause from process memory under that token (joined,
  those four tables made the statement's planning 6 ms of its 7 at 1,000,000 PQRs).
- `detail_timeline`: events, messages, every attachment (the intake's too) and the
  surveys with their recovery cases, one query each.
- `legal_panel`: the legal-terms panel from the cached rules and the PQR's own clock.
- `detail_catalogues`: what the page's forms offer, kept per process under the
  catalogue token (pqr.catalogue_version): rebuilt on the first page after an edit.
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, Subquery, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.roles import ROLE_RANK, Role, has_role
from customers.models import DifficultyTag
from customers.timeline import TimelineEntry
from sla import selectors as sla_selectors
from sla import services as sla_services
from sla.completion import customer_extension_max
from sla.models import Organization, PqrClock
from surveys.models import RecoveryStatus, SatisfactionSurvey
from surveys.selectors import open_recovery_cases, teams_visible_to
from surveys.timeline import survey_entries, survey_entries_for_pqr

from . import selectors
from .catalogue_version import active_types_forget, catalogue_token_subquery
from .emails import email_language
from .models import (
    AnswerTemplate,
    CatalogueVersion,
    EventKind,
    MomentOfTruth,
    Pqr,
    PqrAttachment,
    PqrEvent,
    PqrMessage,
    PqrType,
    RootCause,
    Status,
    Team,
)
from .services.completion_rules import completion_pending
from .timeline import pqr_external_entries
from .viewer_sql import ROLE_NAMES_SQL, UNREAD_COUNT_SQL, viewer_params
from .visibility import pqr_visible_to

_VIEWER_READS = f"""
SELECT
  ARRAY({ROLE_NAMES_SQL}),
  ARRAY(SELECT m.team_id FROM {Team.members.through._meta.db_table} m WHERE m.user_id = %(user)s
        UNION SELECT s.team_id FROM {Team.supervisors.through._meta.db_table} s
        WHERE s.user_id = %(user)s),
  {UNREAD_COUNT_SQL}
"""  # noqa: S608 - table names only; the values are parameters


def viewer_reads(user) -> None:
    """The viewer's role rank and unread notifications in one statement, kept on the
    request's user where core.roles and the bell's tag look first (the queue does the
    same: pqr.selectors_queue.queue_page_reads); and the teams the user is a member or
    a supervisor of (surveys.selectors.teams_visible_to), for the recovery flag."""
    with connection.cursor() as cursor:
        cursor.execute(_VIEWER_READS, viewer_params(user))
        groups, survey_teams, unread = cursor.fetchone()
    user._survey_team_ids = frozenset(survey_teams)
    if getattr(user, "_pqr_role_rank", None) is None:
        user._pqr_role_rank = max((ROLE_RANK.get(name, 0) for name in groups), default=0)
    user._sla_unread_count = unread


def pqr_for_detail(*, user, pk: int) -> Pqr:
    """The PQR page's object, 404 when out of the user's scope (pqr.visibility), read
    with everything else the page needs from a single row."""
    qs = (
        pqr_visible_to(user=user, one_statement=True)
        .select_related("customer", "assigned_to", "created_by", "clock")
        .annotate(
            catalogue_token=catalogue_token_subquery(),
            calendar_version=Subquery(
                Organization.objects.filter(pk=1).values("calendar_version")[:1]
            ),
        )
    )
    known = _survey_teams_known(user)
    if known is None:
        qs = qs.annotate(team_in_survey_scope=_survey_scope(user))
    pqr = get_object_or_404(qs, pk=pk)
    if known is not None:
        pqr.team_in_survey_scope = pqr.team_id in known
    pqr.clock_is_fresh = True  # read with the PQR in this request
    _attach_catalogue_rows(pqr)
    return pqr


# The PQR's foreign keys to small catalogues, every row (inactive ones too: an old PQR
# may point at one), kept per process under the catalogue token.
_CATALOGUE_FKS = (
    ("pqr_type", PqrType),
    ("team", Team),
    ("moment_of_truth", MomentOfTruth),
    ("root_cause", RootCause),
)


def _catalogue_rows_by_id() -> dict[str, dict[int, object]]:
    return {name: {row.pk: row for row in model.objects.all()} for name, model in _CATALOGUE_FKS}


def _attach_catalogue_rows(pqr: Pqr) -> None:
    """Put the PQR's type, team, moment of truth and root cause in its related-object
    cache, as `select_related` would have (a copy each: a request may not change
    another's). A row missing from memory is left to Django's lazy read."""
    rows = _catalogue("rows_by_id", _token(pqr), _catalogue_rows_by_id)
    for name, _model in _CATALOGUE_FKS:
        field = Pqr._meta.get_field(name)
        pk = getattr(pqr, field.attname)
        if pk is None:
            field.set_cached_value(pqr, None)
        elif pk in rows[name]:
            field.set_cached_value(pqr, copy.copy(rows[name][pk]))


def _survey_teams_known(user) -> frozenset[int] | None:
    """The teams of the recovery flag's scope when `viewer_reads` brought them and they
    are the surveys app's (an agent signed in: no supervisor role, no API key's teams);
    else None, and the PQR's statement works the scope out itself."""
    if has_role(user, Role.SUPERVISOR) or getattr(user, "scope_team_ids", None) is not None:
        return None
    return getattr(user, "_survey_team_ids", None)


def _survey_scope(user):
    """The surveys app's scope for recovery cases (surveys.selectors.scope_to_user):
    everything for supervisors, else the user's teams."""
    if has_role(user, Role.SUPERVISOR):
        return Value(True)
    return Exists(teams_visible_to(user).filter(pk=OuterRef("team_id")))


def clock_of(pqr: Pqr) -> PqrClock | None:
    """The clock read with the PQR by `pqr_for_detail`; else read fresh (a clock cached
    on an instance a refused action used may predate a suspension)."""
    if getattr(pqr, "clock_is_fresh", False):
        return getattr(pqr, "clock", None)
    return PqrClock.objects.filter(pqr_id=pqr.pk).first()


@dataclass
class DetailTimeline:
    items: list[dict]
    intake_attachments: list[PqrAttachment]
    recovery_cases: list = field(default_factory=list)


def detail_timeline(*, pqr: Pqr, user) -> DetailTimeline:
    """Events, messages (with their attachments) and other apps' entries, oldest first;
    the attachments filed with the PQR itself; the open recovery cases of its surveys
    that the user may see (the flag next to the radicado)."""
    events = list(
        PqrEvent.objects.filter(pqr=pqr)
        .exclude(kind__in=(EventKind.MESSAGE, EventKind.NOTE, EventKind.CUSTOMER_MESSAGE))
        .select_related("actor")
    )
    messages = list(PqrMessage.objects.filter(pqr=pqr).select_related("author", "letter"))
    by_message: dict[int | None, list[PqrAttachment]] = {}
    for attachment in PqrAttachment.objects.filter(pqr=pqr).order_by("id"):
        by_message.setdefault(attachment.message_id, []).append(attachment)
    for message in messages:
        message.files = by_message.get(message.pk, [])
    surveys = list(
        SatisfactionSurvey.objects.filter(pqr=pqr)
        .select_related("response", "recovery_case")
        .order_by("-created_at")
    )
    for survey in surveys:
        survey.pqr = pqr
    external: list[TimelineEntry] = survey_entries(surveys)
    external += pqr_external_entries(pqr, skip=(survey_entries_for_pqr,))
    items: list[dict] = [{"when": e.created_at, "type": "event", "obj": e} for e in events]
    items += [{"when": m.created_at, "type": "message", "obj": m} for m in messages]
    items += [{"when": e.when, "type": "external", "obj": e} for e in external]
    items.sort(key=lambda item: item["when"])
    if not hasattr(pqr, "team_in_survey_scope"):  # not read by pqr_for_detail
        cases = open_recovery_cases(user=user, pqr=pqr)
    elif pqr.team_in_survey_scope:
        cases = [
            s.recovery_case
            for s in surveys
            if getattr(s, "recovery_case", None) is not None
            and s.recovery_case.status == RecoveryStatus.OPEN
        ]
    else:
        cases = []
    return DetailTimeline(
        items=items, intake_attachments=by_message.get(None, []), recovery_cases=cases
    )


def legal_panel(*, pqr: Pqr, rules=None) -> dict:
    """What the PQR page says and offers about the legal terms: the pending completion
    request (art. 17), whether a new one would suspend, whether desistimiento tácito
    and a prórroga can be declared now (the same checks the services refuse with)."""
    today = timezone.localdate()
    rules = rules or sla_selectors.rules_get()  # once: org, policies, terms
    clock = clock_of(pqr)
    request = completion_pending(pqr) if pqr.status == Status.EN_ESPERA_CLIENTE else None
    window = sla_services.completion_dates_for(pqr=pqr, requested_on=today, cal=rules.cal)
    recursos_apply = (
        rules.regime in ("servicios_publicos", "publica")
        and not pqr.pqr_type.acknowledgement_suffices
        and pqr.status in ("resuelto", "cerrado", "rechazado")
    )
    panel = {
        "today": today,
        "completion": request,
        "completion_window_ends_on": window.window_ends_on,
        "completion_would_suspend": window.suspends,
        "tacit_proposed": request is not None and today > request.customer_due_on,
        "extension_refusal": sla_services.extension_refusal(pqr=pqr, rules=rules, clock=clock),
        "extension_latest": sla_services.extension_latest(pqr=pqr, rules=rules, clock=clock),
        "information_request": pqr.pqr_type.code == "peticion_informacion",
        "recursos_apply": recursos_apply,
        # Shown only where they apply: no query for an open PQR.
        "recursos": list(pqr.recursos.all()) if recursos_apply else [],
    }
    if request is not None and request.extended_at is None:
        panel["completion_extension_latest"] = customer_extension_max(
            rules.cal, request.customer_due_on
        )
    return panel


def detail_rules(pqr: Pqr):
    """The SLA rules, without reading the organisation again when the PQR brought the
    calendar version along."""
    return sla_selectors.rules_get(version=getattr(pqr, "calendar_version", None))


# --- the forms' catalogues, per process ------------------------------------------------

_lock = threading.Lock()
# name -> (catalogue token, rows): rebuilt when the token read with the PQR differs.
_kept: dict[str, tuple[uuid.UUID, object]] = {}


def _catalogue(name: str, token: uuid.UUID | None, build: Callable[[], list]):
    if token is None:  # no token row (a flushed database): read every time
        return build()
    hit = _kept.get(name)
    if hit is not None and hit[0] == token:
        return hit[1]
    rows = build()
    with _lock:
        _kept[name] = (token, rows)
    return rows


def catalogue_caches_clear() -> None:
    """Forget this process's catalogues (tests: each test's database starts with the
    same token)."""
    with _lock:
        _kept.clear()
    active_types_forget()


@dataclass(frozen=True)
class DetailCatalogues:
    root_causes: list[RootCause]
    difficulty_tags: list[DifficultyTag]
    teams: list[Team]
    pqr_types: list[PqrType]
    assignable: list
    answer_templates: list[AnswerTemplate]


def _token(pqr: Pqr) -> uuid.UUID | None:
    if hasattr(pqr, "catalogue_token"):
        return pqr.catalogue_token
    return CatalogueVersion.objects.filter(pk=1).values_list("token", flat=True).first()


def _templates() -> list[AnswerTemplate]:
    return list(
        AnswerTemplate.objects.filter(is_active=True)
        .only("id", "name", "pqr_type_id", "root_cause_id", "language")
        .order_by("pqr_type_id", "root_cause_id", "name")
    )


def templates_for(pqr: Pqr, templates: list[AnswerTemplate]) -> list[AnswerTemplate]:
    """selectors_answers.answer_templates_for over rows in memory (same rows, same
    order: a subset of a list read in that order)."""
    language = email_language(pqr)
    return [
        t
        for t in templates
        if t.language == language
        and t.pqr_type_id in (None, pqr.pqr_type_id)
        and (not pqr.root_cause_id or t.root_cause_id in (None, pqr.root_cause_id))
    ]


def detail_catalogues(*, pqr: Pqr) -> DetailCatalogues:
    """What the page's forms offer (active rows, in each form's order); no query while
    the catalogue token is the one this process read them under."""
    token = _token(pqr)
    assignable = selectors.assignable_users(pqr=pqr).only(
        "id", "first_name", "last_name", "username"
    )
    return DetailCatalogues(
        root_causes=_catalogue(
            "root_causes", token, lambda: list(RootCause.objects.filter(is_active=True))
        ),
        difficulty_tags=_catalogue(
            "difficulty_tags", token, lambda: list(DifficultyTag.objects.filter(is_active=True))
        ),
        teams=_catalogue(
            "teams", token, lambda: list(Team.objects.filter(is_active=True).order_by("name"))
        ),
        pqr_types=_catalogue(
            "pqr_types", token, lambda: list(PqrType.objects.filter(is_active=True))
        ),
        assignable=_catalogue(f"assignable:{pqr.team_id}", token, lambda: list(assignable)),
        answer_templates=templates_for(pqr, _catalogue("answer_templates", token, _templates)),
    )
