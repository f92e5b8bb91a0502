"""What each message says: one entry per event, with a default text per kind of channel that
admins may replace (``MessageTemplate``). Texts are Django templates over plain string values,
so an admin writes ``Hồ sơ {{ code }} đã được tiếp nhận`` and nothing else needs to change.

An SMS has to fit one message: 160 characters of GSM 7-bit, which is why SMS texts are written
without diacritics when the gateway asks for it (``MOTCUA_SMS_UNACCENTED``), or 70 with them.
Zalo's template messages (ZNS) carry no free text: the operator registers a template with Zalo
and we send its id with the event's values.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.template import Context, Engine, Template, TemplateSyntaxError

from motcua.core.text import unaccent

_ENGINE = Engine(autoescape=False)
SMS_GSM_LIMIT, SMS_UNICODE_LIMIT = 160, 70


@dataclass(frozen=True)
class Event:
    key: str
    label: str
    subject: str
    body: str
    sms: str
    sample: dict = field(default_factory=dict)  # the values a preview is made with; also the names an admin may use


_DOSSIER = {
    "code": "000.23.00.H17-261125-0042",
    "procedure": "Đăng ký khai sinh",
    "agency": "UBND phường Hải Châu",
    "link": "https://dichvucong.danang.gov.vn/ho-so/000.23.00.H17-261125-0042/",
}

EVENTS = {
    e.key: e
    for e in [
        Event(
            "dossier.submitted",
            "Hồ sơ đã nộp, chờ tiếp nhận",
            "Hồ sơ {{ code }} đã được nộp",
            "Hồ sơ “{{ procedure }}” của bạn đã được nộp trực tuyến lúc {{ submitted_at }}, mã hồ sơ {{ code }}, đang chờ {{ agency }} tiếp nhận.\nTheo dõi hồ sơ: {{ link }}",
            "Ho so {{ code }} da nop luc {{ submitted_at }}, cho {{ agency }} tiep nhan.",
            {**_DOSSIER, "submitted_at": "09:15 ngày 25/11/2026"},
        ),
        Event(
            "dossier.received",
            "Hồ sơ đã được tiếp nhận (ngày hẹn trả)",
            "Hồ sơ {{ code }} đã được tiếp nhận",
            "{{ agency }} đã tiếp nhận hồ sơ “{{ procedure }}”, {{ appointment }}.\nTheo dõi hồ sơ: {{ link }}",
            "Ho so {{ code }} da duoc tiep nhan, {{ appointment }}.",
            {**_DOSSIER, "appointment": "hẹn trả kết quả 16:30 ngày 30/11/2026"},
        ),
        Event(
            "dossier.refused",
            "Hồ sơ không được tiếp nhận (lý do)",
            "Hồ sơ {{ code }} không được tiếp nhận",
            "{{ agency }} không tiếp nhận hồ sơ “{{ procedure }}”. Lý do: {{ reason }}\nTheo dõi hồ sơ: {{ link }}",
            "Ho so {{ code }} khong duoc tiep nhan. Xem ly do tai Cong DVC.",
            {**_DOSSIER, "reason": "Tờ khai thiếu chữ ký của người đi đăng ký."},
        ),
        Event(
            "dossier.supplement",
            "Yêu cầu bổ sung hồ sơ (danh sách giấy tờ)",
            "Hồ sơ {{ code }} cần bổ sung",
            "Cơ quan tiếp nhận yêu cầu bổ sung: {{ items }}. Lý do: {{ reason }}\nTheo dõi hồ sơ: {{ link }}",
            "Ho so {{ code }} can bo sung giay to. Xem chi tiet va nop bo sung tai Cong DVC.",
            {**_DOSSIER, "items": "Giấy chứng sinh", "reason": "Bản chụp mờ, không đọc được."},
        ),
        Event(
            "dossier.payment",
            "Đề nghị nộp phí, lệ phí",
            "Hồ sơ {{ code }}: đề nghị nộp phí, lệ phí",
            "{{ reason }}: {{ amount }} đồng. Thời hạn giải quyết tạm dừng đến khi bạn nộp.\nThanh toán: {{ link }}",
            "Ho so {{ code }}: de nghi nop {{ amount }} dong phi, le phi tai Cong DVC.",
            {**_DOSSIER, "reason": "Lệ phí cấp bản sao trích lục", "amount": "8.000"},
        ),
        Event(
            "dossier.paid",
            "Đã nhận thanh toán (biên lai)",
            "Hồ sơ {{ code }}: đã nhận thanh toán",
            "Đã nhận {{ amount }} đồng, biên lai điện tử số {{ receipt_number }}. Hồ sơ tiếp tục được giải quyết.\nTheo dõi hồ sơ: {{ link }}",
            "Ho so {{ code }}: da nhan {{ amount }} dong, bien lai so {{ receipt_number }}.",
            {**_DOSSIER, "amount": "8.000", "receipt_number": "0000042/2026/000.23.00.H17"},
        ),
        Event(
            "dossier.refunded",
            "Hoàn trả phí, lệ phí",
            "Hồ sơ {{ code }}: hoàn trả {{ amount }} đồng",
            "{{ agency }} đã hoàn trả {{ amount }} đồng (biên lai số {{ receipt_number }}). Lý do: {{ reason }}\nTheo dõi hồ sơ: {{ link }}",
            "Ho so {{ code }}: da hoan tra {{ amount }} dong phi, le phi.",
            {
                **_DOSSIER,
                "amount": "8.000",
                "receipt_number": "0000042/2026/000.23.00.H17",
                "reason": "Hồ sơ bị từ chối tiếp nhận.",
            },
        ),
        Event(
            "dossier.finished",
            "Hồ sơ đã có kết quả",
            "Hồ sơ {{ code }} đã có kết quả",
            "Kết quả đã được ký số và lưu trong kho dữ liệu cá nhân của bạn.{% if pickup %} Vui lòng nhận bản giấy tại bộ phận một cửa.{% endif %}\nTheo dõi hồ sơ: {{ link }}",
            "Ho so {{ code }} da co ket qua, luu trong kho du lieu ca nhan tren Cong DVC.",
            {**_DOSSIER, "pickup": True},
        ),
        Event(
            "dossier.returned",
            "Đã trả kết quả",
            "Hồ sơ {{ code }}: đã trả kết quả",
            "Kết quả hồ sơ “{{ procedure }}” đã được trả {{ how }}.\nTheo dõi hồ sơ: {{ link }}",
            "Ho so {{ code }}: da tra ket qua {{ how }}.",
            {**_DOSSIER, "how": "qua bưu chính, mã vận đơn EB123456789VN"},
        ),
        Event(
            "dossier.stopped",
            "Hồ sơ dừng xử lý",
            "Hồ sơ {{ code }} đã dừng xử lý",
            "Lý do: {{ reason }}\nTheo dõi hồ sơ: {{ link }}",
            "Ho so {{ code }} da dung xu ly. Xem ly do tai Cong DVC.",
            {**_DOSSIER, "reason": "Người nộp đề nghị rút hồ sơ."},
        ),
        Event(
            "dossier.apology",
            "Thư xin lỗi và ngày hẹn mới",
            "Hồ sơ {{ code }}: xin lỗi và hẹn lại ngày trả kết quả",
            "{{ agency }} xin lỗi vì chưa giải quyết kịp hồ sơ của bạn ({{ reason }}). Ngày hẹn trả kết quả mới: {{ new_due_at }}.\nTheo dõi hồ sơ: {{ link }}",
            "Ho so {{ code }} cham tien do, xin loi ban. Hen moi: {{ new_due_at }}.",
            {**_DOSSIER, "reason": "cần xác minh thêm", "new_due_at": "16:30 ngày 02/12/2026"},
        ),
        Event(
            "officer.new_dossier",
            "Cán bộ: hồ sơ mới chờ tiếp nhận",
            "Hồ sơ mới {{ code }} chờ tiếp nhận",
            "Hồ sơ “{{ procedure }}” ({{ code }}) vừa được nộp {{ channel }} và đang chờ tiếp nhận tại {{ agency }}.\nMở hồ sơ: {{ link }}",
            "Ho so moi {{ code }} cho tiep nhan tai {{ agency }}.",
            {
                **_DOSSIER,
                "channel": "trực tuyến",
                "link": "https://dichvucong.danang.gov.vn/mot-cua/ho-so/000.23.00.H17-261125-0042/",
            },
        ),
        Event(
            "officer.dossier_back",
            "Cán bộ: hồ sơ trở lại chờ xử lý",
            "Hồ sơ {{ code }} trở lại chờ bạn xử lý",
            "Hồ sơ “{{ procedure }}” ({{ code }}) đã trở lại {{ agency }}: {{ what }}. Hồ sơ đang ở trạng thái “{{ status }}” và chờ bạn xử lý.\nMở hồ sơ: {{ link }}",
            "Ho so {{ code }} tro lai cho ban xu ly: {{ what }}.",
            {
                **_DOSSIER,
                "what": "người nộp đã bổ sung giấy tờ",
                "status": "Đã được tiếp nhận",
                "link": "https://dichvucong.danang.gov.vn/mot-cua/ho-so/000.23.00.H17-261125-0042/",
            },
        ),
        Event(
            "officer.withdraw_requested",
            "Cán bộ: người nộp xin rút hồ sơ",
            "Hồ sơ {{ code }}: người nộp xin rút",
            "Người nộp hồ sơ “{{ procedure }}” ({{ code }}) xin rút hồ sơ. Lý do: {{ reason }}.\nMở hồ sơ để dừng xử lý theo đề nghị: {{ link }}",
            "Ho so {{ code }}: nguoi nop xin rut ho so.",
            {
                **_DOSSIER,
                "reason": "Đã nộp ở nơi khác",
                "link": "https://dichvucong.danang.gov.vn/mot-cua/ho-so/000.23.00.H17-261125-0042/",
            },
        ),
        Event(
            "officer.due_soon",
            "Cán bộ: hồ sơ sắp đến hạn",
            "Hồ sơ {{ code }} sắp đến hạn",
            "Hồ sơ “{{ procedure }}” ({{ code }}) đến hạn trả kết quả lúc {{ due_at }}; còn chưa đến một ngày làm việc.\nMở hồ sơ: {{ link }}",
            "Ho so {{ code }} den han luc {{ due_at }}.",
            {
                **_DOSSIER,
                "due_at": "16:30 ngày 26/11/2026",
                "link": "https://dichvucong.danang.gov.vn/mot-cua/ho-so/000.23.00.H17-261125-0042/",
            },
        ),
        Event(
            "officer.payment_report",
            "Quản trị: bảng đối soát thanh toán hằng ngày",
            "Đối soát thanh toán ngày {{ day }} – {{ agency }}",
            "Ngày {{ day }}: {{ paid_count }} giao dịch thành công, {{ amount }} đồng; {{ pending }} giao dịch chưa có kết quả.\nTải bảng đối soát (Excel): {{ link }}",
            "Doi soat {{ day }}: {{ paid_count }} giao dich, {{ amount }} dong. Tai bang tai Cong DVC.",
            {
                "agency": "UBND phường Hải Châu",
                "day": "24/11/2026",
                "paid_count": 12,
                "amount": "96.000",
                "pending": 1,
                "link": "https://dichvucong.danang.gov.vn/thanh-toan/doi-soat/?agency=1&day=2026-11-24",
            },
        ),
        Event(
            "officer.refund_due",
            "Cán bộ: khoản đã thu phải hoàn tiền",
            "Hồ sơ {{ code }}: phải hoàn {{ amount }} đồng",
            "Hồ sơ “{{ procedure }}” ({{ code }}) tại {{ agency }} vừa nhận {{ amount }} đồng thanh toán trực tuyến (biên lai số {{ receipt_number }}), nhưng {{ reason }}. Khoản này phải được hoàn lại cho người nộp; ghi nhận việc hoàn tiền trên hồ sơ.\nMở hồ sơ: {{ link }}",
            "Ho so {{ code }}: da thu {{ amount }} dong (bien lai {{ receipt_number }}) can hoan lai cho nguoi nop.",
            {
                **_DOSSIER,
                "amount": "8.000",
                "receipt_number": "0000012/2026/000.23.00.H17",
                "reason": "yêu cầu nộp phí này đã được thay bằng khoản khác",
                "link": "https://dichvucong.danang.gov.vn/mot-cua/ho-so/000.23.00.H17-261125-0042/",
            },
        ),
        Event(
            "officer.feedback_new",
            "Cán bộ: phản ánh, kiến nghị mới",
            "Phản ánh mới {{ code }}: {{ title }}",
            "{{ agency }} nhận phản ánh, kiến nghị {{ code }} “{{ title }}”, hạn trả lời {{ due_at }}.\nXem và trả lời: {{ link }}",
            "Phan anh moi {{ code }}, han tra loi {{ due_at }}.",
            {
                "code": "PAKN-261125-0003",
                "title": "Chờ lâu tại quầy hộ tịch",
                "agency": "UBND phường Hải Châu",
                "due_at": "16:30 ngày 09/12/2026",
                "link": "https://dichvucong.danang.gov.vn/mot-cua/phan-anh/PAKN-261125-0003/",
            },
        ),
        Event(
            "officer.feedback_due",
            "Cán bộ: phản ánh sắp đến hạn trả lời",
            "Phản ánh {{ code }} sắp đến hạn trả lời",
            "Phản ánh, kiến nghị {{ code }} “{{ title }}” phải được trả lời trước {{ due_at }}.\nXem và trả lời: {{ link }}",
            "Phan anh {{ code }} den han tra loi luc {{ due_at }}.",
            {
                "code": "PAKN-261125-0003",
                "title": "Chờ lâu tại quầy hộ tịch",
                "agency": "UBND phường Hải Châu",
                "due_at": "16:30 ngày 09/12/2026",
                "link": "https://dichvucong.danang.gov.vn/mot-cua/phan-anh/PAKN-261125-0003/",
            },
        ),
        Event(
            "feedback.answered",
            "Phản ánh, kiến nghị đã được trả lời",
            "Phản ánh {{ code }} đã được trả lời",
            "{{ agency }} đã trả lời phản ánh, kiến nghị {{ code }} của bạn.\nXem trả lời: {{ link }}",
            "Phan anh {{ code }} da duoc tra loi. Xem tai Cong DVC.",
            {
                "code": "PAKN-261125-0003",
                "agency": "UBND phường Hải Châu",
                "link": "https://dichvucong.danang.gov.vn/phan-anh-kien-nghi/tra-cuu/?ma=PAKN-261125-0003",
            },
        ),
        Event(
            "account.reset_code",
            "Mã đặt lại mật khẩu",
            "Mã đặt lại mật khẩu",
            "Mã đặt lại mật khẩu Cổng Dịch vụ công Đà Nẵng của bạn là {{ reset_code }}, có hiệu lực {{ minutes }} phút. Không cung cấp mã này cho bất kỳ ai.",
            "Ma dat lai mat khau Cong DVC Da Nang: {{ reset_code }}, hieu luc {{ minutes }} phut. Khong cung cap ma nay cho ai.",
            {"reset_code": "482913", "minutes": 15},
        ),
        Event(
            "account.opened",
            "Tài khoản do cán bộ mở",
            "Tài khoản Cổng Dịch vụ công đã được tạo",
            "{{ officer }} đã tạo tài khoản Cổng Dịch vụ công cho bạn. Đặt mật khẩu (dùng một lần): {{ link }}",
            "Tai khoan Cong DVC Da Nang da duoc tao. Dat mat khau: {{ link }}",
            {
                "officer": "Nguyễn Thị Lan",
                "link": "https://dichvucong.danang.gov.vn/tai-khoan/dat-mat-khau/MTI/abc123/",
            },
        ),
    ]
}


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    zalo_template: str = ""  # Zalo: the registered template's id; empty means Zalo cannot carry this event


@lru_cache(maxsize=512)
def _compiled(source: str) -> Template:
    return _ENGINE.from_string(source)


def render_string(source: str, values: dict) -> str:
    return _compiled(source).render(Context(values, autoescape=False)).strip()


def check(source: str, event: Event) -> str:
    """Renders ``source`` with the event's sample; raises TemplateSyntaxError when it cannot."""
    return render_string(source, event.sample)


def sms_limit() -> int:
    return SMS_GSM_LIMIT if settings.MOTCUA_SMS_UNACCENTED else SMS_UNICODE_LIMIT


def as_sms(text: str) -> str:
    """One SMS: unaccented when the gateway needs it, cut at a word to the single-message size."""
    text = " ".join((unaccent(text) if settings.MOTCUA_SMS_UNACCENTED else text).split())
    limit = sms_limit()
    if len(text) <= limit:
        return text
    return text[: limit - 3].rsplit(" ", 1)[0] + "..."


CACHE_KEY, CACHE_SECONDS = "motcua:message-templates", 60


def _customised() -> dict:
    """The admins' templates by (event, kind), read once a minute at most: messages are written
    inside the transactions of changes, which should not wait on extra queries. Saving a
    template clears it (other processes see the change within a minute)."""
    from motcua.notifications.models import MessageTemplate

    found = cache.get(CACHE_KEY)
    if found is None:
        found = {(t.event, t.channel): t for t in MessageTemplate.objects.all()}
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def forget_customised() -> None:
    cache.delete(CACHE_KEY)


def compose(event_key: str, channel: str, values: dict) -> Text:
    """The subject and body for one channel, from the admins' template if there is one."""
    from motcua.notifications.models import MessageTemplate

    event = EVENTS[event_key]
    kind = MessageTemplate.kind_for(channel)
    custom = _customised().get((event_key, kind))
    subject = custom.subject if custom else event.subject
    body = custom.body if custom else (event.sms if kind == MessageTemplate.Kind.SHORT else event.body)
    try:
        subject, body = render_string(subject, values), render_string(body, values)
    except TemplateSyntaxError:  # saved templates are checked; this is the last safeguard
        subject, body = render_string(event.subject, values), render_string(event.body, values)
    if channel == "sms":
        body = as_sms(body)
    zalo = ""
    if channel == "zalo":
        zalo = (custom.zalo_template_id if custom else "") or settings.MOTCUA_ZALO_TEMPLATE_IDS.get(event_key, "")
    return Text(subject, body, zalo)
