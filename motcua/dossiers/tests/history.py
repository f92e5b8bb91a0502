"""What a dossier gathers over its life, written directly and in any number, for the tests that
count the queries of the pages showing it (test_queries.py here and in workflow): the timeline,
files, who opened it, the messages sent, the documents issued, payments with their refunds, and
the back office's hand-offs, notes and transfers."""

import hashlib
from datetime import timedelta
from itertools import count

from django.core.files.base import ContentFile
from django.utils import timezone

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers.models import Access, DossierFile, Event, IssuedDocument, Status
from motcua.dossiers.tests.factories import pdf_bytes
from motcua.notifications.models import Message
from motcua.payments.models import Payment, Refund
from motcua.units.tests.factories import AgencyFactory
from motcua.workflow.models import Handoff, Note, Step, Transfer

_numbers = count(1)


def add_history(dossier, rows: int) -> int:
    """``rows`` more of everything the citizen's and the officer's page of ``dossier`` list, each
    by a different officer of its agency; returns the number in the texts of the last one."""
    n = 0
    for _ in range(rows):
        n = next(_numbers)
        officer = UserFactory(kind="officer", full_name=f"Cán bộ thử {n}")
        Membership.objects.create(user=officer, agency=dossier.agency, role=Role.SPECIALIST)
        now = timezone.now()
        Event.objects.create(
            dossier=dossier,
            actor=officer,
            action=Event.Action.STATUS_CHANGED,
            from_status=Status.PROCESSING,
            to_status=Status.PROCESSING,
            note=f"Diễn biến {n}",
        )
        content = pdf_bytes(f"Tep {n}")
        DossierFile.objects.create(
            dossier=dossier,
            document_order=1 + n % 2,
            document_name="Giấy chứng sinh",
            file=ContentFile(content, name=f"tep-{n}.pdf"),
            original_name=f"tep-so-{n}.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=dossier.submitted_by,
        )
        Access.objects.create(dossier=dossier, user=officer, channel="web", action=f"xem lần {n}")
        Message.objects.create(
            key=f"dossier:{dossier.pk}:test-{n}:app",
            topic=f"dossier:{dossier.pk}",
            user=dossier.applicant,
            channel="app",
            address=dossier.applicant.username,
            subject=f"Thông báo thử {n}",
            body="Nội dung",
        )
        IssuedDocument.objects.create(
            dossier=dossier,
            kind=IssuedDocument.Kind.RECEIPT,
            file=ContentFile(content, name=f"phieu-{n}.pdf"),
            issued_by=officer,
        )
        payment = Payment.objects.create(
            dossier=dossier,
            reference=f"TEST{n:08d}",
            amount=10_000 + n,
            description=f"Lệ phí thử {n}",
            state=Payment.State.PAID,
            confirmed_at=now,
            receipt_number=f"BL-{n}",
        )
        Refund.objects.create(payment=payment, amount=1_000, reason=f"Hoàn thử {n}", refunded_by=officer)
        Handoff.objects.create(
            dossier=dossier,
            step=Step.PROCESSING,
            giver=officer,
            receiver=officer,
            from_unit=dossier.agency.name,
            to_unit=dossier.agency.name,
            handed_at=now,
            due_at=now + timedelta(days=1),
            note=f"Bàn giao {n}",
        )
        Note.objects.create(dossier=dossier, author=officer, text=f"Trao đổi nội bộ {n}")
        Transfer.objects.create(
            dossier=dossier,
            to_agency=AgencyFactory(name=f"Cơ quan liên thông {n}"),
            requested_by=officer,
            request=f"Đề nghị liên thông {n}",
        )
    return n
