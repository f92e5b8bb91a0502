"""What a file really is, judged by its content (magic numbers), never by its name.

puremagic reads the signatures; two families need a closer look it cannot give: Office Open
XML files are all ZIP archives (Word or Excel is told by the parts inside), and DXF drawings
are text with no signature, recognised by their first group code.
"""

import hashlib
import uuid
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    extension: str
    content_type: str


KINDS = {
    kind.key: kind
    for kind in (
        Kind("pdf", "PDF", ".pdf", "application/pdf"),
        Kind("jpeg", "JPEG", ".jpg", "image/jpeg"),
        Kind("png", "PNG", ".png", "image/png"),
        Kind("docx", "Word (DOCX)", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        Kind("xlsx", "Excel (XLSX)", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Kind("dwg", "Bản vẽ DWG", ".dwg", "image/vnd.dwg"),
        Kind("dxf", "Bản vẽ DXF", ".dxf", "image/vnd.dxf"),
    )
}
ACCEPT_ATTRIBUTE = ",".join(k.extension for k in KINDS.values()) + ",.jpeg"
ALLOWED_LABEL = ", ".join(k.label for k in KINDS.values())
HEAD_BYTES = 8192


def _sniff_zip(upload: File) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _sniff_dxf(head: bytes) -> bool:
    if head.startswith(b"AutoCAD Binary DXF"):
        return True
    lines = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 3)
    return len(lines) >= 2 and lines[0].strip() == b"0" and lines[1].strip().upper() == b"SECTION"


def sniff(upload: File) -> str | None:
    """The key of the accepted kind this file's content is, or None."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not head:
        return None
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        matches = []
    extensions = {m.extension.lower() for m in matches}
    if ".pdf" in extensions:
        return "pdf"
    if extensions & {".jpg", ".jpeg", ".jfif", ".jpe"}:
        return "jpeg"
    if ".png" in extensions:
        return "png"
    if ".dwg" in extensions:
        return "dwg"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(upload)
    if _sniff_dxf(head):
        return "dxf"
    return None


@dataclass(frozen=True)
class CheckedFile:
    kind: Kind
    size: int
    sha256: str
    name: str


def check_upload(upload: File, *, max_bytes: int | None = None) -> CheckedFile:
    """Accepts a file only when its content is one of the allowed kinds and it is not too big.
    Raises ValidationError with a message the applicant can act on."""
    limit = max_bytes or settings.MOTCUA_UPLOAD_MAX_BYTES
    name = (getattr(upload, "name", "") or "tệp").rsplit("/", 1)[-1][:200]
    size = upload.size
    if size == 0:
        raise ValidationError(f"Tệp “{name}” trống.", code="empty")
    if size > limit:
        raise ValidationError(
            f"Tệp “{name}” có dung lượng {filesizeformat(size)}, vượt quá giới hạn {filesizeformat(limit)}.",
            code="too_large",
        )
    key = sniff(upload)
    if key is None:
        raise ValidationError(
            f"Tệp “{name}” không phải là tệp hợp lệ. Chỉ chấp nhận: {ALLOWED_LABEL}. Hệ thống kiểm tra nội dung tệp, "
            "không dựa vào phần mở rộng tên tệp.",
            code="bad_type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(kind=KINDS[key], size=size, sha256=digest.hexdigest(), name=_display_name(name, KINDS[key]))


def _display_name(name: str, kind: Kind) -> str:
    """The applicant's file name, with the extension its content really has."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'tep'}{kind.extension}"


@dataclass(frozen=True)
class StoredFile:
    name: str  # the storage key
    checked: CheckedFile


def store(upload: File, folder: str) -> StoredFile:
    """Checks a file and writes it to storage (in chunks: a large file never sits in memory)
    under a fresh key. Returns where it is and what it is."""
    checked = check_upload(upload)
    name = default_storage.save(f"{folder}/{uuid.uuid4().hex}/{checked.name}", upload)
    return StoredFile(name=name, checked=checked)


def discard(stored: list[StoredFile]) -> None:
    """Removes files stored for a change that did not happen."""
    for item in stored:
        default_storage.delete(item.name)
