"""Receivers: the clock row of a new PQR, and a recompute of open PQRs' due dates
whenever something they are computed from is saved or deleted (admin, shell or
the SLA pages alike)."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from sla.models import Organization
from sla.recompute_shift import shift_later
from sla.services import clock_create_for, deadlines_recompute_later


@receiver(post_save, sender="pqr.Pqr", dispatch_uid="sla_clock_create")
def clock_on_pqr_created(sender, instance, created, **kwargs):
    if created and not kwargs.get("raw"):
        clock_create_for(instance)


def _recompute_soon(calendar: bool) -> None:
    if calendar:
        # The process caches rebuild the calendar when its version changes.
        Organization.objects.filter(pk=1).update(calendar_version=F("calendar_version") + 1)
    deadlines_recompute_later()  # also clears this process's calendar and rules


def _rules_changed(sender, instance=None, **kwargs):
    if not kwargs.get("raw"):
        _recompute_soon(calendar=False)


# Organisation fields that only feed the letterhead of formal letters.
LETTERHEAD_FIELDS = frozenset(
    {"name", "nit", "address", "city", "phone", "logo", "appeal_authority"}
)


def _calendar_changed(sender, instance=None, **kwargs):
    if kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= LETTERHEAD_FIELDS:
        return  # a letterhead edit moves no due date
    _recompute_soon(calendar=True)


for _model in ("sla.SlaPolicy", "sla.LegalTerm"):
    post_save.connect(_rules_changed, sender=_model, dispatch_uid=f"sla_rc_save_{_model}")
    post_delete.connect(_rules_changed, sender=_model, dispatch_uid=f"sla_rc_del_{_model}")
post_save.connect(_calendar_changed, sender="sla.Organization", dispatch_uid="sla_cal_save_org")
post_delete.connect(_calendar_changed, sender="sla.Organization", dispatch_uid="sla_cal_del_org")


@receiver(post_save, sender="sla.NonWorkingDay", dispatch_uid="sla_cal_save_sla.NonWorkingDay")
def _non_working_day_saved(sender, instance, created, **kwargs):
    """A new day shifts the dates it falls within by one business day (set-based,
    sla.recompute_shift); any other edit of a day recomputes every open PQR."""
    if kwargs.get("raw"):
        return
    if created:
        shift_later(day=instance.day, added=True)
    else:
        _recompute_soon(calendar=True)


@receiver(post_delete, sender="sla.NonWorkingDay", dispatch_uid="sla_cal_del_sla.NonWorkingDay")
def _non_working_day_deleted(sender, instance, **kwargs):
    shift_later(day=instance.day, added=False)
