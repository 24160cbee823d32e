from datetime import time

import pytest
from django.urls import reverse

from sla.models import AlertKind, Notification, Organization
from sla.services import alert_raise
from tests.pqr.factories import make_pqr

from ._pages import queries_for_get

pytestmark = pytest.mark.django_db
ORG = reverse("sla:organization")
NOTIFICATIONS = reverse("sla:notifications")


def _org_form(**overrides) -> dict:
    data = {
        "name": "Acueducto de Prueba E.S.P.",
        "legal_regime": "servicios_publicos",
        "working_weekdays": ["0", "1", "2", "3", "4", "5"],
        "office_start": "07:30",
        "office_end": "16:00",
        "cutoff": "15:00",
        "warning_share": "80",
    }
    return {**data, **overrides}


def test_only_administrators_open_organization_settings(agent_client, supervisor_client):
    assert agent_client.get(ORG).status_code == 403
    assert supervisor_client.get(ORG).status_code == 403


def test_admin_saves_organization_settings(admin_client_role):
    version = Organization.objects.get(pk=1).calendar_version
    assert admin_client_role.post(ORG, _org_form()).status_code == 302
    org = Organization.objects.get(pk=1)
    assert org.working_weekdays == [0, 1, 2, 3, 4, 5]
    assert (org.office_start, org.cutoff, org.warning_share) == (time(7, 30), time(15), 80)
    assert org.calendar_version > version  # process calendars rebuild


def test_saturday_as_working_day_shows_in_calendar(admin_client_role):
    admin_client_role.post(ORG, _org_form())
    html = admin_client_role.get(reverse("sla:calendar") + "?year=2026").content.decode()
    assert 'data-day="2026-03-21" data-kind="business"' in html
    assert 'data-day="2026-03-22" data-kind="weekend"' in html


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"office_end": "07:00"}, "El cierre debe ser posterior a la apertura."),
        ({"cutoff": "18:00"}, "La hora de corte debe estar dentro del horario de atención."),
        ({"working_weekdays": []}, "Marque al menos un día hábil."),
        ({"warning_share": "100"}, "Use un porcentaje entre 1 y 99."),
    ],
)
def test_organization_validation_keeps_input(admin_client_role, overrides, field_message):
    before = Organization.objects.get(pk=1)
    html = admin_client_role.post(ORG, _org_form(**overrides)).content.decode()
    assert field_message in html
    assert 'value="Acueducto de Prueba E.S.P."' in html
    assert Organization.objects.get(pk=1).name == before.name


def test_notifications_page_says_how_the_person_is_emailed_and_links_the_preferences(
    agent_client, supervisor_client
):
    agent_html = agent_client.get(NOTIFICATIONS).content.decode()
    assert "Resumen diario: no." in agent_html
    assert "Un correo por alerta: ninguno." in agent_html
    assert reverse("sla:alert_preferences") in agent_html
    boss_html = supervisor_client.get(NOTIFICATIONS).content.decode()
    assert "Resumen diario: sí, a las 07:00 (hora de Colombia)." in boss_html
    # Life at risk is emailed at once to supervisors by default (sla.preferences).
    assert "Un correo por alerta: 1 tipo." in boss_html


def _notify(user, pqrs) -> None:
    for pqr in pqrs:
        alert_raise(pqr=pqr, kind=AlertKind.WARNING, threshold="t")
    from sla.models import Alert

    Notification.objects.bulk_create(
        Notification(user=user, alert=alert)
        for alert in Alert.objects.all()
        if not Notification.objects.filter(user=user, alert=alert).exists()
    )


def test_notifications_page_queries_do_not_grow(supervisor, supervisor_client, agent, team_a):
    _notify(supervisor, [make_pqr(actor=agent, team=team_a) for _ in range(2)])
    few = queries_for_get(supervisor_client, NOTIFICATIONS)
    _notify(supervisor, [make_pqr(actor=agent, team=team_a) for _ in range(20)])
    assert Notification.objects.filter(user=supervisor).count() == 22
    assert queries_for_get(supervisor_client, NOTIFICATIONS) == few
