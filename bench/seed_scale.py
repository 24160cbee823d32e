"""Fill a separate bench database with a PQR Desk at production scale.

    .venv/bin/python bench/seed_scale.py [--pqrs 1000000] [--customers 200000]
                                         [--surveys 300000] [--database-url URL]

Defaults to postgres://postgres@127.0.0.1:5432/pqrdesk_bench (env BENCH_DATABASE_URL;
the normal DATABASE_URL is ignored so a dev database is never filled by mistake).
Creates and migrates the database, then writes rows with PostgreSQL COPY: staff and
teams, customers with consent, PQRs over the last two years (types, channels,
statuses, due dates, outcomes as the SLA engine stores them), their SLA clocks,
events, protocol steps and answers for recent complaints, and optionally survey
invitations with answers. Running it again at the same sizes does nothing.

Other bench scripts call ``bench.seed_scale.reuse_or_seed(...)``: it reuses the seeded
database as it is (whatever its size) and seeds only an empty one. A seeded database
is never wiped unless ``--reseed`` is given here; a bench that wants another size
uses another database (``bench_url(pqrs)``: ``pqrdesk_bench`` for 1,000,000 PQRs,
``pqrdesk_bench_100k`` for 100,000...).
"""

from __future__ import annotations

import argparse
import bisect
import io
import math
import os
import random
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pqrdesk_bench")
BENCH_PASSWORD = "bench-pass-2026"  # noqa: S105 - throwaway bench accounts
CHUNK = 50_000
SEED = 20261123


# --- database and Django -------------------------------------------------------


def setup_django(database_url: str = BENCH_URL) -> None:
    """Create the bench database if missing, point Django at it and migrate."""
    from bench.database import django_on_bench_db

    server, name = database_url.rsplit("/", 1)
    django_on_bench_db(name, fresh=False, server=server)


def bench_url(pqrs: int) -> str:
    """The shared bench database for 1,000,000 PQRs, a database of its own for any
    other size, so that a 100k run never replaces the 1M data other benches use."""
    if pqrs == 1_000_000:
        return BENCH_URL
    server, name = BENCH_URL.rsplit("/", 1)
    size = f"{pqrs // 1000}k" if pqrs % 1000 == 0 else str(pqrs)
    return f"{server}/{name}_{size}"


def seeded_state() -> dict:
    """What the configured bench database holds ({} when nothing was seeded)."""
    from django.db import connection

    with connection.cursor() as django_cursor:
        return _state(django_cursor.cursor)


def reuse_or_seed(
    *,
    pqrs: int = 1_000_000,
    customers: int = 200_000,
    surveys: int | None = None,
    database_url: str | None = None,
    out=print,
) -> dict:
    """Point Django at the bench database for `pqrs` and return what it holds. A
    seeded database is used as it is (its sizes are printed), an empty one is seeded;
    waits while another process is seeding it."""
    setup_django(database_url or bench_url(pqrs))
    state = seeded_state()
    if not state.get("pqrs"):
        seed(pqrs=pqrs, customers=customers, surveys=surveys, out=out)
        state = seeded_state()
    from django.db import connection

    from bench.database import vacuum_like_autovacuum

    vacuum_like_autovacuum(connection, out=out)
    out(
        f"bench database {connection.settings_dict['NAME']}: {state.get('pqrs', 0):,} PQRs, "
        f"{state.get('customers', 0):,} customers, {state.get('surveys', 0):,} surveys (reused)"
    )
    return state


# --- COPY helpers --------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    s = str(value)
    return s.replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n").replace("\r", "")


class CopyTable:
    """Buffers rows (dicts) for one model and COPYs them in chunks. Columns the
    generator leaves out get the model field's default, so fields added later by
    other apps do not break the seeder."""

    def __init__(self, cursor, model, written: dict):
        self.cursor = cursor
        self.table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
        self.all_columns = [f.column for f in fields]
        self.pk = model._meta.pk.column
        self.columns = None
        self.defaults = {}
        for f in fields:
            default = f.get_default() if f.has_default() else None
            if (
                default is None
                and not f.null
                and f.get_internal_type() in ("CharField", "TextField")
            ):
                default = ""
            self.defaults[f.column] = default
        self.buffer = io.StringIO()
        self.pending = 0
        self.written = written
        written.setdefault(self.table, 0)

    def add(self, row: dict) -> None:
        if self.columns is None:
            # An auto id left to PostgreSQL must not appear in the column list.
            self.columns = [c for c in self.all_columns if c != self.pk or c in row]
        defaults = self.defaults
        self.buffer.write(
            "\t".join(_text(row[c] if c in row else defaults[c]) for c in self.columns)
        )
        self.buffer.write("\n")
        self.pending += 1
        if self.pending >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.buffer.seek(0)
        cols = ", ".join(f'"{c}"' for c in self.columns)
        self.cursor.copy_expert(f'COPY "{self.table}" ({cols}) FROM STDIN', self.buffer)
        self.written[self.table] += self.pending
        self.buffer = io.StringIO()
        self.pending = 0


def _reset_sequence(cursor, model) -> None:
    table = model._meta.db_table
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
        f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
    )


# --- vocabulary ------------------------------------------------------------------

FIRST_NAMES = [
    "María",
    "Luisa",
    "José",
    "Juan",
    "Carlos",
    "Ana",
    "Andrés",
    "Camila",
    "Sofía",
    "Valentina",
    "Santiago",
    "Daniela",
    "Alejandro",
    "Natalia",
    "Felipe",
    "Paula",
    "Jorge",
    "Laura",
    "Diego",
    "Mónica",
    "Óscar",
    "Inés",
    "Ramón",
    "Nicolás",
    "Manuela",
    "Julián",
    "Ángela",
    "Esteban",
    "Lucía",
    "Martín",
    "Gabriela",
    "Héctor",
    "Adriana",
    "Mauricio",
    "Catalina",
]
SURNAMES = [
    "Rodríguez",
    "Gómez",
    "González",
    "Martínez",
    "García",
    "López",
    "Hernández",
    "Sánchez",
    "Ramírez",
    "Pérez",
    "Díaz",
    "Muñoz",
    "Rojas",
    "Moreno",
    "Jiménez",
    "Álvarez",
    "Romero",
    "Valencia",
    "Ruiz",
    "Castaño",
    "Ospina",
    "Zapata",
    "Restrepo",
    "Cárdenas",
    "Quintero",
    "Londoño",
    "Mejía",
    "Arango",
    "Úsuga",
    "Betancur",
    "Salazar",
    "Giraldo",
    "Patiño",
    "Bermúdez",
    "Cifuentes",
    "Duque",
    "Agudelo",
    "Córdoba",
    "Peña",
    "Vargas",
]
COMPANY_WORDS = [
    "Andina",
    "Pacífico",
    "Cafetera",
    "Caribe",
    "Llanos",
    "Sabana",
    "Cordillera",
    "Magdalena",
]
COMPANY_KINDS = ("Distribuciones", "Comercializadora", "Inversiones", "Servicios", "Logística")
CITIES = (
    ("Bogotá", 30),
    ("Medellín", 14),
    ("Cali", 10),
    ("Barranquilla", 8),
    ("Cartagena", 5),
    ("Bucaramanga", 5),
    ("Pereira", 4),
    ("Manizales", 3),
    ("Cúcuta", 4),
    ("Ibagué", 3),
    ("Santa Marta", 3),
    ("Villavicencio", 3),
    ("Pasto", 2),
    ("Montería", 2),
    ("Neiva", 2),
    ("Armenia", 2),
)
STREETS = ("Calle", "Carrera", "Avenida", "Diagonal", "Transversal")

TEAMS = (
    ("Atención al cliente", 30),
    ("Facturación y cartera", 18),
    ("Soporte técnico", 16),
    ("Logística y entregas", 12),
    ("Ventas y contratos", 9),
    ("Garantías", 7),
    ("Jurídica", 4),
    ("Calidad", 4),
)
AGENTS_PER_TEAM = 6

TYPE_WEIGHTS = {
    "peticion": 20,
    "peticion_informacion": 8,
    "consulta": 10,
    "queja": 18,
    "reclamo": 24,
    "sugerencia": 4,
    "felicitacion": 3,
    "denuncia": 2,
    "habeas_data_consulta": 2,
    "habeas_data_reclamo": 1,
    "garantia": 8,
}
CHANNEL_WEIGHTS = {
    "telefono": 27,
    "web": 25,
    "email": 21,
    "presencial": 11,
    "chat": 7,
    "redes": 4,
    "carta": 3,
    "buzon": 2,
}
PRIORITY_WEIGHTS = {
    "normal": 86,
    "alta": 9,
    "derecho_fundamental": 3,
    "riesgo_vida": 1,
    "periodista": 1,
}
# Closed outcomes (share of the ~80 % closed PQRs) and open statuses (~20 %).
CLOSED_WEIGHTS = {"cerrado": 58, "resuelto": 28, "trasladado": 6, "desistido": 4, "rechazado": 4}
OPEN_WEIGHTS = {"radicado": 12, "asignado": 24, "en_tramite": 44, "en_espera_cliente": 12}
OPEN_REOPENED_WEIGHT = 8
OPEN_SHARE = 0.20
ROOT_CAUSE_WEIGHTS = {
    "falla_proceso": 24,
    "negligencia": 12,
    "olvido": 10,
    "falta_experiencia": 10,
    "indiferencia": 6,
    "defecto_producto": 18,
    "tercero": 10,
    "sin_fundamento": 10,
}
SUBJECTS = {
    "peticion": ("Cambio de fecha de entrega", "Solicitud de cambio de plan", "Copia del contrato"),
    "peticion_informacion": ("Copia de facturas del año", "Certificado de paz y salvo"),
    "consulta": ("Cómo funciona la garantía extendida", "Requisitos para traspasar el servicio"),
    "queja": ("Mala atención en el punto de venta", "Me colgaron la llamada", "Demora en la fila"),
    "reclamo": (
        "Cobro doble en la factura",
        "Producto llegó dañado",
        "Servicio suspendido sin aviso",
        "No aplicaron el descuento prometido",
    ),
    "sugerencia": ("Ampliar el horario de atención", "Más cajeros en la sede centro"),
    "felicitacion": ("Excelente atención del asesor", "Entrega antes de lo esperado"),
    "denuncia": ("Posible cobro indebido de un funcionario",),
    "habeas_data_consulta": ("Qué datos personales tienen de mí",),
    "habeas_data_reclamo": ("Eliminar mis datos de la base de mercadeo",),
    "garantia": ("El equipo dejó de funcionar en garantía", "Reparación que no quedó bien"),
}
TRANSFER_DESTINATIONS = (
    "Superintendencia de Industria y Comercio",
    "Superintendencia de Servicios Públicos Domiciliarios",
    "Secretaría de Tránsito",
    "Proveedor del fabricante",
)
REJECTION_REASONS = (
    "El escrito no permite saber qué se pide y el peticionario no aclaró.",
    "Escrito irrespetuoso; se archiva según el artículo 19 de la Ley 1755 de 2015.",
)
STEP_NOTES = (
    "Se ofreció una disculpa sincera.",
    "Se escuchó al cliente sin interrumpir y se tomó nota.",
    "Se revisaron con el cliente las alternativas posibles.",
    "Se acordó la compensación.",
    "Se ajustó la solución a la situación del cliente.",
    "El cliente confirmó que la solución le sirve.",
)

HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 14, 16, 16, 14, 10, 12, 14, 14, 12, 9, 6, 4, 3, 2, 2, 1]


def _picker(rng: random.Random, weights: dict):
    keys, w = list(weights), list(weights.values())
    cum = []
    total = 0
    for value in w:
        total += value
        cum.append(total)

    def pick():
        return keys[bisect.bisect_right(cum, rng.random() * total)]

    return pick


# --- staff, teams, customers ------------------------------------------------------


def _staff(now: datetime) -> tuple[dict[int, list[int]], list[int]]:
    """Teams with six agents each, three supervisors and an admin (ORM: a handful)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from core.roles import Role
    from pqr.models import Team

    User = get_user_model()
    password = make_password(BENCH_PASSWORD)
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role}

    def user(username: str, first: str, last: str, role: Role):
        u, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "password": password},
        )
        if created:
            u.email = f"{username}@bench.pqrdesk.test"
            u.save(update_fields=["email"])
            u.groups.add(groups[role])
        return u

    rng = random.Random(SEED)
    supervisors = [
        user(f"bench_supervisor{i}", rng.choice(FIRST_NAMES), rng.choice(SURNAMES), Role.SUPERVISOR)
        for i in range(1, 4)
    ]
    user("bench_admin", "Admin", "Bench", Role.ADMIN)
    agents_by_team: dict[int, list[int]] = {}
    for t, (name, _w) in enumerate(TEAMS):
        team, _ = Team.objects.get_or_create(name=name)
        team.supervisors.add(supervisors[t % len(supervisors)])
        members = [
            user(
                f"bench_agent{t + 1}_{i}",
                rng.choice(FIRST_NAMES),
                rng.choice(SURNAMES),
                Role.AGENT,
            )
            for i in range(1, AGENTS_PER_TEAM + 1)
        ]
        team.members.add(*members)
        agents_by_team[team.pk] = [m.pk for m in members]
    return agents_by_team, [s.pk for s in supervisors]


def _customers(cursor, n: int, now: datetime, written: dict) -> None:
    from customers.models import ConsentRecord, Customer

    rng = random.Random(SEED + 1)
    city = _picker(rng, dict(CITIES))
    table = CopyTable(cursor, Customer, written)
    consents = CopyTable(cursor, ConsentRecord, written)
    start = now - timedelta(days=3 * 365)
    span = int((now - start).total_seconds())
    for i in range(1, n + 1):
        juridica = rng.random() < 0.04
        if juridica:
            name = f"{rng.choice(COMPANY_KINDS)} {rng.choice(COMPANY_WORDS)} S.A.S."
            doc_type, doc = "NIT", str(800_000_000 + i)
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
            doc_type = "CE" if rng.random() < 0.05 else "CC"
            doc = str(10_000_000 + i * 7)
        created = start + timedelta(seconds=rng.randrange(span))
        table.add(
            {
                "id": i,
                "person_type": "juridica" if juridica else "natural",
                "document_type": doc_type,
                "document_number": doc,
                "full_name": name,
                "email": f"cliente{i}@correo.test" if rng.random() < 0.85 else "",
                "phone": f"3{i % 10}{i:08d}"[:10],
                "address": f"{rng.choice(STREETS)} {rng.randint(1, 180)} # {rng.randint(1, 99)}-"
                f"{rng.randint(1, 99)}",
                "city": city(),
                "preferred_channel": "email" if rng.random() < 0.6 else "phone",
                "is_active": True,
                "created_at": created,
                "updated_at": created,
            }
        )
        consents.add(
            {
                "customer_id": i,
                "policy_version": "2026-01",
                "purposes": "atencion_pqr,encuestas_satisfaccion",
                "channel": rng.choice(("web", "phone", "in_person")),
                "given_at": created,
            }
        )
    table.flush()
    consents.flush()
    _reset_sequence(cursor, Customer)
    _reset_sequence(cursor, ConsentRecord)


# --- PQRs --------------------------------------------------------------------------


class PqrGenerator:
    """Makes one PQR row and its children at a time, consistent with the services:
    the same fields a real intake, clock and resolution would have written."""

    def __init__(self, cursor, *, customers: int, now: datetime, written: dict):
        from pqr.models import MomentOfTruth, PqrType, RootCause
        from sla.calendar import BusinessCalendar
        from sla.models import LegalTerm

        self.cursor = cursor
        self.customers = customers
        self.now = now
        self.written = written
        self.rng = rng = random.Random(SEED + 2)
        self.cal = BusinessCalendar()
        types = {t.code: t for t in PqrType.objects.all()}
        weights = {c: w for c, w in TYPE_WEIGHTS.items() if c in types}
        self.types = types
        self.pick_type = _picker(rng, weights)
        self.terms = {t.pqr_type.code: t.days for t in LegalTerm.objects.select_related("pqr_type")}
        self.pick_channel = _picker(rng, CHANNEL_WEIGHTS)
        self.pick_priority = _picker(rng, PRIORITY_WEIGHTS)
        self.pick_closed = _picker(rng, CLOSED_WEIGHTS)
        self.pick_open = _picker(rng, {**OPEN_WEIGHTS, "reabierto": OPEN_REOPENED_WEIGHT})
        causes = {c.code: c.pk for c in RootCause.objects.all()}
        self.pick_cause = _picker(rng, {causes[c]: w for c, w in ROOT_CAUSE_WEIGHTS.items()})
        self.moments = list(MomentOfTruth.objects.values_list("pk", flat=True))
        self.pick_hour = _picker(rng, dict(enumerate(HOUR_WEIGHTS)))
        self.day_seconds = self.cal._day_seconds

    def received_times(self, n: int) -> list[tuple[datetime, bool]]:
        """(received_at, is_open) for n PQRs, oldest first: closed ones spread over two
        years, open ones mostly recent with a tail of old, overdue cases."""
        rng = self.rng
        out = []
        today = self.now.date()
        for _ in range(n):
            is_open = rng.random() < OPEN_SHARE
            if is_open:
                r = rng.random()
                age = (
                    rng.randrange(0, 30)
                    if r < 0.55
                    else rng.randrange(30, 120)
                    if r < 0.85
                    else rng.randrange(120, 730)
                )
            else:
                age = rng.randrange(3, 730)
            day = today - timedelta(days=age)
            if day.weekday() >= 5 and rng.random() < 0.6:
                day -= timedelta(days=day.weekday() - 4)
            at = datetime(
                day.year,
                day.month,
                day.day,
                self.pick_hour(),
                rng.randrange(60),
                rng.randrange(60),
                tzinfo=self.cal.config.tz,
            )
            if at > self.now:
                at = self.now - timedelta(minutes=rng.randrange(1, 600))
            out.append((at, is_open))
        out.sort(key=lambda pair: pair[0])
        return out

    def hours_after(self, start: datetime, hours: float) -> datetime:
        return self.cal.add_business_hours(start, hours)

    def make(self, pqr_id: int, radicado: str, received: datetime, is_open: bool, staff) -> dict:
        rng, cal, now = self.rng, self.cal, self.now
        agents_by_team, team_pick = staff
        code = self.pick_type()
        complaint = code in ("queja", "reclamo")
        channel = "web" if code in ("felicitacion",) and rng.random() < 0.5 else self.pick_channel()
        status = self.pick_open() if is_open else self.pick_closed()
        team = team_pick()
        agent = None if status == "radicado" else rng.choice(agents_by_team[team])
        anonymous = rng.random() < (0.25 if channel == "buzon" else 0.05)
        customer = None if anonymous else 1 + int(self.customers * rng.random() ** 1.6)
        filed_on = cal.filing_date(received)
        term = self.terms.get(code, 15)
        legal_due = cal.due_for_days(filed_on, term)
        due = cal.due_for_days(filed_on, max(1, math.ceil(term * 2 / 3)))
        opens = datetime.combine(filed_on, cal.config.office_start, tzinfo=cal.config.tz)
        start = max(received, opens)
        first_due = min(cal.add_business_hours(start, 8), due)
        intake_anger = None
        if complaint or rng.random() < 0.1:
            intake_anger = min(7, max(1, int(rng.gauss(2.6 if complaint else 1.5, 1.3))))
        anger = intake_anger
        if anger is not None and status in ("resuelto", "cerrado"):
            anger = max(1, anger - rng.randint(0, 2))
        elif anger is not None and rng.random() < 0.1:
            anger = min(7, anger + 1)
        delay = (
            timedelta(days=rng.randint(0, 3))
            if channel in ("carta", "buzon")
            else timedelta(minutes=rng.randint(1, 40))
        )
        created = min(received + delay, now)
        row = {
            "id": pqr_id,
            "radicado": radicado,
            "pqr_type_id": self.types[code].pk,
            "channel": channel,
            "customer_id": customer,
            "contact_email": f"anonimo{pqr_id}@correo.test"
            if anonymous and rng.random() < 0.4
            else "",
            "contact_consent_at": received if anonymous else None,
            "subject": rng.choice(SUBJECTS.get(code, ("Solicitud",))),
            "description": f"{rng.choice(SUBJECTS.get(code, ('Solicitud',)))}. Caso de prueba "
            f"de carga número {pqr_id}; el cliente espera respuesta por escrito.",
            "verbal_constancia": "Se atendió verbalmente y se dejó constancia de lo pedido."
            if channel in ("telefono", "presencial")
            else "",
            "moment_of_truth_id": rng.choice(self.moments)
            if self.moments and rng.random() < (0.8 if complaint else 0.25)
            else None,
            "priority": self.pick_priority(),
            "received_at": received,
            "filed_on": filed_on,
            "team_id": team,
            "assigned_to_id": agent,
            "status": status,
            "anger_level_at_intake": intake_anger,
            "anger_level": anger,
            "needs_supervisor": anger is not None and anger >= 5,
            "first_response_due_at": first_due,
            "due_at": due,
            "legal_due_at": legal_due,
            "created_by_id": agent or rng.choice(agents_by_team[team]),
            "created_at": created,
            "updated_at": created,
            "language": "en" if rng.random() < 0.03 else "es-co",
        }
        clock = {
            "pqr_id": pqr_id,
            "policy_due_at": due,
            "initial_legal_due_at": legal_due,
            "paused_business_days": 0,
            "paused_business_seconds": 0,
            "extension_used": False,
            "silence_flag": "none",
        }
        budget = max(cal.business_hours_between(start, now), 0.5)
        # First answer: hours after filing, log-normal around half a working day.
        answered = status not in ("radicado",) and (not is_open or rng.random() < 0.55)
        if answered:
            fr_hours = min(rng.lognormvariate(math.log(4), 0.9), budget * 0.5)
            row["first_responded_at"] = self.hours_after(start, fr_hours)
            row["first_response_business_hours"] = Decimal(fr_hours).quantize(Decimal("0.01"))
        if status in ("resuelto", "cerrado"):
            median_h = {"queja": 35, "reclamo": 45, "garantia": 60}.get(code, 25)
            res_hours = rng.lognormvariate(math.log(median_h), 0.7)
            res_hours = max(min(res_hours, budget * 0.95), (fr_hours if answered else 0) + 0.5)
            resolved = self.hours_after(start, res_hours)
            row.update(
                resolved_at=resolved,
                resolution_business_hours=Decimal(res_hours).quantize(Decimal("0.01")),
                resolution_business_days=cal.business_days_between(
                    filed_on, resolved.astimezone(cal.config.tz).date()
                ),
                resolved_within_due=resolved <= due,
                resolved_within_legal=resolved <= legal_due,
                updated_at=resolved,
            )
            if complaint:
                row["root_cause_id"] = self.pick_cause()
            if status == "cerrado":
                row["closed_at"] = min(self.hours_after(resolved, rng.uniform(9, 45)), now)
                row["updated_at"] = row["closed_at"]
            clock["stopped_at"] = resolved
        elif status == "trasladado":
            moved = self.hours_after(start, rng.uniform(2, min(40, budget)))
            row.update(
                transfer_destination=rng.choice(TRANSFER_DESTINATIONS),
                transferred_on=moved.astimezone(cal.config.tz).date(),
                closed_at=moved,
                updated_at=moved,
            )
            clock["stopped_at"] = moved
        elif status in ("desistido", "rechazado"):
            ended = self.hours_after(start, rng.uniform(4, min(200, budget)))
            if status == "desistido":
                row["completion_requested_at"] = self.hours_after(start, 2)
            else:
                row["rejection_reason"] = rng.choice(REJECTION_REASONS)
            row.update(closed_at=ended, updated_at=ended)
            clock["stopped_at"] = ended
        elif status == "en_espera_cliente":
            asked = self.hours_after(start, rng.uniform(1, min(24, budget)))
            row["completion_requested_at"] = asked
            row["term_suspended"] = True  # asked within the 10 business days (art. 17)
            clock["suspended_at"] = asked
        else:
            clock["next_threshold_at"] = self._next_threshold(row)
        return row, clock, complaint

    def _next_threshold(self, row: dict) -> datetime | None:
        """Next alert instant still ahead (past ones the sweep already raised)."""
        received, due = row["received_at"], row["due_at"]
        warn = received + (due - received) * 0.75
        marks = [warn, due, row["legal_due_at"]]
        if not row.get("first_responded_at"):
            marks.append(row["first_response_due_at"])
        ahead = [m for m in marks if m > self.now]
        return min(ahead) if ahead else None


def _events(add_event, add_message, add_step, row: dict, complaint: bool, detailed: bool, rng):
    """Timeline rows: intake and status moves for every PQR; messages and protocol
    steps only for `detailed` (recent) ones, to keep the seed quick."""
    pid, actor = row["id"], row["created_by_id"]
    add_event(
        {"pqr_id": pid, "actor_id": actor, "kind": "created", "created_at": row["created_at"]}
    )
    status, assignee = row["status"], row["assigned_to_id"]
    if assignee:
        add_event(
            {
                "pqr_id": pid,
                "actor_id": actor,
                "kind": "assigned",
                "field": "assigned_to",
                "new_value": str(assignee),
                "created_at": row["created_at"] + timedelta(minutes=5),
            }
        )
    if status not in ("radicado", "asignado"):
        at = row.get("closed_at") or row.get("resolved_at") or row["updated_at"]
        add_event(
            {
                "pqr_id": pid,
                "actor_id": assignee or actor,
                "kind": "status",
                "field": "status",
                "old_value": "en_tramite" if status in ("resuelto", "cerrado") else "asignado",
                "new_value": status,
                "created_at": at,
            }
        )
    if not detailed:
        return
    if row.get("first_responded_at"):
        add_message(
            {
                "pqr_id": pid,
                "kind": "public",
                "body": "Recibimos su caso, lo estamos revisando y le daremos respuesta de fondo.",
                "author_id": assignee or actor,
                "created_at": row["first_responded_at"],
            }
        )
    if complaint:
        done = 6 if row.get("resolved_at") else rng.randint(0, 5)
        base = row.get("first_responded_at") or row["created_at"]
        for step in range(1, done + 1):
            na = step == 4 and rng.random() < 0.3
            add_step(
                {
                    "pqr_id": pid,
                    "step": step,
                    "note": "" if na else STEP_NOTES[step - 1],
                    "not_applicable": na,
                    "justification": "No hubo perjuicio económico que compensar." if na else "",
                    "compensation_kind": ("discount" if rng.random() < 0.5 else "credit")
                    if step == 4 and not na
                    else "",
                    "compensation_amount": Decimal(rng.randrange(20, 300) * 1000)
                    if step == 4 and not na
                    else None,
                    "compensation_currency": "COP",
                    "recorded_by_id": assignee or actor,
                    "recorded_at": base + timedelta(minutes=20 * step),
                }
            )


def _pqrs(cursor, n: int, customers: int, now: datetime, written: dict) -> None:
    from pqr.models import Pqr, PqrEvent, PqrMessage, ProtocolStep, RadicadoCounter, Team
    from sla.models import PqrClock

    agents_by_team, _sup = _staff(now)
    gen = PqrGenerator(cursor, customers=customers, now=now, written=written)
    team_ids = {t.name: t.pk for t in Team.objects.filter(name__in=[n for n, _ in TEAMS])}
    team_pick = _picker(gen.rng, {team_ids[name]: w for name, w in TEAMS})
    pqrs = CopyTable(cursor, Pqr, written)
    clocks = CopyTable(cursor, PqrClock, written)
    events = CopyTable(cursor, PqrEvent, written)
    messages = CopyTable(cursor, PqrMessage, written)
    steps = CopyTable(cursor, ProtocolStep, written)
    detailed_since = now - timedelta(days=120)
    counters: dict[int, int] = {}
    for pqr_id, (received, is_open) in enumerate(gen.received_times(n), start=1):
        year = received.astimezone(gen.cal.config.tz).year
        counters[year] = counters.get(year, 0) + 1
        radicado = f"PQR-{year}-{counters[year]:06d}"
        row, clock, complaint = gen.make(
            pqr_id, radicado, received, is_open, (agents_by_team, team_pick)
        )
        pqrs.add(row)
        clocks.add(clock)
        _events(
            events.add, messages.add, steps.add, row, complaint, received >= detailed_since, gen.rng
        )
    for table in (pqrs, clocks, events, messages, steps):
        table.flush()
    for model in (Pqr, PqrEvent, PqrMessage, ProtocolStep):
        _reset_sequence(cursor, model)
    for year, last in counters.items():
        RadicadoCounter.objects.update_or_create(year=year, defaults={"last_number": last})


# --- surveys -------------------------------------------------------------------------


def _surveys(cursor, n: int, now: datetime, written: dict) -> None:
    """Invitations for the n most recently resolved PQRs with a customer; about 60 %
    answered (scores skewed high), low scores opening recovery cases."""
    from surveys.models import DIMENSION_FIELDS, RecoveryCase, SatisfactionSurvey, SurveyResponse

    rng = random.Random(SEED + 3)
    cursor.execute(
        "SELECT id, customer_id, resolved_at, language FROM pqr_pqr "
        "WHERE resolved_at IS NOT NULL AND customer_id IS NOT NULL "
        "ORDER BY resolved_at DESC LIMIT %s",
        [n],
    )
    rows = cursor.fetchall()
    surveys = CopyTable(cursor, SatisfactionSurvey, written)
    responses = CopyTable(cursor, SurveyResponse, written)
    cases = CopyTable(cursor, RecoveryCase, written)
    score_pick = _picker(rng, {5: 42, 4: 30, 3: 13, 2: 8, 1: 7})
    for sid, (pqr_id, customer_id, resolved_at, language) in enumerate(rows, start=1):
        sent = resolved_at + timedelta(minutes=rng.randint(5, 120))
        expires = sent + timedelta(days=15)
        answered = rng.random() < 0.6 and sent < now
        status = "answered" if answered else ("expired" if expires < now else "pending")
        surveys.add(
            {
                "id": sid,
                "source": "pqr",
                "customer_id": customer_id,
                "pqr_id": pqr_id,
                "language": language,
                "status": status,
                "created_at": sent,
                "sent_at": sent,
                "expires_at": expires,
            }
        )
        if not answered:
            continue
        at = min(sent + timedelta(hours=rng.uniform(0.2, 96)), now)
        score = score_pick()
        response = {"survey_id": sid, "score": score, "answered_at": at, "updated_at": at}
        for field in DIMENSION_FIELDS:
            if rng.random() < 0.7:
                response[field] = max(1, min(5, score + rng.choice((-1, 0, 0, 1))))
        if rng.random() < 0.25:
            response["comment"] = "Buena atención." if score >= 4 else "Tardaron en responder."
        responses.add(response)
        if score <= 2:
            closed = rng.random() < 0.7 and at < now - timedelta(days=5)
            cases.add(
                {
                    "survey_id": sid,
                    "customer_id": customer_id,
                    "score": score,
                    "status": "closed" if closed else "open",
                    "outcome": rng.choice(("recovered", "partial", "not_recovered"))
                    if closed
                    else "",
                    "action": "Llamada de seguimiento del supervisor." if closed else "",
                    "created_at": at,
                    "closed_at": at + timedelta(days=3) if closed else None,
                }
            )
    for table in (surveys, responses, cases):
        table.flush()
    for model in (SatisfactionSurvey, SurveyResponse, RecoveryCase):
        _reset_sequence(cursor, model)


# --- entry points ----------------------------------------------------------------------

STATE_TABLE = "bench_seed_state"


def _state(cursor) -> dict:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (part text PRIMARY KEY, size integer NOT NULL)"
    )
    cursor.execute(f"SELECT part, size FROM {STATE_TABLE}")
    return dict(cursor.fetchall())


def _mark(cursor, part: str, size: int) -> None:
    cursor.execute(
        f"INSERT INTO {STATE_TABLE} (part, size) VALUES (%s, %s) "
        "ON CONFLICT (part) DO UPDATE SET size = EXCLUDED.size",
        [part, size],
    )


SEED_LOCK = 20261203  # pg advisory lock: two seeders of one database wait for each other


def seed(
    *,
    pqrs: int = 1_000_000,
    customers: int = 200_000,
    surveys: int | None = None,
    reseed: bool = False,
    out=print,
) -> dict:
    """Seed the configured (bench) database; returns rows written per table.
    Skips every part already seeded at the requested size; surveys=None keeps
    whatever survey rows are there (when the PQRs stay). Replacing seeded rows of
    another size needs reseed=True: the bench database is shared."""
    from django.db import connection, transaction
    from django.utils import timezone

    t0 = time.perf_counter()
    now = timezone.now()
    written: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg2 cursor, for copy_expert
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEED_LOCK])
        state = _state(cursor)
        if surveys is None:
            surveys = state.get("surveys", 0)
        core_done = state.get("customers") == customers and state.get("pqrs") == pqrs
        if core_done and state.get("surveys", 0) == surveys:
            out(
                f"bench database already seeded ({pqrs:,} PQRs, {customers:,} customers, "
                f"{surveys:,} surveys); nothing to do"
            )
            return written
        replaces = (state.get("pqrs") and not core_done) or state.get("surveys")
        if replaces and not reseed:
            raise SystemExit(
                f"{connection.settings_dict['NAME']} holds {state}; not replacing it with "
                f"{pqrs:,} PQRs / {customers:,} customers / {surveys:,} surveys. Use another "
                "--database-url (bench_url(pqrs)) or pass --reseed."
            )
        cursor.execute(
            "TRUNCATE surveys_satisfactionsurvey, surveys_surveyresponse, surveys_recoverycase, "
            "surveys_surveyevent RESTART IDENTITY CASCADE"
        )
        _mark(cursor, "surveys", 0)
        if not core_done:
            cursor.execute(
                "TRUNCATE pqr_pqr, customers_customer, pqr_radicadocounter RESTART IDENTITY CASCADE"
            )
            _customers(cursor, customers, now, written)
            out(f"  customers: {customers:,} in {time.perf_counter() - t0:.1f} s")
            _pqrs(cursor, pqrs, customers, now, written)
            out(f"  PQRs: {pqrs:,} in {time.perf_counter() - t0:.1f} s (cumulative)")
            _mark(cursor, "customers", customers)
            _mark(cursor, "pqrs", pqrs)
        if surveys:
            _surveys(cursor, surveys, now, written)
            _mark(cursor, "surveys", surveys)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - t0
    out(f"seeded in {elapsed:.1f} s: " + ", ".join(f"{t} {c:,}" for t, c in written.items()))
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pqrs", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--surveys", type=int, default=None, help="default: keep what is there")
    parser.add_argument("--database-url", default=None, help="default: bench_url(--pqrs)")
    parser.add_argument(
        "--reseed", action="store_true", help="replace a database seeded at other sizes"
    )
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    setup_django(args.database_url or bench_url(args.pqrs))
    print(f"database ready and migrated in {time.perf_counter() - t0:.1f} s")
    seed(pqrs=args.pqrs, customers=args.customers, surveys=args.surveys, reseed=args.reseed)
    print(f"total {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
