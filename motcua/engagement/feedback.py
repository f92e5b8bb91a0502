"""Phản ánh, kiến nghị: sent by anyone (named or not), routed to the responsible agency with a
deadline in working days, reminded before it is late, answered, and published without personal
data on a searchable public page."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.selectors import officers as officers_of
from motcua.core.sequences import advance
from motcua.core.text import fold
from motcua.documents.files import discard, store
from motcua.engagement.models import Feedback, FeedbackFile, FeedbackSequence

if TYPE_CHECKING:
    from django.core.files.base import File

    from motcua.accounts.models import User
    from motcua.catalogue.models import Procedure
    from motcua.units.models import Agency

MAX_FILES = 5
_PERSONAL = [
    (re.compile(r"\b\d{12}\b"), "[số định danh]"),
    (re.compile(r"\b\d{9}\b"), "[số giấy tờ]"),
    (re.compile(r"(?:\+?84|0)(?:[\s.\-]?\d){9,10}\b"), "[số điện thoại]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[thư điện tử]"),
]


def redact(text: str, names: Iterable[str] = ()) -> str:
    """The text without ID numbers, phone numbers, e-mail addresses and the given names."""
    for pattern, mark in _PERSONAL:
        text = pattern.sub(mark, text)
    for name in filter(None, names):
        text = re.sub(re.escape(name.strip()), "[họ tên]", text, flags=re.IGNORECASE)
    return text


def _responsible(about: str, procedure: Procedure | None, agency: Agency | None) -> Agency:
    if agency is not None:
        return agency
    if procedure is not None:
        from motcua.dossiers.selectors import agencies_for

        found = agencies_for(procedure).first()
        if found is not None:
            return found
    raise ValidationError({"agency": "Vui lòng chọn cơ quan, đơn vị được phản ánh."})


def submit(
    *,
    about: str,
    title: str,
    content: str,
    procedure: Procedure | None = None,
    agency: Agency | None = None,
    officer_name: str = "",
    name: str = "",
    phone: str = "",
    email: str = "",
    sender: User | None = None,
    files: Sequence[File] = (),
) -> Feedback:
    """Records a feedback with its files and a tracking code; the agency's officers are told. Bad
    input changes nothing (files stored before the transaction are removed)."""
    errors: dict[str, str] = {}
    if about not in Feedback.About.values:
        errors["about"] = "Vui lòng chọn nội dung phản ánh về thủ tục, cơ quan hay cán bộ."
    if not title.strip():
        errors["title"] = "Vui lòng nhập tiêu đề."
    if len(content.strip()) < 20:
        errors["content"] = "Vui lòng mô tả rõ nội dung phản ánh (ít nhất 20 ký tự)."
    if about == Feedback.About.OFFICER and not officer_name.strip():
        errors["officer_name"] = "Vui lòng ghi tên hoặc vị trí của cán bộ được phản ánh."
    if about == Feedback.About.PROCEDURE and procedure is None:
        errors["procedure"] = "Vui lòng chọn thủ tục được phản ánh."
    if len(files) > MAX_FILES:
        errors["files"] = f"Gửi tối đa {MAX_FILES} tệp."
    if errors:
        raise ValidationError(errors)
    responsible = _responsible(about, procedure, agency)
    stored = [store(upload, "phan-anh") for upload in files]
    try:
        with transaction.atomic():
            now = timezone.now()
            day = timezone.localdate(now)
            number = advance(FeedbackSequence, day=day)
            from motcua.workflow.selectors import calendar_for

            calendar = calendar_for(responsible)
            feedback = Feedback.objects.create(
                code=f"PAKN-{day:%y%m%d}-{number:04d}",
                about=about,
                procedure=procedure,
                agency=responsible,
                officer_name=officer_name.strip(),
                title=title.strip()[:300],
                content=content.strip()[:5000],
                name=name.strip(),
                phone=phone.strip(),
                email=email.strip(),
                sender=sender,
                due_at=calendar.add_working_minutes(now, settings.MOTCUA_FEEDBACK_DAYS * calendar.minutes_per_day),
            )
            for item in stored:
                FeedbackFile.objects.create(
                    feedback=feedback,
                    file=item.name,
                    original_name=item.checked.name,
                    content_type=item.checked.kind.content_type,
                    size=item.checked.size,
                )
            _tell_agency(feedback, "officer.feedback_new")
            return feedback
    except Exception:
        discard(stored)
        raise


def _officers(agency: Agency) -> QuerySet[User]:
    from motcua.accounts.models import Role

    return officers_of(agency, Role.RECEPTION, Role.LEADER, Role.AGENCY_ADMIN)


def _tell_agency(feedback: Feedback, event: str) -> None:
    from motcua.dossiers.services import site_link
    from motcua.notifications.services import notify

    values = {
        "code": feedback.code,
        "title": feedback.title,
        "agency": feedback.agency.name,
        "due_at": f"{timezone.localtime(feedback.due_at):%H:%M ngày %d/%m/%Y}",
        "link": site_link(reverse("engagement:feedback_work", args=[feedback.code])),
    }
    for officer in _officers(feedback.agency):
        notify(
            officer,
            key=f"feedback:{feedback.pk}:{event}:{officer.pk}",
            topic=f"feedback:{feedback.pk}",
            event=event,
            values=values,
        )


def remind(now: datetime | None = None) -> int:
    """Tells the agency once, a working day before the deadline, of every feedback still open."""
    now = now or timezone.now()
    count = 0
    for feedback in Feedback.objects.filter(
        state=Feedback.State.OPEN, reminded_at__isnull=True, due_at__lte=now + timedelta(days=3)
    ).select_related("agency"):
        from motcua.workflow.selectors import calendar_for

        calendar = calendar_for(feedback.agency)
        if feedback.due_at > now and calendar.working_minutes_between(now, feedback.due_at) > calendar.minutes_per_day:
            continue
        with transaction.atomic():
            if Feedback.objects.filter(pk=feedback.pk, reminded_at__isnull=True).update(reminded_at=now):
                _tell_agency(feedback, "officer.feedback_due")
                count += 1
    return count


def may_answer(officer: User, feedback: Feedback) -> bool:
    return _officers(feedback.agency).filter(pk=officer.pk).exists()


@transaction.atomic
def answer(feedback: Feedback, officer: User, *, text: str, publish: bool = True, decline: bool = False) -> Feedback:
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if not may_answer(officer, feedback):
        raise PermissionDenied("Chỉ cán bộ một cửa, lãnh đạo, quản trị của cơ quan được giao mới trả lời phản ánh này.")
    if feedback.state != Feedback.State.OPEN:
        raise ValidationError("Phản ánh này đã được trả lời.")
    if len(text.strip()) < 10:
        raise ValidationError({"answer": "Vui lòng nhập nội dung trả lời."})
    feedback.answer, feedback.answered_by, feedback.answered_at = text.strip(), officer, timezone.now()
    feedback.state = Feedback.State.DECLINED if decline else Feedback.State.ANSWERED
    feedback.published = publish and not decline
    if feedback.published:
        names = [feedback.name, feedback.officer_name]
        feedback.public_title = redact(feedback.title, names)
        feedback.public_question = redact(feedback.content, names)
        feedback.public_answer = redact(feedback.answer, names)
        feedback.search_text = fold(" ".join([feedback.public_title, feedback.public_question, feedback.public_answer]))
    feedback.save()
    _tell_sender(feedback)
    return feedback


def _tell_sender(feedback: Feedback) -> None:
    from motcua.dossiers.services import site_link
    from motcua.notifications.models import Channel
    from motcua.notifications.services import notify

    only: dict[str, str] = {}
    if feedback.email:
        only[Channel.EMAIL] = feedback.email
    if feedback.phone and settings.MOTCUA_SMS_GATEWAY_URL:
        only[Channel.SMS] = feedback.phone
    if feedback.sender is not None:  # no query when there is no sender
        only[Channel.APP] = feedback.sender.username
    if not only:
        return
    values = {
        "code": feedback.code,
        "agency": feedback.agency.name,
        "link": site_link(reverse("engagement:feedback_track") + f"?ma={feedback.code}"),
    }
    notify(
        feedback.sender,
        key=f"feedback:{feedback.pk}:answered",
        topic=f"feedback:{feedback.pk}",
        event="feedback.answered",
        values=values,
        only=only,
    )


def published(query: str = "") -> QuerySet[Feedback]:
    found = Feedback.objects.filter(published=True).select_related("agency", "procedure").order_by("-answered_at")
    for word in fold(query).split():
        found = found.filter(search_text__contains=word)
    return found


def open_for(user: User) -> QuerySet[Feedback]:
    """The feedback an officer's agencies must answer, earliest deadline first; all for the city."""
    from motcua.accounts.models import Role

    found = Feedback.objects.filter(state=Feedback.State.OPEN).select_related("agency").order_by("due_at")
    if user.memberships.filter(role__in=[Role.CITY_MANAGEMENT, Role.SYSTEM_ADMIN]).exists():
        return found
    return found.filter(agency__memberships__user=user).distinct()
