"""The queue's rows are written by `pqr.templatetags.queue_tags` instead of including
`sla/_due_badge.html` and `pqr/_assign_me_row.html` per row: the markup must stay the
one those templates write (the PQR page and the intake summary still include them)."""

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from pqr.models import Pqr, Status
from sla.calendar import BOGOTA

from .factories import make_pqr

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _render(source: str, pqr, user) -> str:
    request = RequestFactory().get("/pqr/?status=open&q=cobro")
    request.user = user
    template = engines["django"].from_string("{% load queue_tags %}" + source)
    return template.render({"pqr": pqr}, request)


def _variants():
    """One PQR per kind of badge (unsaved: the badge reads only these fields)."""
    open_ = {"status": Status.EN_TRAMITE, "radicado": "PQR-2026-000141", "pk": 141}
    return {
        "overdue, today": Pqr(**open_, due_at=NOW - timedelta(minutes=5)),
        "overdue, days": Pqr(**open_, due_at=NOW - timedelta(days=9)),
        "today": Pqr(**open_, due_at=NOW + timedelta(minutes=30)),
        "one day": Pqr(**open_, due_at=NOW + timedelta(days=1, hours=1)),
        "days": Pqr(**open_, due_at=NOW + timedelta(days=12)),
        "paused, customer in time": Pqr(
            **open_, term_suspended=True, completion_due_on=date.today() + timedelta(days=5)
        ),
        "paused, customer late": Pqr(
            **open_, term_suspended=True, completion_due_on=date(2020, 1, 2)
        ),
        "paused, no date": Pqr(**open_, term_suspended=True),
        "no due date": Pqr(**open_),
        "resolved on time": Pqr(status=Status.RESUELTO, resolved_within_due=True, pk=1),
        "resolved late": Pqr(status=Status.RESUELTO, resolved_within_due=False, pk=2),
        "resolved, not measured": Pqr(status=Status.RESUELTO, pk=3),
    }


@pytest.mark.parametrize("language", ["es-co", "en"])
@pytest.mark.parametrize("kind", list(_variants()))
def test_due_badge_tag_writes_what_the_include_writes(agent, kind, language):
    pqr = _variants()[kind]
    with translation.override(language):
        tag = _render("{% queue_due_badge pqr %}", pqr, agent)
        include = _render('{% include "sla/_due_badge.html" %}', pqr, agent)
    assert tag == include.removesuffix("\n")  # the template file's last newline
    if kind != "no due date" and kind != "resolved, not measured":
        assert tag  # every other kind shows a badge


@pytest.mark.parametrize("language", ["es-co", "en"])
def test_assign_me_tag_writes_what_the_include_writes(agent, supervisor, language):
    mine = Pqr(status=Status.EN_TRAMITE, radicado="PQR-2026-000007", pk=7, assigned_to=agent)
    someone_elses = Pqr(status=Status.ASIGNADO, radicado="PQR-2026-000008", pk=8)
    closed = Pqr(status=Status.CERRADO, radicado="PQR-2026-000009", pk=9)
    with translation.override(language):
        for pqr in (mine, someone_elses, closed):
            tag = _render("{% queue_assign_me pqr %}", pqr, agent)
            include = _render('{% include "pqr/_assign_me_row.html" %}', pqr, agent)
            include = include.removesuffix("\n")
            # The CSRF token is masked differently on each call: compare without it.
            strip = r'name="csrfmiddlewaretoken" value="[^"]+"'
            assert _without(strip, tag) == _without(strip, include)
    assert "Asignarme" in _render("{% queue_assign_me pqr %}", someone_elses, agent)
    assert _render("{% queue_assign_me pqr %}", mine, agent) == ""
    assert _render("{% queue_assign_me pqr %}", closed, agent) == ""


def _without(pattern: str, html: str) -> str:
    return re.sub(pattern, "", html)


def test_queue_rows_link_each_pqr_and_post_assign_me_to_it(agent_client, agent, team_a):
    pqrs = [make_pqr(actor=agent, team=team_a) for _ in range(3)]
    overdue = make_pqr(
        actor=agent, team=team_a, received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA)
    )
    html = agent_client.get(reverse("pqr:queue")).content.decode()
    for pqr in [*pqrs, overdue]:
        assert f'href="{reverse("pqr:detail", args=[pqr.pk])}"' in html
        assert f'action="{reverse("pqr:assign_me", args=[pqr.pk])}"' in html
    assert 'data-due="overdue"' in html
    assert html.count('name="csrfmiddlewaretoken"') >= 4
    response = agent_client.post(
        reverse("pqr:assign_me", args=[pqrs[0].pk]), {"next": reverse("pqr:queue")}
    )
    assert response.status_code == 302
    pqrs[0].refresh_from_db()
    assert pqrs[0].assigned_to_id == agent.pk


# The rows as templates/pqr/queue.html wrote them before `{% queue_rows %}` (issue 18).
TEMPLATE_ROWS = (Path(__file__).parent / "queue_rows_before.html").read_text()


def _squeeze(html: str) -> str:
    """Whitespace aside (the includes' files ended with a newline before `</td>`)."""
    return re.sub(r"\s+", " ", html).replace(" </td>", "</td>").strip()


@pytest.mark.parametrize("language", ["es-co", "en"])
def test_rows_tag_writes_what_the_row_template_wrote(agent, team_a, language):
    from pqr import selectors
    from pqr.models import PqrType
    from tests.customers.factories import CustomerFactory

    make_pqr(actor=agent, team=team_a, customer=CustomerFactory(full_name="Ana <María> O'Neil"))
    make_pqr(actor=agent, team=team_a, subject="Cobro " * 30, anger_level=6, assigned_to=agent)
    make_pqr(
        actor=agent,
        team=team_a,
        type_code="reclamo",
        priority="alta",
        received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA),
    )
    odd = make_pqr(actor=agent, team=team_a)
    Pqr.objects.filter(pk=odd.pk).update(
        identity_unverified=True, term_suspended=True, completion_due_on=date(2020, 1, 2)
    )
    closed = make_pqr(actor=agent, team=team_a)
    Pqr.objects.filter(pk=closed.pk).update(status=Status.CERRADO, resolved_within_due=True)
    assert PqrType.objects.exists()
    queue = selectors.pqr_queue(user=agent, status="all")
    rows = selectors.page_of(queue, page=1).rows
    values = selectors.queue_page(queue, page=1).rows  # what the page renders
    assert len(rows) == 5
    request = RequestFactory().get("/pqr/?status=all")
    request.user = agent
    with translation.override(language):
        new = engines["django"].from_string("{% load queue_tags %}{% queue_rows rows %}")
        old = engines["django"].from_string(TEMPLATE_ROWS.replace("page.rows", "rows"))
        strip = r'name="csrfmiddlewaretoken" value="[^"]+"'
        ours = _without(strip, new.render({"rows": rows}, request))
        theirs = _without(strip, old.render({"rows": rows}, request))
        from_values = _without(strip, new.render({"rows": values}, request))
    assert _squeeze(ours) == _squeeze(theirs)
    assert from_values == ours
    assert "Ana &lt;María&gt; O&#x27;Neil" in ours
    assert ours.count("<tr data-queue-row>") == 5
