"""The survey's own history: one row per thing that happened to it."""

from core.domain_events import DomainEvent, announce

from ..models import SatisfactionSurvey, SurveyEvent


def survey_event_record(survey: SatisfactionSurvey, kind: str, note: str = "", actor=None) -> None:
    row = SurveyEvent.objects.create(survey=survey, kind=kind, note=note, actor=actor)
    if kind == "answered":
        # Heard by the API's webhooks (core.domain_events), in this transaction.
        announce(
            [
                DomainEvent(
                    name="survey.answered",
                    key=f"survey-event:{row.pk}",
                    pqr_id=survey.pqr_id,
                    data={"survey": survey.pk, "score": int(note) if note.isdigit() else None},
                )
            ]
        )
