"""Suppression of a holder's personal data (Ley 1581), through a registry every app uses.

An app registers an eraser in its AppConfig.ready():

    from customers.erasure import register_personal_data_eraser
    register_personal_data_eraser(survey_rows_erase)

An eraser takes the Customer, blanks free text and contact details on its own rows
with set-based updates, keeps the rows themselves (types, dates, statuses, scores
feed the statistics) and returns {label: rows changed} for the audit record. It runs
inside the anonymisation transaction; anything outside the database (files) is
removed after commit. This app registers its own eraser like any other
(`customer_rows_erase`, in CustomersConfig.ready).

`holders_to_erase` adds the profiles merged into the holder: a merged duplicate is
the same person and still carries the PII it had when it was retired.
"""

from collections.abc import Callable

from django.apps import apps
from django.utils.translation import gettext as _

from .holder_data import merged_profiles
from .models import Customer, CustomerAudit

PersonalDataEraser = Callable[[Customer], dict[str, int]]

_erasers: list[PersonalDataEraser] = []

PROFILE_TEXT_FIELDS = (
    "full_name",
    "document_number",
    "email",
    "phone",
    "secondary_phone",
    "address",
    "city",
    "notes",
)


def register_personal_data_eraser(eraser: PersonalDataEraser) -> None:
    if eraser not in _erasers:
        _erasers.append(eraser)


def erase_personal_data_everywhere(customer: Customer) -> dict[str, int]:
    changed: dict[str, int] = {}
    for eraser in _erasers:
        for label, count in eraser(customer).items():
            changed[label] = changed.get(label, 0) + count
    return changed


def erased_text_placeholder() -> str:
    return _("[Texto eliminado: el titular pidió suprimir sus datos personales]")


def holders_to_erase(customer: Customer) -> list[Customer]:
    """The holder and every profile merged into it, directly or through a chain."""
    return [customer, *merged_profiles(customer)]


def customer_rows_erase(customer: Customer) -> dict[str, int]:
    """This app's rows: the profile, tag reasons, audit details, admin log labels."""
    label = _("Titular anonimizado")
    Customer.objects.filter(pk=customer.pk).update(
        full_name=label,
        document_type="OTRO",
        document_number=f"ANON{customer.pk}",
        email="",
        phone="",
        secondary_phone="",
        address="",
        city="",
        notes="",
        is_active=False,
    )
    changed = {
        "customers.CustomerTagAssignment": customer.tag_assignments.update(
            reason="—", removal_reason=""
        ),
        # Edits keep old/new values, merges the duplicate's identity: all go.
        "customers.CustomerAudit": CustomerAudit.objects.filter(customer=customer)
        .exclude(action=CustomerAudit.Action.ANONYMISE)
        .update(details={}),
    }
    if apps.is_installed("django.contrib.admin"):
        # The admin's history names the object as str(customer): name and document.
        LogEntry = apps.get_model("admin", "LogEntry")
        ContentType = apps.get_model("contenttypes", "ContentType")
        changed["admin.LogEntry"] = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Customer), object_id=str(customer.pk)
        ).update(object_repr=f"{label} #{customer.pk}")
    return changed
