"""The surveys app's part of the habeas-data export: answers and survey events.

Surveys and recovery cases point at the Customer and are exported by
customers.holder_data; answers and events hang from the survey.
"""

from django.db.models import Q

from customers.holder_data import Section, section_of

from .models import SurveyEvent, SurveyResponse


def survey_holder_data(customer) -> list[Section]:
    of_holder = Q(survey__customer=customer) | Q(survey__pqr__customer=customer)
    return [section_of(model.objects.filter(of_holder)) for model in (SurveyResponse, SurveyEvent)]
