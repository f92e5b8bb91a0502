import json

import pytest
from django.core.exceptions import ValidationError

from motcua.catalogue.tests.factories import make_procedure
from motcua.dossiers.tests.factories import birth_values, citizen, shipped_form
from motcua.eforms.engine import FormSpec, check_definition
from motcua.eforms.services import FORMS_DIR, publish_form
from motcua.units.tests.factories import UnitFactory

SHIPPED = sorted(p.stem for p in FORMS_DIR.glob("*.json"))


def test_ten_forms_are_shipped():
    assert len(SHIPPED) == 10


@pytest.mark.parametrize("slug", SHIPPED)
def test_every_shipped_form_is_a_valid_definition_with_vietnamese_labels(slug):
    form = shipped_form(slug)
    assert check_definition(form["schema"], form["layout"]) == []
    labels = [f.label for f in FormSpec(form["schema"], form["layout"]).fields.values()]
    assert all(
        label and label != name
        for label, name in zip(labels, FormSpec(form["schema"], form["layout"]).fields, strict=True)
    )


def test_definition_problems_are_named_for_the_editor():
    schema = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["c"]}
    layout = {
        "sections": [{"title": "Phần 1", "fields": [{"name": "a"}, {"name": "x", "label": "X", "widget": "slider"}]}]
    }
    problems = check_definition(schema, layout)
    assert "Trường “a” chưa có nhãn tiếng Việt (label)." in problems
    assert "Trường “x” có trong bố cục nhưng không có trong lược đồ." in problems
    assert "Trường “x” dùng kiểu hiển thị không hỗ trợ: slider." in problems
    assert "Trường “b” có trong lược đồ nhưng không hiển thị trong bố cục." in problems
    assert "Trường bắt buộc “c” không có trong lược đồ." in problems
    assert check_definition({"type": "object", "properties": {"a": {"type": "nope"}}}, layout)[0].startswith(
        "Lược đồ JSON Schema không hợp lệ"
    )


@pytest.mark.django_db
def test_valid_answers_pass_and_each_mistake_gets_one_vietnamese_message_on_its_field():
    unit = UnitFactory()
    user = citizen()
    form = shipped_form("khai-sinh")
    spec = FormSpec(form["schema"], form["layout"])
    assert spec.validate(birth_values(user, unit)) == {}

    wrong = birth_values(
        user,
        unit,
        requester_id="12345",
        child_birth_date="2999-01-01",
        child_gender="Khác",
        mother_birth_year="năm",
        requester_unit="99999",
        child_name=None,
    )
    errors = spec.validate(wrong)
    assert errors == {
        "requester_id": ["Số định danh cá nhân phải gồm đúng 12 chữ số của số định danh cá nhân (căn cước)."],
        "child_birth_date": ["Ngày, tháng, năm sinh của trẻ phải là một ngày hợp lệ, không sau ngày hôm nay."],
        "child_gender": ["Vui lòng chọn giới tính của trẻ trong danh sách."],
        "mother_birth_year": ["Năm sinh của người mẹ phải là một số nguyên."],
        "requester_unit": ["Vui lòng chọn Phường, xã nơi cư trú trong danh sách phường, xã hiện hành."],
        "child_name": ["Vui lòng nhập họ, chữ đệm, tên của trẻ."],
    }


def test_posted_strings_become_typed_values_and_blanks_are_left_out():
    form = shipped_form("giay-phep-xay-dung")
    spec = FormSpec(form["schema"], form["layout"])
    values = spec.coerce(
        {"floors": "3", "land_area": "120,5", "designer": "  ", "site_address": " 5 Lê Lợi ", "building_height": "cao"}
    )
    assert values == {"floors": 3, "land_area": 120.5, "site_address": "5 Lê Lợi", "building_height": "cao"}
    assert spec.validate(values)["building_height"] == ["Chiều cao công trình (m) phải là một số."]


@pytest.mark.django_db
def test_an_edited_form_is_a_new_version_and_the_old_one_stays():
    procedure = make_procedure()
    form = shipped_form("chung-thuc-ban-sao")
    first = publish_form(procedure, title=form["title"], schema=form["schema"], layout=form["layout"])
    assert publish_form(procedure, title=form["title"], schema=form["schema"], layout=form["layout"]) == first

    changed = json.loads(json.dumps(form))
    changed["layout"]["sections"][0]["fields"][0]["label"] = "Họ và tên người yêu cầu chứng thực"
    second = publish_form(procedure, title=form["title"], schema=changed["schema"], layout=changed["layout"])
    first.refresh_from_db()
    assert (first.version, first.is_current, second.version, second.is_current) == (1, False, 2, True)

    with pytest.raises(ValidationError) as error:
        publish_form(procedure, title="Hỏng", schema={"type": "object", "properties": {}}, layout={"sections": []})
    assert "Bố cục chưa có phần (sections) nào có trường." in error.value.message_dict["schema"]
    assert procedure.eforms.get(is_current=True) == second
