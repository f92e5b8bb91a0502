"""Every recorded status change of a dossier from the national portal is queued to go back."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from motcua.dossiers.models import Event


@receiver(post_save, sender=Event, dispatch_uid="exchange-status")
def _status_changed(sender, instance: Event, created: bool, **kwargs):
    if created and instance.to_status is not None:
        from motcua.exchange.services import queue_status

        queue_status(instance)
