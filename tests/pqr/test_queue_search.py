"""Queue search: radicado typed loosely, and words spread over subject and name."""

from django.urls import reverse

from .factories import CustomerFactory, make_pqr


def test_radicado_without_leading_zeros_finds_the_pqr(agent_client, agent, team_a):
    wanted = make_pqr(actor=agent, team=team_a, subject="Cambio de medidor")
    other = make_pqr(actor=agent, team=team_a, subject="Copia de factura")
    number = int(wanted.radicado.rsplit("-", 1)[1])
    year = wanted.radicado.split("-")[1]
    body = agent_client.get(
        reverse("pqr:queue"), {"status": "all", "q": f"pqr-{year}-{number}"}
    ).content.decode()
    assert wanted.radicado in body
    assert other.radicado not in body


def test_words_can_match_subject_and_customer_name_together(agent_client, agent, team_a):
    ospina = CustomerFactory(full_name="Luz Marina Ospina")
    both = make_pqr(actor=agent, team=team_a, subject="Cobro de reconexión", customer=ospina)
    name_only = make_pqr(actor=agent, team=team_a, subject="Copia de contrato", customer=ospina)
    subject_only = make_pqr(actor=agent, team=team_a, subject="Cobro doble")
    body = agent_client.get(reverse("pqr:queue"), {"q": "ÓSPINA cobro"}).content.decode()
    assert both.radicado in body
    assert name_only.radicado not in body
    assert subject_only.radicado not in body
