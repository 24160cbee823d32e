"""Personal data that other apps keep about a customer, erased on anonymisation.

An app registers an eraser in its AppConfig.ready():

    from customers.erasure import register_personal_data_eraser
    register_personal_data_eraser(survey_personal_data_erase)

An eraser takes the Customer, blanks free text and contact details on its own rows
with set-based updates, keeps the rows themselves (types, dates, statuses, scores
feed the statistics) and returns {label: rows changed} for the audit record.
"""

from collections.abc import Callable

from django.apps import apps
from django.utils.translation import gettext as _

PersonalDataEraser = Callable[["Customer"], dict[str, int]]  # noqa: F821

_erasers: list[PersonalDataEraser] = []


def register_personal_data_eraser(eraser: PersonalDataEraser) -> None:
    if eraser not in _erasers:
        _erasers.append(eraser)


def erase_personal_data_elsewhere(customer) -> dict[str, int]:
    changed: dict[str, int] = {}
    for eraser in _erasers:
        changed.update(eraser(customer))
    return changed


def erased_text_placeholder() -> str:
    return _("[Texto eliminado: el titular pidió suprimir sus datos personales]")


def pqr_personal_data_erase(customer) -> dict[str, int]:
    """The customer's PQRs: what they wrote and where to reach them.

    Kept here (the PQR app has no eraser of its own yet) and reached through the
    app registry, so the customers app still does not import the PQR app.
    """
    Pqr = apps.get_model("pqr", "Pqr")
    PqrMessage = apps.get_model("pqr", "PqrMessage")
    placeholder = erased_text_placeholder()
    pqrs = Pqr.objects.filter(customer=customer).update(
        contact_email="", subject=placeholder[:200], description=placeholder
    )
    Pqr.objects.filter(customer=customer).exclude(verbal_constancia="").update(
        verbal_constancia=placeholder
    )
    messages = PqrMessage.objects.filter(pqr__customer=customer).update(body=placeholder)
    return {"pqr.Pqr": pqrs, "pqr.PqrMessage": messages}
