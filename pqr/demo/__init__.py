"""Eighteen months of a PQR office, written through the services at the moments they
happened (core.demo_clock): about 2,000 PQRs over six agents in three teams."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection

from core.demo_clock import HISTORY_DAYS, at, history_mode, real_now
from customers import demo as customer_demo
from customers.models import Customer
from sla.calendar import BusinessCalendar

from .. import services
from ..models import AnswerTemplate, MomentOfTruth, Pqr, PqrType, Priority, RootCause, Team
from . import shape
from .story import Life, live

# The seed commits step by step (each at its own moment): seed_demo must not wrap it
# in one transaction.
MANAGES_TRANSACTIONS = True

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
TEAMS = {
    # team: members (usernames); agente works in two teams
    "Atención al cliente": ["agente", "agente3", "agente4"],
    "Facturación": ["agente2", "agente5"],
    "Soporte técnico": ["agente", "agente6"],
}
DESCRIPTION = "[demo] El cliente explica su caso con detalle y pide una respuesta."
CONSTANCIA = "Se dejó constancia de lo pedido y de la orientación dada."


def seed(stdout) -> list[str]:
    if Pqr.objects.filter(description__startswith="[demo]").exists():
        return ["  PQR de demostración: ya estaban creadas."]
    users = {u.username: u for u in get_user_model().objects.all()}
    teams = {}
    for name, members in TEAMS.items():
        team = Team.objects.get_or_create(name=name)[0]
        team.members.add(*[users[m] for m in members if m in users])
        if "supervisor" in users:
            team.supervisors.add(users["supervisor"])
        teams[team] = [users[m] for m in members if m in users]
    for name, language, code, body in TEMPLATES:
        AnswerTemplate.objects.get_or_create(
            name=name,
            language=language,
            defaults={"body": body, "pqr_type": PqrType.objects.filter(code=code).first()},
        )
    with history_mode(), connection.cursor() as cursor:
        # Thousands of small commits: demo rows need no wait for the disk on each one.
        cursor.execute("SET synchronous_commit TO OFF")
        count = _history(teams, stdout)
    return [f"  PQR de demostración: {count} en {shape.MONTHS:g} meses, {len(teams)} equipos."]


def _history(teams: dict, stdout) -> int:
    rng = random.Random(1755)
    calendar = BusinessCalendar()
    today = real_now().astimezone(shape.BOGOTA).date()
    day = today - timedelta(days=HISTORY_DAYS)
    customers = list(Customer.objects.filter(is_active=True))
    types = {t.code: t for t in PqrType.objects.filter(is_active=True)}
    moments = list(MomentOfTruth.objects.all())
    causes = list(RootCause.objects.all())
    team_list = list(teams)
    count = 0
    while day <= today:
        for _ in range(shape.daily_volume(day, today, rng)):
            channel = shape.pick_channel(rng, day, calendar)
            received = shape.arrival(rng, day, channel)
            if received >= real_now():
                continue
            code = shape.pick_type(rng, day, today, list(types))
            team = (
                team_list[0]
                if code in ("peticion", "consulta") and rng.random() < 0.5
                else rng.choice(team_list)
            )
            # A person joins late: agente6 started four months ago.
            staff = [a for a in teams[team] if a.username != "agente6" or (today - day).days < 122]
            agent = rng.choice(staff or teams[team])
            customer = _customer(rng, customers, received, agent, count)
            with at(received):
                pqr = services.pqr_create(
                    actor=agent if channel in shape.VERBAL or channel == "carta" else None,
                    pqr_type=types[code], channel=channel,
                    subject=rng.choice(SUBJECTS.get(code, ["Solicitud general"])),
                    description=DESCRIPTION, team=team, customer=customer,
                    contact_email="" if customer else "anonimo@correo-demo.co",
                    received_at=received,
                    priority=rng.choices(Priority.values, weights=[85, 8, 4, 1, 1, 1])[0],
                    moment_of_truth=rng.choice(moments) if moments and rng.random() < 0.7 else None,
                    anger_level=shape.anger(rng, channel, code),
                    verbal_constancia=CONSTANCIA if channel in shape.VERBAL else "",
                )  # fmt: skip
            live(Life(pqr=pqr, agent=agent, rng=rng, calendar=calendar, causes=causes))
            count += 1
        day += timedelta(days=1)
        if day.day == 1 and stdout is not None:
            stdout.write(f"  … {day:%Y-%m}: {count} PQR escritas")
    return count


def _customer(rng, customers: list, received, agent, n: int):
    """Most callers are known; one in four is new that day; a few stay anonymous."""
    roll = rng.random()
    if roll < 0.06:
        return None
    if roll < 0.3 or not customers:
        with at(received - timedelta(minutes=5)):
            customer = customer_demo.person(rng, 1000 + n, agent)
        customers.append(customer)
        return customer
    return rng.choice(customers)
