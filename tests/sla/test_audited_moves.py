"""Deadlines that move are audited: the settings edit (who, when, before, after), an
event on every PQR whose dates moved, and the customer told of a later legal date."""

from datetime import date

import pytest
from django.urls import reverse

from pqr.emails import render_customer_email
from pqr.models import CustomerEmail, EventKind, PqrEvent
from sla import editing
from sla.calendar import BOGOTA
from sla.models import NonWorkingDay, SettingArea, SettingChange, SlaPolicy
from tests.customers.factories import CustomerFactory
from tests.pqr.factories import make_pqr

from .conftest import at

pytestmark = pytest.mark.django_db


def day(dt):
    return dt.astimezone(BOGOTA).date()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_closure_added_is_audited_moves_dates_with_events_and_tells_the_customer(
    administrator, agent, travel, commit
):
    travel(at(2026, 3, 16, 10))
    customer = CustomerFactory(email="luz@example.com", document_number="52111222")
    pqr = make_pqr(received_at=at(2026, 3, 16, 10), actor=agent, customer=customer)
    assert day(pqr.legal_due_at) == date(2026, 4, 9)
    with commit():
        editing.non_working_day_add(day=date(2026, 3, 25), reason="Día cívico", actor=administrator)
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 10)
    audit = SettingChange.objects.get(area=SettingArea.CLOSURE)
    assert (audit.subject, audit.after, audit.actor) == ("2026-03-25", "Día cívico", administrator)
    moved = PqrEvent.objects.get(pqr=pqr, kind=EventKind.FIELD, field="legal_due_at")
    assert "2026-04-09" in moved.old_value
    assert "2026-04-10" in moved.new_value
    told = CustomerEmail.objects.get(pqr=pqr, kind="due_date_moved")
    assert told.dedupe_key.startswith("due_date_moved:")
    subject, text, _html = render_customer_email(told)
    assert pqr.radicado in subject
    assert "Nueva fecha máxima de respuesta: 10/04/2026" in text


def test_earlier_legal_date_writes_events_but_no_customer_email(
    administrator, agent, travel, commit
):
    travel(at(2026, 3, 16, 10))
    extra = NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Día cívico")
    customer = CustomerFactory(email="luz@example.com", document_number="52111222")
    pqr = make_pqr(received_at=at(2026, 3, 16, 10), actor=agent, customer=customer)
    with commit():
        editing.non_working_day_remove(day_id=extra.pk, actor=administrator)
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 9)
    assert PqrEvent.objects.filter(pqr=pqr, field="legal_due_at").exists()
    assert not CustomerEmail.objects.filter(pqr=pqr, kind="due_date_moved").exists()
    audit = SettingChange.objects.get(area=SettingArea.CLOSURE)
    assert (audit.before, audit.after) == ("Día cívico", "")


def test_removing_a_closure_asks_for_confirmation(admin_client_role):
    extra = NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Día cívico")
    url = reverse("sla:calendar_day_remove", args=[extra.pk])
    page = admin_client_role.post(url, {"year": "2026"})
    assert page.status_code == 200
    assert 'data-testid="remove-confirm"' in page.content.decode()
    assert NonWorkingDay.objects.filter(pk=extra.pk).exists()
    admin_client_role.post(url, {"year": "2026", "confirm": "yes"})
    assert not NonWorkingDay.objects.filter(pk=extra.pk).exists()
    assert SettingChange.objects.filter(area=SettingArea.CLOSURE).count() == 1


def test_policy_toggle_is_audited(administrator):
    policy = SlaPolicy.objects.create(name="Rápida", first_response_value=4, resolution_value=5)
    editing.policy_set_active(policy_id=policy.pk, active=False, actor=administrator)
    audit = SettingChange.objects.get(area=SettingArea.POLICY)
    assert (audit.subject, audit.before, audit.after) == (
        "Rápida",
        "is_active=True",
        "is_active=False",
    )


def test_hours_saturdays_and_cut_off_edit_is_audited(admin_client_role, administrator):
    admin_client_role.post(
        reverse("sla:organization"),
        {
            "name": "Acueducto de Prueba E.S.P.",
            "legal_regime": "privada",
            "working_weekdays": ["0", "1", "2", "3", "4", "5"],
            "office_start": "08:00",
            "office_end": "17:00",
            "cutoff": "15:00",
            "warning_share": "75",
        },
    )
    audit = SettingChange.objects.get(area=SettingArea.ORGANIZATION)
    assert audit.actor == administrator
    assert "working_weekdays=[0, 1, 2, 3, 4]" in audit.before
    assert "working_weekdays=[0, 1, 2, 3, 4, 5]" in audit.after
    assert "cutoff=None" in audit.before
    assert "cutoff=15:00" in audit.after


def test_legal_term_edit_is_audited(administrator):
    from sla.forms import LegalTermForm
    from sla.models import LegalTerm

    term = LegalTerm.objects.get(pqr_type__code="denuncia")
    data = {
        "days": 14,
        "extension_rule": term.extension_rule,
        "extension_days": 0,
        "silence_effect": term.silence_effect,
        "source": term.source,
        "reason": "Compromiso de servicio",
    }
    form = LegalTermForm(data=data, instance=term)
    assert form.is_valid(), form.errors
    editing.legal_term_update(form=form, actor=administrator)
    audit = SettingChange.objects.get(area=SettingArea.LEGAL_TERM)
    assert (audit.before, audit.after, audit.actor) == ("days=15", "days=14", administrator)
