"""An agent opening a customer's profile sees only the PQRs of their own teams."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from .factories import CustomerFactory, make_pqr

pytestmark = pytest.mark.django_db


def test_profile_timeline_hides_other_teams_pqrs(agent, team_a, team_b, supervisor_client):
    customer = CustomerFactory()
    mine = make_pqr(actor=agent, team=team_a, customer=customer, subject="Cobro doble")
    outsider = Client()
    outsider.force_login(get_user_model().objects.get(username="agente.b"))
    url = reverse("customers:detail", args=[customer.pk])
    assert mine.radicado not in outsider.get(url).content.decode()
    assert mine.radicado in supervisor_client.get(url).content.decode()
