"""About 300 demo PQRs across types, channels and states, made through the services."""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from customers.models import Customer

from . import services
from .emails import email_recipient
from .models import (
    AnswerTemplate,
    Channel,
    MessageKind,
    MomentOfTruth,
    Pqr,
    PqrType,
    Priority,
    RootCause,
    Team,
)
from .notify import Delivery

TEMPLATES = [
    # name, language, type code (None: any), body
    (
        "Respuesta de fondo general",
        "es",
        None,
        "Estimado(a) {{ cliente }}:\n\nEn atención a su solicitud {{ radicado }}, recibida el "
        "{{ fecha_recibida }}, le informamos que revisamos su caso y aplicamos la solución "
        "que se describe a continuación.\n\n[Describa aquí la decisión y sus razones.]\n\n"
        "{{ recursos }}",
    ),
    (
        "Reclamo por cobro: reversión",
        "es",
        "reclamo",
        "Estimado(a) {{ cliente }}:\n\nRevisamos el cobro que reclamó en la solicitud "
        "{{ radicado }}. Encontramos que no correspondía y lo reversamos; verá el saldo a "
        "favor en su próxima factura.\n\nLamentamos las molestias.\n\n{{ recursos }}",
    ),
    (
        "Agradecimiento por su felicitación",
        "es",
        "felicitacion",
        "Gracias, {{ cliente }}, por tomarse el tiempo de felicitarnos ({{ radicado }}). "
        "Compartimos su mensaje con el equipo.",
    ),
    (
        "General answer",
        "en",
        None,
        "Dear {{ cliente }},\n\nRegarding your request {{ radicado }}, received on "
        "{{ fecha_recibida }}, we reviewed your case and applied the solution described "
        "below.\n\n[Describe the decision and its reasons here.]\n\n{{ recursos }}",
    ),
]

SUBJECTS = {
    "peticion": ["Copia de la factura de octubre", "Certificado de paz y salvo"],
    "peticion_informacion": ["Copia del contrato firmado", "Historial de pagos del último año"],
    "consulta": ["¿Cómo cambio el titular del servicio?", "Requisitos para la reconexión"],
    "queja": ["El asesor no me dejó terminar de explicar", "Esperé dos horas en la sede"],
    "reclamo": ["Cobro de un servicio que no contraté", "El equipo llegó dañado"],
    "sugerencia": ["Abrir la sede los sábados", "Enviar la factura por WhatsApp"],
    "felicitacion": ["Excelente atención de la asesora Paola", "Rapidez en la instalación"],
    "denuncia": ["Cobros irregulares de un contratista", "Venta de turnos en la fila"],
    "habeas_data_consulta": ["¿Qué datos míos tienen registrados?"],
    "habeas_data_reclamo": ["Eliminar mi número de las campañas"],
    "garantia": ["La nevera dejó de enfriar a los dos meses"],
}
TEAMS = ["Atención al cliente", "Facturación", "Soporte técnico"]
N = 300


def seed(stdout) -> list[str]:
    if Pqr.objects.filter(description__startswith="[demo]").exists():
        return ["  PQR de demostración: ya estaban creadas."]
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["agente", "agente2", "supervisor"])
    }
    teams = [Team.objects.get_or_create(name=name)[0] for name in TEAMS]
    agents = [users[n] for n in ("agente", "agente2") if n in users]
    for i, team in enumerate(teams):
        team.members.add(*agents[: 1 + (i % 2)] if agents else [])
        if "supervisor" in users:
            team.supervisors.add(users["supervisor"])
    customers = list(Customer.objects.filter(is_active=True)[:60])
    types = {t.code: t for t in PqrType.objects.filter(is_active=True)}
    moments = list(MomentOfTruth.objects.all())
    causes = list(RootCause.objects.all())
    rng = random.Random(1755)
    now = timezone.now()
    weights = {"peticion": 25, "reclamo": 20, "queja": 15, "peticion_informacion": 10,
               "consulta": 8, "sugerencia": 6, "felicitacion": 5, "denuncia": 3,
               "habeas_data_consulta": 3, "habeas_data_reclamo": 2, "garantia": 3}  # fmt: skip
    codes = [c for c in weights if c in types]
    for i in range(N):
        code = rng.choices(codes, weights=[weights[c] for c in codes])[0]
        channel = rng.choice(Channel.values)
        team = teams[i % len(teams)]
        actor = agents[i % len(agents)] if agents else None
        anonymous = rng.random() < 0.08 or not customers
        pqr = services.pqr_create(
            actor=actor,
            pqr_type=types[code],
            channel=channel,
            subject=rng.choice(SUBJECTS.get(code, ["Solicitud general"])),
            description="[demo] El cliente explica su caso con detalle y pide una respuesta.",
            team=team,
            customer=None if anonymous else rng.choice(customers),
            contact_email="anonimo@correo-demo.co" if anonymous else "",
            received_at=now - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 8)),
            priority=rng.choices(Priority.values, weights=[85, 8, 4, 1, 2])[0],
            moment_of_truth=rng.choice(moments) if moments and rng.random() < 0.7 else None,
            anger_level=rng.choice([None, None, 1, 2, 3, 4, 5, 6]),
            verbal_constancia="Se dejó constancia de lo pedido y de la orientación dada."
            if channel in ("presencial", "telefono")
            else "",
        )
        _advance(pqr, rng, actor, team, causes)
    for name, language, code, body in TEMPLATES:
        AnswerTemplate.objects.get_or_create(
            name=name,
            language=language,
            defaults={"body": body, "pqr_type": types.get(code) if code else None},
        )
    return [f"  PQR de demostración: {N} creadas en {len(teams)} equipos."]


def _told(pqr) -> Delivery | None:
    """Email when the PQR has an address; otherwise the agent told them in person."""
    if email_recipient(pqr=pqr) is not None:
        return None
    return Delivery(channel="in_person", constancia="Se le comunicó en la sede; firmó el recibido.")


def _advance(pqr, rng, actor, team, causes) -> None:
    stage = rng.random()
    member = team.members.first()
    if stage < 0.2 or member is None:
        return  # stays radicado
    services.pqr_assign(pqr=pqr, actor=actor, assigned_to=member)
    if stage < 0.35:
        return
    if pqr.pqr_type.requires_protocol:
        steps = rng.randint(1, 6) if stage < 0.7 else 6
        for step in range(1, steps + 1):
            extra = {}
            if step == 4:
                extra = {"compensation_kind": "discount", "compensation_amount": Decimal("15000")}
            services.protocol_step_record(
                pqr=pqr, step=step, actor=member, note="Registrado con el cliente.", **extra
            )
    services.pqr_message_add(
        pqr=pqr, actor=member, kind=MessageKind.INTERNAL_NOTE, body="Revisado el historial."
    )
    if stage < 0.5:
        return
    if stage < 0.55:
        services.pqr_request_completion(
            pqr=pqr, actor=member, missing="Copia de la cédula.", delivery=_told(pqr)
        )
        return
    if stage < 0.58:
        services.pqr_transfer(
            pqr=pqr,
            actor=member,
            destination="Superintendencia de Servicios Públicos",
            delivery=_told(pqr),
        )
        return
    if stage < 0.6:
        services.pqr_reject(
            pqr=pqr, actor=member, reason="Escrito con lenguaje irrespetuoso.", delivery=_told(pqr)
        )
        return
    body = "Revisamos su caso y le confirmamos la solución aplicada."
    if stage < 0.7 and pqr.pqr_type.requires_protocol:
        services.pqr_message_add(
            pqr=pqr, actor=member, kind=MessageKind.PUBLIC_ANSWER, body=body, delivery=_told(pqr)
        )
        return  # protocol in progress
    # "Responder y resolver"; one answer in ten goes as a formal letter.
    services.pqr_answer_send(
        pqr=pqr,
        actor=member,
        body=body,
        delivery=_told(pqr),
        resolve=True,
        root_cause=rng.choice(causes) if pqr.pqr_type.requires_protocol and causes else None,
        letter=rng.random() < 0.1,
    )
    if stage > 0.85:
        services.pqr_close(pqr=pqr, actor=member)
