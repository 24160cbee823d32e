"""Helpers for tests that need a resolved PQR: since issue 13 a PQR is resolved only
with an answer that went out, so these record one first (in person, with constancia:
delivered at once and no email, so mail counts stay those of the test)."""

from pqr.models import MessageKind
from pqr.notify import Delivery

IN_PERSON = Delivery(
    channel="in_person", constancia="Se le entregó la respuesta en la oficina; firmó el recibido."
)


def answer_in_person(pqr, actor, body: str = "Le respondimos en la oficina."):
    from pqr.services import pqr_message_add

    return pqr_message_add(
        pqr=pqr, actor=actor, kind=MessageKind.PUBLIC_ANSWER, body=body, delivery=IN_PERSON
    )


def resolve_answered(pqr, actor, root_cause=None, note: str = "", body: str = ""):
    """Answer in person, then resolve (the PQR must be in a status that can resolve)."""
    from pqr.services import pqr_resolve

    answer_in_person(pqr, actor, body or "Le respondimos en la oficina.")
    return pqr_resolve(pqr=pqr, actor=actor, root_cause=root_cause, note=note)
