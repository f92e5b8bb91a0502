"""Every Decision 766 formula on a small month computed by hand.

Ward A, September 2025 (a closed month, so the backlog is the one at the month's end):
  P1  online (full), 8,000 đồng fee, complete record
  P2  online (partial), complete record
  P3  not online, no steps published (incomplete)
  P4  "Cấp lại …" online (partial), complete record
  d1  P1 online,  received 3 Sep, finished 6 Sep (due 8 Sep)  signed result, paid online, file from the store
  d2  P1 counter, received 4 Sep, finished 20 Sep (due 10 Sep) scanned file, no electronic result
  d3  P2 online,  received 10 Sep, processing, due 5 Oct (in time at the month's end)      file uploaded
  d4  P3 counter, received 11 Sep, processing, due 25 Sep (late at the month's end)       no file (paper)
  d5  P4 online,  received and finished 15 Sep (same day)                                  file uploaded
  ratings: one 5, one 1;  feedback: one answered on time, one answered late
"""

from datetime import datetime

import pytest
from django.utils import timezone

from motcua.catalogue.tests.factories import make_procedure
from motcua.documents.models import StoreItem
from motcua.dossiers.models import Channel, DossierFile, IssuedDocument, Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.engagement.models import Feedback, Rating
from motcua.indicators import formulas, selectors, services
from motcua.indicators.models import FLOWS, PER_PERIOD, STOCKS, AgencyMonth, Target
from motcua.payments.models import Payment
from motcua.units.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
SEPTEMBER = selectors.Period(2025, 9)


def at(day, month=9, hour=9):
    return datetime(2025, month, day, hour, tzinfo=timezone.get_current_timezone())


def add_file(dossier, **values):
    return DossierFile.objects.create(
        dossier=dossier,
        document_name="Tờ khai",
        file="x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=dossier.applicant,
        **values,
    )


@pytest.fixture
def ward():
    agency = AgencyFactory()
    complete = {"agencies": [agency.code], "performing_agency_text": "UBND phường"}
    p1 = make_procedure(online_level="full", **complete)
    p2 = make_procedure(online_level="partial", fees=[], **complete)
    p3 = make_procedure(online_level="", fees=[], steps=[], agencies=[agency.code])
    p4 = make_procedure(name="Cấp lại bản chính giấy khai sinh", online_level="partial", fees=[], **complete)
    done = {"status": Status.RETURNED}
    d1 = DossierFactory(agency=agency, procedure=p1, received_at=at(3), due_at=at(8), finished_at=at(6), **done)
    d2 = DossierFactory(
        agency=agency,
        procedure=p1,
        channel=Channel.COUNTER,
        received_at=at(4),
        due_at=at(10),
        finished_at=at(20),
        **done,
    )
    d3 = DossierFactory(agency=agency, procedure=p2, received_at=at(10), due_at=at(5, month=10))
    DossierFactory(agency=agency, procedure=p3, channel=Channel.COUNTER, received_at=at(11), due_at=at(25))
    d5 = DossierFactory(
        agency=agency, procedure=p4, received_at=at(15), due_at=at(17), finished_at=at(15, hour=15), **done
    )
    item = StoreItem.objects.create(
        owner=d1.applicant,
        kind=StoreItem.Kind.DOCUMENT,
        title="CCCD",
        file="s.pdf",
        original_name="s.pdf",
        content_type="application/pdf",
        size=10,
        sha256="1" * 64,
    )
    add_file(d1, store_item=item, reused=True)
    for dossier in (d2, d3, d5):
        add_file(dossier)
    IssuedDocument.objects.create(
        dossier=d1, kind=IssuedDocument.Kind.RESULT, file="kq.pdf", signed=True, issued_by=d1.applicant
    )
    Payment.objects.create(
        dossier=d1,
        reference="P1",
        amount=8000,
        description="Lệ phí",
        state=Payment.State.PAID,
        confirmed_at=at(3),
        receipt_number="BL-1",
    )
    for score in (5, 1):
        Rating.objects.filter(pk=Rating.objects.create(source="web", agency=agency, overall=score).pk).update(
            created_at=at(20)
        )
    for answered in (at(12), at(30)):
        feedback = Feedback.objects.create(
            code=f"PA-{answered.day}",
            about="procedure",
            agency=agency,
            title="Hỏi",
            content="Nội dung",
            due_at=at(20),
            answered_at=answered,
            state="answered",
            answer="Đã trả lời",
        )
        Feedback.objects.filter(pk=feedback.pk).update(created_at=at(5))
    services.recount(SEPTEMBER.first)
    return agency


def test_the_month_is_tallied_from_the_dossiers(ward):
    tally = AgencyMonth.objects.get(agency=ward, month=SEPTEMBER.first)
    assert tally.counts() == {
        "received": 5,
        "received_online": 3,
        "digitized": 4,
        "reused": 1,
        "to_store": 1,
        "synced": 0,
        "charged": 1,
        "paid_online": 1,
        "finished": 3,
        "finished_on_time": 2,
        "results_electronic": 1,
        "reissue_finished": 1,
        "reissue_same_day": 1,
        "open_at_end": 2,
        "open_late_at_end": 1,
        "ratings": 2,
        "ratings_satisfied": 1,
        "ratings_unhappy": 1,
        "feedback": 2,
        "feedback_on_time": 1,
    }


def test_every_indicator_scores_as_computed_by_hand(ward):
    card = selectors.scorecard(selectors.Scope.of_agency(ward), SEPTEMBER)
    expected = {
        # code: (numerator, denominator, points)
        "1.3": (3, 4, 1.5),  # 2 × 3/4
        "1.4": (0, 5, 0.0),  # nothing acknowledged by the national portal
        "2.1": (3, 5, 12.0),  # (2 on time + 1 open in time) / (3 finished + 2 open) × 20
        "3.1": (3, 4, 1.88),  # 2 × (75% / 80%)
        "3.2": (3, 3, 4.0),  # P1, P2, P4 each got an online dossier
        "3.3": (3, 5, 6.0),  # 60% online ≥ 50%: full points
        "3.4": (1, 1, 2.0),  # the one procedure with a fee is online
        "3.5": (1, 1, 2.0),  # and was paid online
        "3.6": (1, 1, 6.0),
        "4.1": (1, 3, 2.0),  # 6 × 1/3
        "4.2": (4, 5, 3.2),  # 4 × 4/5
        "4.4": (1, 5, 0.5),  # 2 × (20% / 80%)
        "4.5": (1, 5, 0.8),  # 4 × 1/5
        "5.1": (1, 2, 3.0),  # 6 × 1/2
        "5.3": (2, 5, 2.67),  # (5 − 2 late − 1 unhappy) / 5 = 40%; 6 × 40/90
    }
    for code, (numerator, denominator, points) in expected.items():
        line = card.line(code)
        assert (line.numerator, line.denominator, line.points) == (numerator, denominator, points), code
    for code in ("1.1", "1.2", "4.3", "4.6", "4.7", "5.2"):
        assert card.line(code).points is None  # data held elsewhere: listed, not scored
    assert card.measured == 78
    assert card.points == round(sum(p for _, _, p in expected.values()), 2) == 47.55
    assert card.group("progress").points == 12.0


def test_a_year_adds_the_months_and_takes_the_backlog_of_the_last(ward):
    DossierFactory(
        agency=ward,
        procedure=ward.procedures.first(),
        received_at=at(2, month=8),
        due_at=at(5, month=8),
        finished_at=at(4, month=8),
        status=Status.RETURNED,
    )
    for month in (8, 12):
        services.recount(SEPTEMBER.first.replace(month=month))
    september = selectors.figures(selectors.Scope.of_agency(ward), SEPTEMBER)
    year = selectors.figures(selectors.Scope.city(), selectors.Period(2025))
    assert (year["received"], year["finished"], year["finished_on_time"]) == (6, 4, 3)
    assert (september["open_at_end"], september["open_late_at_end"]) == (2, 1)
    assert (year["open_at_end"], year["open_late_at_end"]) == (2, 2)  # at the end of December d3 was late too


def test_the_running_month_counts_the_backlog_as_it_is_now(ward):
    now = selectors.Period.parse(None)
    assert now.running
    f = selectors.figures(selectors.Scope.of_agency(ward), now)
    assert (f["open_at_end"], f["open_late_at_end"]) == (2, 2)  # d3 and d4, both past their dates today


def test_nothing_to_divide_follows_the_rules_of_each_indicator():
    figures = dict.fromkeys([*FLOWS, *STOCKS, *PER_PERIOD], 0)
    card = formulas.score(figures)
    assert card.line("5.1").points == 6  # no feedback: full points
    assert card.line("5.3").points == 0  # no dossiers: no satisfaction
    assert card.line("2.1").points is None  # no dossiers: not scored
    assert card.measured == 12


def test_the_groups_add_up_to_a_hundred_points():
    assert [g.points for g in formulas.GROUPS] == [18, 20, 12, 10, 22, 18]
    for group in formulas.GROUPS:
        assert sum(i.points for i in group.indicators) == group.points, group.name


def test_the_city_targets_are_shown_against_the_actual(ward, shipped_targets):
    f = selectors.figures(selectors.Scope.of_agency(ward), SEPTEMBER)
    rows = {r["target"].measure: r for r in selectors.targets(f, 2026)}
    assert set(rows) == {
        "full_online",
        "services_receiving",
        "online_share",
        "reissue_same_day",
        "results_digitized",
    }  # plan 56/KH-UBND
    assert (rows["online_share"]["actual"], rows["online_share"]["met"]) == (60.0, False)  # target 80%
    assert (rows["reissue_same_day"]["actual"], rows["reissue_same_day"]["met"]) == (100.0, True)  # target 30%
    assert rows["full_online"]["actual"] == 33.3  # 1 of 3 online procedures is fully online
    assert {r["target"].measure for r in selectors.targets(f, 2021)} == {
        "services_receiving",
        "online_share_of_receiving",
        "online_share",
    }
    Target.objects.filter(year=2023, measure="online_share").update(percent=55)
    assert next(r for r in selectors.targets(f, 2026) if r["target"].measure == "online_share")["met"] is True
    assert selectors.targets(f, 2019) == []


def test_a_new_event_marks_the_month_and_the_worker_counts_it_again(ward, django_capture_on_commit_callbacks):
    from django.db import transaction

    from motcua.accounts.models import Membership, Role
    from motcua.accounts.tests.factories import UserFactory
    from motcua.dossiers import lifecycle
    from motcua.dossiers.models import Dossier, Stage

    leader = UserFactory(kind="officer")
    Membership.objects.create(user=leader, agency=ward, role=Role.LEADER)
    open_dossier = Dossier.objects.get(status=Status.PROCESSING, due_at=at(25))
    Dossier.objects.filter(pk=open_dossier.pk).update(stage=Stage.APPROVAL)
    open_dossier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        open_dossier.finished_at = timezone.now()
        lifecycle.move(open_dossier, "approve", leader)  # the indicators' mark is one of its effects
    september = AgencyMonth.objects.get(agency=ward, month=SEPTEMBER.first)
    assert september.open_at_end == 2  # at the end of September it was still open
    now = services.month_of(timezone.now())
    running = AgencyMonth.objects.get(agency=ward, month=now)
    assert (running.finished, running.finished_on_time) == (1, 0)  # finished today, late
    assert not services.Stale.objects.exists()


def test_periods_are_read_from_the_address():
    today = timezone.localdate()
    assert selectors.Period.parse("2026-09", today=today.replace(year=2026, month=11)) == selectors.Period(2026, 9)
    assert selectors.Period.parse("2026", today=today.replace(year=2026, month=11)) == selectors.Period(2026)
    assert selectors.Period.parse("2027-01", today=today.replace(year=2026, month=11)) == selectors.Period(
        2026
    )  # the future: this year
    assert selectors.Period.parse("không-phải", today=today.replace(year=2026, month=11)) == selectors.Period(2026)
    assert selectors.Period(2026, 1).previous() == selectors.Period(2025, 12)


def test_a_failed_count_puts_its_marks_back(ward, monkeypatch):
    services.mark(ward.pk, at(10))
    months = set(services.Stale.objects.values_list("month", flat=True))
    assert SEPTEMBER.first in months

    def broken(month, agencies):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "recount", broken)
    with pytest.raises(RuntimeError):
        services.refresh_stale()
    assert SEPTEMBER.first in set(services.Stale.objects.values_list("month", flat=True))  # to be counted next time
    monkeypatch.undo()
    assert services.refresh_stale() == len(months)
    assert not services.Stale.objects.exists()
