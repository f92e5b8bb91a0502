"""The record-quality report (catalogue/quality.py): what blocks each procedure, the page and the
API for the catalogue's editors, the admin's counts and filter, the admin's edits refused when
they would break processing, and the figures per agency documented in docs/catalogue.md."""

import re
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from motcua.accounts.models import User
from motcua.catalogue import quality
from motcua.catalogue.models import Procedure, TimeUnit
from motcua.catalogue.tests.factories import admin_change_data, make_procedure
from motcua.core.tests.queries import MOMENT, assert_queries, measure
from motcua.units.models import AdministrativeUnit, Agency
from motcua.units.tests.factories import AgencyFactory, UnitFactory
from motcua.workflow.calendar import WorkingCalendar

DOCS = Path(__file__).resolve().parents[3] / "docs" / "catalogue.md"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


# --- The rules, without the database -------------------------------------------------------------


@pytest.mark.parametrize(
    "received",
    [datetime(2026, 11, 2, 9, 0, tzinfo=ZONE), datetime(2027, 2, 3, 16, 0, tzinfo=ZONE)],  # a Monday; before Tết
)
def test_a_time_limit_the_report_accepts_is_one_the_calendar_dates(received):
    calendar = WorkingCalendar()
    values = [None, 0, 0.5, 1, 3, 15, 24, 60, 250, 260, 1000]
    for unit in [*TimeUnit.values, "", "weeks"]:
        for value in values:
            accepted = quality.due_date_problem(value, unit) is None
            try:
                due = calendar.due(received, value, unit)
            except ValueError:
                due = None
            dated = due is not None and (due > received or unit == TimeUnit.SAME_DAY)
            if accepted:  # never a limit the calendar cannot date, or dates at reception
                assert dated, (value, unit)
            if unit in ("", "weeks") or value is None:
                assert not accepted and due is None, (value, unit)


def facts(**changes) -> quality.Facts:
    base = quality.Facts(
        record_status="full",
        levels=("commune",),
        time_value=3,
        time_unit="working_days",
        time_text="03 ngày làm việc",
        documents=True,
        fee=quality.FEE_PAID,
        result=True,
        agencies=True,
        elsewhere=False,
        online=True,
        eform=True,
    )
    return quality.Facts(**{**base.__dict__, **changes})


def codes(found) -> list[str]:
    return [problem.code for problem in found]


def test_free_is_an_answer_and_silence_is_not():
    assert quality.fee_state([{"amount": 0, "set_by": ""}]) == quality.FEE_FREE
    assert codes(quality.problems_of(facts(fee=quality.FEE_FREE))) == []
    assert codes(quality.problems_of(facts(fee=quality.FEE_UNKNOWN))) == ["fee"]
    # A figure left to the People's Council is said, but not as an amount: a warning only.
    assert quality.fee_state([{"amount": None, "set_by": "province"}]) == quality.FEE_PROVINCE
    found = quality.problems_of(facts(fee=quality.FEE_PROVINCE))
    assert codes(found) == ["fee_amount"] and not found[0].blocking


def test_blockers_come_first_each_with_its_reason_and_the_score_counts_the_items():
    found = quality.problems_of(facts(time_value=None, time_text="Không quy định", documents=False, eform=False))
    assert codes(found) == ["time_limit", "documents", "eform"]
    assert "“Không quy định”" in found[0].reason and found[0].blocking and not found[2].blocking
    assert quality.score_of(facts(), []) == (6, 6)
    assert quality.score_of(facts(eform=False), quality.problems_of(facts(eform=False))) == (5, 6)


def test_a_central_branchs_procedure_needs_no_eform_and_one_routed_nowhere_needs_an_agency():
    assert codes(quality.problems_of(facts(elsewhere=True, eform=False))) == []
    assert quality.score_of(facts(elsewhere=True), []) == (5, 5)
    found = quality.problems_of(facts(agencies=False, levels=()))
    assert codes(found) == ["agency"] and "chưa ghi cấp thực hiện" in found[0].reason


def test_an_index_only_record_is_blocked_as_such():
    found = quality.problems_of(facts(record_status="index_only", time_value=None, time_text="", documents=False))
    assert codes(found)[:3] == ["index_only", "time_limit", "documents"]


def test_a_change_may_not_bring_a_blocker_but_may_keep_one():
    missing_documents = [quality.Problem("documents", "…")]
    no_fee = [quality.Problem("fee", "…")]
    assert quality.refused_by_change(missing_documents, [], index_only=False) == missing_documents
    assert quality.refused_by_change(no_fee, no_fee, index_only=False) == []  # as it was
    assert quality.refused_by_change(no_fee, None, index_only=False) == no_fee  # being published now
    # Taken off as index-only: only the agency still counts.
    assert quality.refused_by_change(missing_documents, [], index_only=True) == []


# --- The figures documented in docs/catalogue.md --------------------------------------------------


def documented_figures() -> dict[str, tuple[int, int, int, int]]:
    """The table of the section "Record quality per agency": agency → (procedures, full, full with
    a due date, with no blocker)."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Record quality per agency", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip().strip("*") for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"[\d,]+", cells[1]):
            rows[cells[0]] = tuple(int(cell.replace(",", "")) for cell in cells[1:])
    return rows


def test_the_shipped_catalogue_keeps_the_documented_figures_per_agency():
    documented = documented_figures()
    report = quality.shipped_report()
    measured = {f.label: f for f in [*quality.by_group(report), quality.totals(report.rows)]}
    assert len(documented) >= 20 and "Toàn bộ danh mục" in documented
    for label, (_, full, due_date, ready) in documented.items():
        figures = measured[label]
        assert (figures.full, figures.full_due_date, figures.ready) >= (full, due_date, ready), label
        assert figures.full_due_date >= due_date and figures.ready >= ready, (label, figures)
    total = measured["Toàn bộ danh mục"]
    assert total.full_due_date / total.full >= 0.97
    # The rest, and every index-only record, are listed with their reason.
    for row in report.rows:
        if not row.full or not row.due_date:
            assert row.blockers and all(p.reason for p in row.blockers), row.code


# --- The report from the database ----------------------------------------------------------------


@pytest.fixture
def agencies(db):
    unit = UnitFactory(code="48", name="Đà Nẵng", kind="city", level=AdministrativeUnit.Level.PROVINCE)
    return {
        "justice": AgencyFactory(code="000.00.03.H17", name="Sở Tư pháp", kind=Agency.Kind.DEPARTMENT, unit=unit),
        "committee": AgencyFactory(code="000.01.00.H17"),
        "tax": AgencyFactory(
            code="000.48.18.G12",
            name="Thuế thành phố Đà Nẵng",
            kind=Agency.Kind.CENTRAL_BRANCH,
            central_body="tax",
            unit=unit,
        ),
    }


@pytest.fixture
def catalogue(agencies):
    return {
        "ready": make_procedure(code="1.000001", name="Chứng thực bản sao", agencies=["000.01.00.H17"]),
        "no_result": make_procedure(
            code="1.000002", name="Đăng ký nuôi con nuôi", agencies=["000.00.03.H17"], result="", levels=["city"]
        ),
        "no_limit": make_procedure(
            code="1.000003",
            name="Khai thuế",
            field="Thuế",
            agencies=["000.48.18.G12"],
            processing_time={"text": "Không quy định"},
        ),
        "index_only": make_procedure(
            code="1.000004", name="Cấp giấy phép karaoke", agencies=[], documents=[], processing_time=None, fees=[]
        ),
    }


def test_every_procedure_has_its_problems_and_groups(catalogue):
    report = quality.catalogue_report()
    rows = {row.code: row for row in report.rows}
    assert rows["1.000001"].ready and rows["1.000001"].groups == (quality.COMMUNE_COMMITTEES,)
    assert codes(rows["1.000002"].problems) == ["result", "eform"]
    assert rows["1.000002"].groups == ("000.00.03.H17",)
    assert codes(rows["1.000003"].problems) == ["time_limit"]  # the tax branch's: no e-form asked
    assert codes(rows["1.000004"].blockers) == ["index_only", "time_limit", "documents", "fee", "agency"]
    assert rows["1.000004"].groups == (quality.NO_AGENCY,)
    figures = {f.key: f for f in quality.by_group(report)}
    assert (figures["000.00.03.H17"].procedures, figures["000.00.03.H17"].ready) == (1, 0)
    assert figures[quality.NO_AGENCY].label == "Chưa giao cơ quan"
    assert {r.code for r in report.filtered(problem="blocking")} == {"1.000004", "1.000002", "1.000003"}


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("bientap", password="mat-khau-dai-hon", kind=User.Kind.OFFICER)


def test_the_page_is_for_the_catalogues_editors(client, catalogue, editor):
    assert client.get("/danh-muc/chat-luong/").status_code == 302  # to the login
    officer = User.objects.create_user("canbo", password="mat-khau-dai-hon", kind=User.Kind.OFFICER, is_staff=True)
    client.force_login(officer)
    assert client.get("/danh-muc/chat-luong/").status_code == 403
    officer.user_permissions.add(Permission.objects.get(codename="change_procedure"))
    client.force_login(User.objects.get(pk=officer.pk))
    assert client.get("/danh-muc/chat-luong/").status_code == 200


def test_an_editor_sees_what_blocks_each_procedure_and_filters(client, catalogue, editor):
    client.force_login(editor)
    page = client.get("/danh-muc/chat-luong/").content.decode()
    assert "Thiếu kết quả thực hiện" in page and "Chưa có giấy tờ nào trong thành phần hồ sơ." in page
    assert "Bản ghi ghi thời hạn “Không quy định”" in page
    assert f"/quan-tri/catalogue/procedure/{catalogue['no_result'].pk}/change/" in page
    filtered = client.get("/danh-muc/chat-luong/", {"problem": "result", "group": "000.00.03.H17"})
    html = filtered.content.decode()
    assert "Đăng ký nuôi con nuôi" in html and "Chứng thực bản sao" not in html
    partial_page = client.get("/danh-muc/chat-luong/", {"problem": "time_limit"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial_page.content.decode() and "Khai thuế" in partial_page.content.decode()
    refused = client.get("/danh-muc/chat-luong/", {"problem": "khong-ro"})
    assert refused.status_code == 400 and "Không có vấn đề “khong-ro”" in refused.content.decode()


def test_the_api_gives_the_same_report(catalogue, editor):
    api = APIClient()
    assert api.get("/api/v1/catalogue/quality").status_code == 403
    api.force_authenticate(editor)
    data = api.get("/api/v1/catalogue/quality", {"record_status": "index_only"}).json()
    assert data["count"] == 1 and data["results"][0]["code"] == "1.000004"
    assert {p["code"]: p["count"] for p in data["problems"]}["agency"] == 1
    assert data["results"][0]["admin_url"].endswith(
        f"/quan-tri/catalogue/procedure/{catalogue['index_only'].pk}/change/"
    )
    assert api.get("/api/v1/catalogue/quality", {"group": "khong-co"}).status_code == 400


@pytest.fixture
def _clock(time_machine):
    time_machine.move_to(MOMENT, tick=False)


def test_the_whole_report_costs_the_same_queries_for_more_procedures(client, agencies, editor, _clock):
    client.force_login(editor)
    measured = {}
    for n in range(3):
        make_procedure(code=f"1.10000{n}", agencies=["000.01.00.H17"], documents=[] if n % 2 else None)
    measured[3] = measure(partial(client.get, "/danh-muc/chat-luong/"), shows=["1.100001"])
    for n in range(3, 9):
        make_procedure(code=f"1.10000{n}", agencies=["000.00.03.H17"], fees=[])
    measured[9] = measure(partial(client.get, "/danh-muc/chat-luong/"), shows=["1.100008"])
    assert_queries(measured, 8)  # session, user, the report (2), the header (4)


# --- The admin -----------------------------------------------------------------------------------


def test_the_admins_front_page_counts_and_its_list_filters_by_problem(client, catalogue, editor):
    client.force_login(editor)
    front = client.get("/quan-tri/").content.decode()
    assert "Chất lượng bản ghi thủ tục" in front
    assert re.search(r"problem=result\">Thiếu kết quả thực hiện</a></th><td>1</td>", front)
    listed = client.get("/quan-tri/catalogue/procedure/", {"problem": "result"}).content.decode()
    assert "Đăng ký nuôi con nuôi" in listed and "Chứng thực bản sao" not in listed


def test_an_edit_that_would_break_processing_is_refused_with_the_reason(client, catalogue, editor):
    client.force_login(editor)
    procedure = catalogue["ready"]
    url = f"/quan-tri/catalogue/procedure/{procedure.pk}/change/"
    data = admin_change_data(client, procedure)
    data["documents-0-DELETE"] = "on"
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Bản ghi đầy đủ phải có ít nhất một thành phần hồ sơ" in refused.content.decode()
    assert procedure.documents.count() == 1 and procedure.versions.count() == 1  # nothing saved

    data = admin_change_data(client, procedure)
    data["fees-0-DELETE"] = "on"
    refused = client.post(url, data).content.decode()
    assert "thủ tục đang công bố không giải quyết được hồ sơ: chưa có thông tin phí, lệ phí" in refused
    assert procedure.fees.count() == 1

    data = admin_change_data(client, procedure)
    data.update(time_value="", time_unit="", time_text="Theo quy định")
    refused = client.post(url, data).content.decode()
    assert "thiếu thời hạn tính được ngày hẹn trả" in refused and "“Theo quy định” chưa đọc được" in refused

    data = admin_change_data(client, procedure)
    data["agencies"] = []
    assert "chưa giao cơ quan thực hiện tại Đà Nẵng" in client.post(url, data).content.decode()

    data = admin_change_data(client, procedure)
    data.update(time_value="5", result="Bản sao được chứng thực")
    assert client.post(url, data).status_code == 302
    procedure.refresh_from_db()
    assert procedure.time_value == 5 and procedure.versions.count() == 2
    assert procedure.versions.order_by("-number").first().created_by == editor


def test_a_draft_is_published_only_without_blockers(client, agencies, editor):
    client.force_login(editor)
    draft = make_procedure(code="1.000009", status="draft", agencies=["000.00.03.H17"], result="")
    url = f"/quan-tri/catalogue/procedure/{draft.pk}/change/"
    data = admin_change_data(client, draft)
    data["status"] = "published"
    refused = client.post(url, data).content.decode()
    assert "Chưa công bố được để nhận hồ sơ: thiếu kết quả thực hiện" in refused
    assert Procedure.objects.get(pk=draft.pk).status == "draft"
    data["result"] = "Giấy xác nhận"
    assert client.post(url, data).status_code == 302
    assert Procedure.objects.get(pk=draft.pk).status == "published"


def test_the_management_command_prints_the_table(capsys, catalogue):
    from django.core.management import call_command

    call_command("catalogue_quality")
    out = capsys.readouterr().out
    assert "| Sở Tư pháp | 1 | 1 | 1 | 0 |" in out and "| **Toàn bộ danh mục** | 4 |" in out


def test_a_full_week_of_working_days_is_dated():
    received = datetime(2026, 11, 2, 9, 0, tzinfo=ZONE)
    assert quality.due_date_problem(5, "working_days") is None
    assert WorkingCalendar().due(received, 5, "working_days") == received + timedelta(days=7)
