import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from motcua.documents.files import check_upload
from motcua.dossiers.tests.factories import exe_upload, office_upload, pdf_upload


def image_upload(fmt: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize(
    "upload, kind",
    [
        (pdf_upload("to-khai.pdf"), "pdf"),
        (image_upload("JPEG", "anh.jpg"), "jpeg"),
        (image_upload("PNG", "anh.png"), "png"),
        (office_upload("docx", "don.docx"), "docx"),
        (office_upload("xlsx", "bang-ke.xlsx"), "xlsx"),
        (SimpleUploadedFile("ban-ve.dwg", b"AC1032" + b"\x00" * 300), "dwg"),
        (SimpleUploadedFile("ban-ve.dxf", b"  0\nSECTION\n  2\nHEADER\n  9\n$ACADVER\n"), "dxf"),
    ],
)
def test_each_accepted_kind_is_recognised_by_its_content(upload, kind):
    assert check_upload(upload).kind.key == kind


def test_the_name_follows_the_content_not_the_other_way_round():
    checked = check_upload(image_upload("PNG", "anh-chup.pdf"))
    assert checked.kind.key == "png"
    assert checked.name == "anh-chup.png"


@pytest.mark.parametrize(
    "upload",
    [
        exe_upload("giay-chung-sinh.pdf"),
        SimpleUploadedFile("ghi-chu.pdf", "Chỉ là văn bản thường".encode()),
        SimpleUploadedFile("nen.docx", b"PK\x03\x04" + b"\x00" * 100),  # a ZIP that is not a Word file
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(upload):
    with pytest.raises(ValidationError) as error:
        check_upload(upload)
    assert "không phải là tệp hợp lệ" in error.value.messages[0]
    assert "PDF" in error.value.messages[0]


def test_too_large_and_empty_files_are_refused_with_the_limit(settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as too_large:
        check_upload(pdf_upload())
    assert "vượt quá giới hạn 100\xa0byte" in too_large.value.messages[0]
    with pytest.raises(ValidationError) as empty:
        check_upload(SimpleUploadedFile("rong.pdf", b""))
    assert empty.value.messages == ["Tệp “rong.pdf” trống."]
