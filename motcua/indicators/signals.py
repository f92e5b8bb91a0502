"""What changes a month's tallies marks it stale, in the change's own transaction (a dossier's
moves do it as a lifecycle effect: indicators/effects.py)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from motcua.engagement.models import Feedback, Rating
from motcua.exchange.models import StatusUpdate
from motcua.indicators import services
from motcua.payments.models import Payment


@receiver(post_save, sender=Payment, dispatch_uid="indicators-payment")
def _payment(sender, instance: Payment, **kwargs):
    services.mark_dossier(instance.dossier_id)


@receiver(post_save, sender=StatusUpdate, dispatch_uid="indicators-sync")
def _synced(sender, instance: StatusUpdate, **kwargs):
    if instance.state == StatusUpdate.State.SENT:
        services.mark_dossier(instance.portal.dossier_id)


@receiver(post_save, sender=Rating, dispatch_uid="indicators-rating")
@receiver(post_save, sender=Feedback, dispatch_uid="indicators-feedback")
def _opinion(sender, instance, **kwargs):
    services.mark(instance.agency_id, instance.created_at)
