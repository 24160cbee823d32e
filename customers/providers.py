"""The customers app's own contributions to the customer timeline (one query each)."""

from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import ConsentRecord, Customer, CustomerAudit, CustomerTagAssignment
from .timeline import TimelineEntry


def tag_entries(customer, limit: int, user=None):
    rows = (
        CustomerTagAssignment.objects.filter(customer=customer)
        .select_related("tag", "assigned_by", "removed_by", "pqr")
        .order_by("-assigned_at")[:limit]
    )
    for row in rows:
        yield TimelineEntry(
            when=row.assigned_at,
            kind="tag",
            title=_("Etiqueta «%(tag)s» asignada") % {"tag": row.tag},
            detail=f"{row.reason} — {row.assigned_by or '—'}",
            icon="tag",
        )
        if row.removed_at:
            yield TimelineEntry(
                when=row.removed_at,
                kind="tag",
                title=_("Etiqueta «%(tag)s» retirada") % {"tag": row.tag},
                detail=f"{row.removal_reason} — {row.removed_by or '—'}",
                icon="tag-fill",
            )


def consent_entries(customer, limit: int, user=None):
    rows = (
        ConsentRecord.objects.filter(customer=customer)
        .select_related("recorded_by")
        .order_by("-given_at")[:limit]
    )
    for row in rows:
        yield TimelineEntry(
            when=row.given_at,
            kind="consent",
            title=_("Autorización de datos otorgada (%(channel)s)")
            % {"channel": row.get_channel_display()},
            detail=_("%(purpose)s · política %(version)s")
            % {"purpose": row.get_purposes_display(), "version": row.policy_version},
            icon="shield-check",
        )
        if row.revoked_at:
            yield TimelineEntry(
                when=row.revoked_at,
                kind="consent",
                title=_("Autorización de datos revocada"),
                detail=row.get_purposes_display(),
                icon="shield-x",
            )


def _shown(field, value) -> str:
    if value in ("", None):
        return "—"
    return str(dict(field.flatchoices).get(value, value))


def change_lines(details: dict) -> list[str]:
    """'label: old → new' for each field an edit changed (empty after anonymisation)."""
    lines = []
    for change in details.get("changes", []):
        try:
            field = Customer._meta.get_field(change["field"])
        except FieldDoesNotExist:
            continue
        lines.append(
            f"{capfirst(field.verbose_name)}: "
            f"{_shown(field, change['old'])} → {_shown(field, change['new'])}"
        )
    return lines


ICONS = {CustomerAudit.Action.MERGE: "intersect", CustomerAudit.Action.EDIT: "pencil-square"}


def audit_entries(customer, limit: int, user=None):
    rows = CustomerAudit.objects.filter(customer=customer).select_related("actor")[:limit]
    for row in rows:
        url, detail = "", str(row.actor or "")
        if row.action == CustomerAudit.Action.MERGE:
            title = _("Se fusionó el perfil duplicado #%(id)s") % {"id": row.other_customer_id}
            url = reverse("customers:detail", args=[row.other_customer_id])
        elif row.action == CustomerAudit.Action.EDIT:
            title = _("Datos editados por %(who)s") % {"who": row.actor or "—"}
            detail = "; ".join(change_lines(row.details))
        else:
            title = row.get_action_display()
        yield TimelineEntry(
            when=row.created_at,
            kind=row.action,
            title=title,
            detail=detail,
            url=url,
            icon=ICONS.get(row.action, "file-lock"),
        )
