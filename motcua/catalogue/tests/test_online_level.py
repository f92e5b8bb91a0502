"""The online level is the city's to decide: the default comes from the record's channels, a
decision of the People's Committee (a file of codes and levels, with its number as basis) sets
it for many procedures at once, all or nothing, and a later re-import of the source record does
not undo it."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from motcua.catalogue import exchange, records, selectors, services
from motcua.catalogue.models import Procedure
from motcua.catalogue.sources.channels import online_level
from motcua.catalogue.tests.factories import ProcedureRecordFactory, make_procedure

BASIS = "Quyết định số 2468/QĐ-UBND ngày 20/11/2026 của UBND thành phố Đà Nẵng"


@pytest.mark.parametrize(
    ("name", "kinds", "level"),
    [
        ("Đăng ký khai sinh", ["direct", "online", "post"], "partial"),
        ("Cấp phiếu lý lịch tư pháp (toàn trình)", ["direct"], "full"),
        ("Khai báo tạm trú", ["direct"], "none"),
        ("Thủ tục chưa có cách thức", [], ""),
    ],
)
def test_the_default_comes_from_the_published_channels(name, kinds, level):
    assert online_level(name, [{"kind": kind} for kind in kinds]) == level


@pytest.mark.django_db
def test_the_city_decides_and_a_reimport_keeps_its_decision(tmp_path):
    record = ProcedureRecordFactory(online_level="none")
    procedure, _ = services.save_procedure(record)
    path = tmp_path / "dvctt.csv"
    path.write_text(f"Mã thủ tục,Mức độ\n{procedure.code},Toàn trình\n", encoding="utf-8")
    call_command("set_online_levels", str(path), basis=BASIS)
    procedure.refresh_from_db()
    assert (procedure.online_level, procedure.online_level_set_by, procedure.online_level_basis) == (
        "full",
        "city",
        BASIS,
    )
    assert procedure.offered_online
    assert procedure.versions.order_by("-number").first().data["online_level"] == "full"

    services.save_procedure(record)  # the national record again, which says "none"
    procedure.refresh_from_db()
    assert procedure.online_level == "full" and procedure.online_level_set_by == "city"

    # An editor who says the record decides takes the city's decision back.
    services.save_procedure({**record, "online_level_set_by": "record"})
    procedure.refresh_from_db()
    assert procedure.online_level == "none" and not procedure.offered_online


@pytest.mark.django_db
def test_one_bad_row_and_nothing_changes():
    procedure = make_procedure(online_level="none")
    with pytest.raises(services.CatalogueImportError) as error:
        services.set_online_levels({procedure.code: "full", "9.999999": "partial"}, basis=BASIS)
    assert error.value.errors == ["9.999999: không có thủ tục này trong danh mục."]
    with pytest.raises(services.CatalogueImportError) as error:
        services.set_online_levels({procedure.code: "full"}, basis="  ")
    assert "căn cứ" in error.value.errors[0]
    procedure.refresh_from_db()
    assert procedure.online_level == "none" and procedure.online_level_set_by == "record"


def test_the_file_takes_the_decisions_words_and_names_bad_rows():
    data = "Mã thủ tục,Mức độ\n1.001193,một phần\n1.000001,không\n2.000002,mức 4\n1.001193,toàn trình\n"
    with pytest.raises(services.CatalogueImportError) as error:
        exchange.read_online_levels(data.encode())
    assert error.value.errors == [
        "Dòng 4: mức độ “mức 4” không hợp lệ; dùng toàn trình, một phần hoặc không.",
        "Dòng 5: mã thủ tục 1.001193 đã có ở dòng trước.",
    ]
    good = "\ufeffMã thủ tục,Mức độ\n1.001193,Một phần\n1.000001,Không\n"
    assert exchange.read_online_levels(good.encode()) == {"1.001193": "partial", "1.000001": "none"}


def test_a_city_decision_needs_its_basis():
    with pytest.raises(records.RecordError) as error:
        records.clean_record(ProcedureRecordFactory(online_level="full", online_level_set_by="city"))
    assert list(error.value.errors) == ["online_level_basis"]


@pytest.mark.django_db
def test_the_database_refuses_a_city_decision_without_basis():
    procedure = make_procedure()
    with pytest.raises(IntegrityError):
        Procedure.objects.filter(pk=procedure.pk).update(online_level_set_by="city", online_level_basis="")


@pytest.mark.django_db
def test_the_search_filter_none_finds_what_is_not_offered_online():
    offline, unknown = make_procedure(online_level="none"), make_procedure(online_level="")
    make_procedure(online_level="partial")
    found = set(selectors.search_procedures("", online="none"))
    assert found == {offline, unknown}
