"""Satisfaction ratings and counter duty. Every rule here; the pages and the API call these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from motcua.dossiers import lifecycle
from motcua.engagement.models import CRITERIA, Duty, Rating

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier
    from motcua.units.models import Counter

RATEABLE = lifecycle.states_from("rate")


@overload
def _score(value: str | int | None, field: str, *, required: Literal[True]) -> int: ...
@overload
def _score(value: str | int | None, field: str, *, required: bool) -> int | None: ...
def _score(value: str | int | None, field: str, *, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: "Vui lòng chọn mức độ hài lòng."})
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 5:
        raise ValidationError({field: "Mức độ hài lòng phải từ 1 đến 5."})
    return number


@transaction.atomic
def rate_dossier(
    dossier: Dossier, user: User, *, overall: str | int | None, comment: str = "", **criteria: str | int | None
) -> Rating:
    """The applicant (or their agent) rates a finished dossier, once."""
    from motcua.workflow.models import Step

    if user.pk not in (dossier.applicant_id, dossier.submitted_by_id):
        raise PermissionDenied("Chỉ người nộp hồ sơ được đánh giá.")
    if dossier.status not in RATEABLE:
        raise ValidationError("Bạn có thể đánh giá khi hồ sơ đã có kết quả.")
    scores = {name: _score(criteria.get(name), name, required=False) for name, _ in CRITERIA}
    reception = (
        dossier.handoffs.filter(step=Step.RECEPTION, receiver__isnull=False).values_list("receiver", flat=True).first()
    )
    try:
        with transaction.atomic():
            return Rating.objects.create(
                source=Rating.Source.ONLINE,
                dossier=dossier,
                agency=dossier.submitted_to,
                officer_id=reception,
                overall=_score(overall, "overall", required=True),
                comment=comment.strip()[:2000],
                rated_by=user,
                **scores,
            )
    except IntegrityError as error:
        raise ValidationError("Hồ sơ này đã được đánh giá.") from error


def signed_link(kind: str, pk: int) -> str:
    """What a kiosk opens: a signed token naming one thing (a counter for the rating tablet, a hall
    for the ticket kiosk) and nothing else; it cannot be forged into another."""
    return signing.dumps({kind: pk}, salt=f"motcua.engagement.{kind}")


def from_link[M: models.Model](kind: str, token: str, queryset: QuerySet[M]) -> M | None:
    try:
        data = signing.loads(token, salt=f"motcua.engagement.{kind}")
    except signing.BadSignature:
        return None
    return queryset.filter(pk=data.get(kind)).first()


def kiosk_token(counter: Counter) -> str:
    return signed_link("counter", counter.pk)


def counter_for_token(token: str) -> Counter | None:
    from motcua.units.models import Counter

    return from_link("counter", token, Counter.objects.select_related("agency").filter(is_active=True))


def on_duty(counter: Counter) -> User | None:
    duty = Duty.objects.select_related("officer").filter(counter=counter, ended_at__isnull=True).first()
    return duty.officer if duty else None


def rate_at_counter(counter: Counter, overall: str | int | None) -> Rating:
    """One tap on the counter's tablet, for the officer on duty there now."""
    return Rating.objects.create(
        source=Rating.Source.KIOSK,
        agency=counter.agency,
        counter=counter,
        officer=on_duty(counter),
        overall=_score(overall, "overall", required=True),
    )


@transaction.atomic
def start_duty(officer: User, counter: Counter) -> Duty:
    """The officer sits at a counter of one of their agencies; whoever was there (and wherever the
    officer was) is signed off."""
    if not officer.memberships.filter(agency=counter.agency_id).exists():
        raise PermissionDenied("Quầy này không thuộc cơ quan của bạn.")
    now = timezone.now()
    Duty.objects.select_for_update().filter(ended_at__isnull=True, counter=counter).update(ended_at=now)
    Duty.objects.select_for_update().filter(ended_at__isnull=True, officer=officer).update(ended_at=now)
    return Duty.objects.create(counter=counter, officer=officer)


def end_duty(officer: User) -> int:
    return Duty.objects.filter(officer=officer, ended_at__isnull=True).update(ended_at=timezone.now())
