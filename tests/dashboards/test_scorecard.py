"""Per-agent scorecard against hand-worked figures: October 2026 next to the 31 days
before it (31 Aug - 30 Sep), per agent, per team and in total; who sees what; a fixed
number of queries.

Agent A (team A):  a1 received 10 Sep, resolved 20 Sep on time, 2 h / 10 h, CSAT 4
                   a2 received 2 Oct, resolved 10 Oct on time, 4 h / 20 h, CSAT 5
                   a3 received 3 Oct, resolved 12 Oct late, 6 h / 40 h, reopened, CSAT 2
                   a4 received 20 Oct, open;  a5 received 25 Sep, open
Beto (team B):     b1 received 5 Oct, resolved 6 Oct on time, 1 h / 3 h
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dashboards.selectors_scorecard import previous_period, scorecard
from pqr.models import EventKind, Pqr, PqrEvent, Status
from tests.dashboards.analytics_data import answer, at, period
from tests.factories import UserFactory
from tests.pqr.factories import make_pqr

pytestmark = pytest.mark.django_db

START, END = date(2026, 10, 1), date(2026, 10, 31)
PARAMS = {"preset": "custom", "start": "2026-10-01", "end": "2026-10-31"}


def _pqr(agent, team, received, resolved=None, within=None, first=None, hours=None):
    pqr = make_pqr(actor=agent, team=team, received_at=at(received, 9))
    values = {"assigned_to": agent, "status": Status.EN_TRAMITE}
    if resolved:
        values.update(
            status=Status.RESUELTO,
            resolved_at=at(resolved, 15),
            resolved_within_due=within,
            first_response_business_hours=Decimal(first),
            resolution_business_hours=Decimal(hours),
        )
    Pqr.objects.filter(pk=pqr.pk).update(**values)
    pqr.refresh_from_db()
    return pqr


@pytest.fixture
def card(team_a, team_b, agent):
    beto = get_user_model().objects.get(username="agente.b")
    a1 = _pqr(agent, team_a, date(2026, 9, 10), date(2026, 9, 20), True, 2, 10)
    a2 = _pqr(agent, team_a, date(2026, 10, 2), date(2026, 10, 10), True, 4, 20)
    a3 = _pqr(agent, team_a, date(2026, 10, 3), date(2026, 10, 12), False, 6, 40)
    _pqr(agent, team_a, date(2026, 10, 20))
    _pqr(agent, team_a, date(2026, 9, 25))
    _pqr(beto, team_b, date(2026, 10, 5), date(2026, 10, 6), True, 1, 3)
    PqrEvent.objects.create(
        pqr=a3, kind=EventKind.STATUS, field="status", old_value="resuelto", new_value="reabierto"
    )
    answer(a1, 4, date(2026, 9, 22))
    answer(a2, 5, date(2026, 10, 15))
    answer(a3, 2, date(2026, 10, 16))
    return {"agent": agent, "beto": beto, "team_a": team_a, "team_b": team_b}


def _figures(row):
    return {
        name: (f["value"], f["change"]) for name, f in row.items() if name not in ("key", "label")
    }


def test_previous_period_has_the_same_length():
    assert previous_period(START, END) == (date(2026, 8, 31), date(2026, 9, 30))


def test_agent_figures_with_the_change_from_the_previous_period(card, supervisor):
    card["team_a"].supervisors.add(supervisor)
    data = scorecard(filters=period(START, END, supervisor), user=supervisor)
    (row,) = data.agents  # team A only: Beto is in team B
    assert row["key"] == card["agent"].pk
    assert _figures(row) == {
        "open": (2, 1),  # a4, a5 open at 31 Oct; a5 alone at 30 Sep
        "resolved": (2, 1),
        "on_time": (50.0, -50.0),
        "first": (5.0, 3.0),  # median of 4 h and 6 h, against 2 h
        "resolution": (30.0, 20.0),
        "csat": (50.0, -50.0),  # 5 and 2 in October, 4 in September
        "reopen": (50.0, 50.0),
    }
    assert [t["label"] for t in data.teams] == ["Equipo A"]


def test_administrator_compares_every_team(card):
    admin = UserFactory(username="admin.card", role="Administrador")
    data = scorecard(filters=period(START, END, admin), user=admin)
    teams = {t["label"]: _figures(t) for t in data.teams}
    assert teams["Equipo B"]["resolved"] == (1, 1)
    assert teams["Equipo B"]["on_time"] == (100.0, None)  # nothing measured before
    assert _figures(data.total)["resolved"] == (3, 2)
    assert len(data.agents) == 2


def test_agent_sees_only_their_own_row(card, agent_client):
    body = agent_client.get(reverse("dashboards:scorecard"), PARAMS).content.decode()
    assert f'data-key="{card["agent"].pk}"' in body
    assert f'data-key="{card["beto"].pk}"' not in body
    assert 'id="scorecard-teams"' not in body
    assert "Mi desempeño" in body


def test_supervisor_of_no_team_is_told_so(card, supervisor_client):
    body = supervisor_client.get(reverse("dashboards:scorecard"), PARAMS).content.decode()
    assert 'data-empty="scorecard"' in body
    assert f'data-key="{card["agent"].pk}"' not in body


def test_page_shows_values_and_changes(card, supervisor, supervisor_client):
    card["team_a"].supervisors.add(supervisor)
    body = supervisor_client.get(reverse("dashboards:scorecard"), PARAMS).content.decode()
    assert "del 31 Ago 2026 al 30 Sep 2026" in body
    row = body.split(f'data-key="{card["agent"].pk}"', 1)[1].split("</tr>", 1)[0]
    assert re.search(r'<td class="text-end" data-figure="first"><a [^>]*data-value[^>]*>5<', row)
    assert "+3" in row


@pytest.mark.parametrize("extra", [0, 12])
def test_query_count_does_not_grow(
    card, supervisor, supervisor_client, extra, django_assert_max_num_queries
):
    card["team_a"].supervisors.add(supervisor)
    for i in range(extra):
        helper = UserFactory(username=f"extra.{i}", role="Agente")
        card["team_a"].members.add(helper)
        _pqr(helper, card["team_a"], date(2026, 10, 4), date(2026, 10, 8), bool(i % 2), 3, 9)
    with django_assert_max_num_queries(14):
        response = supervisor_client.get(reverse("dashboards:scorecard"), PARAMS)
    assert response.status_code == 200


def test_every_scorecard_figure_opens_its_pqrs(card, supervisor, supervisor_client):
    import html

    from .figures import assert_links_match, linked_figures
    from .test_home import _result_count

    card["team_a"].supervisors.add(supervisor)
    body = supervisor_client.get(reverse("dashboards:scorecard"), PARAMS).content.decode()
    figures = linked_figures(body)
    counts = [f for f in figures if f[1] in ("scorecard-open", "scorecard-resolved")]
    # The agent's row, team A's row and the total (one team supervised): open, resolved.
    assert len(counts) == 6
    assert_links_match(supervisor_client, counts)
    # A rate or a median opens the PQRs it is worked out from: agent A's two resolved
    # in October (both measured, both answered), and the two answers given then.
    row = body.split(f'data-key="{card["agent"].pk}"', 1)[1].split("</tr>", 1)[0]
    for name in ("on_time", "first", "resolution", "csat", "reopen"):
        href = re.search(rf'<a href="([^"]+)"[^>]*data-metric="scorecard-{name}"', row)
        assert href, name
        listed = _result_count(supervisor_client.get(html.unescape(href.group(1))).content.decode())
        assert listed == 2, name
