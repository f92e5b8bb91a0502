"""The issue's "Done means", over the APIs: receive → supplement → answer → the dossier is back
in the working queue of whoever must act next, with its due date moved by the applicant's time
and the control sheet's supplement row closed. And a withdrawal the applicant takes back returns
the dossier where it was, to whoever held it.

Every step goes through HTTP: the officers' actions and queues through the officer API
(/api/v1/dossiers/<code>/actions/<action>, /api/v1/inbox), the applicant's answer and
withdrawal through the citizen API, the cancelled withdrawal through the citizen's web form."""

from datetime import datetime
from typing import NamedTuple

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from motcua.core.tests.moments import ICT
from motcua.dossiers.models import Stage, Status
from motcua.dossiers.tests.factories import pdf_upload
from motcua.notifications.models import Message
from motcua.workflow.models import Handoff, Step
from motcua.workflow.selectors import calendar_for

pytestmark = pytest.mark.django_db

# A plain working week (no holiday near it). The procedure's limit is 3 working days, so a dossier
# received on Tuesday at 09:00 is due on Friday at 09:00.
RECEIVED = datetime(2026, 3, 10, 9, 0, tzinfo=ICT)  # Tuesday
ASKED = datetime(2026, 3, 10, 9, 30, tzinfo=ICT)
ANSWERED = datetime(2026, 3, 11, 9, 30, tzinfo=ICT)  # Wednesday: one full working day (480 min) later
DUE = datetime(2026, 3, 13, 9, 0, tzinfo=ICT)  # Friday
DUE_AFTER_PAUSE = datetime(2026, 3, 16, 9, 0, tzinfo=ICT)  # Monday: the pause's working day added
PAUSED_MINUTES = 480


@pytest.fixture(autouse=True)
def _clock(time_machine):
    # Autouse, so it runs before the `submitted` fixture: the dossier is submitted at this moment.
    time_machine.move_to(RECEIVED, tick=False)


def logged_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def act(user, code, action, **data):
    response = logged_in(user).post(f"/api/v1/dossiers/{code}/actions/{action}", data, format="json")
    assert response.status_code == 200, (action, response.status_code, response.content.decode())
    return response.json()


def inbox(user, queue) -> list[str]:
    """The codes in ``user``'s ``queue`` over the officer API (an empty list if they have no such
    queue: the API would otherwise answer with their first queue)."""
    body = logged_in(user).get("/api/v1/inbox", {"queue": queue}).json()
    if body["queue"] != queue:
        return []
    return [row["code"] for row in body["results"]]


def inbox_row(user, queue, code) -> dict:
    body = logged_in(user).get("/api/v1/inbox", {"queue": queue}).json()
    assert body["queue"] == queue
    return next(row for row in body["results"] if row["code"] == code)


def dossier_back_to(dossier) -> set[str]:
    """The full names of the officers who were told the dossier came back."""
    return set(
        Message.objects.filter(topic=f"dossier:{dossier.pk}", event="officer.dossier_back").values_list(
            "user__full_name", flat=True
        )
    )


class Case(NamedTuple):
    """Where the supplement is asked, and where the answer must bring the dossier back."""

    steps: list[str]  # the officer actions before the supplement is asked
    status: int  # the state it returns to
    stage: str
    assignee: str | None  # role key in `staff` of whoever holds it, or nobody
    queues: dict[str, str]  # role key → the queue it must be back in
    not_queues: dict[str, str]  # role key → a queue it must not be in
    told: set[str]  # role keys of the officers told it is back


CASES = {
    "before-reception": Case(
        steps=[],
        status=Status.SUBMITTED,
        stage=Stage.RECEPTION,
        assignee=None,
        queues={"reception": "tiep-nhan"},
        not_queues={"reception": "phan-cong", "specialist": "xu-ly"},
        told={"reception"},
    ),
    "after-reception": Case(
        steps=["receive"],
        status=Status.RECEIVED,
        stage=Stage.PROCESSING,
        assignee=None,
        queues={"reception": "phan-cong", "leader": "phan-cong"},
        not_queues={"reception": "tiep-nhan", "specialist": "xu-ly"},
        told={"reception", "leader"},
    ),
    "after-assignment": Case(
        steps=["receive", "assign"],
        status=Status.PROCESSING,
        stage=Stage.PROCESSING,
        assignee="specialist",
        queues={"specialist": "xu-ly"},
        not_queues={"reception": "phan-cong", "leader": "phan-cong"},
        told={"specialist"},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_supplement_answered_returns_the_dossier_to_whoever_must_act_next(case, submitted, staff, time_machine):
    expected = CASES[case]
    code, applicant = submitted.code, submitted.applicant
    for step in expected.steps:
        data = {"specialist": staff["specialist"].pk} if step == "assign" else {}
        act(staff["reception"], code, step, **data)
    submitted.refresh_from_db()
    before = (submitted.status, submitted.stage, submitted.assignee_id)
    due_before = submitted.due_at
    if expected.steps:
        assert due_before == DUE
    else:
        assert due_before is None  # the clock starts at reception

    # Reception asks for a clearer birth certificate (document 1).
    time_machine.move_to(ASKED, tick=False)
    asked = act(
        staff["reception"], code, "supplement", reason="Giấy chứng sinh chụp bị mờ, không đọc được số", documents=[1]
    )
    assert asked["status"]["code"] == Status.SUPPLEMENT
    assert code in inbox(staff["reception"], "bo-sung")
    for role, queue in expected.queues.items():
        assert code not in inbox(staff[role], queue), f"{role} still sees it in {queue} while it waits"
    handoff = Handoff.objects.get(dossier=submitted, step=Step.SUPPLEMENT)
    assert handoff.done_at is None and handoff.receiver == applicant

    # A working day later the applicant answers over the citizen API, with the file.
    time_machine.move_to(ANSWERED, tick=False)
    answered = logged_in(applicant).post(
        f"/api/v1/dossiers/{code}/supplement",
        {"document_1": pdf_upload("giay-chung-sinh-ro.pdf"), "note": "Đã chụp lại bản rõ"},
        format="multipart",
    )
    assert answered.status_code == 200, answered.content.decode()
    body = answered.json()
    assert body["status"]["code"] == expected.status
    assert body["supplement_request"]["answered_at"] is not None
    assert any(f["original_name"] == "giay-chung-sinh-ro.pdf" for f in body["files"])

    # Back exactly where it stood, held by whoever held it.
    submitted.refresh_from_db()
    assert (submitted.status, submitted.stage, submitted.assignee_id) == before
    assert submitted.status == expected.status and submitted.stage == expected.stage
    assert submitted.assignee == (staff[expected.assignee] if expected.assignee else None)
    assert not (submitted.status == Status.PROCESSING and submitted.assignee_id is None), "left at 4 with nobody"
    assert submitted.paused_at is None

    # In the working queue of whoever must act next, and not in the others.
    for role, queue in expected.queues.items():
        assert code in inbox(staff[role], queue), f"not back in {role}'s {queue}"
    for role, queue in expected.not_queues.items():
        assert code not in inbox(staff[role], queue), f"wrongly in {role}'s {queue}"
    assert code not in inbox(staff["reception"], "bo-sung")

    # They were told.
    assert dossier_back_to(submitted) == {staff[role].full_name for role in expected.told}
    if expected.assignee:
        assert Message.objects.filter(user=staff["specialist"], event="officer.dossier_back").exists()

    # The due date moved by the working time the applicant took (and only then).
    if due_before is None:
        assert submitted.due_at is None
    else:
        assert submitted.due_at == DUE_AFTER_PAUSE
        assert calendar_for(submitted.agency).working_minutes_between(due_before, submitted.due_at) == PAUSED_MINUTES
        role, queue = next(iter(expected.queues.items()))
        assert datetime.fromisoformat(inbox_row(staff[role], queue, code)["due_at"]) == DUE_AFTER_PAUSE

    # The control sheet's supplement row is closed at the answer.
    handoff.refresh_from_db()
    assert handoff.done_at == ANSWERED


def withdraw_over_api(applicant, code):
    response = logged_in(applicant).post(
        f"/api/v1/dossiers/{code}/withdraw", {"reason": "Gia đình đã đăng ký tại nơi khác"}, format="json"
    )
    assert response.status_code == 200, response.content.decode()
    return response.json()


def cancel_over_web(applicant, code):
    client = Client()  # the citizen's web form, not the API
    client.force_login(applicant)
    response = client.post(reverse("dossiers:cancel_withdrawal", args=[code]), follow=True)
    assert response.status_code == 200
    assert "Đã thôi đề nghị rút hồ sơ" in response.content.decode()


def cancel_over_api(applicant, code):
    response = logged_in(applicant).post(f"/api/v1/dossiers/{code}/cancel-withdrawal", format="json")
    assert response.status_code == 200, response.content.decode()


@pytest.mark.parametrize("channel", ["web", "api"])
@pytest.mark.parametrize(
    "steps,queue_of",
    [(["receive"], ("reception", "phan-cong")), (["receive", "assign"], ("specialist", "xu-ly"))],
    ids=["received", "assigned"],
)
def test_a_withdrawal_taken_back_returns_the_dossier_to_whoever_held_it(
    channel, steps, queue_of, submitted, staff, time_machine
):
    code, applicant = submitted.code, submitted.applicant
    for step in steps:
        act(staff["reception"], code, step, **({"specialist": staff["specialist"].pk} if step == "assign" else {}))
    submitted.refresh_from_db()
    before = (submitted.status, submitted.stage, submitted.assignee_id, submitted.due_at)
    role, queue = queue_of

    time_machine.move_to(ASKED, tick=False)
    assert withdraw_over_api(applicant, code)["status"]["code"] == Status.WITHDRAW_REQUESTED
    assert code in inbox(staff["reception"], "rut")
    assert code not in inbox(staff[role], queue)

    time_machine.move_to(ANSWERED, tick=False)
    (cancel_over_web if channel == "web" else cancel_over_api)(applicant, code)

    submitted.refresh_from_db()
    # A withdrawal request does not stop the clock: the due date stays.
    assert (submitted.status, submitted.stage, submitted.assignee_id, submitted.due_at) == before
    assert code in inbox(staff[role], queue)
    assert code not in inbox(staff["reception"], "rut")
    assert Message.objects.filter(user=staff[role], event="officer.dossier_back").exists()


def test_a_withdrawal_taken_back_while_a_supplement_waits_still_waits_for_it(submitted, staff, time_machine):
    """Two pauses, one inside the other: the withdrawal returns to the wait for the supplement,
    whose answer then returns the dossier to the specialist who held it."""
    code, applicant = submitted.code, submitted.applicant
    act(staff["reception"], code, "receive")
    act(staff["reception"], code, "assign", specialist=staff["specialist"].pk)
    time_machine.move_to(ASKED, tick=False)
    act(staff["reception"], code, "supplement", reason="Giấy chứng sinh chụp bị mờ", documents=[1])
    withdraw_over_api(applicant, code)
    cancel_over_web(applicant, code)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUPPLEMENT and code in inbox(staff["reception"], "bo-sung")

    time_machine.move_to(ANSWERED, tick=False)
    answered = logged_in(applicant).post(
        f"/api/v1/dossiers/{code}/supplement", {"document_1": pdf_upload()}, format="multipart"
    )
    assert answered.status_code == 200, answered.content.decode()
    submitted.refresh_from_db()
    assert (submitted.status, submitted.stage, submitted.assignee) == (
        Status.PROCESSING,
        Stage.PROCESSING,
        staff["specialist"],
    )
    assert submitted.due_at == DUE_AFTER_PAUSE
    assert code in inbox(staff["specialist"], "xu-ly")
    assert Handoff.objects.get(dossier=submitted, step=Step.SUPPLEMENT).done_at == ANSWERED
