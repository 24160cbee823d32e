"""About 50 realistic Colombian demo customers, some tagged, all with consent."""

import random
import unicodedata
from datetime import timedelta

from django.contrib.auth import get_user_model

from core.demo_clock import at, real_now

from .models import (
    PURPOSE_HANDLING,
    PURPOSE_SURVEYS,
    Customer,
    CustomerTagAssignment,
    DifficultyTag,
)
from .services import consent_revoke, customer_create, customer_tag_assign
from .validation import nit_check_digit

FIRST = [
    "María Fernanda", "Juan Carlos", "Luz Marina", "Andrés Felipe", "Diana Carolina",
    "José Luis", "Claudia Patricia", "Carlos Alberto", "Ángela María", "Jhon Jairo",
    "Paola Andrea", "Óscar Iván", "Sandra Milena", "Julián David", "Martha Lucía",
    "Sebastián", "Yaneth", "Héctor Fabio", "Natalia", "Édgar",
]  # fmt: skip
LAST = [
    "Rodríguez", "Gómez", "Ramírez", "Muñoz", "Castaño", "Quintero", "Peña", "Ospina",
    "Cárdenas", "Zapata", "Mejía", "Bermúdez", "Córdoba", "Londoño", "Úsuga", "Ibáñez",
]  # fmt: skip
CITIES = [
    "Bogotá D.C.", "Medellín", "Cali", "Barranquilla", "Cartagena de Indias", "Bucaramanga",
    "Pereira", "Manizales", "Cúcuta", "Ibagué", "Villavicencio", "Santa Marta", "Pasto",
]  # fmt: skip
STREETS = ["Calle", "Carrera", "Avenida", "Diagonal", "Transversal"]
COMPANIES = [
    "Ferretería El Tornillo S.A.S.", "Distribuidora Andina Ltda.", "Café del Quindío S.A.S.",
    "Transportes La Sabana S.A.", "Clínica Dental Sonrisas S.A.S.", "Panadería Santa Clara",
]  # fmt: skip
TAG_REASONS = {
    "enojado": "Llamó molesto por un cobro doble y levantó la voz varias veces.",
    "quejoso_habitual": "Cinco reclamos en los últimos tres meses, dos sin fundamento.",
    "conversador": "Llamada de 40 minutos; contó detalles ajenos al caso.",
    "exigente": "Pidió hablar de inmediato con el gerente antes de explicar el caso.",
    "grosero": "Usó expresiones despectivas con la asesora en la sede norte.",
    "sumiso": "Aceptó la primera respuesta sin mencionar que el problema seguía.",
}


def seed(stdout) -> list[str]:
    if Customer.objects.filter(notes__startswith="[demo]").exists():
        return ["  Clientes de demostración: ya estaban creados."]
    # The regular customers were registered before the demo's 18 months of PQRs.
    with at(real_now() - timedelta(days=570)):
        return _seed()


def _seed() -> list[str]:
    rng = random.Random(1581)
    agent = get_user_model().objects.filter(username="agente").first()
    created = []
    for i in range(44):
        created.append(person(rng, i, agent))
    for i, name in enumerate(COMPANIES):
        base = str(rng.randint(800_000_000, 901_999_999))
        created.append(
            _create(
                agent, rng, 100 + i, person_type="juridica", document_type="NIT",
                document_number=f"{base}-{nit_check_digit(base)}", full_name=name,
                email=f"contacto{i}@empresa-demo.co", preferred_channel="email",
            )
        )  # fmt: skip
    tags = {t.slug: t for t in DifficultyTag.objects.all()}
    for customer, (slug, reason) in zip(created[::7], TAG_REASONS.items(), strict=False):
        customer_tag_assign(customer=customer, tag=tags[slug], reason=reason, actor=agent)
    consent_revoke(customer=created[3], actor=agent)
    tagged = CustomerTagAssignment.objects.filter(customer__in=created).count()
    return [f"  Clientes de demostración: {len(created)} ({tagged} con etiqueta)."]


def person(rng: random.Random, i: int, agent) -> Customer:
    """One natural person with a Colombian document, most with an email (i numbers them)."""
    first, last1, last2 = rng.choice(FIRST), rng.choice(LAST), rng.choice(LAST)
    kind = rng.choices(["CC", "CE", "PA"], weights=[8, 1, 1])[0]
    number = {
        "CC": str(rng.randint(10_000_000, 1_099_999_999)),
        "CE": str(rng.randint(100_000, 9_999_999)),
        "PA": f"{rng.choice('ABCEGP')}{rng.choice('ABCEGP')}{rng.randint(100000, 999999)}",
    }[kind]
    slug = _ascii(f"{first.split()[0]}.{last1}".lower())
    return _create(
        agent, rng, i, document_type=kind, document_number=number,
        full_name=f"{first} {last1} {last2}",
        email=f"{slug}{i}@correo-demo.co" if i % 6 else "",
    )  # fmt: skip


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _create(agent, rng, i, **fields) -> Customer:
    fields.setdefault("person_type", "natural")
    fields.setdefault("preferred_channel", rng.choice(["email", "phone", "whatsapp"]))
    return customer_create(
        actor=agent,
        consent_channel=rng.choice(["web", "phone", "in_person"]),
        # Surveys are a separate, optional purpose: most demo customers accepted it.
        consent_purposes=[PURPOSE_HANDLING, *([PURPOSE_SURVEYS] if rng.random() < 0.8 else [])],
        phone=f"3{rng.choice([0, 1, 2, 5])}{rng.randint(0, 9)}{rng.randint(1000000, 9999999)}",
        address=f"{rng.choice(STREETS)} {rng.randint(1, 150)} # {rng.randint(1, 99)}-"
        f"{rng.randint(1, 99)}",
        city=rng.choice(CITIES),
        notes="[demo]",
        **fields,
    )
