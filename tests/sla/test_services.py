from datetime import date, datetime

import pytest
from django.core import mail

from sla.calendar import BOGOTA
from sla.models import Alert, NonWorkingDay, Organization, PqrClock, SlaPolicy
from sla.sweep import sweep_run
from tests.answers import IN_PERSON
from tests.pqr.factories import make_pqr
from tests.sla.alert_emails import email_every_alert

pytestmark = pytest.mark.django_db


def at(y, m, d, hh=10):
    return datetime(y, m, d, hh, tzinfo=BOGOTA)


def local_date(dt):
    return dt.astimezone(BOGOTA).date()


def test_peticion_filed_on_monday_is_due_april_9_and_clock_created():
    pqr = make_pqr(received_at=at(2026, 3, 16))
    assert pqr.filed_on == date(2026, 3, 16)
    assert local_date(pqr.legal_due_at) == date(2026, 4, 9)
    assert pqr.due_at == pqr.legal_due_at
    assert PqrClock.objects.filter(pqr=pqr).exists()


def test_saturday_receipt_is_filed_monday():
    pqr = make_pqr(received_at=at(2026, 3, 14))
    assert pqr.filed_on == date(2026, 3, 16)


def test_consulta_uses_thirty_day_legal_term():
    pqr = make_pqr(type_code="consulta", received_at=at(2026, 3, 16))
    assert local_date(pqr.legal_due_at) == date(2026, 4, 30)


def test_shorter_policy_sets_due_at_but_keeps_legal_due():
    SlaPolicy.objects.create(
        name="Rápida", first_response_value=4, resolution_value=5, resolution_unit="days"
    )
    pqr = make_pqr(received_at=at(2026, 3, 16, 9))
    assert local_date(pqr.due_at) == date(2026, 3, 23 + 1)  # 17,18,19,20,24
    assert local_date(pqr.legal_due_at) == date(2026, 4, 9)
    assert pqr.first_response_due_at == at(2026, 3, 16, 13)


def test_extra_non_working_day_moves_due_date():
    NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Día cívico")
    Organization.objects.filter(pk=1).update(calendar_version=999)
    pqr = make_pqr(received_at=at(2026, 3, 16))
    assert local_date(pqr.legal_due_at) == date(2026, 4, 10)


def test_suspension_restarts_the_day_after_information_arrives(agent, monkeypatch):
    pqr = make_pqr(received_at=at(2026, 3, 16), actor=agent)
    clock = PqrClock.objects.get(pqr=pqr)
    # Waited from Wed 18 March (2 of 15 days used) to Fri 27 March.
    clock.suspended_at = at(2026, 3, 18)
    clock.save()
    pqr.status = "en_espera_cliente"
    pqr.save(update_fields=["status"])
    from sla import services

    monkeypatch.setattr(services.timezone, "now", lambda: at(2026, 3, 27))
    services.pqr_clock_status_changed(
        pqr=pqr, old_status="en_espera_cliente", new_status="en_tramite", actor=agent
    )
    pqr.refresh_from_db()
    # 13 days left, counted from Monday 30 March: 30,31,1,6,7,8,9,10,13,14,15,16,17.
    assert local_date(pqr.legal_due_at) == date(2026, 4, 17)


def test_sweep_raises_one_breach_alert_once_and_emails_it(agent, team_a):
    email_every_alert(agent)
    pqr = make_pqr(received_at=at(2026, 3, 16), actor=agent, team=team_a, assigned_to=agent)
    mail.outbox.clear()
    sweep_run(now=at(2026, 4, 10))
    sweep_run(now=at(2026, 4, 10))
    breach = Alert.objects.filter(pqr=pqr, kind="resolution_breach")
    assert breach.count() == 1
    assert breach.get().sent_at is not None
    assert sum(1 for m in mail.outbox if "Solución vencida" in m.subject) == 1


def test_extension_doubles_term_once_and_emails_customer(agent, customer, monkeypatch):
    from django.core.exceptions import ValidationError

    from sla import services

    pqr = make_pqr(received_at=at(2026, 3, 16), actor=agent, customer=customer)
    monkeypatch.setattr(services.timezone, "now", lambda: at(2026, 4, 1))
    mail.outbox.clear()
    new_due = services.pqr_extension_grant(pqr=pqr, actor=agent, reason="Falta concepto técnico")
    # 15 more business days after 9 April: 10, 13-17, 20-24, 27-30 → 30 April.
    assert local_date(new_due) == date(2026, 4, 30)
    with pytest.raises(ValidationError):
        services.pqr_extension_grant(pqr=pqr, actor=agent, reason="Otra vez")


def test_extension_requires_reason(agent):
    from django.core.exceptions import ValidationError

    from sla import services

    pqr = make_pqr(actor=agent)
    with pytest.raises(ValidationError):
        services.pqr_extension_grant(pqr=pqr, actor=agent, reason="  ")


def test_habeas_data_consulta_extension_capped_at_five_days(agent, monkeypatch):
    from sla import services

    pqr = make_pqr(type_code="habeas_data_consulta", received_at=at(2026, 3, 16), actor=agent)
    assert local_date(pqr.legal_due_at) == date(2026, 3, 31)
    monkeypatch.setattr(services.timezone, "now", lambda: at(2026, 3, 20))
    new_due = services.pqr_extension_grant(
        pqr=pqr, actor=agent, reason="Revisión de bases", delivery=IN_PERSON
    )
    assert local_date(new_due) == date(2026, 4, 9)  # 1, 6, 7, 8, 9


def test_habeas_data_reclamo_extension_capped_at_eight_days(agent, monkeypatch):
    from sla import services

    pqr = make_pqr(type_code="habeas_data_reclamo", received_at=at(2026, 3, 16), actor=agent)
    monkeypatch.setattr(services.timezone, "now", lambda: at(2026, 3, 20))
    new_due = services.pqr_extension_grant(
        pqr=pqr, actor=agent, reason="Revisión de bases", delivery=IN_PERSON
    )
    assert local_date(new_due) == date(2026, 4, 21)  # 10, 13-17, 20, 21


def test_calendar_change_recomputes_open_pqrs(agent):
    from django.db import transaction

    from sla.services import calendar_changed

    pqr = make_pqr(received_at=at(2026, 3, 16), actor=agent)
    NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Cierre")
    with transaction.atomic():
        calendar_changed()
    from sla.services import deadlines_recompute

    deadlines_recompute()
    pqr.refresh_from_db()
    assert local_date(pqr.legal_due_at) == date(2026, 4, 10)
