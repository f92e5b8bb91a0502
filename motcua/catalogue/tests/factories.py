import factory

from motcua.catalogue import services
from motcua.catalogue.models import Procedure


class ProcedureRecordFactory(factory.DictFactory):
    """A procedure in the exchange format (records.py), with believable defaults."""

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Cấp giấy xác nhận thử nghiệm số {n}")
    field = "Hộ tịch"
    levels = factory.LazyFunction(lambda: ["commune"])
    status = "published"
    online_level = "partial"
    applicant_types = factory.LazyFunction(lambda: ["citizen"])
    applicant_types_text = "Công dân Việt Nam"
    competent_authority = "Ủy ban nhân dân cấp xã"
    result = "Giấy xác nhận"
    processing_time = factory.LazyFunction(lambda: {"value": 3, "unit": "working_days", "text": "03 ngày làm việc"})
    channels = factory.LazyFunction(
        lambda: [
            {
                "kind": "direct",
                "time_value": 3,
                "time_unit": "working_days",
                "time_text": "3 Ngày làm việc",
                "fee_text": "Lệ phí: 8.000 đồng",
            }
        ]
    )
    fees = factory.LazyFunction(
        lambda: [{"kind": "charge", "amount": 8000, "channel": "direct", "description": "Lệ phí"}]
    )
    steps = factory.LazyFunction(lambda: [{"title": "Bước 1", "description": "Nộp hồ sơ tại bộ phận một cửa."}])
    documents = factory.LazyFunction(
        lambda: [
            {
                "name": "Tờ khai theo mẫu",
                "template_name": "To khai.docx",
                "originals": 1,
                "copies": 0,
                "quantity_text": "1 bản chính",
            }
        ]
    )
    legal_basis = factory.LazyFunction(lambda: [{"name": "Luật Hộ tịch", "number": "60/2014/QH13"}])
    agencies = factory.LazyFunction(list)


def make_procedure(**overrides) -> Procedure:
    """A procedure saved the way every procedure is saved: through services.save_procedure."""
    procedure, _ = services.save_procedure(ProcedureRecordFactory(**overrides))
    return procedure


def admin_change_data(client, procedure: Procedure, **changes) -> dict:
    """The admin's change form of ``procedure`` as its page fills it, every inline row sent back
    unchanged (no file uploaded: a file field keeps what it has), with ``changes`` applied."""
    page = client.get(f"/quan-tri/catalogue/procedure/{procedure.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data["applicant_types"] = [t.pk for t in procedure.applicant_types.all()]
    data["agencies"] = [a.pk for a in procedure.agencies.all()]
    data["field"] = procedure.field_id
    data.update(changes)
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for formset in page.context["inline_admin_formsets"]:
        fs = formset.formset
        data[f"{fs.prefix}-TOTAL_FORMS"] = str(len(fs.forms))
        data[f"{fs.prefix}-INITIAL_FORMS"] = str(fs.initial_form_count())
        for index, inline in enumerate(fs.forms):
            for name, field in inline.fields.items():
                if name == "template_file":
                    continue
                value = inline.initial.get(name, field.initial)
                data[f"{fs.prefix}-{index}-{name}"] = "" if value is None else getattr(value, "pk", value)
    return data
