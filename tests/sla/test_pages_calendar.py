from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from sla.calendar import BOGOTA
from sla.models import NonWorkingDay
from tests.pqr.factories import make_pqr

from ._pages import queries_for_get

pytestmark = pytest.mark.django_db
URL = reverse("sla:calendar")


def _check(client, type_code: str, received_on: str, at: str = "10:00") -> str:
    from pqr.models import PqrType

    pqr_type = PqrType.objects.get(code=type_code)
    params = {"year": 2026, "pqr_type": pqr_type.pk, "received_on": received_on}
    return client.get(URL, {**params, "received_time": at}).content.decode().lower()


def test_agent_gets_403_on_calendar_and_cannot_add_days(agent_client):
    assert agent_client.get(URL).status_code == 403
    assert agent_client.post(URL, {"day": "2026-03-25", "reason": "x"}).status_code == 403
    assert not NonWorkingDay.objects.exists()


def test_supervisor_reads_calendar_but_cannot_add_days(supervisor_client):
    page = supervisor_client.get(URL + "?year=2026")
    assert page.status_code == 200
    assert "Agregar un día no hábil" not in page.content.decode()
    response = supervisor_client.post(URL, {"day": "2026-03-25", "reason": "Día cívico"})
    assert response.status_code == 403
    assert not NonWorkingDay.objects.exists()


def test_year_grid_marks_holidays_with_names_weekends_and_extra_days(admin_client_role):
    NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Día cívico municipal")
    html = admin_client_role.get(URL + "?year=2026").content.decode()
    # Saint Joseph moved to Monday 23 March 2026 (Ley 51/1983).
    assert 'data-day="2026-03-23" data-kind="holiday"' in html
    assert "Día de San José" in html
    assert 'title="Día cívico municipal" data-day="2026-03-25" data-kind="extra"' in html
    assert 'data-day="2026-03-21" data-kind="weekend"' in html
    assert 'data-day="2026-03-24" data-kind="business"' in html
    assert html.count('data-day="2026-') == 365


def test_year_navigation_shows_the_requested_year(admin_client_role):
    html = admin_client_role.get(URL + "?year=2027").content.decode()
    assert 'data-day="2027-01-11" data-kind="holiday"' in html  # Reyes moved to Monday
    assert "?year=2026" in html
    assert "?year=2028" in html


def test_nonsense_year_falls_back_to_current_year(admin_client_role):
    html = admin_client_role.get(URL + "?year=abc").content.decode()
    assert f'data-day="{date.today().year}-01-01"' in html


def test_admin_adds_day_with_reason_and_it_shows_in_grid(admin_client_role):
    response = admin_client_role.post(
        URL, {"year": "2026", "day": "2026-03-25", "reason": "Día cívico"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2026")
    html = admin_client_role.get(response["Location"]).content.decode()
    assert 'data-day="2026-03-25" data-kind="extra"' in html


def test_add_day_without_reason_keeps_input_and_explains(admin_client_role):
    response = admin_client_role.post(URL, {"year": "2026", "day": "2026-03-25", "reason": " "})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2026-03-25"' in html
    assert "Escriba por qué no se trabaja ese día." in html
    assert not NonWorkingDay.objects.exists()


def test_add_same_day_twice_is_refused_with_message(admin_client_role):
    NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Día cívico")
    response = admin_client_role.post(URL, {"day": "2026-03-25", "reason": "Otra vez"})
    html = response.content.decode()
    assert "Ese día ya está marcado como no hábil." in html
    assert 'value="Otra vez"' in html
    assert NonWorkingDay.objects.count() == 1


def test_admin_removes_extra_day(admin_client_role):
    extra = NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Día cívico")
    url = reverse("sla:calendar_day_remove", args=[extra.pk])
    response = admin_client_role.post(url, {"year": "2026", "confirm": "yes"})
    assert response.status_code == 302
    assert not NonWorkingDay.objects.exists()


def test_compute_form_matches_hand_checked_worked_examples(admin_client_role):
    # legal-co.md: filed 2026-03-16 -> due 2026-04-09 (15 business days, Holy Week).
    html = _check(admin_client_role, "peticion", "2026-03-16")
    assert "jueves, 9 de abril de 2026" in html
    # filed 2026-12-18 -> due 2027-01-13 (year boundary, Reyes moved to 11 January).
    html = _check(admin_client_role, "peticion", "2026-12-18")
    assert "miércoles, 13 de enero de 2027" in html


def test_compute_form_moves_saturday_receipt_to_next_business_day(admin_client_role):
    html = _check(admin_client_role, "peticion", "2026-03-14")  # Saturday
    assert 'data-testid="filed-on">lunes, 16 de marzo de 2026' in html
    html = _check(admin_client_role, "peticion", "2026-03-21")  # Saturday before San José
    assert 'data-testid="filed-on">martes, 24 de marzo de 2026' in html


def test_compute_form_shows_habeas_data_extension_cap(admin_client_role):
    # 10 business days from Mon 2026-03-16 (23 March is San José) -> Tue 31 March;
    # +5 skips Holy Thursday and Good Friday (2-3 April) -> Thu 9 April.
    html = _check(admin_client_role, "habeas_data_consulta", "2026-03-16")
    assert 'data-testid="legal-due">martes, 31 de marzo de 2026' in html
    assert "jueves, 9 de abril de 2026 <span" in html


def test_compute_form_rejects_bad_date_and_keeps_type(admin_client_role):
    from pqr.models import PqrType

    consulta = PqrType.objects.get(code="consulta")
    html = admin_client_role.get(
        URL, {"pqr_type": consulta.pk, "received_on": "31/02/2026", "received_time": "09:00"}
    ).content.decode()
    assert 'data-testid="due-date-answer"' not in html
    assert "invalid-feedback" in html
    assert f'value="{consulta.pk}" selected' in html


def test_extra_day_moves_the_computed_due_date(admin_client_role):
    assert "jueves, 9 de abril de 2026" in _check(admin_client_role, "peticion", "2026-03-16")
    admin_client_role.post(URL, {"day": "2026-03-25", "reason": "Día cívico"})
    html = _check(admin_client_role, "peticion", "2026-03-16")
    assert 'data-testid="legal-due">viernes, 10 de abril de 2026' in html


def test_extra_day_recomputes_open_pqr_due_dates(
    admin_client_role, agent, team_a, django_capture_on_commit_callbacks
):
    pqr = make_pqr(received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA), actor=agent, team=team_a)
    before = pqr.legal_due_at
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_role.post(URL, {"day": "2026-03-25", "reason": "Día cívico"})
    pqr.refresh_from_db()
    assert pqr.legal_due_at.astimezone(BOGOTA).date() == date(2026, 4, 10)
    assert pqr.legal_due_at - before == timedelta(days=1)


def test_removing_extra_day_restores_open_pqr_due_date(
    admin_client_role, agent, team_a, django_capture_on_commit_callbacks
):
    extra = NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Día cívico")
    pqr = make_pqr(received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA), actor=agent, team=team_a)
    assert pqr.legal_due_at.astimezone(BOGOTA).date() == date(2026, 4, 10)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_role.post(
            reverse("sla:calendar_day_remove", args=[extra.pk]), {"confirm": "yes"}
        )
    pqr.refresh_from_db()
    assert pqr.legal_due_at.astimezone(BOGOTA).date() == date(2026, 4, 9)


def test_calendar_page_queries_do_not_grow_with_extra_days(admin_client_role):
    NonWorkingDay.objects.create(day=date(2026, 2, 2), reason="Cierre")
    url = URL + "?year=2026&pqr_type=1&received_on=2026-03-16&received_time=10:00"
    few = queries_for_get(admin_client_role, url)
    NonWorkingDay.objects.bulk_create(
        NonWorkingDay(day=date(2026, 6, 1) + timedelta(days=i), reason=f"Cierre {i}")
        for i in range(40)
    )
    assert queries_for_get(admin_client_role, url) == few
