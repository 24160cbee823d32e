"""A radicado typed the way a caller reads it out finds the PQR, in the staff queue
and in the public lookup."""

from datetime import date

import pytest
from django.urls import reverse

from pqr.models import Pqr
from pqr.selectors import radicado_candidates

from .factories import CustomerFactory, make_pqr
from .public_helpers import LOOKUP_URL, STATUS_URL


@pytest.mark.parametrize(
    "typed",
    ["PQR-2026-000141", "pqr-2026-141", "pqr2026000141", "2026-141", "2026 141", " PQR 2026-141 "],
)
def test_every_spelling_names_one_radicado(typed):
    assert radicado_candidates(typed) == ["PQR-2026-000141"]


def test_bare_number_stands_for_that_number_in_recent_years():
    found = radicado_candidates("000141", today=date(2026, 12, 2))
    assert found[:2] == ["PQR-2026-000141", "PQR-2025-000141"]
    assert len(found) == 10
    assert radicado_candidates("141", today=date(2026, 12, 2)) == found


@pytest.mark.parametrize("text", ["", "cobro", "0", "2026141", "1234567", "PQR-26-1"])
def test_other_text_is_not_a_radicado(text):
    assert radicado_candidates(text) == []


@pytest.fixture
def wanted(agent, team_a):
    customer = CustomerFactory(document_number="71234567", email="jorge@example.com")
    for _ in range(3):
        make_pqr(actor=agent, team=team_a, subject="Otra")
    pqr = make_pqr(actor=agent, team=team_a, subject="Cambio de medidor", customer=customer)
    # An older year's PQR with the same number must not hide it.
    Pqr.objects.filter(pk=make_pqr(actor=agent, team=team_a, subject="Del año pasado").pk).update(
        radicado=pqr.radicado.replace(pqr.radicado[4:8], str(int(pqr.radicado[4:8]) - 1))
    )
    return pqr


@pytest.mark.parametrize("form", ["bare", "zeros", "year", "compact"])
def test_queue_finds_the_pqr_by_what_the_caller_reads_out(agent_client, wanted, form):
    _prefix, year, number = wanted.radicado.split("-")
    typed = {
        "bare": str(int(number)),
        "zeros": number,
        "year": f"{year}-{int(number)}",
        "compact": f"pqr{year}{number}",
    }[form]
    body = agent_client.get(reverse("pqr:queue"), {"q": typed, "status": "all"}).content.decode()
    assert wanted.radicado in body
    assert "Cambio de medidor" in body
    assert "Otra" not in body
    if form in ("year", "compact"):  # a bare number also lists older years' PQR
        assert "Del año pasado" not in body


@pytest.mark.parametrize("typed", ["bare", "compact"])
def test_public_lookup_accepts_the_number_read_out(client, wanted, typed):
    _prefix, year, number = wanted.radicado.split("-")
    radicado = str(int(number)) if typed == "bare" else f"pqr{year}{number}"
    response = client.post(LOOKUP_URL, {"radicado": radicado, "identifier": "71.234.567"})
    assert response.status_code == 302
    assert response["Location"] == STATUS_URL
    assert wanted.radicado in client.get(STATUS_URL).content.decode()


def test_public_lookup_by_bare_number_still_needs_the_owners_document(client, wanted):
    _prefix, _year, number = wanted.radicado.split("-")
    response = client.post(LOOKUP_URL, {"radicado": str(int(number)), "identifier": "1010"})
    assert response.status_code == 400
