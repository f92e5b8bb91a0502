"""The national public-service portal's payment platform (Nền tảng thanh toán của Cổng Dịch vụ
công quốc gia): JSON messages INIT (open a transaction, get the payment page's URL), CONFIRM
(the platform tells us the outcome) and QUERY (we ask for a transaction's state), each carrying
``MaXacThuc`` = SHA-256 (lower-case hex) of its fields joined by ``|`` with the secret key last.

Field orders follow integrations in production (see docs/payments.md for the sources and
what could not be verified against the platform's own specification). Amounts are whole đồng;
times are ``yyyyMMddHHmmss`` in Vietnam's time.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.utils import timezone

from motcua.core.http import urlopen
from motcua.payments.gateway import FAILED, PAID, PENDING, GatewayError, QueryResult

VERSION = "1.0.6"
INIT_FIELDS = [
    "LoaiBanTin",
    "PhienBan",
    "MaDoiTac",
    "MaThamChieu",
    "SoTien",
    "LoaiHinhThanhToan",
    "MaKenhThanhToan",
    "MaThietBi",
    "NgonNgu",
    "MaTienTe",
    "MaNganHang",
    "ThongTinGiaoDich",
    "ThoiGianGD",
    "Ip",
]
INIT_ANSWER_FIELDS = ["MaLoi", "MaDoiTac", "MaThamChieu", "UrlThanhToan", "ThoiGianGD"]
CONFIRM_FIELDS = [
    "LoaiBanTin",
    "MaLoi",
    "MaDoiTac",
    "MaThamChieu",
    "SoTien",
    "MaTienTe",
    "MaGiaoDich",
    "MaNganHang",
    "ThoiGianGD",
    "ThongTinGiaoDich",
]
CONFIRM_ANSWER_FIELDS = ["MaLoi", "MaDoiTac", "MaThamChieu", "ThoiGianGD"]
QUERY_FIELDS = ["LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD"]
QUERY_ANSWER_FIELDS = [
    "MaLoi",
    "MaDoiTac",
    "MaThamChieu",
    "SoTien",
    "MaTienTe",
    "MaGiaoDich",
    "MaNganHang",
    "TrangThaiGD",
    "ThoiGianGD",
]

# TrangThaiGD in a QUERY answer.
STATES = {"1": PAID, "3": PENDING, "4": FAILED}


def mac(message: dict, fields: list[str], secret: str | None = None) -> str:
    secret = settings.MOTCUA_PAYGOV["secret"] if secret is None else secret
    joined = "|".join(str(message.get(name, "")) for name in fields) + "|" + secret
    return hashlib.sha256(joined.encode()).hexdigest()


def sign(message: dict, fields: list[str]) -> dict:
    return {**message, "MaXacThuc": mac(message, fields)}


def verify(message: dict, fields: list[str]) -> bool:
    given = str(message.get("MaXacThuc", ""))
    return bool(given) and hmac.compare_digest(given.lower(), mac(message, fields))


def now_stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d%H%M%S")


def _post(url: str, message: dict) -> dict:
    try:
        with urlopen(
            url,
            data=json.dumps(message).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
            timeout=settings.MOTCUA_GATEWAY_TIMEOUT,
        ) as response:
            return json.loads(response.read())
    except (OSError, ValueError) as error:
        raise GatewayError(f"Không kết nối được nền tảng thanh toán: {error}") from error


def init(*, reference: str, amount: int, description: str, client_ip: str, receipt: dict) -> str:
    """Opens the transaction and returns the platform's payment page for the applicant."""
    config = settings.MOTCUA_PAYGOV
    message = sign(
        {
            "LoaiBanTin": "INIT",
            "PhienBan": VERSION,
            "MaDoiTac": config["partner_code"],
            "MaThamChieu": reference,
            "SoTien": str(amount),
            "LoaiHinhThanhToan": "PAY",
            "MaKenhThanhToan": "1",
            "MaThietBi": "1",
            "NgonNgu": "vi-VN",
            "MaTienTe": "VND",
            "MaNganHang": "PAYMENT",
            "ThongTinGiaoDich": description,
            "ThoiGianGD": now_stamp(),
            "Ip": client_ip or "127.0.0.1",
        },
        INIT_FIELDS,
    ) | {"ThongTinBienLai": receipt}
    answer = _post(config["url"], message)
    if answer.get("MaLoi") != "00" or not verify(answer, INIT_ANSWER_FIELDS) or not answer.get("UrlThanhToan"):
        raise GatewayError(
            f"Nền tảng thanh toán từ chối khởi tạo giao dịch ({answer.get('MaLoi')}: {answer.get('MoTaLoi', '')})."
        )
    return answer["UrlThanhToan"]


def query(reference: str) -> QueryResult:
    """Asks the platform what became of a transaction (for payments that never called back)."""
    config = settings.MOTCUA_PAYGOV
    message = sign(
        {
            "LoaiBanTin": "QUERY",
            "PhienBan": VERSION,
            "MaDoiTac": config["partner_code"],
            "MaThamChieu": reference,
            "ThoiGianGD": now_stamp(),
        },
        QUERY_FIELDS,
    )
    answer = _post(config["url"], message)
    if answer.get("MaLoi") != "00" or not verify(answer, QUERY_ANSWER_FIELDS) or answer.get("MaThamChieu") != reference:
        raise GatewayError(
            f"Không tra cứu được giao dịch {reference} ({answer.get('MaLoi')}: {answer.get('MoTaLoi', '')})."
        )
    return QueryResult(
        STATES.get(str(answer.get("TrangThaiGD")), PENDING),
        int(answer.get("SoTien") or 0),
        str(answer.get("MaGiaoDich", "")),
        str(answer.get("MaNganHang", "")),
    )


def confirm_answer(message: dict, code: str, description: str) -> dict:
    """Our answer to a CONFIRM call, signed like the platform's messages."""
    answer = {
        "MaLoi": code,
        "MoTaLoi": description,
        "MaDoiTac": message.get("MaDoiTac", ""),
        "MaThamChieu": message.get("MaThamChieu", ""),
        "ThoiGianGD": message.get("ThoiGianGD", ""),
    }
    return sign(answer, CONFIRM_ANSWER_FIELDS)
