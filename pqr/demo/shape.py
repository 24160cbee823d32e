"""The shape of 18 months of a PQR office: how many arrive each day, of which type, by
which channel, at what hour, and how angry (pure: no database)."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta

from core.demo_clock import HISTORY_MONTHS
from sla.calendar import BOGOTA, BusinessCalendar

MONTHS = HISTORY_MONTHS
PER_BUSINESS_DAY = 3.2  # a small office of a utility or a municipality

TYPE_WEIGHTS = {
    "peticion": 25, "reclamo": 20, "queja": 15, "peticion_informacion": 10, "consulta": 8,
    "sugerencia": 6, "felicitacion": 5, "denuncia": 3, "habeas_data_consulta": 3,
    "habeas_data_reclamo": 2, "garantia": 3,
}  # fmt: skip
CHANNEL_WEIGHTS = {
    "web": 30, "email": 24, "telefono": 18, "presencial": 14, "carta": 5, "chat": 5,
    "redes": 3, "buzon": 1,
}  # fmt: skip
VERBAL = {"telefono", "presencial"}
# Monday brings the weekend's backlog; Saturday only web, email and the chat.
WEEKDAY = [1.35, 1.15, 1.05, 1.0, 0.85, 0.25, 0.1]


def incident_window(today: date) -> tuple[date, date]:
    """Two weeks, seven months ago, when a billing change doubled the claims."""
    start = today - timedelta(days=213)
    return start, start + timedelta(days=14)


def daily_volume(day: date, today: date, rng: random.Random) -> int:
    """PQRs received that day: weekday rhythm, a January peak (December bills), a slow
    growth over the period and the incident fortnight."""
    months_ago = (today - day).days / 30.4
    growth = 1.0 + 0.25 * (MONTHS - months_ago) / MONTHS
    season = (
        1.3 if day.month == 1 else 1.15 if day.month in (2, 7) else 0.85 if day.month == 12 else 1
    )
    start, end = incident_window(today)
    incident = 2.2 if start <= day < end else 1.0
    mean = PER_BUSINESS_DAY * WEEKDAY[day.weekday()] * growth * season * incident
    return _poisson(rng, mean)


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def pick_type(rng: random.Random, day: date, today: date, codes: list[str]) -> str:
    start, end = incident_window(today)
    weights = dict(TYPE_WEIGHTS)
    if start <= day < end:
        weights["reclamo"] *= 3
    codes = [c for c in codes if c in weights]
    return rng.choices(codes, weights=[weights[c] for c in codes])[0]


def pick_channel(rng: random.Random, day: date, calendar: BusinessCalendar) -> str:
    channel = rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
    if not calendar.is_business_day(day) and channel not in ("web", "email", "chat"):
        return "web"
    return channel


def arrival(rng: random.Random, day: date, channel: str) -> datetime:
    """Office hours for the counter and the phone; any hour, mostly by day, online."""
    if channel in VERBAL or channel in ("carta", "buzon"):
        minutes = rng.randint(8 * 60, 16 * 60 + 45)
    else:
        minutes = int(min(max(rng.gauss(14 * 60, 4 * 60), 0), 24 * 60 - 1))
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=BOGOTA)


def anger(rng: random.Random, channel: str, code: str) -> int | None:
    """Anger fits the channel: a counter or a call carries it, a form less so."""
    if code in ("felicitacion", "sugerencia", "consulta"):
        return None
    if channel in VERBAL:
        return rng.choices([None, 1, 2, 3, 4, 5, 6], weights=[2, 2, 3, 3, 2, 1, 1])[0]
    if code in ("queja", "reclamo"):
        return rng.choices([None, 1, 2, 3, 4], weights=[4, 3, 3, 2, 1])[0]
    return None


def late_share(received: date, today: date) -> float:
    """Share answered after the term: the office improves from 14 % to 5 %."""
    progress = max(0.0, 1 - (today - received).days / (MONTHS * 30.4))
    return 0.14 - 0.09 * progress
