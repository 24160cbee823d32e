"""The scheduled reports page (/tableros/informes/programados/): supervisors create,
pause and delete their subscriptions; agents get 403; a supervisor only picks the teams
they supervise; bad input keeps what was typed."""

import re

import pytest
from django.urls import reverse

from dashboards.models import ReportSubscription
from dashboards.rollups import rollups_refresh
from tests.factories import UserFactory

URL = reverse("dashboards:subscriptions")


@pytest.fixture
def boss(supervisor, team_a):
    team_a.supervisors.add(supervisor)
    return supervisor


def _post(client, **data):
    values = {"report": "pqrs", "frequency": "monthly", "file_format": "pdf", **data}
    return client.post(URL, {k: v for k, v in values.items() if v is not None})


@pytest.mark.django_db
def test_agent_gets_403_on_the_page_and_its_actions(agent_client, boss, team_a):
    sub = ReportSubscription.objects.create(
        owner=boss, report="pqrs", frequency="weekly", file_format="pdf", team=team_a
    )
    assert agent_client.get(URL).status_code == 403
    assert _post(agent_client, team=team_a.pk).status_code == 403
    toggle = reverse("dashboards:subscription_toggle", args=[sub.pk])
    assert agent_client.post(toggle).status_code == 403
    assert not ReportSubscription.objects.exclude(pk=sub.pk).exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_supervisor_subscribes_to_a_team_they_supervise(supervisor_client, boss, team_a):
    response = _post(
        supervisor_client,
        report="sla_satisfaction",
        frequency="weekly",
        file_format="both",
        team=team_a.pk,
    )
    assert response.status_code == 302
    sub = ReportSubscription.objects.get()
    assert (sub.owner, sub.team, sub.report, sub.frequency, sub.file_format, sub.is_active) == (
        boss,
        team_a,
        "sla_satisfaction",
        "weekly",
        "both",
        True,
    )
    page = supervisor_client.get(URL).content.decode()
    assert "Listo: recibirá este informe por correo." in page
    assert f'data-testid="subscription-{sub.pk}"' in page
    assert "Resumen de ANS y satisfacción" in page


@pytest.mark.django_db
def test_team_list_holds_only_the_supervised_teams(supervisor_client, boss, team_a, team_b):
    page = supervisor_client.get(URL).content.decode()
    assert f'value="{team_a.pk}"' in page
    assert f'value="{team_b.pk}"' not in page
    assert "Todos los equipos" not in page  # only administrators get every team


@pytest.mark.django_db
def test_another_teams_figures_are_refused_and_what_was_typed_is_kept(
    supervisor_client, boss, team_b
):
    response = _post(
        supervisor_client,
        report="information",
        frequency="weekly",
        file_format="xlsx",
        team=team_b.pk,
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ese equipo no está entre los que usted supervisa." in page
    assert '<option value="information" selected>' in page
    assert re.search(r'value="weekly"[^>]*checked', page)
    assert re.search(r'value="xlsx"[^>]*checked', page)
    assert not ReportSubscription.objects.exists()


@pytest.mark.django_db
def test_missing_choices_say_what_to_pick(supervisor_client, boss, team_a):
    response = _post(supervisor_client, report="", frequency=None, team=team_a.pk)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Elija qué informe quiere recibir." in page
    assert "Elija cada cuánto lo quiere recibir." in page
    assert f'<option value="{team_a.pk}" selected>' in page


@pytest.mark.django_db
def test_the_same_subscription_twice_is_refused_clearly(supervisor_client, boss, team_a):
    assert _post(supervisor_client, team=team_a.pk).status_code == 302
    response = _post(supervisor_client, team=team_a.pk)
    assert response.status_code == 400
    assert "Ya tiene este informe con esta frecuencia para ese equipo." in response.content.decode()
    assert ReportSubscription.objects.count() == 1


@pytest.mark.django_db
def test_administrator_may_subscribe_to_every_team(admin_client_role, administrator):
    page = admin_client_role.get(URL).content.decode()
    assert "Todos los equipos" in page
    assert _post(admin_client_role, team="").status_code == 302
    assert ReportSubscription.objects.get().team is None


@pytest.mark.django_db
def test_supervisor_without_teams_is_told_why_there_is_no_form(supervisor_client):
    page = supervisor_client.get(URL).content.decode()
    assert "Usted no supervisa ningún equipo todavía." in page
    assert 'data-testid="subscription-form"' not in page


@pytest.mark.django_db
def test_pause_resume_and_delete(supervisor_client, boss, team_a):
    _post(supervisor_client, team=team_a.pk)
    sub = ReportSubscription.objects.get()
    toggle = reverse("dashboards:subscription_toggle", args=[sub.pk])
    supervisor_client.post(toggle)
    sub.refresh_from_db()
    assert not sub.is_active
    assert 'data-status="paused"' in supervisor_client.get(URL).content.decode()
    supervisor_client.post(toggle)
    sub.refresh_from_db()
    assert sub.is_active
    supervisor_client.post(reverse("dashboards:subscription_delete", args=[sub.pk]))
    assert not ReportSubscription.objects.exists()


@pytest.mark.django_db
def test_nobody_pauses_or_deletes_another_supervisors_subscription(client, boss, team_a):
    sub = ReportSubscription.objects.create(
        owner=boss, report="pqrs", frequency="weekly", file_format="pdf", team=team_a
    )
    other = UserFactory(username="otra.supervisora", role="Supervisor")
    client.force_login(other)
    assert client.post(reverse("dashboards:subscription_toggle", args=[sub.pk])).status_code == 404
    assert client.post(reverse("dashboards:subscription_delete", args=[sub.pk])).status_code == 404
    sub.refresh_from_db()
    assert sub.is_active
    assert f'data-testid="subscription-{sub.pk}"' not in client.get(URL).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["dashboards:report_pqrs", "dashboards:report_information", "dashboards:sla"]
)
def test_reports_and_dashboard_link_to_the_page(supervisor_client, boss, name):
    rollups_refresh()  # else the SLA page only says its figures are being prepared
    page = supervisor_client.get(reverse(name)).content.decode()
    assert f'href="{URL}" data-link="subscriptions"' in page


@pytest.mark.django_db
def test_agents_dashboard_has_no_link(agent_client):
    assert (
        'data-link="subscriptions"'
        not in agent_client.get(reverse("dashboards:sla")).content.decode()
    )


@pytest.mark.django_db
def test_page_reads_in_english(supervisor_client, boss, team_a):
    supervisor_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = supervisor_client.get(URL).content.decode()
    assert "Scheduled reports" in page
    assert "Weekly: the previous week, every Monday" in page
    assert "SLA and satisfaction summary" in page
    response = _post(supervisor_client, report="", team=team_a.pk)
    assert "Choose which report you want to receive." in response.content.decode()
