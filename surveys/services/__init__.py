"""Every write of the surveys app, by concern.

- invitations: the survey of a resolved PQR, written in the resolving transaction and
  emailed once the answer went out (and by beat when its task never ran);
- responses: the score, the details and the public general form;
- recovery: the case a low score opens for the supervisor;
- expiry: unanswered surveys expire, one by one when touched and in bulk by beat;
- events: the survey's own history.

Callers import from `surveys.services`; the modules below are the place to edit.
"""

from .expiry import expiry_days, grace_period, survey_expire_if_due, surveys_expire_due
from .invitations import (
    score_links,
    survey_invitation_create,
    survey_invitation_send,
    survey_invite_after_resolution,
    survey_invite_when_answer_out,
    survey_recipient,
    surveys_send_pending,
)
from .recovery import recovery_case_update, recovery_open_if_low
from .responses import (
    survey_by_token,
    survey_can_change,
    survey_details_record,
    survey_general_submit,
    survey_score_record,
)

__all__ = [
    "expiry_days",
    "grace_period",
    "recovery_case_update",
    "recovery_open_if_low",
    "score_links",
    "survey_by_token",
    "survey_can_change",
    "survey_details_record",
    "survey_expire_if_due",
    "survey_general_submit",
    "survey_invitation_create",
    "survey_invitation_send",
    "survey_invite_after_resolution",
    "survey_invite_when_answer_out",
    "survey_recipient",
    "survey_score_record",
    "surveys_expire_due",
    "surveys_send_pending",
]
