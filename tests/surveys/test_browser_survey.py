import pytest
from django.core import mail
from django.urls import reverse

from core.roles import Role
from tests.browser import launch, shot
from tests.factories import UserFactory

MOBILE = {"width": 390, "height": 844}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.mark.browser
def test_general_form_works_without_javascript_on_a_phone(live_server, browser):
    from surveys.models import SurveyResponse
    from tests.surveys.factories import PointOfServiceFactory

    point = PointOfServiceFactory(name="Sede principal")
    context = browser.new_context(viewport=MOBILE, java_script_enabled=False, locale="es-CO")
    page = context.new_page()
    page.goto(live_server.url + reverse("surveys:public_general") + f"?punto={point.pk}")
    page.locator("label", has_text="4 Satisfecho").click()
    page.get_by_label("¿Quiere contarnos algo más?").fill("Me atendieron rápido.")
    shot(page, "surveys-general-form-mobile.png")
    page.get_by_role("button", name="Enviar calificación").click()
    assert "Gracias por su calificación" in page.content()
    saved = SurveyResponse.objects.get()
    assert (saved.score, saved.point_of_service_id) == (4, point.pk)
    context.close()


@pytest.mark.browser
def test_low_score_from_the_email_reaches_the_supervisor(live_server, browser, settings, agent):
    from surveys.models import RecoveryCase
    from tests.surveys.conftest import make_customer, make_pqr, make_team, resolve, score_links

    settings.SITE_URL = live_server.url
    boss = UserFactory(username="carolina.sup", role=Role.SUPERVISOR, first_name="Carolina")
    team = make_team(name="Facturación", supervisor=boss, members=[agent])
    pqr = make_pqr(team=team, customer=make_customer(full_name="Marta Ríos"), assigned_to=agent)
    resolve(pqr, agent)
    link = score_links(mail.outbox[-1])[2]

    context = browser.new_context(viewport=MOBILE, locale="es-CO")
    page = context.new_page()
    page.goto(link)
    # Opening the link records nothing (mail scanners open every link)...
    assert "Eligió 2 de 5" in page.content()
    assert not RecoveryCase.objects.exists()
    page.get_by_label("¿Quiere contarnos algo más?").fill("Tuve que llamar cuatro veces.")
    shot(page, "surveys-survey-mobile.png")
    # ...the one confirm button does.
    page.get_by_role("button", name="Confirmar mi calificación").click()
    assert "Gracias por su calificación" in page.content()
    assert RecoveryCase.objects.get().comment == "Tuve que llamar cuatro veces."

    staff = browser.new_context(viewport=MOBILE, locale="es-CO")
    page = staff.new_page()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Usuario").fill("carolina.sup")
    page.get_by_label("Contraseña").fill("a-Strong-pass-123")
    page.get_by_role("button", name="Ingresar").click()
    page.goto(live_server.url + reverse("surveys:results"))
    assert "Tuve que llamar cuatro veces." in page.content()
    shot(page, "surveys-results-mobile.png")
    page.get_by_role("link", name="Abierta").first.click()
    assert page.get_by_test_id("recovery-comment").inner_text() == "Tuve que llamar cuatro veces."
    context.close()
    staff.close()


@pytest.mark.browser
def test_customer_who_filed_in_english_answers_the_survey_in_english(
    live_server, browser, settings, agent
):
    from pqr.models import Pqr
    from surveys.models import SurveyResponse
    from tests.surveys.conftest import make_customer, make_pqr, make_team, resolve

    settings.SITE_URL = live_server.url
    team = make_team(members=[agent])
    pqr = make_pqr(team=team, customer=make_customer(full_name="John Miller"), assigned_to=agent)
    Pqr.objects.filter(pk=pqr.pk).update(language="en")
    resolve(pqr, agent)
    email = mail.outbox[-1]
    assert email.subject.startswith("How would you rate our service?")
    [details_link] = [word for word in email.body.split() if "/encuestas/s/" in word]

    context = browser.new_context(viewport=MOBILE, locale="es-CO")
    page = context.new_page()
    page.goto(details_link)
    text = page.content()
    assert '<html lang="en">' in text
    assert "Rate our service" in text
    assert "dissatisfied" in text.lower()
    assert "insatisfecho" not in text.lower()
    page.locator(".score-options label").first.click()  # the scale runs 5 down to 1
    shot(page, "surveys-survey-mobile-en.png")
    page.get_by_role("button", name="Send").click()
    assert "Thank you for your rating" in page.content()
    assert SurveyResponse.objects.get().score == 5
    context.close()
