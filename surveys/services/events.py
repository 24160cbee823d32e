"""The survey's own history: one row per thing that happened to it."""

from ..models import SatisfactionSurvey, SurveyEvent


def survey_event_record(survey: SatisfactionSurvey, kind: str, note: str = "", actor=None) -> None:
    SurveyEvent.objects.create(survey=survey, kind=kind, note=note, actor=actor)
