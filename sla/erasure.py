"""What the SLA app erases when a holder's personal data is suppressed (Ley 1581).

Registered in SlaConfig.ready() with customers.erasure: the prórroga reason typed by
staff, the note of a silencio-positivo recognition, and the alerts' free text (detail,
last SMTP error). Alert thresholds stay: they are instants written by the sweep and
part of the alert's unique key.
"""

from django.db.models import Case, TextField, Value, When

from customers.erasure import erased_text_placeholder

from .models import Alert, PqrClock


def _erased_if_set(column: str) -> Case:
    return Case(
        When(**{column: ""}, then=Value("")),
        default=Value(erased_text_placeholder()),
        output_field=TextField(),
    )


def sla_personal_data_erase(customer) -> dict[str, int]:
    of_holder = {"pqr__customer": customer}
    clocks = PqrClock.objects.filter(**of_holder).update(
        extension_reason=_erased_if_set("extension_reason"),
        silence_recognition_note=_erased_if_set("silence_recognition_note"),
    )
    alerts = Alert.objects.filter(**of_holder).update(detail="", last_error="")
    return {"sla.PqrClock": clocks, "sla.Alert": alerts}
