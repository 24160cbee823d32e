"""What the PQR app erases when a holder's personal data is suppressed (Ley 1581).

Registered in PqrConfig.ready() with customers.erasure. Runs inside the anonymisation
transaction; set-based updates, one per table. Rows stay (types, dates, statuses and
the radicado feed statistics and legal reports); every free-text column goes:

- Pqr: subject, description, verbal constancia, contact email, rejection reason,
  transfer destination and the basis of an access denial (typed by staff, may name
  the holder).
- PqrMessage: bodies. ProtocolStep: what was done and justifications.
- PqrEvent (append-only, erased here and only here): notes always; old/new values and
  the field name are kept only when they come from a closed vocabulary (status codes,
  the catalogues' names, staff names, the radicado, a date), anything else is blanked,
  so a value nobody foresaw is erased by default.
- PqrAttachment: the original name, and the file itself after commit.
- CustomerEmail: the last SMTP error (it may quote the address) and the staff note of
  another channel used (a phone number, a name).
- CompletionRequest: what was missing, how the customer asked for more time.
- RecursoFiling: what the user argued and the decision's text.
- CustomerNotification: the address used, the constancia, the recursos told, the failure reason, the
  evidence's name and file (deleted after commit). The SMTP Message-ID and the postal
  tracking number stay: they prove that the decision was notified and name nobody.
- PublicNotice: the aviso's text.
- AnswerLetter: the PDF (deleted after commit); its outgoing number, hash, size, date
  and the signing official stay, as the register of outgoing correspondence. An office
  with a legal duty to keep its letters (a public entity's retention tables, or a
  merchant's correspondence) sets PQRDESK_ERASURE_KEEPS_LETTERS (the setting
  PQR_ERASURE_KEEPS_LETTERS), and the PDFs stay.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, CharField, F, Q, TextField, Value, When
from django.utils import translation

from customers.erasure import erased_text_placeholder
from customers.models import AngerLevel, DifficultyTag

from .models import (
    AnswerLetter,
    Channel,
    CompletionRequest,
    CustomerEmail,
    CustomerNotification,
    MomentOfTruth,
    Pqr,
    PqrAttachment,
    PqrEvent,
    PqrMessage,
    PqrType,
    Priority,
    ProtocolStep,
    ProtocolStepCode,
    PublicNotice,
    RecursoFiling,
    RootCause,
    Status,
    Team,
)

ERASED_FILENAME = "adjunto-eliminado"
# A date or date-time as pqr.services writes it ("2026-03-16 10:00", or str(datetime)).
DATE_VALUE = r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2})?)?$"
IDENTIFIER = r"^[a-z][a-z0-9_]*$"


def _labels(*choices) -> set[str]:
    words: set[str] = set()
    for language in ("es-co", "en"):
        with translation.override(language):
            for enum in choices:
                words |= {str(label) for label in enum.labels}
            words |= {str(translation.gettext(w)) for w in ("Sí", "No", "registrado")}
    return words


def _catalogue_names() -> set[str]:
    names: set[str] = set()
    for model in (PqrType, MomentOfTruth, RootCause, DifficultyTag):
        raw = set(model._base_manager.values_list("name", flat=True))
        names |= raw
        with translation.override("en"):
            names |= {translation.gettext(n) for n in raw}
    names |= set(Team._base_manager.values_list("name", flat=True))
    for user in get_user_model()._base_manager.only("username", "first_name", "last_name"):
        names |= {user.username, user.get_full_name()}
    return names - {""}


def event_value_vocabulary(radicados: list[str]) -> list[str]:
    """Values an event may keep after erasure: none of them can describe the holder."""
    words = _labels(Status, AngerLevel, Priority, Channel, ProtocolStepCode)
    words |= set(Status.values) | _catalogue_names() | set(radicados)
    return sorted(words)


def _kept(column: str, vocabulary: list[str]) -> Case:
    return Case(
        When(
            Q(**{f"{column}__in": vocabulary}) | Q(**{f"{column}__regex": DATE_VALUE}),
            then=F(column),
        ),
        default=Value(""),
        output_field=TextField(),
    )


def _erased_if_set(column: str, text: str) -> Case:
    return Case(When(**{column: ""}, then=Value("")), default=Value(text), output_field=TextField())


def _delete_files_after_commit(names: list[str]) -> None:
    if not names:
        return
    storage = PqrAttachment._meta.get_field("file").storage

    def delete() -> None:
        for name in names:
            storage.delete(name)

    # After commit: a rolled-back erasure must not have lost the files.
    transaction.on_commit(delete)


def pqr_personal_data_erase(customer) -> dict[str, int]:
    placeholder = erased_text_placeholder()
    pqrs = Pqr.objects.filter(customer=customer)
    radicados = list(pqrs.values_list("radicado", flat=True))
    changed = {
        "pqr.Pqr": pqrs.update(
            subject=placeholder[:200],
            description=placeholder,
            contact_email="",
            contact_phone="",
            verbal_constancia=_erased_if_set("verbal_constancia", placeholder),
            rejection_reason=_erased_if_set("rejection_reason", placeholder),
            transfer_destination=_erased_if_set("transfer_destination", placeholder[:200]),
            access_denied_basis=_erased_if_set("access_denied_basis", placeholder),
        )
    }
    of_holder = {"pqr__customer": customer}
    changed["pqr.PqrMessage"] = PqrMessage.objects.filter(**of_holder).update(
        body=placeholder, sender_email=""
    )
    changed["pqr.ProtocolStep"] = ProtocolStep.objects.filter(**of_holder).update(
        note=_erased_if_set("note", placeholder),
        justification=_erased_if_set("justification", placeholder),
    )
    vocabulary = event_value_vocabulary(radicados)
    # _base_manager: the default manager refuses updates (events are append-only);
    # suppression of personal data is the one exception the law imposes.
    changed["pqr.PqrEvent"] = PqrEvent._base_manager.filter(**of_holder).update(
        note="",
        old_value=_kept("old_value", vocabulary),
        new_value=_kept("new_value", vocabulary),
        field=Case(
            When(field__regex=IDENTIFIER, then=F("field")),
            default=Value(""),
            output_field=CharField(),
        ),
    )
    attachments = PqrAttachment.objects.filter(**of_holder)
    _delete_files_after_commit(
        [name for name in attachments.values_list("file", flat=True) if name]
    )
    changed["pqr.PqrAttachment"] = attachments.update(filename=ERASED_FILENAME, file="")
    changed["pqr.CustomerEmail"] = CustomerEmail.objects.filter(**of_holder).update(
        last_error="", handled_note=""
    )
    changed["pqr.RecursoFiling"] = RecursoFiling.objects.filter(**of_holder).update(
        grounds=placeholder, decision=_erased_if_set("decision", placeholder)
    )
    changed["pqr.CompletionRequest"] = CompletionRequest.objects.filter(**of_holder).update(
        missing=_erased_if_set("missing", placeholder),
        extension_note=_erased_if_set("extension_note", placeholder),
    )
    changed |= _notifications_erase(of_holder, placeholder)
    return changed


def _notifications_erase(of_holder: dict, placeholder: str) -> dict[str, int]:
    notifications = CustomerNotification.objects.filter(**of_holder)
    _delete_files_after_commit(
        [name for name in notifications.values_list("evidence", flat=True) if name]
    )
    changed = {
        "pqr.CustomerNotification": notifications.update(
            address="",
            constancia=_erased_if_set("constancia", placeholder),
            # Generated from the regime, but it is the text told to this holder: it goes
            # with the rest of what was written to them (the decision and date stay).
            recursos=_erased_if_set("recursos", placeholder),
            failure_reason="",
            evidence="",
            evidence_name="",
        ),
        "pqr.PublicNotice": PublicNotice.objects.filter(**of_holder).update(text=placeholder),
    }
    if not settings.PQR_ERASURE_KEEPS_LETTERS:
        letters = AnswerLetter.objects.filter(**of_holder).exclude(file="")
        _delete_files_after_commit(list(letters.values_list("file", flat=True)))
        changed["pqr.AnswerLetter"] = letters.update(file="")
    return changed
