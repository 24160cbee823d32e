from datetime import datetime

import pytest
from django.urls import reverse

from pqr.models import Channel, PqrType, Priority
from sla.calendar import BOGOTA
from sla.models import SlaPolicy, TargetUnit
from tests.pqr.factories import make_pqr

from ._pages import queries_for_get

pytestmark = pytest.mark.django_db
LIST = reverse("sla:policies")
CREATE = reverse("sla:policy_create")


def _policy(name: str, order: int, **kw) -> SlaPolicy:
    values = {"first_response_value": 8, "resolution_value": 10, "resolution_unit": "days"}
    return SlaPolicy.objects.create(name=name, order=order, **{**values, **kw})


def _form(**overrides) -> dict:
    data = {
        "name": "Reclamos por correo",
        "pqr_type": PqrType.objects.get(code="reclamo").pk,
        "priority": "",
        "channel": Channel.EMAIL,
        "team": "",
        "first_response_value": "4",
        "first_response_unit": TargetUnit.HOURS,
        "resolution_value": "5",
        "resolution_unit": TargetUnit.DAYS,
        "is_active": "on",
    }
    return {**data, **overrides}


def test_agent_gets_403_on_policy_pages(agent_client):
    assert agent_client.get(LIST).status_code == 403
    assert agent_client.get(CREATE).status_code == 403


def test_supervisor_reads_policies_without_edit_buttons(supervisor_client):
    _policy("General", 10)
    html = supervisor_client.get(LIST).content.decode()
    assert "General" in html
    assert "Nueva regla" not in html
    assert supervisor_client.get(CREATE).status_code == 403


def test_list_explains_first_match_and_earlier_of_policy_and_legal_term(admin_client_role):
    html = admin_client_role.get(LIST).content.decode()
    assert "primera regla activa que coincide" in html
    assert "el más cercano entre la meta de la regla y el término legal" in html


def test_admin_creates_policy_at_end_of_order(admin_client_role):
    _policy("Urgentes", 10, priority=Priority.RIESGO_VIDA)
    response = admin_client_role.post(CREATE, _form())
    assert response.status_code == 302
    created = SlaPolicy.objects.get(name="Reclamos por correo")
    assert created.order > 10
    assert created.channel == Channel.EMAIL
    assert created.priority == ""
    html = admin_client_role.get(LIST).content.decode()
    table = html[html.index('data-testid="policies"') :]
    assert table.index("Urgentes") < table.index("Reclamos por correo")


def test_first_response_later_than_resolution_is_refused_and_input_kept(admin_client_role):
    data = _form(
        first_response_value="3",
        first_response_unit=TargetUnit.DAYS,
        resolution_value="10",
        resolution_unit=TargetUnit.HOURS,
    )
    html = admin_client_role.post(CREATE, data).content.decode()
    assert "La primera respuesta no puede llegar después de la solución." in html
    assert 'value="Reclamos por correo"' in html
    assert not SlaPolicy.objects.exists()


def test_zero_target_is_refused(admin_client_role):
    html = admin_client_role.post(CREATE, _form(resolution_value="0")).content.decode()
    assert "Debe ser al menos 1." in html
    assert not SlaPolicy.objects.exists()


def test_admin_edits_policy(admin_client_role):
    policy = _policy("General", 10)
    url = reverse("sla:policy_edit", args=[policy.pk])
    assert 'value="General"' in admin_client_role.get(url).content.decode()
    admin_client_role.post(url, _form(name="General ajustada", resolution_value="7"))
    policy.refresh_from_db()
    assert (policy.name, policy.resolution_value) == ("General ajustada", 7)


def test_move_up_swaps_order_even_with_equal_order_values(admin_client_role):
    first, second, third = _policy("A", 100), _policy("B", 100), _policy("C", 100)
    admin_client_role.post(reverse("sla:policy_move", args=[third.pk]), {"direction": "up"})
    assert list(SlaPolicy.objects.values_list("name", flat=True)) == ["A", "C", "B"]
    admin_client_role.post(reverse("sla:policy_move", args=[first.pk]), {"direction": "down"})
    assert list(SlaPolicy.objects.values_list("name", flat=True)) == ["C", "A", "B"]
    assert second.pk  # untouched rows are renumbered, not lost


def test_deactivated_policy_no_longer_applies_to_open_pqrs(
    admin_client_role, agent, team_a, django_capture_on_commit_callbacks
):
    policy = _policy("Rápida", 10, resolution_value=2)
    received = datetime(2026, 3, 16, 10, tzinfo=BOGOTA)
    pqr = make_pqr(received_at=received, actor=agent, team=team_a)
    assert pqr.due_at < pqr.legal_due_at  # 2 business days beat 15
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_role.post(reverse("sla:policy_toggle", args=[policy.pk]), {"active": "0"})
    pqr.refresh_from_db()
    policy.refresh_from_db()
    assert not policy.is_active
    assert pqr.due_at == pqr.legal_due_at
    assert "Inactiva" in admin_client_role.get(LIST).content.decode()


def test_policies_page_queries_do_not_grow_with_rules(admin_client_role, team_a):
    reclamo = PqrType.objects.get(code="reclamo")
    _policy("A", 10, pqr_type=reclamo, team=team_a)
    few = queries_for_get(admin_client_role, LIST)
    for i in range(25):
        _policy(f"Regla {i}", 20 + i, pqr_type=reclamo, team=team_a, channel=Channel.WEB)
    assert queries_for_get(admin_client_role, LIST) == few


def test_supervisor_cannot_change_rules_terms_or_days(supervisor_client):
    from datetime import date

    from sla.models import LegalTerm, NonWorkingDay

    policy = _policy("General", 10)
    extra = NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Día cívico")
    term = LegalTerm.objects.first()
    posts = [
        (reverse("sla:policy_move", args=[policy.pk]), {"direction": "up"}),
        (reverse("sla:policy_toggle", args=[policy.pk]), {"active": "0"}),
        (reverse("sla:policy_edit", args=[policy.pk]), _form()),
        (reverse("sla:legal_term_edit", args=[term.pk]), {"days": "3", "reason": "x"}),
        (reverse("sla:calendar_day_remove", args=[extra.pk]), {}),
        (reverse("sla:organization"), {"name": "Otra"}),
    ]
    for url, data in posts:
        assert supervisor_client.post(url, data).status_code == 403, url
    policy.refresh_from_db()
    assert policy.is_active
    assert policy.name == "General"
    assert NonWorkingDay.objects.filter(pk=extra.pk).exists()


def test_moving_a_rule_up_changes_which_one_sets_open_due_dates(
    admin_client_role, agent, team_a, django_capture_on_commit_callbacks
):
    _policy("Dos días", 10, resolution_value=2)
    five = _policy("Cinco días", 20, resolution_value=5)
    pqr = make_pqr(received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA), actor=agent, team=team_a)
    assert pqr.due_at.astimezone(BOGOTA).date().isoformat() == "2026-03-18"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_role.post(reverse("sla:policy_move", args=[five.pk]), {"direction": "up"})
    pqr.refresh_from_db()
    assert pqr.due_at.astimezone(BOGOTA).date().isoformat() == "2026-03-24"  # 23rd is a holiday
