"""The life of one demo PQR, each step at its own moment, through the real services.

A step whose moment is still in the future is not taken: recent PQRs stay open at the
stage they reached, and the backlog looks like a real Monday morning."""

from __future__ import annotations

import random
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

from core.demo_clock import at, real_now
from sla.calendar import BusinessCalendar
from sla.services import pqr_extension_grant
from surveys.models import DIMENSION_FIELDS, SatisfactionSurvey
from surveys.services import survey_details_record

from .. import services
from ..emails import email_recipient
from ..models import MessageKind, Pqr
from ..notify import Delivery
from . import shape

COMMENTS = {
    1: ["Nunca me devolvieron la llamada.", "Tuve que explicar el caso tres veces."],
    2: ["La respuesta llegó tarde y fue incompleta.", "No me explicaron el cobro."],
    3: ["Resolvieron, pero tardaron más de lo prometido.", ""],
    4: ["Buena atención, aunque la espera fue larga.", ""],
    5: ["Muy amables y rápidos, gracias.", "La asesora entendió mi problema de inmediato.", ""],
}
FIRST_CONTACTS = [
    "Recibimos su caso y ya lo tiene un asesor; le escribiremos con la respuesta de fondo.",
    "Ya revisamos los datos de su cuenta. Pedimos el concepto del área técnica y le "
    "responderemos dentro del término.",
]
ANSWERS = [
    "Revisamos su caso con el área responsable y le confirmamos la solución aplicada.",
    "Verificamos la información de su cuenta; el ajuste ya se ve reflejado.",
    "Atendimos su solicitud: adjuntamos la información pedida y le explicamos el trámite.",
]


@dataclass
class Life:
    pqr: Pqr
    agent: object
    rng: random.Random
    calendar: BusinessCalendar
    causes: list = field(default_factory=list)
    late: bool = False

    def step(self, moment: datetime, action) -> bool:
        """Take one step at `moment`; False (and nothing done) when it has not come yet."""
        if moment >= real_now():
            return False
        with at(moment):
            self.pqr.refresh_from_db()
            action()
        return True

    def later(self, after: datetime, hours: float) -> datetime:
        return self.calendar.add_business_hours(after, hours)

    def told(self) -> Delivery | None:
        if email_recipient(pqr=self.pqr) is not None:
            return None
        return Delivery(channel="in_person", constancia="Se le informó en la sede; firmó.")


def live(life: Life) -> None:
    """Assignment, protocol, the customer's side, the answer, closing and the survey."""
    pqr, rng = life.pqr, life.rng
    t = life.later(pqr.received_at, rng.uniform(0.3, 10))
    if not life.step(
        t, lambda: services.pqr_assign(pqr=pqr, actor=life.agent, assigned_to=life.agent)
    ):
        return
    if rng.random() < 0.005:
        return  # forgotten: it stays open past its legal term, as a few always do
    term_end = pqr.legal_due_at or pqr.due_at
    answer_at = _answer_moment(life, t, term_end)
    _first_contact(life, t, answer_at)
    if pqr.pqr_type.requires_protocol:
        t = _protocol(life, t, answer_at)
        if t is None:
            return
    detour = rng.random()
    if detour < 0.06:
        answer_at = _completion(life, t, answer_at)
    elif detour < 0.08:
        life.step(life.later(t, 6), lambda: services.pqr_transfer(
            pqr=pqr, actor=life.agent, destination="Superintendencia de Servicios Públicos",
            delivery=life.told(),
        ))  # fmt: skip
        return
    elif detour < 0.09:
        life.step(life.later(t, 4), lambda: services.pqr_reject(
            pqr=pqr, actor=life.agent, reason="Escrito con expresiones irrespetuosas.",
            delivery=life.told(),
        ))  # fmt: skip
        return
    elif detour < 0.10 and term_end is not None:
        _extension(life, term_end)
    if answer_at is None or not _answer(life, answer_at):
        return
    _after_answer(life, answer_at)


def _first_contact(life: Life, assigned: datetime, answer_at: datetime) -> None:
    """Most agents write to the customer soon after taking the case, well before the
    answer that resolves it: the first response is not the resolution."""
    contact = life.later(assigned, life.rng.uniform(0.5, 12))
    if life.rng.random() < 0.6 and contact < answer_at - timedelta(hours=12):
        with suppress(ValidationError):
            life.step(contact, lambda: services.pqr_message_add(
                pqr=life.pqr, actor=life.agent, kind=MessageKind.PUBLIC_ANSWER,
                body=life.rng.choice(FIRST_CONTACTS), delivery=life.told(),
            ))  # fmt: skip


def _answer_moment(life: Life, start: datetime, term_end: datetime | None) -> datetime:
    received = life.pqr.received_at
    if term_end is None:
        return life.later(start, life.rng.uniform(4, 60))
    span = max((term_end - received).total_seconds(), 3600)
    if life.rng.random() < shape.late_share(received.date(), real_now().date()):
        life.late = True
        return term_end + timedelta(hours=life.rng.uniform(10, 24 * 9))
    return received + timedelta(seconds=span * life.rng.betavariate(2.2, 3.5))


def _protocol(life: Life, t: datetime, answer_at: datetime) -> datetime | None:
    """The six steps of a complaint, spread between assignment and the answer."""
    gap = max((answer_at - t).total_seconds() / 7, 1800)
    for step in range(1, 7):
        t = t + timedelta(seconds=gap * life.rng.uniform(0.6, 1.2))
        extra = {}
        if step == 4:
            amount = Decimal(life.rng.choice([15000, 29900, 45000, 89900])) + Decimal("0.50")
            extra = {"compensation_kind": "discount", "compensation_amount": amount}

        def record(step=step, extra=extra):
            services.protocol_step_record(
                pqr=life.pqr, step=step, actor=life.agent, note="Hablado con el cliente.", **extra
            )

        if not life.step(t, record):
            return None
    return t


def _completion(life: Life, t: datetime, answer_at: datetime) -> datetime | None:
    """Ask for a missing document; most customers send it within days."""
    pqr, rng = life.pqr, life.rng
    asked = life.later(t, rng.uniform(1, 8))
    if not life.step(asked, lambda: services.pqr_request_completion(
        pqr=pqr, actor=life.agent, missing="Copia legible de la cédula.", delivery=life.told(),
    )):  # fmt: skip
        return None
    if rng.random() < 0.15:
        _tacit_withdrawal(life)  # the customer never answered
        return None
    arrived = asked + timedelta(days=rng.uniform(1, 12))
    if not life.step(arrived, lambda: services.pqr_completion_received(
        pqr=pqr, arrived_on=arrived.date(), actor=life.agent, source="email",
    )):  # fmt: skip
        return None
    return max(answer_at, arrived) + timedelta(days=rng.uniform(1, 5))


def _tacit_withdrawal(life: Life) -> None:
    """A month passed with no answer: the office decides the tacit desistimiento."""
    life.pqr.refresh_from_db()
    deadline = life.pqr.completion_due_on
    if deadline is None:
        return
    end = life.calendar.end_of_day(deadline)
    life.step(life.later(end, life.rng.uniform(2, 20)), lambda: services.pqr_desist(
        pqr=life.pqr, actor=life.agent, tacit=True, delivery=life.told(),
        note="Venció el mes sin que llegara la copia de la cédula pedida (art. 17).",
    ))  # fmt: skip


def _extension(life: Life, term_end: datetime) -> None:
    def grant():
        pqr_extension_grant(
            pqr=life.pqr, actor=life.agent, reason="Se espera el concepto del área técnica.",
            delivery=life.told(),
        )  # fmt: skip

    # Some types have no prórroga (garantía, public utilities): answered on the normal term.
    with suppress(ValidationError):
        life.step(term_end - timedelta(days=2), grant)


def _answer(life: Life, moment: datetime) -> bool:
    pqr, rng = life.pqr, life.rng
    cause = rng.choice(life.causes) if pqr.pqr_type.requires_protocol and life.causes else None

    def send():
        services.pqr_answer_send(
            pqr=pqr, actor=life.agent, body=rng.choice(ANSWERS), delivery=life.told(),
            resolve=True, root_cause=cause, letter=rng.random() < 0.03,
            anger_level=_anger_at_answer(life),
        )  # fmt: skip

    try:
        return life.step(moment, send)
    except ValidationError:
        return False  # the PQR could not be answered that way (e.g. transferred)


def _anger_at_answer(life: Life) -> int | None:
    """How the customer sounds when the answer is given: most angry customers calm
    down once heard, some stay the same, a few (mostly the late ones) get angrier."""
    level = life.pqr.anger_level
    if not level:
        return None
    roll = life.rng.random()
    if roll < (0.25 if life.late else 0.6):
        new = max(1, level - life.rng.choice([1, 1, 2]))
    elif roll < 0.9:
        return None  # the same as before: nothing new to record
    else:
        new = min(5, level + 1)
    return new if new != level else None


def _after_answer(life: Life, answered: datetime) -> None:
    pqr, rng = life.pqr, life.rng
    survey = SatisfactionSurvey.objects.filter(pqr=pqr, sent_at__isnull=False).first()
    if survey is not None and rng.random() < 0.45:
        score = _score(life)
        when = survey.sent_at + timedelta(hours=rng.uniform(0.2, 70))
        dims = {}
        if rng.random() < 0.6:
            dims = {f: max(1, min(5, score + rng.choice([-1, 0, 0, 1]))) for f in DIMENSION_FIELDS}
        life.step(when, lambda: survey_details_record(
            survey=survey, score=score, comment=rng.choice(COMMENTS[score]), **dims,
        ))  # fmt: skip
    if rng.random() < 0.03:
        reopened = answered + timedelta(days=rng.uniform(2, 8))
        if life.step(reopened, lambda: services.pqr_reopen(
            pqr=pqr, actor=life.agent, reason="El cliente dice que el cobro volvió a aparecer.",
        )):  # fmt: skip
            again = life.later(reopened, rng.uniform(4, 30))
            if _answer(life, again):
                _close(life, again)
    else:
        _close(life, answered)


def _close(life: Life, answered: datetime) -> None:
    if life.rng.random() < 0.7:
        life.step(answered + timedelta(days=life.rng.uniform(3, 12)), lambda: services.pqr_close(
            pqr=life.pqr, actor=life.agent,
        ))  # fmt: skip


def _score(life: Life) -> int:
    """Late answers and angry customers rate lower."""
    weights = [1, 1, 2, 4, 6]
    if life.late:
        weights = [4, 4, 3, 2, 1]
    elif (life.pqr.anger_level or 0) >= 4:
        weights = [2, 3, 3, 3, 2]
    return life.rng.choices(range(1, 6), weights=weights)[0]
