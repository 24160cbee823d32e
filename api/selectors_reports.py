"""Reports of the API (scope `reports`): the dashboards' own figures, so the JSON, the
printable page and the CSV never disagree, scoped to an API key's teams; and the
calendar's due-date check (the SLA engine's own computation).

A key acts with the Agente role, but a report is a team's whole figures, not the
agent's own cases: its filters carry the key's teams (`DashboardFilters.team_ids`)
instead of the agent-only restriction. A staff session needs the Supervisor role (as
the report pages) and sees what the pages show it.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Paginator
from django.db.models import QuerySet

from dashboards.filters import DashboardFilterForm, DashboardFilters
from dashboards.reports import (
    OUTCOME_COLUMNS,
    REQUESTS_PER_PAGE,
    information_report,
    information_requests,
    pqrs_report,
)
from dashboards.selectors_satisfaction import satisfaction_dashboard
from pqr.models import PqrType, Team
from sla.models import LegalTerm
from sla.page_data import due_date_check
from sla.selectors import Rules, organization_get, rules_get

from .models import ApiKey

# A citation, not a sentence: the same in every language.
PUBLIC_UTILITY_LAW = "Ley 142/1994 art. 158"
# Form field -> API parameter, so errors name what the caller sent.
FORM_TO_API = {"pqr_type": "type"}


def key_team_ids(auth) -> tuple[int, ...] | None:
    if isinstance(auth, ApiKey):
        return tuple(sorted(auth.user.scope_team_ids))
    return None


def report_teams(team_ids: tuple[int, ...] | None) -> QuerySet[Team]:
    teams = Team.objects.filter(is_active=True).order_by("name")
    return teams if team_ids is None else teams.filter(pk__in=team_ids)


def report_filters(*, user, team_ids, params: dict) -> tuple[DashboardFilters | None, list]:
    """The report pages' filter form (period presets, custom range, team, type,
    channel), bound to the API's parameters; (filters, []) or (None, field errors)."""
    data = {k: params[k] for k in ("preset", "start", "end", "channel") if params.get(k)}
    errors = []
    if params.get("team"):
        data["team"] = params["team"].pk if isinstance(params["team"], Team) else params["team"]
    if params.get("type"):
        pqr_type = PqrType.objects.filter(code=params["type"]).only("pk").first()
        data["pqr_type"] = pqr_type.pk if pqr_type else 0
    form = DashboardFilterForm(data)
    form.fields["team"].queryset = report_teams(team_ids)
    if not form.is_valid():
        for name, items in form.errors.get_json_data().items():
            field = "" if name == "__all__" else FORM_TO_API.get(name, name)
            errors += [{"field": field, "message": e["message"], "code": e["code"]} for e in items]
        return None, errors
    cleaned = form.cleaned_data
    filters = DashboardFilters(
        start=cleaned["start"],
        end=cleaned["end"],
        team=cleaned["team"],
        pqr_type=cleaned["pqr_type"],
        channel=cleaned["channel"],
        user=user,
        agent_only=False,
        preset=cleaned["preset"],
        team_ids=team_ids,
    )
    return filters, []


def _table(table) -> dict:
    return {
        "key": table.key,
        "title": table.title,
        "headers": table.headers,
        "rows": table.rows,
        "total": table.total,
        "truncated": table.truncated,
    }


def _period(filters: DashboardFilters) -> dict:
    return {
        "preset": filters.preset,
        "start": filters.start,
        "end": filters.end,
        "team": filters.team.pk if filters.team else None,
        "type": filters.pqr_type.code if filters.pqr_type else None,
        "channel": filters.channel,
    }


CASES_LIMIT = 200


def api_pqrs_report(filters: DashboardFilters) -> dict:
    """Ley 1474/2011 art. 76: the page's tables; the case lists capped at CASES_LIMIT."""
    report = pqrs_report(filters, case_limit=CASES_LIMIT)
    total = report["tables"][0].total  # the page's "Total" row, rounded as shown
    keys = [key for key, _label in OUTCOME_COLUMNS]
    return {
        "period": _period(filters),
        "totals": dict(zip(keys, total[1:], strict=True)) if total else None,
        "tables": [_table(t) for t in report["tables"]],
    }


def api_information_report(filters: DashboardFilters, *, page: int) -> dict:
    """Ley 1712/2014: the summary and one page of the per-request table (as the page)."""
    paginator = Paginator(information_requests(filters), REQUESTS_PER_PAGE)
    current = paginator.get_page(page)
    report = information_report(filters, requests=current.object_list)
    return {
        "period": _period(filters),
        "summary": report["summary"],
        "tables": [_table(t) for t in report["tables"]],
        "page": current.number,
        "pages": paginator.num_pages,
        "requests_count": paginator.count,
    }


def api_survey_results(filters: DashboardFilters) -> dict:
    """The satisfaction figures (surveys.selectors.results_summary plus the trend and
    breakdowns of the satisfaction dashboard), scoped like the survey pages."""
    data = satisfaction_dashboard(filters)
    return {"period": _period(filters), **data}


@dataclass(frozen=True)
class DueDate:
    type: str
    regime: str
    received_at: datetime
    filed_on: date
    moved: bool
    term_days: int
    legal_due_at: datetime
    due_on: date
    extension_days: int
    extended_due_at: datetime | None
    silence_effect: str
    law: str


def api_due_date(*, term: LegalTerm, received_at: datetime, regime: str | None) -> DueDate:
    """The calendar page's check (sla.page_data.due_date_check) under a legal regime
    (the organisation's unless given): public-utility petitions, complaints and claims
    get no prórroga (Ley 142/1994 art. 158)."""
    base = rules_get()
    regime = regime or organization_get().legal_regime
    rules = Rules(
        cal=base.cal,
        share=base.share,
        regime=regime,
        policies=[],
        terms={term.pqr_type_id: term},
    )
    answer = due_date_check(cal=rules.cal, term=term, received_at=received_at)
    public_utility = rules.public_utility(term.pqr_type_id)
    law = term.source
    if public_utility:
        law = f"{law}; {PUBLIC_UTILITY_LAW}" if law else PUBLIC_UTILITY_LAW
    tz = rules.cal.config.tz
    return DueDate(
        type=term.pqr_type.code,
        regime=regime,
        received_at=answer.received_at,
        filed_on=answer.filed_on,
        moved=answer.moved,
        term_days=answer.days,
        legal_due_at=answer.legal_due_at,
        due_on=answer.legal_due_at.astimezone(tz).date(),
        extension_days=0 if public_utility else answer.extension_days,
        extended_due_at=None if public_utility else answer.extended_due_at,
        silence_effect=rules.silence_for(term.pqr_type_id),
        law=law,
    )


def legal_term_for(*, code: str) -> LegalTerm | None:
    return LegalTerm.objects.select_related("pqr_type").filter(pqr_type__code=code).first()
