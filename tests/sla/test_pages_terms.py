from datetime import datetime

import pytest
from django.urls import reverse

from sla.calendar import BOGOTA
from sla.models import LegalTerm, LegalTermChange
from tests.pqr.factories import make_pqr

from ._pages import queries_for_get

pytestmark = pytest.mark.django_db
LIST = reverse("sla:legal_terms")


def _term(code: str) -> LegalTerm:
    return LegalTerm.objects.select_related("pqr_type").get(pqr_type__code=code)


def _edit_url(code: str) -> str:
    return reverse("sla:legal_term_edit", args=[_term(code).pk])


def _form(term: LegalTerm, **overrides) -> dict:
    data = {
        "days": term.days,
        "extension_rule": term.extension_rule,
        "extension_days": term.extension_days,
        "silence_effect": term.silence_effect,
        "source": term.source,
        "reason": "Circular interna 12 de 2026",
    }
    return {**data, **overrides}


def test_agent_gets_403_on_legal_terms(agent_client):
    assert agent_client.get(LIST).status_code == 403
    assert agent_client.get(_edit_url("peticion")).status_code == 403


def test_supervisor_reads_terms_but_cannot_edit(supervisor_client):
    html = supervisor_client.get(LIST).content.decode()
    assert "Consulta de datos personales" in html
    assert supervisor_client.get(_edit_url("peticion")).status_code == 403


def test_terms_list_shows_days_extension_and_silence_effect(admin_client_role):
    html = admin_client_role.get(LIST).content.decode()
    assert "30 días hábiles" in html  # consulta
    assert "(+8)" in html  # habeas data reclamo
    assert "silencio positivo" in html  # información


def test_edit_writes_audit_rows_with_actor_old_new_and_reason(admin_client_role, administrator):
    term = _term("felicitacion")
    response = admin_client_role.post(_edit_url("felicitacion"), _form(term, days="10"))
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.days == 10
    change = LegalTermChange.objects.get(term=term, field="days")
    assert (change.old_value, change.new_value, change.actor) == ("15", "10", administrator)
    reason = LegalTermChange.objects.get(term=term, field="reason")
    assert reason.new_value == "Circular interna 12 de 2026"
    html = admin_client_role.get(LIST).content.decode()
    history = html[html.index('data-testid="term-history"') :]
    assert "Felicitación" in history
    assert "Circular interna 12 de 2026" in history
    assert "<del" in history
    assert "<strong>10</strong>" in history


def test_edit_without_reason_is_refused_and_keeps_input(admin_client_role):
    term = _term("sugerencia")
    html = admin_client_role.post(
        _edit_url("sugerencia"), _form(term, days="20", reason="  ")
    ).content.decode()
    assert 'value="20"' in html
    assert "Explique por qué cambia el término." in html
    term.refresh_from_db()
    assert term.days == 15
    assert not LegalTermChange.objects.exists()


def test_fixed_extension_needs_days(admin_client_role):
    term = _term("peticion")
    html = admin_client_role.post(
        _edit_url("peticion"), _form(term, extension_rule="fixed", extension_days="0")
    ).content.decode()
    assert "Indique cuántos días agrega la prórroga." in html


def test_zero_days_and_unchanged_values_are_refused(admin_client_role):
    term = _term("queja")
    html = admin_client_role.post(_edit_url("queja"), _form(term, days="0")).content.decode()
    assert "El término debe ser de al menos un día hábil." in html
    html = admin_client_role.post(_edit_url("queja"), _form(term)).content.decode()
    assert "No cambió ningún valor del término." in html
    assert not LegalTermChange.objects.exists()


def test_shorter_term_moves_open_pqr_legal_due_date(
    admin_client_role, agent, team_a, django_capture_on_commit_callbacks
):
    pqr = make_pqr(received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA), actor=agent, team=team_a)
    term = _term("peticion")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_role.post(_edit_url("peticion"), _form(term, days="10"))
    pqr.refresh_from_db()
    assert pqr.legal_due_at.astimezone(BOGOTA).date().isoformat() == "2026-03-31"


def test_terms_page_queries_do_not_grow_with_history(admin_client_role):
    term = _term("denuncia")
    admin_client_role.post(_edit_url("denuncia"), _form(term, days="14"))
    few = queries_for_get(admin_client_role, LIST)
    for edit in range(20):  # the law's 15 days are the ceiling: alternate 13 and 14
        term.refresh_from_db()
        admin_client_role.post(_edit_url("denuncia"), _form(term, days=str(13 + edit % 2)))
    assert LegalTermChange.objects.count() == 42
    assert queries_for_get(admin_client_role, LIST) == few
