"""Who may be sent a satisfaction survey about a PQR, and at which address.

Surveys are a purpose of their own (Ley 1581): the address is the one captured on the
PQR at filing, and it is used only when that purpose was accepted:
- a PQR of a known profile (identity not in doubt): the profile's live consent for
  surveys decides, so revoking it stops every later invitation;
- an anonymous PQR, or a web PQR whose filer's identity is still to be confirmed:
  only the optional survey box ticked on that filing (`Pqr.survey_consent_at`).
"""

from customers.models import PURPOSE_SURVEYS
from customers.selectors import customer_has_consent

from .models import Pqr


def pqr_survey_address(*, pqr: Pqr) -> str | None:
    if not pqr.contact_email:
        return None
    customer = pqr.customer if pqr.customer_id else None
    if customer is not None and not pqr.identity_unverified:
        if customer.is_active and customer_has_consent(customer=customer, purpose=PURPOSE_SURVEYS):
            return pqr.contact_email
        return None
    return pqr.contact_email if pqr.survey_consent_at else None
