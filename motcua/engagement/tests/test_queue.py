import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from motcua.engagement import queue, services
from motcua.engagement.models import QueueService, Ticket
from motcua.units.models import Counter

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(agency, counter, staff):
    """Counter 1 serves civil status (A) and certification (B); counter 2 serves land (C)."""
    second = Counter.objects.create(agency=agency, number=2, name="Đất đai")
    civil = QueueService.objects.create(agency=agency, letter="A", name="Hộ tịch")
    certify = QueueService.objects.create(agency=agency, letter="B", name="Chứng thực")
    land = QueueService.objects.create(agency=agency, letter="C", name="Đất đai")
    civil.counters.add(counter)
    certify.counters.add(counter)
    land.counters.add(second)
    services.start_duty(staff["reception"], counter)
    services.start_duty(staff["specialist"], second)
    return {"civil": civil, "certify": certify, "land": land, "one": counter, "two": second}


def test_numbers_count_per_field_and_start_again_each_day(hall):
    first, second = queue.take_ticket(hall["civil"]), queue.take_ticket(hall["civil"])
    other = queue.take_ticket(hall["land"])
    assert [first.code, second.code, other.code] == ["A001", "A002", "C001"]
    Ticket.objects.update(day=timezone.localdate() - timedelta(days=1))
    from motcua.engagement.models import TicketSequence

    TicketSequence.objects.update(day=timezone.localdate() - timedelta(days=1))
    assert queue.take_ticket(hall["civil"]).code == "A001"


def test_calling_takes_the_longest_waiting_of_the_counters_fields(hall, staff):
    a1 = queue.take_ticket(hall["civil"])
    c1 = queue.take_ticket(hall["land"])
    b1 = queue.take_ticket(hall["certify"])
    assert queue.ahead_of(b1) == 0 and queue.ahead_of(queue.take_ticket(hall["civil"])) == 1
    called = queue.call_next(staff["reception"])
    assert called == a1 and called.counter == hall["one"] and called.state == "called"
    assert queue.call_next(staff["reception"]) == b1  # A001 is finished by calling the next
    assert Ticket.objects.get(pk=a1.pk).state == "done"
    assert queue.call_next(staff["specialist"]) == c1  # counter 2 serves land only


def test_recall_skip_transfer_and_finish(hall, staff):
    ticket = queue.take_ticket(hall["civil"])
    queue.call_next(staff["reception"])
    assert queue.recall(staff["reception"], ticket).calls == 2
    with pytest.raises(PermissionDenied):
        queue.skip(staff["specialist"], ticket)  # not at their counter
    moved = queue.transfer(staff["reception"], ticket, hall["land"])
    assert moved.state == "waiting" and moved.code == "A001" and moved.service == hall["land"]
    assert queue.call_next(staff["specialist"]) == ticket
    assert queue.skip(staff["specialist"], ticket).state == "skipped"
    with pytest.raises(ValidationError):
        queue.call_next(staff["leader"])  # not on duty anywhere


def test_the_display_the_phone_page_and_the_console(client, hall, staff):
    ticket = queue.take_ticket(hall["civil"])
    queue.take_ticket(hall["civil"])
    follow = client.get(f"/xep-hang/so/{ticket.public_id}/").content.decode()
    assert "A001" in follow and "Trước ông/bà còn <strong>0</strong> người" in follow and "<svg" in follow
    client.force_login(staff["reception"])
    client.post("/mot-cua/xep-hang/", {"action": "next"})
    screen = client.get(f"/xep-hang/{hall['one'].agency.code}/man-hinh/", HTTP_HX_REQUEST="true").content.decode()
    assert "A001" in screen and "Quầy 1 – Hộ tịch – chứng thực" in screen and "1</strong> người chờ" in screen
    status = client.get(f"/xep-hang/so/{ticket.public_id}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Mời số A001 đến <strong>Quầy 1 – Hộ tịch – chứng thực</strong>" in status


def test_the_kiosk_needs_its_signed_link(client, hall):
    token = queue.kiosk_token(hall["one"].agency)
    page = client.get(f"/xep-hang/may/{token}/").content.decode()
    assert "Hộ tịch" in page and "Đất đai" in page
    answer = client.post(f"/xep-hang/may/{token}/", {"service": hall["land"].pk})
    assert "/xep-hang/so/" in answer["Location"] and Ticket.objects.get().code == "C001"
    assert client.get("/xep-hang/may/gia-mao/").status_code == 404


def test_waiting_and_serving_times_per_counter_and_field(hall, staff):
    ticket = queue.take_ticket(hall["civil"])
    Ticket.objects.filter(pk=ticket.pk).update(queued_at=timezone.now() - timedelta(minutes=12))
    queue.call_next(staff["reception"])
    Ticket.objects.filter(pk=ticket.pk).update(called_at=timezone.now() - timedelta(minutes=5))
    queue.finish(staff["reception"], ticket)
    today = timezone.localdate()
    [row] = queue.stats(hall["one"].agency, today, today)
    assert row["counter"] == "Quầy 1 – Hộ tịch – chứng thực" and row["served"] == 1
    assert row["wait_minutes"] == pytest.approx(7.0, abs=0.2) and row["serve_minutes"] == pytest.approx(5.0, abs=0.2)


@pytest.mark.django_db(transaction=True)
def test_two_counters_never_call_the_same_person(hall, staff):
    if connection.vendor != "postgresql":
        pytest.skip("needs a server that locks rows (PostgreSQL)")
    both = QueueService.objects.get(letter="A")
    both.counters.add(hall["two"])
    tickets = [queue.take_ticket(both) for _ in range(20)]
    called, lock = [], threading.Lock()

    def officer(person):
        while True:
            ticket = queue.call_next(person)
            if ticket is None:
                break
            with lock:
                called.append(ticket.pk)
        connections.close_all()

    threads = [threading.Thread(target=officer, args=(staff[name],)) for name in ("reception", "specialist")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(called) == sorted(t.pk for t in tickets)
