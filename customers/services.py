"""Every write on customers goes through here (atomic, audited)."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .erasure import PROFILE_TEXT_FIELDS, erase_personal_data_everywhere, holders_to_erase
from .models import (
    CURRENT_POLICY_VERSION,
    PURPOSE_HANDLING,
    ConsentPurpose,
    ConsentRecord,
    Customer,
    CustomerAudit,
    CustomerTagAssignment,
    DifficultyTag,
)
from .validation import validate_document, validate_phone


def _clean_fields(fields: dict) -> dict:
    fields = dict(fields)
    if "document_number" in fields:
        fields["document_number"] = validate_document(
            fields.get("document_type", ""), fields["document_number"]
        )
    for key in ("phone", "secondary_phone"):
        if key in fields:
            fields[key] = validate_phone(fields[key])
    if "email" in fields:
        fields["email"] = (fields["email"] or "").strip().lower()
    return fields


@transaction.atomic
def customer_create(
    *,
    actor,
    consent_channel: str,
    consent_purposes: Sequence[str] = (PURPOSE_HANDLING,),
    **fields,
) -> Customer:
    """Create a customer and record the habeas-data consent given on `consent_channel`,
    one record per purpose accepted (handling the PQR unless told otherwise)."""
    customer = Customer(created_by=actor, **_clean_fields(fields))
    customer.full_clean()
    customer.save()
    consent_record(
        customer=customer, channel=consent_channel, actor=actor, purposes=consent_purposes
    )
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, actor, **fields) -> Customer:
    """Save the edit and, when something changed, an audit row with each field's old → new."""
    if "document_number" in fields and "document_type" not in fields:
        fields["document_type"] = customer.document_type
    changes = []
    for key, value in _clean_fields(fields).items():
        old = getattr(customer, key)
        if old != value:
            changes.append({"field": key, "old": old, "new": value})
        setattr(customer, key, value)
    customer.full_clean()
    customer.save()
    if changes:
        CustomerAudit.objects.create(
            action=CustomerAudit.Action.EDIT,
            customer=customer,
            actor=actor,
            details={"changes": changes},
        )
    return customer


def _check_purposes(purposes: Sequence[str]) -> list[str]:
    if isinstance(purposes, str):
        raise TypeError("purposes is a sequence of ConsentPurpose values, not a string")
    unknown = set(purposes) - set(ConsentPurpose.values)
    if unknown or not purposes:
        raise ValidationError(_("Finalidad de tratamiento desconocida."))
    return list(dict.fromkeys(purposes))


@transaction.atomic
def consent_record(
    *,
    customer: Customer,
    channel: str,
    actor,
    purposes: Sequence[str],
    policy_version: str = CURRENT_POLICY_VERSION,
) -> list[ConsentRecord]:
    """One record per purpose, so each can be proven and revoked on its own."""
    return [
        ConsentRecord.objects.create(
            customer=customer,
            channel=channel,
            recorded_by=actor,
            policy_version=policy_version,
            purposes=purpose,
        )
        for purpose in _check_purposes(purposes)
    ]


@transaction.atomic
def consent_grant_again(*, customer: Customer, channel: str, actor, purpose: str) -> ConsentRecord:
    """A new authorisation for one purpose after a revocation (or none): a fresh record,
    the old ones stay."""
    if not customer.is_active:
        raise ValidationError(_("Este perfil está inactivo: no se puede registrar autorización."))
    if ConsentRecord.objects.filter(
        customer=customer, purposes=purpose, revoked_at__isnull=True
    ).exists():
        raise ValidationError(_("El cliente ya tiene una autorización vigente para esa finalidad."))
    return consent_record(customer=customer, channel=channel, actor=actor, purposes=[purpose])[0]


@transaction.atomic
def consent_revoke(*, customer: Customer, actor, purpose: str | None = None) -> int:
    """Revoke the live consent for one purpose, or for every purpose when None."""
    live = ConsentRecord.objects.filter(customer=customer, revoked_at__isnull=True)
    if purpose is not None:
        live = live.filter(purposes=_check_purposes([purpose])[0])
    return live.update(revoked_at=timezone.now(), revoked_by=actor)


@transaction.atomic
def customer_tag_assign(
    *, customer: Customer, tag: DifficultyTag, reason: str, actor, pqr=None
) -> CustomerTagAssignment:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Explique por qué asigna esta etiqueta."))
    existing = CustomerTagAssignment.objects.filter(
        customer=customer, tag=tag, removed_at__isnull=True
    ).first()
    if existing:
        raise ValidationError(_("El cliente ya tiene esta etiqueta vigente."))
    return CustomerTagAssignment.objects.create(
        customer=customer, tag=tag, reason=reason, assigned_by=actor, pqr=pqr
    )


@transaction.atomic
def customer_tag_remove(
    *, assignment: CustomerTagAssignment, reason: str, actor
) -> CustomerTagAssignment:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Explique por qué retira esta etiqueta."))
    if assignment.removed_at:
        raise ValidationError(_("Esta etiqueta ya fue retirada."))
    assignment.removed_at = timezone.now()
    assignment.removed_by = actor
    assignment.removal_reason = reason
    assignment.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    return assignment


@transaction.atomic
def customer_merge(*, survivor: Customer, duplicate: Customer, actor) -> Customer:
    """Move every row pointing at `duplicate` to `survivor`, generically, then retire it.

    Walks Customer._meta.related_objects so rows from apps we never import (PQRs,
    surveys) move too. A row whose move would break a unique constraint (the
    same active tag on both) is closed instead of moved, so nothing is lost.
    """
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("No puede fusionar un cliente consigo mismo."))
    moved: dict[str, int] = {}
    # Close duplicate active tags the survivor already has (unique active tag).
    survivor_tags = CustomerTagAssignment.objects.filter(
        customer=survivor, removed_at__isnull=True
    ).values_list("tag_id", flat=True)
    closed = CustomerTagAssignment.objects.filter(
        customer=duplicate, removed_at__isnull=True, tag_id__in=list(survivor_tags)
    ).update(
        removed_at=timezone.now(),
        removed_by=actor,
        removal_reason=_("Fusión: el perfil conservado ya tenía esta etiqueta."),
    )
    for rel in Customer._meta.related_objects:
        if rel.many_to_many or not (rel.one_to_many or rel.one_to_one):
            continue
        model = rel.related_model
        label = f"{model._meta.label}.{rel.field.name}"
        qs = model._base_manager.filter(**{rel.field.name: duplicate})
        try:
            with transaction.atomic():
                count = qs.update(**{rel.field.name: survivor})
        except IntegrityError:
            # Row-by-row: keep what can move; rows that clash stay attached to
            # the retired duplicate (still reachable through the audit).
            count = 0
            for obj in qs:
                try:
                    with transaction.atomic():
                        model._base_manager.filter(pk=obj.pk).update(**{rel.field.name: survivor})
                        count += 1
                except IntegrityError:
                    continue
        if count:
            moved[label] = count
    # Fill survivor's blank contact fields from the duplicate.
    filled = []
    for field in ("email", "phone", "secondary_phone", "address", "city"):
        if not getattr(survivor, field) and getattr(duplicate, field):
            setattr(survivor, field, getattr(duplicate, field))
            filled.append(field)
    if filled:
        survivor.save(update_fields=[*filled, "updated_at"])
    duplicate.is_active = False
    duplicate.notes = (duplicate.notes + "\n" if duplicate.notes else "") + _(
        "Fusionado en el cliente #%(id)s."
    ) % {"id": survivor.pk}
    duplicate.save(update_fields=["is_active", "notes", "updated_at"])
    CustomerAudit.objects.create(
        action=CustomerAudit.Action.MERGE,
        customer=survivor,
        other_customer_id=duplicate.pk,
        actor=actor,
        details={
            "duplicate": {
                "id": duplicate.pk,
                "document_type": duplicate.document_type,
                "document_number": duplicate.document_number,
                "full_name": duplicate.full_name,
            },
            "moved": moved,
            "tags_closed_as_repeated": closed,
            "filled_fields": filled,
        },
    )
    return survivor


@transaction.atomic
def customer_anonymise(*, customer: Customer, actor) -> Customer:
    """Irreversibly remove the holder's personal data from every app, and from every
    profile merged into this one, in this one transaction. Rows stay, so PQR counts and
    statistics survive; attachment files are deleted after commit."""
    if customer.audits.filter(action=CustomerAudit.Action.ANONYMISE).exists():
        raise ValidationError(_("Este cliente ya fue anonimizado."))
    holders = holders_to_erase(customer)
    for holder in holders:
        erased = erase_personal_data_everywhere(holder)
        consent_revoke(customer=holder, actor=actor)
        CustomerAudit.objects.create(
            action=CustomerAudit.Action.ANONYMISE,
            customer=holder,
            actor=actor,
            details={
                "fields_cleared": list(PROFILE_TEXT_FIELDS),
                "rows_erased": erased,
                "merged_profiles": [h.pk for h in holders if h.pk != holder.pk],
            },
        )
    customer.refresh_from_db()
    return customer


@transaction.atomic
def customer_export_record(*, customer: Customer, actor, fmt: str) -> None:
    CustomerAudit.objects.create(
        action=CustomerAudit.Action.EXPORT, customer=customer, actor=actor, details={"format": fmt}
    )


def customer_list_export_record(
    *,
    actor,
    filters: dict,
    rows: int,
    fmt: str = "csv",
    action: str = CustomerAudit.Action.LIST_EXPORT,
) -> CustomerAudit:
    """A bulk CSV/XLSX leaves the office with many customers' data at once (the
    customer list, the filtered PQR queue): who, when, which filters and how many rows
    (never the rows themselves). One INSERT: atomic alone."""
    return CustomerAudit.objects.create(
        action=action, actor=actor, details={"format": fmt, "filters": filters, "rows": rows}
    )
