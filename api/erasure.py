"""Ley 1581: what the API keeps about a holder's PQRs, blanked on suppression.

Webhook deliveries and stored idempotent answers name a PQR by its radicado inside a
JSON column (no foreign key: a delivery outlives its PQR's changes). Today they carry
codes, dates and scores only, but a receiver's error text may quote the payload and a
future event may add text, so both are cut down to the radicado on erasure.
"""

from pqr.models import Pqr

from .models import IdempotencyRecord, WebhookDelivery


def api_personal_data_erase(customer) -> dict[str, int]:
    radicados = list(Pqr.objects.filter(customer=customer).values_list("radicado", flat=True))
    if not radicados:
        return {}
    deliveries = list(WebhookDelivery.objects.filter(payload__pqr__radicado__in=radicados))
    for delivery in deliveries:
        payload = delivery.payload
        delivery.payload = {
            "id": payload.get("id"),
            "event": payload.get("event"),
            "occurred_at": payload.get("occurred_at"),
            "pqr": {"radicado": payload["pqr"]["radicado"]},
            "data": {},
        }
        delivery.last_error = ""
    WebhookDelivery.objects.bulk_update(deliveries, ["payload", "last_error"])
    answers = list(IdempotencyRecord.objects.filter(response_body__radicado__in=radicados))
    for answer in answers:
        answer.response_body = {"radicado": answer.response_body["radicado"]}
    IdempotencyRecord.objects.bulk_update(answers, ["response_body"])
    return {"api.WebhookDelivery": len(deliveries), "api.IdempotencyRecord": len(answers)}
