"""Incomplete petitions (Ley 1755/2015 art. 17), with exact dates.

Calendar used (Colombia 2026): Monday 23 March (San José), Thursday 2 and Friday 3
April (Semana Santa) and Friday 1 May are holidays. A peticion filed on Monday 16
March has business days 17, 18, 19, 20, 24, 25, 26, 27, 30, 31 March (the tenth) and
1 April (the eleventh); its 15-day term ends on Thursday 9 April.
"""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from dashboards.filters import DashboardFilters
from dashboards.rollups import open_snapshot_rebuild, rollups_refresh
from dashboards.selectors_sla import legal_risk, sla_dashboard
from pqr.models import CompletionOutcome, EventKind, PqrEvent, Status
from pqr.services import (
    pqr_completion_extend,
    pqr_completion_received,
    pqr_desist,
    pqr_request_completion,
    pqr_transition,
)
from sla.calendar import BOGOTA
from sla.models import Alert, AlertKind, PqrClock
from sla.sweep import sweep_run
from tests.answers import IN_PERSON
from tests.customers.factories import CustomerFactory
from tests.pqr.factories import make_pqr

from .conftest import at

pytestmark = pytest.mark.django_db


def day(dt):
    return dt.astimezone(BOGOTA).date()


def _filed_monday_16_march(travel, agent, **kw):
    travel(at(2026, 3, 16, 9))
    return make_pqr(actor=agent, received_at=at(2026, 3, 16, 9), **kw)


def _ask(travel, pqr, agent, when):
    travel(when)
    return pqr_request_completion(
        pqr=pqr, actor=agent, missing="Copia de la factura", delivery=IN_PERSON
    )


# --- the 10-business-day window ------------------------------------------------------


def test_request_on_business_day_ten_suspends_the_term(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    request = _ask(travel, pqr, agent, at(2026, 3, 31, 16))
    pqr.refresh_from_db()
    assert request.window_ends_on == date(2026, 3, 31)
    assert request.suspends is True
    assert pqr.term_suspended is True
    assert PqrClock.objects.get(pqr=pqr).suspended_at == at(2026, 3, 31, 16)


def test_request_on_business_day_eleven_does_not_suspend_and_warns(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    request = _ask(travel, pqr, agent, at(2026, 4, 1, 9))
    pqr.refresh_from_db()
    assert request.suspends is False
    assert pqr.status == Status.EN_ESPERA_CLIENTE  # the request is still sent
    assert pqr.term_suspended is False
    assert PqrClock.objects.get(pqr=pqr).suspended_at is None
    assert day(pqr.legal_due_at) == date(2026, 4, 9)  # the term keeps running
    warning = PqrEvent.objects.filter(pqr=pqr, kind=EventKind.NOTE).last()
    assert "no suspende" in warning.note
    # The information arriving later does not move the date either.
    travel(at(2026, 4, 7, 10))
    pqr_completion_received(pqr=pqr, arrived_on=None, actor=agent, source="agent")
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 9)


def test_late_request_stays_overdue_in_the_queue_but_suspended_one_does_not(
    agent, agent_client, team_a, travel
):
    late = _filed_monday_16_march(travel, agent, team=team_a, subject="Tardía")
    _ask(travel, late, agent, at(2026, 4, 1, 9))
    paused = _filed_monday_16_march(travel, agent, team=team_a, subject="Suspendida")
    _ask(travel, paused, agent, at(2026, 3, 18, 10))
    travel(at(2026, 4, 14, 10))  # both stored dates (9 April) are past
    page = agent_client.get("/pqr/?due=overdue").content.decode()
    assert late.radicado in page
    assert paused.radicado not in page


# --- the customer's month -------------------------------------------------------------


def test_customer_month_ending_on_a_holiday_moves_to_the_next_business_day(agent, travel):
    travel(at(2026, 3, 18, 9))
    pqr = make_pqr(actor=agent, received_at=at(2026, 3, 18, 9))
    # Wednesday 1 April is the 8th business day after 18 March; a month later is
    # Friday 1 May (Labour Day), then the weekend: Monday 4 May.
    request = _ask(travel, pqr, agent, at(2026, 4, 1, 10))
    assert request.suspends is True
    assert request.customer_due_on == date(2026, 5, 4)
    pqr.refresh_from_db()
    assert pqr.completion_due_on == date(2026, 5, 4)


def test_customer_month_on_a_saturday_moves_to_monday(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    request = _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    assert request.customer_due_on == date(2026, 4, 20)  # 18 April is a Saturday


def test_customer_month_from_the_31st_ends_on_the_last_day_of_a_shorter_month(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    request = _ask(travel, pqr, agent, at(2026, 3, 31, 10))
    assert request.customer_due_on == date(2026, 4, 30)


def test_customer_extension_once_by_up_to_a_month(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))  # customer due Monday 20 April
    travel(at(2026, 4, 20, 15))
    with pytest.raises(ValidationError, match="no pasar del 2026-05-20"):
        pqr_completion_extend(pqr=pqr, actor=agent, note="Llamó", until=date(2026, 5, 21))
    request = pqr_completion_extend(pqr=pqr, actor=agent, note="Pidió más tiempo por teléfono")
    assert request.customer_due_on == date(2026, 5, 20)
    assert request.first_customer_due_on == date(2026, 4, 20)
    pqr.refresh_from_db()
    assert pqr.completion_due_on == date(2026, 5, 20)
    with pytest.raises(ValidationError, match="única prórroga"):
        pqr_completion_extend(pqr=pqr, actor=agent, note="Otra vez")


def test_customer_extension_refused_after_the_deadline(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    travel(at(2026, 4, 21, 9))
    with pytest.raises(ValidationError, match="ya venció"):
        pqr_completion_extend(pqr=pqr, actor=agent, note="Llamó tarde")


# --- the information arrives -----------------------------------------------------------


def test_information_arriving_before_it_is_recorded_counts_from_the_arrival(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))  # 2 of 15 days used: 13 left
    travel(at(2026, 4, 1, 11))  # recorded on 1 April, arrived Friday 27 March
    pqr_completion_received(pqr=pqr, arrived_on=date(2026, 3, 27), actor=agent, source="agent")
    pqr.refresh_from_db()
    # 13 days from Monday 30 March: 30, 31, 1, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17.
    assert day(pqr.legal_due_at) == date(2026, 4, 17)
    request = pqr.completion_requests.get()
    assert request.outcome == CompletionOutcome.ARRIVED
    assert request.arrived_on == date(2026, 3, 27)
    assert request.recorded_at == at(2026, 4, 1, 11)
    assert pqr.term_suspended is False
    assert pqr.completion_due_on is None


def test_arrival_recorded_today_by_default(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    travel(at(2026, 4, 1, 11))
    pqr_completion_received(pqr=pqr, arrived_on=None, actor=agent, source="email")
    pqr.refresh_from_db()
    # 13 days from Monday 6 April (2-3 April are holidays): 6..10, 13..17, 20, 21, 22.
    assert day(pqr.legal_due_at) == date(2026, 4, 22)
    assert pqr.completion_requests.get().arrival_source == "email"


def test_arrival_in_the_future_or_before_the_request_is_refused(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    travel(at(2026, 3, 25, 10))
    with pytest.raises(ValidationError, match="futura"):
        pqr_completion_received(pqr=pqr, arrived_on=date(2026, 3, 26), actor=agent, source="api")
    with pytest.raises(ValidationError, match="antes de pedirla"):
        pqr_completion_received(pqr=pqr, arrived_on=date(2026, 3, 17), actor=agent, source="api")
    pqr.refresh_from_db()
    assert pqr.status == Status.EN_ESPERA_CLIENTE


def test_agent_records_arrival_date_on_the_page(agent_client, agent, team_a, travel):
    pqr = _filed_monday_16_march(travel, agent, team=team_a)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    travel(at(2026, 4, 1, 11))
    agent_client.post(f"/pqr/{pqr.pk}/estado/start/", {"arrived_on": "2026-03-27"})
    pqr.refresh_from_db()
    assert pqr.status == Status.EN_TRAMITE
    assert day(pqr.legal_due_at) == date(2026, 4, 17)


# --- desistimiento -----------------------------------------------------------------------


def test_tacit_desistimiento_refused_until_the_customer_deadline_has_passed(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    travel(at(2026, 3, 17, 10))
    with pytest.raises(ValidationError, match="solo procede después de pedir"):
        pqr_desist(pqr=pqr, actor=agent, tacit=True, note="Sin respuesta", delivery=IN_PERSON)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))  # customer due Monday 20 April
    travel(at(2026, 4, 20, 16))
    with pytest.raises(ValidationError, match="hasta el 2026-04-20"):
        pqr_desist(pqr=pqr, actor=agent, tacit=True, note="Sin respuesta", delivery=IN_PERSON)
    travel(at(2026, 4, 21, 8))
    pqr_desist(
        pqr=pqr,
        actor=agent,
        tacit=True,
        note="Venció el mes sin que aportara la factura (art. 17).",
        delivery=IN_PERSON,
    )
    pqr.refresh_from_db()
    assert pqr.status == Status.DESISTIDO
    assert pqr.completion_requests.get().outcome == CompletionOutcome.TACIT
    assert pqr.notifications.filter(decision="desistimiento").exists()


def test_tacit_desistimiento_needs_reasons(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    travel(at(2026, 4, 21, 8))
    with pytest.raises(ValidationError, match="decisión motivada"):
        pqr_desist(pqr=pqr, actor=agent, tacit=True, note=" ", delivery=IN_PERSON)


def test_express_withdrawal_is_a_separate_action_at_any_time(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    travel(at(2026, 3, 19, 10))  # long before the customer's deadline
    pqr_desist(
        pqr=pqr,
        actor=agent,
        tacit=False,
        note="Retiró la petición por escrito.",
        delivery=IN_PERSON,
    )
    pqr.refresh_from_db()
    assert pqr.status == Status.DESISTIDO
    assert pqr.completion_requests.get().outcome == CompletionOutcome.EXPRESS
    fresh = _filed_monday_16_march(travel, agent)  # and without any completion request
    travel(at(2026, 3, 17, 10))
    pqr_desist(
        pqr=fresh, actor=agent, tacit=False, note="Desistió en ventanilla.", delivery=IN_PERSON
    )
    fresh.refresh_from_db()
    assert fresh.status == Status.DESISTIDO


def test_end_of_customer_month_alerts_staff_and_proposes_desistimiento(
    agent, agent_client, team_a, travel
):
    pqr = _filed_monday_16_march(travel, agent, team=team_a, assigned_to=agent)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    mail.outbox.clear()
    sweep_run(now=at(2026, 4, 20, 23))
    assert not Alert.objects.filter(pqr=pqr, kind=AlertKind.COMPLETION_EXPIRED).exists()
    sweep_run(now=at(2026, 4, 21, 0, 1))
    alert = Alert.objects.get(pqr=pqr, kind=AlertKind.COMPLETION_EXPIRED)
    assert alert.threshold == "2026-04-20"
    travel(at(2026, 4, 21, 9))
    page = agent_client.get(f"/pqr/{pqr.pk}/").content.decode()
    assert 'data-testid="tacit-proposal"' in page
    assert "Declarar el desistimiento tácito (art. 17)" in page


def test_no_desistimiento_proposal_before_the_deadline(agent, agent_client, team_a, travel):
    pqr = _filed_monday_16_march(travel, agent, team=team_a)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    travel(at(2026, 4, 20, 9))
    page = agent_client.get(f"/pqr/{pqr.pk}/").content.decode()
    assert 'data-testid="tacit-proposal"' not in page
    assert 'data-testid="desist-tacit"' not in page


# --- "En pausa" wherever a due badge shows ---------------------------------------------


def test_suspended_pqr_shows_en_pausa_with_customer_deadline_in_queue_and_page(
    agent, agent_client, team_a, travel
):
    pqr = _filed_monday_16_march(travel, agent, team=team_a)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    travel(at(2026, 4, 14, 10))  # the stored date (9 April) is past: still not overdue
    for url in ("/pqr/", f"/pqr/{pqr.pk}/"):
        page = agent_client.get(url).content.decode()
        assert 'data-due="paused"' in page, url
        assert "En pausa" in page
        assert "20/04/2026" in page
        assert 'data-due="overdue"' not in page


def test_suspended_pqr_is_not_counted_overdue_nor_listed_at_legal_risk(
    agent, supervisor, team_a, travel
):
    paused = _filed_monday_16_march(travel, agent, team=team_a)
    _ask(travel, paused, agent, at(2026, 3, 18, 10))
    running = _filed_monday_16_march(travel, agent, team=team_a)
    now = travel(at(2026, 4, 14, 10))
    open_snapshot_rebuild(now=now)
    filters = DashboardFilters(start=date(2026, 3, 1), end=date(2026, 4, 14), user=supervisor)
    data = sla_dashboard(filters=filters, now=now)
    assert data.open["overdue"] == 1
    assert data.open["legal_overdue"] == 1
    assert [p.pk for p in legal_risk(filters=filters, now=now)] == [running.pk]


def test_workload_list_shows_en_pausa_instead_of_a_past_due_date(
    agent, supervisor_client, team_a, travel
):
    paused = _filed_monday_16_march(travel, agent, team=team_a)
    _ask(travel, paused, agent, at(2026, 3, 18, 10))
    _filed_monday_16_march(travel, agent, team=team_a)
    travel(at(2026, 4, 14, 10))
    rollups_refresh(now=at(2026, 4, 14, 10))  # pages show built rollups only (issue 18)
    page = supervisor_client.get("/tableros/carga/").content.decode()
    row = page.split(paused.radicado, 1)[1].split("</tr>", 1)[0]
    assert 'data-due="paused"' in row
    assert "En pausa" in row
    assert "20/04/2026" in row
    assert page.count('data-due="paused"') == 1


def test_customer_sees_the_deadline_in_the_email_and_on_the_status_page(
    client, agent, team_a, travel, django_capture_on_commit_callbacks
):
    travel(at(2026, 3, 16, 9))
    customer = CustomerFactory(
        full_name="Jorge Iván Mejía", document_number="71234567", email="jorge@example.com"
    )
    pqr = _filed_monday_16_march(travel, agent, team=team_a, customer=customer)
    travel(at(2026, 3, 18, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_request_completion(pqr=pqr, actor=agent, missing="Copia del contrato")
    body = mail.outbox[-1].body
    assert "20 de abril de 2026" in body.lower()
    assert "queda en pausa" in body
    client.post("/pqr/consulta/", {"radicado": pqr.radicado, "identifier": "71234567"})
    page = client.get("/pqr/consulta/estado/").content.decode()
    assert "20 de abril de 2026" in page.lower()
    assert "En pausa hasta que recibamos la información" in page


def test_customer_is_emailed_and_shown_the_extended_deadline(
    client, agent, team_a, travel, django_capture_on_commit_callbacks
):
    travel(at(2026, 3, 16, 9))
    customer = CustomerFactory(
        full_name="Luz Dary Ospina", document_number="43111222", email="luz@example.com"
    )
    pqr = _filed_monday_16_march(travel, agent, team=team_a, customer=customer)
    travel(at(2026, 3, 18, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_request_completion(pqr=pqr, actor=agent, missing="Copia del contrato")
    sent = len(mail.outbox)
    travel(at(2026, 4, 15, 11))  # before her deadline of Monday 20 April
    with django_capture_on_commit_callbacks(execute=True):
        pqr_completion_extend(
            pqr=pqr, actor=agent, note="Lo pidió por teléfono", until=date(2026, 5, 8)
        )
    assert len(mail.outbox) == sent + 1
    body = mail.outbox[-1].body
    assert mail.outbox[-1].to == ["luz@example.com"]
    assert "ampliamos su plazo" in body
    assert "8 de mayo de 2026" in body.lower()
    assert "20 de abril" not in body.lower()
    client.post("/pqr/consulta/", {"radicado": pqr.radicado, "identifier": "43111222"})
    page = client.get("/pqr/consulta/estado/").content.decode()
    assert "8 de mayo de 2026" in page.lower()
    assert "20 de abril de 2026" not in page.lower()


def test_back_to_handling_without_arrival_date_uses_today(agent, travel):
    pqr = _filed_monday_16_march(travel, agent)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    travel(at(2026, 3, 27, 10))
    pqr_transition(pqr=pqr, to_status=Status.EN_TRAMITE, actor=agent)
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 17)


# --- desistimiento: the reasoned decision the customer receives ------------------------


def _customer_pqr(travel, agent, team_a, **kw):
    travel(at(2026, 3, 16, 9))
    customer = CustomerFactory(
        full_name="Rosa Elvira Cárdenas", document_number="41222333", email="rosa@example.com"
    )
    return _filed_monday_16_march(travel, agent, team=team_a, customer=customer, **kw)


def test_tacit_desistimiento_email_is_the_reasoned_decision(
    agent, team_a, travel, django_capture_on_commit_callbacks
):
    pqr = _customer_pqr(travel, agent, team_a)
    travel(at(2026, 3, 18, 10))
    pqr_request_completion(pqr=pqr, actor=agent, missing="Copia de la factura de febrero")
    travel(at(2026, 4, 21, 9))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_desist(
            pqr=pqr,
            actor=agent,
            tacit=True,
            note="Venció el plazo del 20 de abril sin que aportara la factura.",
        )
    sent = mail.outbox[-1]
    assert sent.to == ["rosa@example.com"]
    assert "desistimiento tácito (Ley 1755 de 2015, art. 17)" in sent.body
    assert "El 18/03/2026 le pedimos completar la solicitud con: Copia de la factura" in sent.body
    assert "Tenía plazo hasta el 20/04/2026" in sent.body
    assert "Razones de la decisión:\nVenció el plazo del 20 de abril" in sent.body
    assert "[tacito]" not in sent.body
    assert "Puede presentar la solicitud de nuevo" in sent.body


def test_express_withdrawal_email_says_the_customer_withdrew(
    agent, team_a, travel, django_capture_on_commit_callbacks
):
    pqr = _customer_pqr(travel, agent, team_a)
    travel(at(2026, 3, 19, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_desist(pqr=pqr, actor=agent, tacit=False, note="Retiró la petición por escrito.")
    body = mail.outbox[-1].body
    assert "porque usted desistió de ella (Ley 1755 de 2015, art. 18)" in body
    assert "Retiró la petición por escrito." in body
    assert "tácito" not in body
    assert "[expreso]" not in body


def test_page_offers_tacit_and_express_withdrawal_as_separate_actions(
    agent, agent_client, team_a, travel
):
    pqr = _filed_monday_16_march(travel, agent, team=team_a)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))  # customer due Monday 20 April
    travel(at(2026, 4, 20, 16))
    page = agent_client.get(f"/pqr/{pqr.pk}/").content.decode()
    assert 'data-testid="desist-express"' in page
    assert 'data-testid="desist-tacit"' not in page
    assert f"/pqr/{pqr.pk}/estado/desist_tacit/" not in page
    travel(at(2026, 4, 21, 9))
    page = agent_client.get(f"/pqr/{pqr.pk}/").content.decode()
    assert 'data-testid="desist-tacit"' in page
    assert 'data-testid="desist-express"' in page
    agent_client.post(
        f"/pqr/{pqr.pk}/estado/desist_tacit/",
        {
            "note": "No aportó la factura pedida el 18 de marzo.",
            "ndesist_tacit-channel": "in_person",
            "ndesist_tacit-constancia": "Se le entregó la decisión en la oficina.",
        },
    )
    pqr.refresh_from_db()
    assert pqr.status == Status.DESISTIDO
    assert pqr.completion_requests.get().outcome == CompletionOutcome.TACIT


def test_tacit_action_before_the_deadline_is_refused_from_the_page(
    agent, agent_client, team_a, travel
):
    pqr = _filed_monday_16_march(travel, agent, team=team_a)
    _ask(travel, pqr, agent, at(2026, 3, 18, 10))
    travel(at(2026, 4, 20, 16))
    response = agent_client.post(
        f"/pqr/{pqr.pk}/estado/desist_tacit/",
        {
            "note": "Sin respuesta",
            "ndesist_tacit-channel": "in_person",
            "ndesist_tacit-constancia": "En la oficina.",
        },
        follow=True,
    )
    pqr.refresh_from_db()
    assert pqr.status == Status.EN_ESPERA_CLIENTE
    assert "hasta el 2026-04-20" in response.content.decode()
