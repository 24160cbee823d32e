"""Writes behind the SLA administration pages (calendar, policies, legal terms,
organisation settings, digest preference).

Due dates follow every change through the engine's receivers in sla.signals: a
save or delete of a policy, legal term, non-working day or the organisation
bumps the calendar version when needed and queues one set-based recompute after
commit. Bulk writes send no signals, so those functions queue it themselves."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max

from sla.models import (
    LegalTerm,
    LegalTermChange,
    NonWorkingDay,
    Organization,
    SettingArea,
    SettingChange,
    SlaPolicy,
)
from sla.services import deadlines_recompute_later

# LegalTermChange has no reason column: the reason is stored as its own row,
# written last in the same transaction, so it leads its edit in the history.
REASON_FIELD = "reason"
ORDER_STEP = 10


def _audit(area: str, subject, actor, before="", after="") -> SettingChange:
    return SettingChange.objects.create(
        area=area,
        subject=str(subject)[:150],
        before=str(before),
        after=str(after),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _values(instance, fields) -> str:
    return "; ".join(f"{name}={getattr(instance, name)}" for name in fields)


@transaction.atomic
def non_working_day_add(*, day: date, reason: str, actor) -> NonWorkingDay:
    extra = NonWorkingDay.objects.create(day=day, reason=reason, created_by=actor)
    _audit(SettingArea.CLOSURE, day.isoformat(), actor, before="", after=reason)
    return extra


@transaction.atomic
def non_working_day_remove(*, day_id: int, actor=None) -> bool:
    extra = NonWorkingDay.objects.filter(pk=day_id).first()
    if extra is None:
        return False
    _audit(SettingArea.CLOSURE, extra.day.isoformat(), actor, before=extra.reason, after="")
    extra.delete()
    return True


@transaction.atomic
def organization_update(*, form, actor=None) -> Organization:
    """Save the settings form; weekdays and hours change the calendar itself, the
    letterhead fields do not (sla.signals recomputes only for calendar fields)."""
    changed = [name for name in form.Meta.fields if name in form.changed_data]
    dated = [name for name in changed if name in DATE_MOVING_FIELDS]
    before = ""
    if dated:
        before = _values(Organization.objects.get(pk=form.instance.pk), dated)
    org = form.save(commit=False)
    if changed:
        # Only the edited fields: calendar_version is bumped concurrently with F().
        org.save(update_fields=changed)
    if dated:
        _audit(SettingArea.ORGANIZATION, org.name, actor, before, _values(org, dated))
    return org


POLICY_FIELDS = (
    "name",
    "is_active",
    "pqr_type_id",
    "priority",
    "channel",
    "team_id",
    "first_response_value",
    "first_response_unit",
    "resolution_value",
    "resolution_unit",
)
# Organisation settings that move due dates or change the legal rules (the others only
# feed the letterhead).
DATE_MOVING_FIELDS = ("working_weekdays", "office_start", "office_end", "cutoff", "legal_regime")


@transaction.atomic
def policy_save(*, form, actor=None) -> SlaPolicy:
    policy = form.save(commit=False)
    before = ""
    if policy.pk is not None:
        before = _values(SlaPolicy.objects.get(pk=policy.pk), POLICY_FIELDS)
    if policy.pk is None:
        last = SlaPolicy.objects.aggregate(last=Max("order"))["last"] or 0
        policy.order = last + ORDER_STEP
    policy.save()
    _audit(SettingArea.POLICY, policy.name, actor, before, _values(policy, POLICY_FIELDS))
    return policy


@transaction.atomic
def policy_move(*, policy_id: int, up: bool) -> None:
    """Swap a rule with its neighbour; orders are renumbered 10, 20, 30… first
    so that equal order values never make a move a no-op."""
    policies = list(SlaPolicy.objects.select_for_update().order_by("order", "id"))
    index = next((i for i, p in enumerate(policies) if p.pk == policy_id), None)
    if index is None:
        return
    other = index - 1 if up else index + 1
    if not 0 <= other < len(policies):
        return
    policies[index], policies[other] = policies[other], policies[index]
    for position, policy in enumerate(policies, start=1):
        policy.order = position * ORDER_STEP
    SlaPolicy.objects.bulk_update(policies, ["order"])
    # Bulk writes bypass the model signals that normally queue the recompute.
    deadlines_recompute_later()


@transaction.atomic
def policy_set_active(*, policy_id: int, active: bool, actor=None) -> None:
    if SlaPolicy.objects.filter(pk=policy_id).update(is_active=active):
        policy = SlaPolicy.objects.get(pk=policy_id)
        _audit(
            SettingArea.POLICY, policy.name, actor, f"is_active={not active}", f"is_active={active}"
        )
        deadlines_recompute_later()  # QuerySet.update() sends no model signal


@transaction.atomic
def legal_term_update(*, form, actor) -> LegalTerm:
    """Save a legal-term edit with one audit row per changed field plus the reason."""
    changes = form.changed_values()
    term = form.save()
    rows = [
        LegalTermChange(term=term, actor=actor, field=name, old_value=old, new_value=new)
        for name, old, new in changes
    ]
    rows.append(
        LegalTermChange(
            term=term,
            actor=actor,
            field=REASON_FIELD,
            old_value="",
            new_value=form.cleaned_data["reason"],
        )
    )
    LegalTermChange.objects.bulk_create(rows)
    _audit(
        SettingArea.LEGAL_TERM,
        term.pqr_type,
        actor,
        "; ".join(f"{name}={old}" for name, old, _new in changes),
        "; ".join(f"{name}={new}" for name, _old, new in changes),
    )
    return term
