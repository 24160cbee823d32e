"""Creates a PQR's clock row right after its first save (pk exists only then)."""

from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender="pqr.Pqr", dispatch_uid="sla_clock_create")
def clock_on_pqr_created(sender, instance, created, **kwargs):
    if created and not kwargs.get("raw"):
        from sla.services import clock_create_for

        clock_create_for(instance)
