"""The supervisors' bulk customer CSV leaves a trace: who, when, filters and row count
(issue 11, finding 8)."""

import pytest
from django.urls import reverse

from customers.models import CustomerAudit

from .factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_bulk_csv_writes_an_audit_row_with_filters_and_count(supervisor_client, supervisor):
    CustomerFactory(city="Pasto")
    CustomerFactory(city="Pasto")
    CustomerFactory(city="Cali")
    response = supervisor_client.get(reverse("customers:list"), {"formato": "csv", "city": "Pasto"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    audit = CustomerAudit.objects.get(action=CustomerAudit.Action.LIST_EXPORT)
    assert audit.actor == supervisor
    assert audit.customer is None
    assert audit.details == {"format": "csv", "filters": {"city": "Pasto"}, "rows": 2}


def test_viewing_the_list_writes_no_audit_row(supervisor_client):
    CustomerFactory()
    assert supervisor_client.get(reverse("customers:list")).status_code == 200
    assert not CustomerAudit.objects.filter(action=CustomerAudit.Action.LIST_EXPORT).exists()
