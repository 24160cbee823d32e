"""Recursos against a public-utility decision (Ley 142 arts. 154-159): within 5 business
days of the notification (Monday 6 April 2026 → Monday 13 April), decided within 15
business days, the apelación forwarded to the Superintendencia with its date."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from pqr.models import ProtocolStepCode, RootCause
from pqr.services import (
    pqr_appeal_forward,
    pqr_recurso_decide,
    pqr_recurso_file,
    protocol_step_record,
)
from sla.models import Alert, AlertKind, Notification, Organization, PqrClock
from sla.sweep import sweep_run
from tests.answers import resolve_answered
from tests.customers.factories import CustomerFactory
from tests.pqr.factories import make_pqr

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(agent, team_a, travel):
    Organization.objects.filter(pk=1).update(legal_regime="servicios_publicos")
    travel(at(2026, 3, 16, 10))
    # With an email address: the decision of the recurso is notified there.
    customer = CustomerFactory(email="usuario@example.com", document_number="10203040")
    pqr = make_pqr(
        type_code="reclamo",
        actor=agent,
        team=team_a,
        customer=customer,
        received_at=at(2026, 3, 16, 9),
    )
    for step in ProtocolStepCode.values:
        protocol_step_record(
            pqr=pqr, step=step, actor=agent, note="Hecho", compensation_kind="none"
        )
    travel(at(2026, 4, 6, 10))
    return resolve_answered(pqr, agent, root_cause=RootCause.objects.first())


def test_recurso_on_day_five_is_on_time_and_decided_within_fifteen_days(decided, agent, travel):
    travel(at(2026, 4, 13, 16))
    recurso = pqr_recurso_file(
        pqr=decided, actor=agent, kind="reposicion_apelacion", grounds="No está de acuerdo"
    )
    assert (recurso.notified_on, recurso.deadline_on) == (date(2026, 4, 6), date(2026, 4, 13))
    assert recurso.filed_late is False
    # 14-17, 20-24, 27-30 April, 4 and 5 May (1 May is a holiday).
    assert recurso.decide_by == date(2026, 5, 5)


def test_recurso_after_day_five_is_recorded_and_flagged(decided, agent, travel):
    travel(at(2026, 4, 14, 9))
    recurso = pqr_recurso_file(pqr=decided, actor=agent, kind="reposicion", grounds="Tarde")
    assert recurso.filed_late is True
    assert "fuera de término" in decided.events.filter(field="recurso").last().note


def test_apelacion_forwarded_after_the_reposicion_with_its_date(decided, agent, travel):
    travel(at(2026, 4, 8, 9))
    recurso = pqr_recurso_file(
        pqr=decided, actor=agent, kind="reposicion_apelacion", grounds="Pide revisar la lectura"
    )
    with pytest.raises(ValidationError, match="Primero se decide"):
        pqr_appeal_forward(recurso=recurso, actor=agent)
    travel(at(2026, 4, 20, 9))
    pqr_recurso_decide(recurso=recurso, actor=agent, decision="Se confirma la decisión.")
    travel(at(2026, 4, 22, 9))
    pqr_appeal_forward(recurso=recurso, actor=agent, forwarded_on=date(2026, 4, 21))
    recurso.refresh_from_db()
    assert (recurso.decided_on, recurso.forwarded_on) == (date(2026, 4, 20), date(2026, 4, 21))


def test_no_recursos_for_a_private_company_or_an_undecided_pqr(agent, team_a, travel):
    travel(at(2026, 3, 16, 10))
    pqr = make_pqr(type_code="reclamo", actor=agent, team=team_a)
    with pytest.raises(ValidationError, match="no proceden recursos"):
        pqr_recurso_file(pqr=pqr, actor=agent, kind="reposicion", grounds="x")
    Organization.objects.filter(pk=1).update(legal_regime="servicios_publicos")
    with pytest.raises(ValidationError, match="ya notificada"):
        pqr_recurso_file(pqr=pqr, actor=agent, kind="reposicion", grounds="x")


def test_agent_files_decides_and_forwards_from_the_page(decided, agent, agent_client, travel):
    travel(at(2026, 4, 8, 9))
    page = agent_client.get(f"/pqr/{decided.pk}/").content.decode()
    assert 'data-testid="recursos"' in page
    agent_client.post(
        f"/pqr/{decided.pk}/recursos/",
        {"kind": "reposicion_apelacion", "grounds": "Lectura errada", "filed_on": "2026-04-07"},
    )
    recurso = decided.recursos.get()
    assert recurso.filed_on == date(2026, 4, 7)
    travel(at(2026, 4, 20, 9))
    url = f"/pqr/{decided.pk}/recursos/{recurso.pk}/"
    agent_client.post(url, {"step": "decide", "decision": "Se confirma."})
    agent_client.post(url, {"step": "forward", "on": "2026-04-20"})
    recurso.refresh_from_db()
    assert (recurso.decided_on, recurso.forwarded_on) == (date(2026, 4, 20), date(2026, 4, 20))


def test_reposicion_decided_after_fifteen_days_is_flagged(decided, agent, agent_client, travel):
    travel(at(2026, 4, 8, 9))
    recurso = pqr_recurso_file(pqr=decided, actor=agent, kind="reposicion", grounds="Revisar")
    # Filed Wednesday 8 April: 15 business days end Thursday 29 April.
    assert recurso.decide_by == date(2026, 4, 29)
    travel(at(2026, 4, 30, 9))
    page = agent_client.get(f"/pqr/{decided.pk}/").content.decode()
    assert 'data-testid="recurso-overdue"' in page
    pqr_recurso_decide(recurso=recurso, actor=agent, decision="Se confirma.")
    recurso.refresh_from_db()
    assert recurso.decided_late is True
    note = decided.events.filter(field="recurso_decided").last().note
    assert "fuera de término (vencía el 2026-04-29)" in note
    page = agent_client.get(f"/pqr/{decided.pk}/").content.decode()
    assert 'data-testid="recurso-late"' in page
    assert 'data-testid="recurso-overdue"' not in page


def test_reposicion_decided_on_day_fifteen_is_on_time(decided, agent, agent_client, travel):
    travel(at(2026, 4, 8, 9))
    recurso = pqr_recurso_file(pqr=decided, actor=agent, kind="reposicion", grounds="Revisar")
    travel(at(2026, 4, 29, 16))
    assert (
        'data-testid="recurso-overdue"'
        not in agent_client.get(f"/pqr/{decided.pk}/").content.decode()
    )
    pqr_recurso_decide(recurso=recurso, actor=agent, decision="Se confirma.")
    recurso.refresh_from_db()
    assert recurso.decided_late is False


# --- undecided after 15 business days: staff alert; Ley 142 silencio positivo -------
# Filed Wednesday 8 April: the 15 business days end Thursday 29 April (the sweep looks
# at the end of that day, 23:59:59).


def _alerts(pqr, kind):
    return Alert.objects.filter(pqr=pqr, kind=kind)


def test_undecided_recurso_alerts_staff_once_after_its_fifteen_days(agent, team_a, travel):
    Organization.objects.filter(pk=1).update(legal_regime="publica")
    travel(at(2026, 3, 16, 10))
    pqr = make_pqr(type_code="reclamo", actor=agent, team=team_a, received_at=at(2026, 3, 16, 9))
    for step in ProtocolStepCode.values:
        protocol_step_record(
            pqr=pqr, step=step, actor=agent, note="Hecho", compensation_kind="none"
        )
    travel(at(2026, 4, 6, 10))
    resolve_answered(pqr, agent, root_cause=RootCause.objects.first())
    travel(at(2026, 4, 8, 9))
    recurso = pqr_recurso_file(pqr=pqr, actor=agent, kind="reposicion", grounds="Revisar")
    assert recurso.decide_by == date(2026, 4, 29)
    sweep_run(now=at(2026, 4, 29, 23, 59))
    assert not _alerts(pqr, AlertKind.RECURSO_OVERDUE).exists()
    sweep_run(now=at(2026, 4, 30, 0, 0) + timedelta(seconds=1))
    sweep_run(now=at(2026, 4, 30, 10))
    (alert,) = _alerts(pqr, AlertKind.RECURSO_OVERDUE)
    assert alert.threshold == "2026-04-29"
    assert Notification.objects.filter(alert=alert, user=agent).exists()
    # A public entity's recurso has no silencio positivo.
    assert not _alerts(pqr, AlertKind.RECURSO_SILENCE).exists()
    recurso.refresh_from_db()
    assert recurso.silence_at is None


def test_utility_recurso_undecided_after_fifteen_days_is_silencio_positivo(
    decided, agent, agent_client, travel
):
    travel(at(2026, 4, 8, 9))
    recurso = pqr_recurso_file(pqr=decided, actor=agent, kind="reposicion", grounds="Revisar")
    sweep_run(now=at(2026, 4, 29, 23, 59))
    assert not _alerts(decided, AlertKind.RECURSO_SILENCE).exists()
    travel(at(2026, 4, 30, 0, 1))
    sweep_run(now=at(2026, 4, 30, 0, 1))
    sweep_run(now=at(2026, 4, 30, 9))
    assert _alerts(decided, AlertKind.RECURSO_OVERDUE).count() == 1
    assert _alerts(decided, AlertKind.RECURSO_SILENCE).count() == 1
    recurso.refresh_from_db()
    assert recurso.silence_at == at(2026, 4, 30, 0, 1)
    (event,) = decided.events.filter(field="recurso_silence")
    assert "silencio administrativo positivo" in event.note
    assert "(2026-04-29)" in event.note
    travel(at(2026, 4, 30, 9))
    page = agent_client.get(f"/pqr/{decided.pk}/").content.decode()
    assert 'data-testid="recurso-silence"' in page
    assert "Silencio positivo desde el 30/04/2026" in page


def test_recurso_decided_on_its_last_day_raises_no_alert(decided, agent, travel):
    travel(at(2026, 4, 8, 9))
    recurso = pqr_recurso_file(pqr=decided, actor=agent, kind="reposicion", grounds="Revisar")
    travel(at(2026, 4, 29, 16))
    pqr_recurso_decide(recurso=recurso, actor=agent, decision="Se confirma.")
    assert PqrClock.objects.get(pqr=decided).recurso_decide_by is None
    sweep_run(now=at(2026, 4, 30, 9))
    assert not Alert.objects.filter(pqr=decided, kind__startswith="recurso").exists()


def test_a_second_undecided_recurso_alerts_on_its_own_day(decided, agent, travel):
    travel(at(2026, 4, 8, 9))
    pqr_recurso_file(pqr=decided, actor=agent, kind="reposicion", grounds="Primero")
    travel(at(2026, 4, 13, 9))
    later = pqr_recurso_file(pqr=decided, actor=agent, kind="reposicion", grounds="Segundo")
    # 14-17, 20-24, 27-30 April, 4 and 5 May (1 May is a holiday).
    assert later.decide_by == date(2026, 5, 5)
    sweep_run(now=at(2026, 4, 30, 9))
    assert PqrClock.objects.get(pqr=decided).recurso_decide_by == date(2026, 5, 5)
    sweep_run(now=at(2026, 5, 5, 23, 59))
    assert _alerts(decided, AlertKind.RECURSO_OVERDUE).count() == 1
    sweep_run(now=at(2026, 5, 6, 0, 1))
    assert sorted(
        _alerts(decided, AlertKind.RECURSO_OVERDUE).values_list("threshold", flat=True)
    ) == [
        "2026-04-29",
        "2026-05-05",
    ]
