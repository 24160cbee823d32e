import factory
from django.utils import timezone

from surveys.models import (
    PointOfService,
    SatisfactionSurvey,
    SurveyResponse,
    SurveySource,
    SurveyStatus,
)


class PointOfServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PointOfService
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Sede {n}")


class GeneralSurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SatisfactionSurvey

    source = SurveySource.GENERAL
    status = SurveyStatus.ANSWERED
    sent_at = factory.LazyFunction(timezone.now)


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    survey = factory.SubFactory(GeneralSurveyFactory)
    score = 4
    answered_at = factory.LazyFunction(timezone.now)
