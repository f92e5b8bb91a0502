"""Builders for dossier tests: the real birth-registration form on a procedure performed by
one test commune, valid answers to it, and real files of each accepted kind."""

import io
import json
import zipfile
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fpdf import FPDF

from motcua.accounts.tests.factories import UserFactory
from motcua.catalogue.tests.factories import make_procedure
from motcua.dossiers.models import Channel, Dossier, Status
from motcua.eforms.services import FORMS_DIR, publish_form
from motcua.units.tests.factories import AgencyFactory


def shipped_form(slug: str) -> dict:
    return json.loads((FORMS_DIR / f"{slug}.json").read_text(encoding="utf-8"))


def birth_procedure(agency=None, **overrides):
    """Đăng ký khai sinh (1.001193) at one commune, with its real e-form."""
    agency = agency or AgencyFactory()
    procedure = make_procedure(
        code="1.001193",
        name="Thủ tục đăng ký khai sinh",
        agencies=[agency.code],
        documents=[
            {
                "name": "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng",
                "originals": 1,
            },
            {"name": "Văn bản ủy quyền (được chứng thực) trong trường hợp ủy quyền (nếu có)", "originals": 1},
        ],
        **overrides,
    )
    form = shipped_form("khai-sinh")
    publish_form(procedure, title=form["title"], schema=form["schema"], layout=form["layout"])
    return procedure


def shipped_procedure(code: str, agency, **overrides):
    """A procedure as the shipped catalogue publishes it (motcua/catalogue/data), performed by
    ``agency``: its real documents, time limit and result."""
    from motcua.catalogue.exchange import read_json
    from motcua.catalogue.selectors import DATA_DIR

    records = read_json((DATA_DIR / "national_procedures.json.gz").read_bytes())
    record = next(r for r in records if r["code"] == code)
    return make_procedure(**{**record, "agencies": [agency.code], "status": "published", **overrides})


def birth_values(user, unit, **overrides) -> dict:
    values = {
        "requester_name": user.full_name,
        "requester_birth_date": "1990-05-12",
        "requester_id": user.national_id,
        "requester_phone": user.phone,
        "requester_address": "12 Bạch Đằng",
        "requester_unit": unit.code,
        "relationship_to_child": "Cha",
        "child_name": "Nguyễn Minh Khang",
        "child_gender": "Nam",
        "child_birth_date": (timezone.localdate() - timedelta(days=11)).isoformat(),  # born recently, whatever today is
        "child_birth_place": "Bệnh viện Phụ sản – Nhi Đà Nẵng",
        "child_ethnicity": "Kinh",
        "child_nationality": "Việt Nam",
        "mother_name": "Trần Thị Hoa",
        "mother_birth_year": 1992,
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def pdf_bytes(text: str = "Giay chung sinh") -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=14)
    document.cell(text=text)
    return bytes(document.output())


def pdf_upload(name: str = "giay-chung-sinh.pdf", text: str = "Giay chung sinh") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def exe_upload(name: str = "giay-chung-sinh.pdf") -> SimpleUploadedFile:
    """A Windows program renamed to look like a PDF."""
    return SimpleUploadedFile(
        name,
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode",
        content_type="application/pdf",
    )


def office_upload(kind: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def citizen(**kwargs):
    return UserFactory(**kwargs)


class DossierFactory(factory.django.DjangoModelFactory):
    """A dossier as it stands at some point of its life, written directly (for counting tests:
    the services that move dossiers are tested on their own)."""

    class Meta:
        model = Dossier

    code = factory.Sequence(lambda n: f"TEST-{n:06d}")
    procedure = factory.LazyFunction(make_procedure)
    agency = factory.SubFactory(AgencyFactory)
    applicant = factory.SubFactory(UserFactory)
    submitted_by = factory.SelfAttribute("applicant")
    status = Status.PROCESSING
    channel = Channel.ONLINE
    submitted_at = factory.LazyFunction(timezone.now)
    received_at = factory.SelfAttribute("submitted_at")
    due_at = factory.LazyAttribute(lambda d: d.received_at + timedelta(days=5) if d.received_at else None)
