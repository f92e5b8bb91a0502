"""Queueing messages. Call inside the transaction that makes the change: the message exists
exactly when the change does, and the worker delivers it after the commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, cast, overload

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from motcua.notifications import channels, texts
from motcua.notifications.models import Channel, Message

if TYPE_CHECKING:
    from motcua.accounts.models import User

MAX_ATTEMPTS = 8


def addresses(user: User) -> dict[str, str]:
    """The channels a person chose, with their address on each; the notice in their account is
    always there."""
    found = {Channel.APP: user.username}
    if user.notify_by_email and user.email:
        found[Channel.EMAIL] = user.email
    if user.notify_by_sms and user.phone:
        found[Channel.SMS] = user.phone
    if user.notify_by_zalo and user.phone:
        found[Channel.ZALO] = user.phone
    return {channel: address for channel, address in found.items() if channels.configured(channel)}


@overload
def notify(
    user: User, *, key: str, event: str, values: dict, only: dict[str, str] | None = None, topic: str = ""
) -> list[Message]: ...
@overload
def notify(
    user: User | None, *, key: str, event: str, values: dict, only: dict[str, str], topic: str = ""
) -> list[Message]: ...
def notify(
    user: User | None, *, key: str, event: str, values: dict, only: dict[str, str] | None = None, topic: str = ""
) -> list[Message]:
    """One message per chosen channel, worded by the event's template for that channel; ``key``
    makes a repeated call a no-op. ``topic`` names what the message is about (``dossier:<id>``),
    so it can be shown there. Zalo carries only events that have an approved ZNS template."""
    values = {name: value if isinstance(value, (bool, int)) else str(value) for name, value in values.items()}
    messages = []
    # Without ``only`` there is a user (the overloads): their own channels.
    for channel, address in (only if only is not None else addresses(cast("User", user))).items():
        text = texts.compose(event, channel, values)
        if channel == Channel.ZALO and not text.zalo_template:
            continue
        # A notice in the account is delivered by being written.
        shown = {"state": Message.State.SENT, "sent_at": timezone.now()} if channel == Channel.APP else {}
        message, created = Message.objects.get_or_create(
            key=f"{key}:{channel}",
            defaults={
                "user": user,
                "topic": topic,
                "channel": channel,
                "address": address,
                "subject": text.subject[:300],
                "body": text.body,
                "event": event,
                "template_id": text.zalo_template,
                "values": values,
                **shown,
            },
        )
        if created and channel != Channel.APP:
            transaction.on_commit(partial(_enqueue, message.pk))
        messages.append(message)
    return messages


def _enqueue(pk: int, run_after: datetime | None = None) -> None:
    from motcua.notifications.tasks import deliver

    if run_after is not None:
        if not deliver.get_backend().supports_defer:
            return  # a backend that cannot wait (tests): requeue_due brings it back when due
        deliver.using(run_after=run_after).enqueue(pk)
    else:
        deliver.enqueue(pk)


def deliver_now(pk: int) -> Message:
    """Sends one message if it is still pending; on failure schedules the next attempt with a
    growing pause (1, 2, 4 … minutes). The message is claimed in one short transaction and the
    outcome recorded in another: the channel is called with no transaction open and no row
    locked. A claim lasts ``claim_for()``; a worker killed while sending leaves the message to be
    sent again once it passes (requeue_due), under the same key."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=pk)
        now = timezone.now()
        if message.state != Message.State.PENDING or (message.claimed_until and message.claimed_until > now):
            return message  # sent, given up, or being sent by another worker
        message.attempts += 1
        message.claimed_until = now + claim_for()
        message.save(update_fields=["attempts", "claimed_until"])
    try:
        channels.send(message)
    except channels.DeliveryError as error:
        failure: channels.DeliveryError | None = error
    else:
        failure = None
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=pk)
        message.claimed_until = None
        if failure is not None:
            message.last_error = str(failure)[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.state = Message.State.FAILED
                message.next_attempt_at = None
            else:
                message.next_attempt_at = timezone.now() + timedelta(minutes=2 ** (message.attempts - 1))
                transaction.on_commit(partial(_enqueue, pk, message.next_attempt_at))
        else:
            message.state = Message.State.SENT
            message.sent_at = timezone.now()
            message.next_attempt_at = None
        message.save()
    return message


def claim_for() -> timedelta:
    """How long a worker holds a message (or a portal update) it is sending: twice the gateways'
    timeout, so a slow answer is not taken for a dead worker."""
    return timedelta(seconds=2 * settings.MOTCUA_GATEWAY_TIMEOUT + 5)


def requeue_due(now: datetime | None = None) -> int:
    """Puts back in the worker's queue every pending message whose time has come (after a worker
    was down, say). Safe to run often: delivery checks the state under a lock."""
    now = now or timezone.now()
    due = (
        Message.objects.filter(state=Message.State.PENDING)
        .exclude(next_attempt_at__gt=now)
        .exclude(claimed_until__gt=now)
    )
    pks = list(due.values_list("pk", flat=True))
    for pk in pks:
        _enqueue(pk)
    return len(pks)


def retry(messages: QuerySet[Message]) -> int:
    """Gives failed messages a fresh set of attempts (after a channel's outage, say)."""
    pks = list(messages.exclude(state__in=[Message.State.SENT, Message.State.DELIVERED]).values_list("pk", flat=True))
    Message.objects.filter(pk__in=pks).update(state=Message.State.PENDING, attempts=0, next_attempt_at=None)
    for pk in pks:
        transaction.on_commit(partial(_enqueue, pk))
    return len(pks)


def about(topic: str, *, to: Iterable[int | None] | None = None) -> QuerySet[Message]:
    """The messages sent about one thing, oldest first; ``to`` keeps those sent to these people
    (the applicant's page does not list what the officers were told)."""
    messages = Message.objects.filter(topic=topic).order_by("created_at", "pk")
    return messages.filter(user__in=[pk for pk in to if pk]) if to is not None else messages


def notices_for(user: User) -> QuerySet[Message]:
    """The notices in a person's account, newest first."""
    return Message.objects.filter(user=user, channel=Channel.APP).order_by("-created_at", "-pk")


def mark_read(user: User) -> int:
    return Message.objects.filter(user=user, channel=Channel.APP, read_at__isnull=True).update(read_at=timezone.now())


def record_delivery(key: str, *, delivered: bool, error: str = "") -> Message | None:
    """The gateway's delivery report (DLR) for a message it took: delivered to the phone, or not
    (out of coverage too long, number unreachable). A report repeated or late changes nothing."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(key=key).first()
        if message is None:
            return None
        if message.state == Message.State.SENT:
            if delivered:
                message.state, message.delivered_at = Message.State.DELIVERED, timezone.now()
            else:
                message.state, message.last_error = Message.State.FAILED, f"Không đến được người nhận: {error}"[:2000]
            message.save(update_fields=["state", "delivered_at", "last_error"])
    return message
