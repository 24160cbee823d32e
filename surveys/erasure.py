"""The holder's survey data, erased at anonymisation (registered in SurveysConfig.ready).

Comments, contact details and recovery notes go, whether the survey is linked to the
customer or reached only through one of the holder's PQRs; scores stay for the
statistics. Event notes that are not the numbers the app writes there (scores,
"3 -> 4", case ids) are blanked.
"""

from django.db.models import Q

from customers.erasure import erased_text_placeholder

from .models import RecoveryCase, SatisfactionSurvey, SurveyEvent, SurveyResponse

NUMERIC_NOTE = r"^[0-9 >-]*$"


def survey_rows_erase(customer) -> dict[str, int]:
    of_holder = Q(survey__customer=customer) | Q(survey__pqr__customer=customer)
    responses = SurveyResponse.objects.filter(of_holder).update(
        comment="", contact_name="", contact_email="", contact_phone=""
    )
    holder_cases = RecoveryCase.objects.filter(of_holder | Q(customer=customer))
    cases = holder_cases.update(comment="")
    actions = holder_cases.exclude(action="").update(action=erased_text_placeholder())
    events = SurveyEvent.objects.filter(of_holder).exclude(note__regex=NUMERIC_NOTE).update(note="")
    # The holder's survey links die with their data: no token matches any more, so an
    # old email's link can add no comment (the scores stay for the statistics).
    SatisfactionSurvey.objects.filter(
        Q(customer=customer) | Q(pqr__customer=customer), token_hash__isnull=False
    ).update(token_hash=None)
    return {
        "surveys.SurveyResponse": responses,
        "surveys.RecoveryCase": cases,
        "surveys.RecoveryCase (action)": actions,
        "surveys.SurveyEvent": events,
    }
