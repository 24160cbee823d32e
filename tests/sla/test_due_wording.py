"""The due column and the PQR page say the date and the business days left or past,
from the SLA calendar; a paused clock says "En pausa", never overdue."""

import re
from types import SimpleNamespace

import pytest

from pqr.services import pqr_request_completion
from sla.badges import due_state
from sla.calendar import BusinessCalendar
from tests.answers import IN_PERSON
from tests.pqr.factories import make_pqr

from .conftest import at

pytestmark = pytest.mark.django_db
CAL = BusinessCalendar()


def _open(due_at, **kw):
    values = {"is_open": True, "term_suspended": False, "due_at": due_at}
    return SimpleNamespace(**(values | kw))


def test_days_left_count_business_days_skipping_the_holiday():
    # Friday 20 March 2026 -> Tuesday 24 March: the weekend and San José (Monday 23).
    state = due_state(_open(at(2026, 3, 24, 17)), now=at(2026, 3, 20, 10), cal=CAL)
    assert (state.kind, state.days) == ("days", 1)


def test_days_past_count_business_days_since_the_due_day():
    # Due Friday 20 March; on Wednesday 25 March: Tuesday 24 and Wednesday 25 (23 is a holiday).
    state = due_state(_open(at(2026, 3, 20, 17)), now=at(2026, 3, 25, 10), cal=CAL)
    assert (state.kind, state.days) == ("overdue", 2)


def test_due_earlier_today_is_overdue_by_zero_days():
    state = due_state(_open(at(2026, 3, 20, 9)), now=at(2026, 3, 20, 10), cal=CAL)
    assert (state.kind, state.days) == ("overdue", 0)


def test_a_paused_clock_is_never_overdue():
    pqr = _open(at(2026, 3, 20, 9), term_suspended=True, completion_due_on=None)
    assert due_state(pqr, now=at(2026, 5, 20, 10), cal=CAL).kind == "paused"


def _badge(client, url, radicado=None) -> str:
    page = client.get(url).content.decode()
    if radicado:
        page = page.split(radicado, 1)[1].split("</tr>", 1)[0]
    return re.sub(r"\s+", " ", page)


def test_queue_and_page_say_the_date_and_vence_en_n_dias_habiles(
    agent, agent_client, team_a, travel
):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(actor=agent, team=team_a, received_at=at(2026, 3, 16, 9))
    pqr.due_at = at(2026, 3, 25, 17)
    pqr.save(update_fields=["due_at"])
    travel(at(2026, 3, 20, 10))
    # Business days after Friday 20 up to Wednesday 25: 24 and 25 (23 is San José).
    for url, radicado in (("/pqr/", pqr.radicado), (f"/pqr/{pqr.pk}/", None)):
        html = _badge(agent_client, url, radicado)
        assert "25/03/2026" in html, url
        assert "vence en 2 días hábiles" in html, url


def test_queue_and_page_say_vencida_hace_n_dias_habiles(agent, agent_client, team_a, travel):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(actor=agent, team=team_a, received_at=at(2026, 3, 16, 9))
    pqr.due_at = at(2026, 3, 19, 17)
    pqr.save(update_fields=["due_at"])
    travel(at(2026, 3, 24, 10))  # 20 and 24 (23 is a holiday)
    for url, radicado in (("/pqr/", pqr.radicado), (f"/pqr/{pqr.pk}/", None)):
        html = _badge(agent_client, url, radicado)
        assert "19/03/2026" in html, url
        assert "vencida hace 2 días hábiles" in html, url


def test_paused_pqr_says_en_pausa_with_the_customers_deadline_not_vencida(
    agent, agent_client, team_a, travel
):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(actor=agent, team=team_a, received_at=at(2026, 3, 16, 9))
    travel(at(2026, 3, 18, 10))
    pqr_request_completion(pqr=pqr, actor=agent, missing="Copia de la factura", delivery=IN_PERSON)
    travel(at(2026, 5, 14, 10))  # well past the stored due date
    for url, radicado in (("/pqr/", pqr.radicado), (f"/pqr/{pqr.pk}/", None)):
        html = _badge(agent_client, url, radicado)
        assert 'data-due="paused"' in html, url
        assert "En pausa" in html, url
        assert 'data-due="overdue"' not in html, url
        assert "vencida hace" not in html, url
