"""October 2026 in two teams, for the scheduled-report tests: PQRs received, resolved in
and out of term, information requests and survey answers, then the rollups built for
the month the way beat builds them."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model

from dashboards.models import ReportSubscription
from dashboards.rollups import daily_stats_rebuild, rollups_refresh
from pqr.models import Team
from tests.dashboards.analytics_data import answer, at, new_pqr, resolve

START, END = date(2026, 10, 1), date(2026, 10, 31)
# The monthly report for October goes out on 1 November from 06:00.
SEND_TIME = at(date(2026, 11, 1), 6)


@dataclass
class October:
    team_a: Team
    team_b: Team
    radicados_a: list
    radicados_b: list


def october(*, agent, team_a, team_b) -> October:
    beto = get_user_model().objects.get(username="agente.b")
    beto.first_name, beto.last_name = "Beto", "Bermúdez"
    beto.save(update_fields=["first_name", "last_name"])
    a1 = new_pqr(team=team_a, agent=agent, received=date(2026, 10, 2))
    resolve(a1, on=date(2026, 10, 6), days=3, within_legal=True)
    a2 = new_pqr(team=team_a, agent=agent, received=date(2026, 10, 5), type_code="queja")
    resolve(a2, on=date(2026, 10, 27), days=16, within_legal=False, cause="negligencia")
    a3 = new_pqr(
        team=team_a, agent=agent, received=date(2026, 10, 9), type_code="peticion_informacion"
    )
    a4 = new_pqr(team=team_a, agent=agent, received=date(2026, 10, 20), channel="web")
    b1 = new_pqr(team=team_b, agent=beto, received=date(2026, 10, 3))
    b2 = new_pqr(
        team=team_b, agent=beto, received=date(2026, 10, 7), type_code="peticion_informacion"
    )
    resolve(b2, on=date(2026, 10, 14), days=5, within_legal=True)
    b3 = new_pqr(team=team_b, agent=beto, received=date(2026, 10, 8), channel="web")
    answer(a1, 5, date(2026, 10, 12), courtesy=5)
    answer(a2, 2, date(2026, 10, 28))
    answer(b2, 4, date(2026, 10, 20), courtesy=3)
    daily_stats_rebuild(start=START, end=END)
    rollups_refresh(days_back=1)
    return October(
        team_a=team_a,
        team_b=team_b,
        radicados_a=[p.radicado for p in (a1, a2, a3, a4)],
        radicados_b=[p.radicado for p in (b1, b2, b3)],
    )


def subscribe(owner, team, *, report="sla_satisfaction", file_format="both", frequency="monthly"):
    """A subscription that existed before 1 November (so October is due then)."""
    sub = ReportSubscription.objects.create(
        owner=owner, report=report, frequency=frequency, file_format=file_format, team=team
    )
    ReportSubscription.objects.filter(pk=sub.pk).update(created_at=at(date(2026, 10, 15)))
    sub.refresh_from_db()
    return sub
