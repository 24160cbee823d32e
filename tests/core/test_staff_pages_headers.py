"""Every staff page, walked through the URL configuration as an administrator: a bad
page number is not a server error, and a page with personal data is never stored by
the browser or a proxy (issue 11, finding 8)."""

import pytest
from django.test import Client

from .test_every_staff_url import STAFF_URLS

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_page_client(administrator):
    client = Client(raise_request_exception=False)
    client.force_login(administrator)
    return client


def test_queue_with_a_page_that_is_not_a_number_shows_the_first_page(admin_page_client):
    response = admin_page_client.get("/pqr/?page=abc")
    assert response.status_code == 200
    assert response.context["page"].number == 1


@pytest.mark.parametrize(("name", "url"), STAFF_URLS, ids=[n for n, _u in STAFF_URLS])
def test_no_staff_page_fails_on_a_bad_page_number(admin_page_client, name, url):
    for page in ("abc", "-1", "9" * 30):
        status = admin_page_client.get(f"{url}?page={page}").status_code
        assert status < 500, (name, page, status)


@pytest.mark.parametrize(("name", "url"), STAFF_URLS, ids=[n for n, _u in STAFF_URLS])
def test_staff_pages_are_never_stored(admin_page_client, name, url):
    response = admin_page_client.get(url)
    if response.status_code == 200:
        assert "no-store" in response["Cache-Control"], name


def test_queue_and_customer_search_say_no_store(admin_page_client):
    for url in ("/pqr/", "/clientes/"):
        response = admin_page_client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_public_form_is_not_marked_private(client):
    response = client.get("/pqr/radicar/")
    assert "no-store" not in response.get("Cache-Control", "")
