"""What the SLA app erases when a holder's personal data is suppressed (Ley 1581).

Registered in SlaConfig.ready() with customers.erasure: the prórroga reason typed by
staff, and the alerts' free text (detail, last SMTP error). Alert thresholds stay:
they are instants written by the sweep and part of the alert's unique key.
"""

from django.db.models import Case, TextField, Value, When

from customers.erasure import erased_text_placeholder

from .models import Alert, PqrClock


def sla_personal_data_erase(customer) -> dict[str, int]:
    of_holder = {"pqr__customer": customer}
    clocks = PqrClock.objects.filter(**of_holder).update(
        extension_reason=Case(
            When(extension_reason="", then=Value("")),
            default=Value(erased_text_placeholder()),
            output_field=TextField(),
        )
    )
    alerts = Alert.objects.filter(**of_holder).update(detail="", last_error="")
    return {"sla.PqrClock": clocks, "sla.Alert": alerts}
