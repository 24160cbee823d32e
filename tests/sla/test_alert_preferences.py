"""The alert preferences page (/sla/notificaciones/preferencias/): every staff member
sets the daily digest, its hour and the kinds emailed one by one; bad input is refused
with a clear message and what was chosen stays on the form."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.roles import Role
from sla.digest import digests_send
from sla.models import AlertKind, DigestPreference
from sla.preference_forms import KIND_GROUPS
from sla.sweep import sweep_run
from tests.factories import UserFactory
from tests.pqr.factories import make_pqr
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db
PREFS = reverse("sla:alert_preferences")


def _checked(html: str, name: str) -> set[str]:
    tags = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return {re.search(r'value="([^"]*)"', t).group(1) for t in tags if " checked" in t}


def _selected_hour(html: str) -> str:
    select = re.search(r'<select[^>]*name="digest_hour".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="([^"]*)"[^>]*selected', select).group(1)


def test_every_alert_kind_is_offered_once():
    grouped = [kind for _title, kinds in KIND_GROUPS for kind in kinds]
    assert sorted(grouped) == sorted(AlertKind.values)


def test_anonymous_is_sent_to_login_and_a_role_less_account_is_refused(client):
    assert client.get(PREFS).status_code == 302
    nobody = UserFactory(username="sin.rol")
    plain = Client()
    plain.force_login(nobody)
    assert plain.get(PREFS).status_code == 403


def test_supervisor_sees_the_digest_on_at_seven_by_default(supervisor_client):
    html = supervisor_client.get(PREFS).content.decode()
    assert _checked(html, "daily_digest") == {"1"}
    assert _selected_hour(html) == "7"
    # A risk to someone's life cannot wait for tomorrow's digest.
    assert _checked(html, "email_kinds") == {"life_at_risk"}
    assert "Son los valores de su rol" in html


def test_agent_sees_the_digest_off_by_default(agent_client):
    html = agent_client.get(PREFS).content.decode()
    assert _checked(html, "daily_digest") == {"0"}
    assert _checked(html, "email_kinds") == set()


def test_agent_turns_the_digest_on_at_an_hour_and_picks_kinds(agent, agent_client):
    response = agent_client.post(
        PREFS,
        {
            "daily_digest": "1",
            "digest_hour": "16",
            "email_kinds": [AlertKind.LIFE_AT_RISK, AlertKind.LEGAL_BREACH],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Guardamos sus preferencias de avisos." in html
    row = DigestPreference.objects.get(user=agent)
    assert (row.daily_digest, row.digest_hour) == (True, 16)
    assert sorted(row.email_kinds) == ["legal_breach", "life_at_risk"]
    assert _checked(html, "email_kinds") == {"legal_breach", "life_at_risk"}
    assert _selected_hour(html) == "16"
    assert "Resumen diario: sí, a las 16:00" in html


def test_supervisor_turns_the_digest_off_and_keeps_the_hour(supervisor, supervisor_client):
    DigestPreference.objects.create(user=supervisor, digest_hour=9)
    supervisor_client.post(PREFS, {"daily_digest": "0", "digest_hour": ""})
    row = DigestPreference.objects.get(user=supervisor)
    assert (row.daily_digest, row.digest_hour) == (False, 9)


def test_digest_without_an_hour_is_refused_and_the_choices_stay(agent, agent_client):
    response = agent_client.post(
        PREFS,
        {"daily_digest": "1", "digest_hour": "", "email_kinds": [AlertKind.ANGER]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Elija a qué hora quiere recibir el resumen." in html
    assert _checked(html, "daily_digest") == {"1"}
    assert _checked(html, "email_kinds") == {"anger"}
    assert not DigestPreference.objects.filter(user=agent).exists()


def test_an_hour_out_of_the_day_is_refused(agent, agent_client):
    response = agent_client.post(PREFS, {"daily_digest": "1", "digest_hour": "24"})
    assert response.status_code == 400
    assert "Elija una hora entre las 00:00 y las 23:00." in response.content.decode()
    assert not DigestPreference.objects.filter(user=agent).exists()


def test_an_unknown_kind_or_a_missing_choice_is_refused(agent, agent_client):
    html = agent_client.post(PREFS, {"daily_digest": "0", "email_kinds": ["nope"]}).content
    assert "Uno de los tipos de alerta marcados no existe." in html.decode()
    html = agent_client.post(PREFS, {"digest_hour": "8"}).content.decode()
    assert "Diga si quiere o no el resumen diario." in html
    assert _selected_hour(html) == "8"
    assert not DigestPreference.objects.filter(user=agent).exists()


def test_an_account_without_email_cannot_ask_for_emails(agent, agent_client):
    agent.email = ""
    agent.save(update_fields=["email"])
    response = agent_client.post(PREFS, {"daily_digest": "0", "email_kinds": [AlertKind.WARNING]})
    assert response.status_code == 400
    assert "Su cuenta no tiene correo electrónico" in response.content.decode()
    # Bell only is fine without an address.
    assert agent_client.post(PREFS, {"daily_digest": "0"}).status_code == 302


def test_the_saved_hour_is_the_one_the_digest_uses(agent, team_a, travel):
    travel(at(2026, 3, 16, 10))
    boss = UserFactory(username="jefa.pagina", role=Role.SUPERVISOR, email="jefa@example.com")
    team_a.supervisors.add(boss)
    boss_client = Client()
    boss_client.force_login(boss)
    assert boss_client.post(PREFS, {"daily_digest": "1", "digest_hour": "10"}).status_code == 302
    make_pqr(received_at=at(2026, 3, 16, 10), actor=agent, team=team_a, assigned_to=agent)
    sweep_run(now=travel(at(2026, 4, 10, 9)))
    assert digests_send(now=at(2026, 4, 11, 9, 59)) == 0
    assert digests_send(now=at(2026, 4, 11, 10, 0)) == 1


def test_the_pages_link_to_each_other_and_the_user_menu_has_it(agent_client):
    html = agent_client.get(reverse("sla:notifications")).content.decode()
    assert html.count(f'href="{PREFS}"') == 2  # the card and the user menu
    prefs_html = agent_client.get(PREFS).content.decode()
    assert f'href="{reverse("sla:notifications")}"' in prefs_html


def test_the_page_reads_in_english(supervisor_client):
    supervisor_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = supervisor_client.get(PREFS).content.decode()
    assert "Alert preferences" in html
    assert "Daily digest: yes, at 07:00 (Colombia time)." in html
    assert "Deadlines and breaches" in html
