"""Demo survey data beside the PQR history (pqr.demo answers the PQR surveys when they
were sent): visits to the general "Califique nuestro servicio" form over 18 months, and
the supervisor's follow-up of a share of the low scores, each at its own moment."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from core.demo_clock import HISTORY_DAYS, at, history_mode, real_now

from .models import DIMENSION_FIELDS, PointOfService, RecoveryCase, RecoveryOutcome, SurveySource
from .models import SatisfactionSurvey as Survey
from .services import recovery_case_update, survey_general_submit

POINTS = ["Sede principal", "Sede norte", "Línea de atención", "Portal web"]
COMMENTS = {
    1: ["Nadie me supo dar razón del trámite.", "La fila no avanzaba."],
    2: ["Me hicieron volver con otro documento.", "El asesor no tenía el sistema."],
    3: ["Me atendieron, pero la espera fue larga.", ""],
    4: ["Buena atención, aunque la espera fue larga.", ""],
    5: ["Muy amables y rápidos, gracias.", "Me explicaron todo con paciencia.", ""],
}
WEIGHTS = [1, 1, 2, 4, 5]  # most visitors are satisfied, some are not
GENERAL_VISITS = 160


# Each answer commits at its own moment (core.demo_clock), with its tasks run then.
MANAGES_TRANSACTIONS = True


def seed(stdout) -> list[str]:
    with history_mode():
        return _seed()


def _seed() -> list[str]:
    rng = random.Random(2026)
    points = [
        PointOfService.objects.get_or_create(name=name, defaults={"order": i})[0]
        for i, name in enumerate(POINTS)
    ]
    general = 0
    if not Survey.objects.filter(source=SurveySource.GENERAL).exists():
        now = real_now()
        for when in sorted(
            now - timedelta(days=rng.uniform(0.1, HISTORY_DAYS)) for _ in range(GENERAL_VISITS)
        ):
            score = rng.choices(range(1, 6), weights=WEIGHTS)[0]
            dims = {}
            if rng.random() < 0.6:
                dims = {f: max(1, min(5, score + rng.choice([-1, 0, 1]))) for f in DIMENSION_FIELDS}
            with at(when):
                survey_general_submit(
                    score=score,
                    comment=rng.choice(COMMENTS[score]),
                    point_of_service=rng.choice(points),
                    **dims,
                )
            general += 1
    return [f"  Encuestas: {general} del formulario general; {_follow_up(rng)} recuperaciones"]


def _follow_up(rng: random.Random) -> int:
    """The supervisor calls back two in three low scores within days, most recovered."""
    supervisor = get_user_model().objects.filter(username="supervisor").first()
    closed = 0
    for case in RecoveryCase.objects.filter(closed_at__isnull=True).order_by("created_at"):
        if rng.random() > 0.66:
            continue
        when = case.created_at + timedelta(days=rng.uniform(0.5, 6))
        if when >= real_now():
            continue
        with at(when):
            recovery_case_update(
                case=case,
                actor=supervisor,
                action="Llamada del supervisor, disculpa y ajuste del cobro.",
                outcome=rng.choices(
                    [RecoveryOutcome.RECOVERED, RecoveryOutcome.NOT_RECOVERED], weights=[3, 1]
                )[0],
                close=True,
            )
        closed += 1
    return closed
