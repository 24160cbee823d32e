"""Demo survey answers: most resolved demo PQRs rated, plus general-form visits."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pqr.models import Pqr

from .models import (
    DIMENSION_FIELDS,
    PointOfService,
    RecoveryCase,
    RecoveryOutcome,
    RecoveryStatus,
    SatisfactionSurvey,
    SurveyResponse,
    SurveySource,
    SurveyStatus,
)
from .services import recovery_open_if_low

POINTS = ["Sede principal", "Sede norte", "Línea de atención", "Portal web"]
COMMENTS = {
    1: ["Nunca me devolvieron la llamada.", "Tuve que explicar el caso tres veces."],
    2: ["La respuesta llegó tarde y fue incompleta.", "No me explicaron el cobro."],
    3: ["Resolvieron, pero tardaron más de lo prometido.", ""],
    4: ["Buena atención, aunque la espera fue larga.", ""],
    5: ["Muy amables y rápidos, gracias.", "La asesora entendió mi problema de inmediato.", ""],
}
WEIGHTS = [1, 1, 2, 4, 5]  # most customers are satisfied, some are not


def _response(rng: random.Random, survey, answered_at, point=None) -> SurveyResponse:
    score = rng.choices(range(1, 6), weights=WEIGHTS)[0]
    dims = {}
    if rng.random() < 0.6:
        dims = {f: max(1, min(5, score + rng.choice([-1, 0, 0, 1]))) for f in DIMENSION_FIELDS}
    response = SurveyResponse.objects.create(
        survey=survey,
        score=score,
        comment=rng.choice(COMMENTS[score]),
        point_of_service=point,
        answered_at=answered_at,
        **dims,
    )
    recovery_open_if_low(survey=survey, response=response)
    return response


@transaction.atomic
def seed(stdout) -> list[str]:
    rng = random.Random(2026)
    points = [
        PointOfService.objects.get_or_create(name=name, defaults={"order": i})[0]
        for i, name in enumerate(POINTS)
    ]
    created = 0
    resolved = Pqr.objects.filter(
        status__in=["resuelto", "cerrado"], resolved_at__isnull=False
    ).exclude(satisfaction_surveys__isnull=False)
    for pqr in resolved.select_related("customer"):
        sent = pqr.resolved_at + timedelta(minutes=5)
        survey = SatisfactionSurvey.objects.create(
            source=SurveySource.PQR,
            pqr=pqr,
            customer=pqr.customer,
            sent_at=sent,
            expires_at=sent + timedelta(days=30),
        )
        if rng.random() < 0.8:  # about four in five answer
            _response(rng, survey, sent + timedelta(hours=rng.randint(1, 72)))
            survey.status = SurveyStatus.ANSWERED
            survey.save(update_fields=["status"])
        created += 1
    general = 0
    if not SatisfactionSurvey.objects.filter(source=SurveySource.GENERAL).exists():
        now = timezone.now()
        for _ in range(40):
            when = now - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 10))
            survey = SatisfactionSurvey.objects.create(
                source=SurveySource.GENERAL, status=SurveyStatus.ANSWERED, sent_at=when
            )
            _response(rng, survey, when, point=rng.choice(points))
            general += 1
    # Close a few recovery cases so that the results page shows both states.
    for case in RecoveryCase.objects.filter(status=RecoveryStatus.OPEN).order_by("pk")[::3]:
        case.status = RecoveryStatus.CLOSED
        case.action = "Llamada del supervisor, disculpa y ajuste del cobro."
        case.outcome = RecoveryOutcome.RECOVERED
        case.closed_at = timezone.now()
        case.save(update_fields=["status", "action", "outcome", "closed_at"])
    return [f"  Encuestas: {created} por PQR resuelta, {general} del formulario general"]
