"""The lifecycle table, walked: every declared action × every state (and office stage) × every
kind of person, over the API and over the web pages. What the table allows succeeds and lands
where the table says; everything else is refused with a Vietnamese reason and changes nothing.

The expectation is worked out here from the table's declarations (who, from which states and
stages, which guards) and from what each situation below is known to hold, not by asking
``lifecycle.allowed``: a service that let through what the table forbids (or the other way
round) fails here. Each call runs in a savepoint that is rolled back, so one situation serves
every call."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, Event, Pause, Stage, Status, SupplementRequest
from motcua.dossiers.tests.factories import DossierFactory, citizen, pdf_upload
from motcua.exchange.models import StatusUpdate
from motcua.notifications.models import Message
from motcua.payments.models import Payment
from motcua.units.tests.factories import AgencyFactory
from motcua.workflow import selectors as workflow_selectors
from motcua.workflow.models import Apology, Transfer

pytestmark = pytest.mark.django_db
MOMENT = timezone.make_aware(timezone.datetime(2026, 11, 24, 9, 0))
VIETNAMESE = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)


@dataclass
class Situation:
    """A dossier at one point of its life, and the facts the guards will find true there."""

    name: str
    status: int
    stage: str = Stage.PROCESSING
    assigned: bool = False
    pause: str = ""  # Pause.Kind open
    before: tuple[int, str] = (Status.PROCESSING, Stage.PROCESSING)  # where the pause began
    facts: set[str] = field(default_factory=set)  # supplement_*, transfer_*, apology_waiting, payment_*


SITUATIONS = [
    Situation("draft", Status.DRAFT, Stage.RECEPTION),
    Situation("submitted", Status.SUBMITTED, Stage.RECEPTION),
    Situation("received", Status.RECEIVED),
    Situation("refused", Status.REFUSED, Stage.CLOSED),
    Situation("processing", Status.PROCESSING, assigned=True, facts={"payment_paid"}),
    Situation("processing-unassigned", Status.PROCESSING),
    Situation(
        "processing-transfer",
        Status.PROCESSING,
        assigned=True,
        facts={"transfer_open", "transfer_to_me", "transfer_member", "apology_waiting"},
    ),
    Situation("approval", Status.PROCESSING, Stage.APPROVAL, assigned=True),
    Situation(
        "approval-transfer",
        Status.PROCESSING,
        Stage.APPROVAL,
        assigned=True,
        facts={"transfer_open", "transfer_to_me", "transfer_member"},
    ),
    Situation(
        "supplement",
        Status.SUPPLEMENT,
        pause=Pause.Kind.SUPPLEMENT,
        before=(Status.RECEIVED, Stage.PROCESSING),
        facts={"supplement_asked", "supplement_waiting"},
    ),
    Situation("payment", Status.PAYMENT, assigned=True, pause=Pause.Kind.PAYMENT, facts={"payment_pending"}),
    Situation(
        "withdrawal",
        Status.WITHDRAW_REQUESTED,
        assigned=True,
        pause=Pause.Kind.WITHDRAWAL,
        facts={"supplement_asked"},
    ),
    Situation("stopped", Status.STOPPED, Stage.CLOSED),
    Situation("finished", Status.FINISHED, Stage.RETURN, assigned=True, facts={"payment_paid"}),
    Situation("returned", Status.RETURNED, Stage.CLOSED, assigned=True),
]

# Who calls, and what they are to the table (their actor kinds there).
PERSONS = [
    "reception",
    "specialist",
    "other_specialist",
    "leader",
    "agency_admin",
    "city",
    "system_admin",
    "applicant",
    "stranger",
]
PERSONS_WITH_TARGET = [*PERSONS, "transfer_target"]
KINDS = {
    "reception": {Role.RECEPTION},
    "specialist": {Role.SPECIALIST},
    "other_specialist": {Role.SPECIALIST},
    "leader": {Role.LEADER},
    "agency_admin": {Role.AGENCY_ADMIN},
    "city": set(),  # the city's roles are held in no agency: they watch, they do not act
    "system_admin": set(),
    "applicant": {lifecycle.APPLICANT},
    "stranger": set(),
    "transfer_target": set(),
}


def expected(situation: Situation, person: str, action: str) -> bool:
    """What the table declares, read here from its parts."""
    t = lifecycle.TRANSITIONS[action]
    kinds = set(KINDS[person])
    if person == "transfer_target" and "transfer_member" in situation.facts:
        kinds.add(lifecycle.TRANSFER_TARGET)
    facts = set(situation.facts)
    if person == "specialist" and situation.assigned:
        facts.add("assignee")
    if person != "transfer_target":
        facts.discard("transfer_to_me")
    return (
        bool(kinds & t.actors)
        and situation.status in t.sources
        and (not t.stages or situation.stage in t.stages)
        and all((guard.fact in facts) == guard.holds for guard in t.guards)
    )


def lands(situation: Situation, action: str) -> tuple[int, str]:
    t = lifecycle.TRANSITIONS[action]
    if t.target == lifecycle.BACK:
        return situation.before
    return (situation.status if t.target is None else t.target, t.stage or situation.stage)


# --- the situations, built directly -----------------------------------------------------------------
@pytest.fixture
def people(agency, staff):
    other = AgencyFactory(code="000.00.00.H17-XX", name="Sở Tư pháp")
    target = UserFactory(kind="officer", full_name="Cán bộ Sở Tư pháp")
    Membership.objects.create(user=target, agency=other, role=Role.RECEPTION)
    admin = UserFactory(kind="officer", full_name="Quản trị phường")
    Membership.objects.create(user=admin, agency=agency, role=Role.AGENCY_ADMIN)
    second = UserFactory(kind="officer", full_name="Chuyên viên thứ hai")
    Membership.objects.create(user=second, agency=agency, role=Role.SPECIALIST)
    city = staff["city"]
    Membership.objects.get_or_create(user=city, agency=None, role=Role.CITY_MANAGEMENT)
    system = UserFactory(kind="officer", full_name="Quản trị hệ thống")
    Membership.objects.create(user=system, agency=None, role=Role.SYSTEM_ADMIN)
    return {
        "reception": staff["reception"],
        "specialist": staff["specialist"],
        "other_specialist": second,
        "leader": staff["leader"],
        "agency_admin": admin,
        "city": city,
        "system_admin": system,
        "applicant": citizen(full_name="Nguyễn Văn An"),
        "stranger": citizen(full_name="Người lạ"),
        "transfer_target": target,
        "other_agency": other,
    }


def build(situation: Situation, procedure, agency, people) -> Dossier:
    draft = situation.status == Status.DRAFT
    dossier = DossierFactory(
        procedure=procedure,
        agency=agency,
        applicant=people["applicant"],
        status=situation.status,
        stage=situation.stage,
        assignee=people["specialist"] if situation.assigned else None,
        code=None if draft else f"000.23.00.H17-261124-{SITUATIONS.index(situation) + 1:04d}",
        submitted_at=None if draft else MOMENT - timedelta(days=1),
        received_at=None if situation.status in (Status.DRAFT, Status.SUBMITTED) else MOMENT - timedelta(days=1),
        delivery="online",
        withdraw_reason="Đã nộp ở nơi khác" if situation.status == Status.WITHDRAW_REQUESTED else "",
        paused_at=MOMENT - timedelta(hours=2) if situation.pause in ("supplement", "payment") else None,
    )
    if situation.pause:
        Pause.objects.create(
            dossier=dossier,
            kind=situation.pause,
            status_before=situation.before[0],
            stage_before=situation.before[1],
            holder=people["specialist"] if situation.assigned else None,
            started_at=MOMENT - timedelta(hours=2),
        )
    if "supplement_asked" in situation.facts:
        SupplementRequest.objects.create(
            dossier=dossier,
            requested_by=people["reception"],
            reason="Giấy chứng sinh bị mờ",
            items=[{"order": 1, "name": "Giấy chứng sinh", "note": ""}],
            status_before=situation.before[0],
            answered_at=None if "supplement_waiting" in situation.facts else MOMENT,
        )
    if "transfer_open" in situation.facts:
        Transfer.objects.create(
            dossier=dossier, to_agency=people["other_agency"], requested_by=people["specialist"], request="Xác minh"
        )
    if "apology_waiting" in situation.facts:
        Apology.objects.create(
            dossier=dossier, old_due_at=dossier.due_at, new_due_at=dossier.due_at + timedelta(days=3)
        )
    if "payment_pending" in situation.facts:
        Payment.objects.create(dossier=dossier, amount=50_000, description="Lệ phí")
    if "payment_paid" in situation.facts:
        Payment.objects.create(
            dossier=dossier,
            amount=50_000,
            description="Lệ phí",
            state=Payment.State.PAID,
            confirmed_at=MOMENT,
            receipt_number="0000001/2026/000.23.00.H17",
        )
    return dossier


def snapshot(dossier: Dossier) -> tuple:
    row = Dossier.objects.values_list("status", "stage", "assignee_id", "due_at", "paused_at").get(pk=dossier.pk)
    return (
        row,
        Event.objects.filter(dossier=dossier).count(),
        Message.objects.count(),
        StatusUpdate.objects.count(),
        Pause.objects.filter(dossier=dossier, ended_at__isnull=True).count(),
        list(Payment.objects.filter(dossier=dossier).values_list("state", flat=True).order_by("pk")),
    )


class Rollback(Exception):
    pass


# --- how each action is asked over the API and the web ----------------------------------------------
def officer_payload(action: str, dossier: Dossier, people) -> dict:
    transfer = Transfer.objects.filter(dossier=dossier).first()
    paid = Payment.objects.filter(dossier=dossier, state=Payment.State.PAID).first()
    return {
        "reason": "Lý do ghi rõ",
        "documents": [1],
        "specialist": people["other_specialist"].pk,
        "note": "Ghi chú",
        "text": "Trao đổi nội bộ",
        "amount": 20_000 if action == "refund" else 50_000,
        "to_agency": people["other_agency"].code,
        "request": "Đề nghị phối hợp xác minh",
        "transfer": transfer.pk if transfer else 0,
        "answer": "Đã xác minh",
        "tracking": "EMS0001",
        "payment": paid.reference if paid else "",
    }


APPLICANT_API = {
    "answer_supplement": "/api/v1/dossiers/{code}/supplement",
    "withdraw": "/api/v1/dossiers/{code}/withdraw",
    "cancel_withdrawal": "/api/v1/dossiers/{code}/cancel-withdrawal",
    "rate": "/api/v1/dossiers/{code}/rating",
    "pay": "/api/v1/dossiers/{code}/payments/checkout",
}
APPLICANT_WEB = {
    "answer_supplement": "/ho-so/{code}/bo-sung/",
    "withdraw": "/ho-so/{code}/rut/",
    "cancel_withdrawal": "/ho-so/{code}/thoi-rut/",
}
SYSTEM_ONLY = {"submit", "paid_online", "payment_recorded"}  # no person asks these over HTTP


def api_call(client: APIClient, action: str, dossier: Dossier, people):
    code = dossier.code or "ban-nhap"
    if action in APPLICANT_API:
        url = APPLICANT_API[action].format(code=code)
        if action == "answer_supplement":
            return client.post(url, {"document_1": pdf_upload(), "note": "Đã chụp lại"}, format="multipart")
        if action == "rate":
            return client.post(url, {"overall": 5, "comment": "Tốt"}, format="json")
        if action == "pay":  # VNPay's checkout is a signed address: no call leaves the machine
            return client.post(url, {"provider": "vnpay"}, format="json")
        return client.post(url, {"reason": "Đã nộp ở nơi khác"}, format="json")
    return client.post(
        f"/api/v1/dossiers/{code}/actions/{action}", officer_payload(action, dossier, people), format="json"
    )


def web_call(client, action: str, dossier: Dossier, people):
    code = dossier.code or "ban-nhap"
    if action in APPLICANT_WEB:
        data = {"upload-1": pdf_upload(), "reason": "Đã nộp ở nơi khác"}
        return client.post(APPLICANT_WEB[action].format(code=code), data)
    if action == "rate":
        return client.post(f"/ho-so/{code}/danh-gia/", {"overall": 5})
    if action == "pay":
        return client.post(f"/thanh-toan/ho-so/{code}/", {"provider": "vnpay"})
    data = officer_payload(action, dossier, people)
    data["documents"] = ["1"]
    data["to_agency"] = str(people["other_agency"].pk)
    return client.post(f"/mot-cua/ho-so/{code}/{action}/", data)


ACTIONS = [a for a in lifecycle.ACTIONS if a not in SYSTEM_ONLY]


def nobody_holds(dossier: Dossier) -> str:
    """After a move, a dossier waiting for the office is in the working queue of each officer who
    must act next (not only in the admins' catch-all list); "" when it is."""
    dossier = Dossier.objects.get(pk=dossier.pk)
    if dossier.status not in lifecycle.WAITING_FOR_OFFICE | {Status.FINISHED}:
        return ""  # closed, or waiting for the applicant
    holders = workflow_selectors.holders(dossier)
    if not holders:
        return f"nobody must act on it next ({dossier.get_status_display()}, {dossier.stage})"
    for officer in holders:
        queues = [q for q in workflow_selectors.queues_for(officer) if q["key"] != "tat-ca"]
        if not any(q["dossiers"].filter(pk=dossier.pk).exists() for q in queues):
            return f"in none of {officer.full_name}'s working queues ({dossier.get_status_display()}, {dossier.stage})"
    return ""


def web_messages(response) -> list[tuple[str, str]]:
    """What the page the action redirects to will say: the messages this request queued."""
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def refusal_text(response) -> str:
    if getattr(response, "data", None) is not None:
        return str(response.data)
    errors = [text for level, text in web_messages(response) if level == "error"]
    return " ".join(errors) or response.content.decode()[:2000]


@pytest.mark.parametrize("channel", ["api", "web"])
def test_every_action_by_everyone_in_every_state(channel, procedure, agency, people, time_machine):
    """One situation after the other (the people, the agency's certificate and the e-form are
    made once: they are what costs)."""
    time_machine.move_to(MOMENT, tick=False)
    problems: list[str] = []
    clients = {}
    for person in PERSONS_WITH_TARGET:
        clients[person] = APIClient() if channel == "api" else Client()
        clients[person].force_login(people[person])
    for situation in SITUATIONS:
        problems += walk(situation, channel, build(situation, procedure, agency, people), clients, people)
    assert not problems, f"{len(problems)} disagreements with the table:\n" + "\n".join(problems)


def walk(situation: Situation, channel: str, dossier: Dossier, clients: dict, people) -> list[str]:
    problems = []
    for person in PERSONS_WITH_TARGET if "transfer_member" in situation.facts else PERSONS:
        client = clients[person]
        for action in ACTIONS:
            allowed = expected(situation, person, action)
            before = snapshot(dossier)
            try:
                with transaction.atomic():
                    response = (api_call if channel == "api" else web_call)(client, action, dossier, people)
                    client.cookies.pop("messages", None)  # read here, not on a next page
                    after = snapshot(dossier)
                    landed = Dossier.objects.values_list("status", "stage").get(pk=dossier.pk)
                    unheld = nobody_holds(dossier) if allowed and channel == "api" and after != before else ""
                    raise Rollback
            except Rollback:
                pass
            where = f"{situation.name} · {person} · {action}"
            if unheld:
                problems.append(f"{where}: {unheld}")
            if allowed:
                ok = response.status_code in ((200, 201) if channel == "api" else (302,)) and (
                    channel == "api" or "error" not in {level for level, _ in web_messages(response)}
                )
                if not ok:
                    problems.append(f"{where}: allowed by the table, refused: {refusal_text(response)[:200]}")
                elif landed != lands(situation, action):
                    problems.append(f"{where}: landed in {landed}, the table says {lands(situation, action)}")
            else:
                if channel == "api" and response.status_code not in (400, 403, 404):
                    problems.append(f"{where}: refused by the table, answered {response.status_code}")
                if channel == "web" and response.status_code == 302 and not refusal_text(response):
                    problems.append(f"{where}: refused by the table, the page says nothing")
                text = refusal_text(response)
                if not VIETNAMESE.search(text):
                    problems.append(f"{where}: the refusal gives no Vietnamese reason: {text[:120]}")
                if after != before:
                    problems.append(f"{where}: refused, yet something changed: {before} → {after}")
    return problems


def test_the_system_actions_follow_the_table(procedure, agency, people, time_machine):
    """What no person asks over HTTP: the gateway's confirmation and the portal's submission."""
    time_machine.move_to(MOMENT, tick=False)
    for situation in SITUATIONS:
        dossier = build(situation, procedure, agency, people)
        for action in ("paid_online", "payment_recorded"):
            allowed = situation.status in lifecycle.TRANSITIONS[action].sources
            before = snapshot(dossier)
            try:
                with transaction.atomic():
                    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
                    lifecycle.move(locked, action, None)
                    landed = Dossier.objects.values_list("status", "stage").get(pk=dossier.pk)
                    assert allowed, f"{situation.name} · {action}: moved, the table forbids it"
                    assert landed == lands(situation, action), f"{situation.name} · {action}: {landed}"
                    raise Rollback
            except Rollback:
                pass
            except Exception as error:  # a refusal
                assert not allowed, f"{situation.name} · {action}: refused: {error}"
                assert snapshot(dossier) == before
        dossier.delete() if situation.status == Status.DRAFT else None


def test_the_work_page_offers_exactly_what_the_table_allows(client, procedure, agency, people, time_machine):
    """The forms on the officers' work page are the table's answer for that officer."""
    time_machine.move_to(MOMENT, tick=False)
    situation = next(s for s in SITUATIONS if s.name == "approval")
    dossier = build(situation, procedure, agency, people)
    client.force_login(people["leader"])
    page = client.get(f"/mot-cua/ho-so/{dossier.code}/")
    offered = set(re.findall(rf"/mot-cua/ho-so/{re.escape(dossier.code)}/(\w+)/", page.content.decode()))
    assert {a for a in offered if a in lifecycle.TRANSITIONS} == {
        a for a in ACTIONS if expected(situation, "leader", a)
    }
