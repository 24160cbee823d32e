import factory
from django.utils import timezone

from pqr.models import Channel, Pqr, PqrType, Team
from pqr.services import pqr_create
from tests.customers.factories import CustomerFactory  # noqa: F401  (re-exported)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Equipo {n}")


def make_pqr(*, actor=None, type_code="peticion", team=None, **overrides) -> Pqr:
    """Create a PQR through the real service, so events and radicado exist."""
    values = {
        "pqr_type": PqrType.objects.get(code=type_code),
        "channel": Channel.EMAIL,
        "subject": "Cobro no reconocido en la factura",
        "description": "El cliente reporta un cobro que no reconoce.",
        "team": team or TeamFactory(name="Equipo A"),
        "received_at": timezone.now(),
    }
    values.update(overrides)
    return pqr_create(actor=actor, **values)
