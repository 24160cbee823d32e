"""Shared builders for the public-side tests."""

from django.urls import reverse

from core.relay import relay_once
from pqr.models import PqrType

CREATE_URL = reverse("pqr:public_create")
LOOKUP_URL = reverse("pqr:public_lookup")
STATUS_URL = reverse("pqr:public_status")


def form_data(**overrides) -> dict:
    data = {
        "pqr_type": PqrType.objects.get(code="queja").pk,
        "subject": "Me cobraron dos veces el domicilio",
        "description": (
            "El 3 de marzo pagué el domicilio en la app y en la factura aparece dos veces."
        ),
        "identification": "identified",
        "document_type": "CC",
        "document_number": "1.020.304.050",
        "full_name": "Camila Restrepo Vélez",
        "contact_email": "camila.restrepo@example.com",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def relay() -> int:
    """One pass of the outbox relay (`manage.py outbox_relay`): a public filing
    publishes nothing itself, its acknowledgement leaves when the relay runs."""
    return relay_once()
