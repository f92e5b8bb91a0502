"""The slips of Circular 03/2025 (appendix I) and result documents, as PDF (fpdf2, DejaVu
Serif so every Vietnamese letter prints). Each has the national motto header, the agency, the
dossier code and a QR code to the public status lookup."""

import io
from datetime import datetime
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def lookup_url(code: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse('dossiers:lookup')}?code={code}"


def _local(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H giờ %M phút, ngày %d/%m/%Y") if moment else "…"


class OfficialDocument(FPDF):
    """An A4 administrative document: the agency on the left, the motto on the right, a title,
    then the body. Text helpers keep every slip to the same typography."""

    def __init__(self, agency_name: str, parent_name: str = "", code: str = "", orientation: str = "P"):
        super().__init__(orientation=orientation, format="A4")
        self.set_margins(20, 15, 15)
        self.set_auto_page_break(True, 20)
        self.add_font("Serif", "", FONTS / "DejaVuSerif.ttf")
        self.add_font("Serif", "B", FONTS / "DejaVuSerif-Bold.ttf")
        self.add_font("Serif", "I", FONTS / "DejaVuSerif-Italic.ttf")
        self.agency_name, self.parent_name, self.code = agency_name, parent_name, code
        self.add_page()
        self._header_block()

    def _header_block(self):
        top = self.get_y()
        self.set_font("Serif", "", 10)
        self.set_xy(20, top)
        if self.parent_name:
            self.multi_cell(80, 5, self.parent_name.upper(), align="C")
        self.set_font("Serif", "B", 10)
        self.set_x(20)
        self.multi_cell(80, 5, self.agency_name.upper(), align="C")
        left_bottom = self.get_y()
        right = self.w - self.r_margin - 95
        self.set_xy(right, top)
        self.set_font("Serif", "B", 10)
        self.cell(95, 5, MOTTO[0], align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_x(right)
        self.set_font("Serif", "B", 11)
        self.cell(95, 5, MOTTO[1], align="C", new_x="LMARGIN", new_y="NEXT")
        self.line(right + 27, self.get_y() + 0.5, right + 68, self.get_y() + 0.5)
        self.set_y(max(left_bottom, self.get_y()) + 4)
        if self.code:
            self._qr()

    def _qr(self):
        image = io.BytesIO()
        segno.make(lookup_url(self.code), error="m").save(image, kind="png", scale=4, border=1)
        self.image(image, x=self.w - self.r_margin - 23, y=self.get_y() - 2, w=22)

    def heading(self, text: str, subtitle: str = ""):
        self.ln(4)
        self.set_font("Serif", "B", 13)
        width = self.epw - 30
        self.multi_cell(width, 6.5, text.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.set_font("Serif", "I", 11)
            self.multi_cell(width, 6, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def para(self, text: str, *, bold: bool = False, italic: bool = False, size: int = 11, indent: bool = False):
        self.set_font("Serif", ("B" if bold else "") + ("I" if italic else ""), size)
        self.multi_cell(0, 6, ("    " if indent else "") + text, new_x="LMARGIN", new_y="NEXT")

    def fact(self, label: str, value: str):
        self.set_font("Serif", "", 11)
        self.multi_cell(0, 6, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")

    def numbered(self, items: list[str]):
        self.set_font("Serif", "", 11)
        for n, item in enumerate(items, 1):
            self.multi_cell(0, 6, f"{n}. {item}", new_x="LMARGIN", new_y="NEXT")

    def signature(self, role: str, name: str = "", note: str = "(Ký, ghi rõ họ tên)"):
        self.ln(4)
        self.set_x(110)
        self.set_font("Serif", "B", 11)
        self.multi_cell(85, 6, role.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_x(110)
        self.set_font("Serif", "I", 10)
        self.multi_cell(85, 5, note, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(16)
        if name:
            self.set_x(110)
            self.set_font("Serif", "B", 11)
            self.multi_cell(85, 6, name, align="C", new_x="LMARGIN", new_y="NEXT")

    def place_and_date(self, when: datetime | None = None):
        when = timezone.localtime(when or timezone.now())
        self.set_font("Serif", "I", 11)
        self.cell(
            0, 6, f"Đà Nẵng, ngày {when:%d} tháng {when:%m} năm {when:%Y}", align="R", new_x="LMARGIN", new_y="NEXT"
        )

    def grid(self, headers: list[str], rows: list[list[str]], widths: tuple[float, ...]):
        """A bordered table whose cells wrap (fpdf2's table)."""
        self.set_font("Serif", "", 9)
        with self.table(col_widths=widths, line_height=5, text_align="LEFT") as grid:
            heading = grid.row()
            for header in headers:
                heading.cell(header)
            for values in rows:
                row = grid.row()
                for value in values:
                    row.cell(str(value))

    def bytes(self) -> bytes:
        return bytes(self.output())


def _document_for(dossier) -> OfficialDocument:
    agency = dossier.agency
    parent = (
        agency.parent.name
        if agency.parent_id
        else (
            "Ủy ban nhân dân thành phố Đà Nẵng"
            if agency.kind != "peoples_committee" or agency.unit.level == "commune"
            else ""
        )
    )
    return OfficialDocument(agency.name, parent, dossier.code)


def receipt_slip(dossier, officer) -> bytes:
    """01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    pdf = _document_for(dossier)
    pdf.heading("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", f"Mã hồ sơ: {dossier.code}")
    pdf.para(f"{dossier.agency.name} đã tiếp nhận hồ sơ của:", indent=True)
    pdf.fact("Ông/Bà", dossier.applicant.full_name)
    if dossier.applicant.national_id:
        pdf.fact("Số định danh cá nhân", dossier.applicant.national_id)
    pdf.fact("Số điện thoại", dossier.applicant.phone or "…")
    pdf.fact("Nội dung yêu cầu giải quyết", dossier.procedure.name)
    pdf.para("Thành phần hồ sơ nộp gồm:", bold=True)
    files = list(dossier.files.filter(removed_at__isnull=True))
    pdf.numbered([f"{f.document_name[:160]} ({f.original_name}, bản điện tử)" for f in files] or ["(không có)"])
    pdf.fact("Số lượng hồ sơ", "01 (bộ)")
    pdf.fact("Thời gian giải quyết hồ sơ theo quy định", dossier.procedure.processing_time_display or "…")
    pdf.fact("Thời gian nhận hồ sơ", _local(dossier.received_at))
    pdf.fact("Thời gian trả kết quả giải quyết hồ sơ", _local(dossier.due_at))
    pdf.fact("Đăng ký nhận kết quả tại", dossier.get_delivery_display())
    pdf.para("Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: " + dossier.code.rsplit("-", 1)[-1], italic=True)
    pdf.place_and_date(dossier.received_at)
    pdf.signature("Người tiếp nhận hồ sơ", officer.full_name)
    return pdf.bytes()


def supplement_slip(dossier, request) -> bytes:
    """02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    pdf = _document_for(dossier)
    pdf.heading("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", f"Mã hồ sơ: {dossier.code}")
    pdf.para(f"{dossier.agency.name} tiếp nhận hồ sơ của: {dossier.applicant.full_name}", indent=True)
    pdf.fact("Nội dung yêu cầu giải quyết", dossier.procedure.name)
    pdf.para("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", bold=True)
    pdf.numbered([f"{i['name'][:200]}{' – ' + i['note'] if i.get('note') else ''}" for i in request.items])
    pdf.fact("Lý do", request.reason)
    pdf.para(
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ bộ phận một cửa hoặc tổng đài "
        f"{settings.MOTCUA_SITE['hotline']} để được hướng dẫn.",
        italic=True,
    )
    pdf.place_and_date(request.requested_at)
    pdf.signature("Người hướng dẫn", request.requested_by.full_name)
    return pdf.bytes()


def refusal_slip(dossier, officer, reason: str, when=None) -> bytes:
    """03: Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    pdf = _document_for(dossier)
    pdf.heading("Phiếu từ chối tiếp nhận giải quyết hồ sơ", f"Mã hồ sơ: {dossier.code}")
    pdf.para(f"{dossier.agency.name} tiếp nhận hồ sơ của: {dossier.applicant.full_name}", indent=True)
    pdf.fact("Nội dung yêu cầu giải quyết", dossier.procedure.name)
    pdf.para("Cơ quan, đơn vị từ chối tiếp nhận, giải quyết hồ sơ này với lý do như sau:", indent=True)
    pdf.para(reason, bold=True)
    pdf.para("Xin thông báo cho ông/bà được biết và thực hiện.", indent=True)
    pdf.place_and_date(when)
    pdf.signature("Người tiếp nhận hồ sơ", officer.full_name)
    return pdf.bytes()


def control_sheet(dossier, handoffs) -> bytes:
    """06: Phiếu kiểm soát quá trình giải quyết hồ sơ — one row per hand-off."""
    pdf = _document_for(dossier)
    pdf.heading("Phiếu kiểm soát quá trình giải quyết hồ sơ", f"Mã hồ sơ: {dossier.code}")
    pdf.fact("Cơ quan (bộ phận) giải quyết hồ sơ", dossier.agency.name)
    pdf.fact("Thủ tục", dossier.procedure.name)
    pdf.fact("Thời gian nhận hồ sơ", _local(dossier.received_at))
    pdf.fact("Thời gian trả kết quả giải quyết hồ sơ", _local(dossier.due_at))
    pdf.ln(2)
    rows = [[r[0], r[1], f"{r[2]}\n{r[3]}", f"{r[4]}\n{r[5]}", r[7]] for r in control_rows(handoffs)]
    pdf.grid(["Bước", "Thời gian giao, nhận", "Người giao", "Người nhận", "Kết quả"], rows, (30, 40, 40, 40, 25))
    return pdf.bytes()


def result_document(dossier, leader) -> bytes:
    """The result, made from the dossier for signing (a procedure-specific template can replace
    the generic body)."""
    pdf = _document_for(dossier)
    pdf.heading("Kết quả giải quyết thủ tục hành chính", dossier.procedure.name)
    pdf.para(
        f"Căn cứ hồ sơ số {dossier.code} nộp ngày {timezone.localtime(dossier.submitted_at):%d/%m/%Y} của ông/bà "
        f"{dossier.applicant.full_name};",
        indent=True,
    )
    pdf.para(f"{dossier.agency.name} chấp thuận yêu cầu với các nội dung đã kê khai sau:", indent=True)
    from motcua.eforms.selectors import filled_with  # the e-form, or the generic form it kept

    spec = filled_with(dossier.eform, dossier.form_definition)
    for section in spec.bind(dossier.form_data) if spec else []:
        pdf.para(section.title, bold=True)
        for field in section.fields:
            if field.display:
                pdf.fact(field.label, field.display)
    pdf.place_and_date()
    pdf.signature("Thủ trưởng cơ quan", leader.full_name, note="(Chữ ký số)")
    return pdf.bytes()


def stop_notice(dossier, officer, reason: str) -> bytes:
    """05: Thông báo dừng giải quyết hồ sơ."""
    pdf = _document_for(dossier)
    pdf.heading("Thông báo về việc dừng giải quyết hồ sơ", f"Mã hồ sơ: {dossier.code}")
    pdf.para(f"Kính gửi: Ông/Bà {dossier.applicant.full_name}", bold=True)
    pdf.para(
        f"{dossier.agency.name} đã tiếp nhận hồ sơ đề nghị “{dossier.procedure.name}” của ông/bà"
        + (f" vào lúc {_local(dossier.received_at)}." if dossier.received_at else "."),
        indent=True,
    )
    pdf.para("Cơ quan, đơn vị thông báo dừng giải quyết hồ sơ với lý do:", indent=True)
    pdf.para(reason, bold=True)
    pdf.para("Ông/Bà có thể liên hệ bộ phận một cửa để nhận lại hồ sơ (nếu có) hoặc được hướng dẫn thêm.", indent=True)
    pdf.place_and_date()
    pdf.signature("Thủ trưởng cơ quan", officer.full_name)
    return pdf.bytes()


def apology_letter(dossier, apology) -> bytes:
    """04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết."""
    pdf = _document_for(dossier)
    pdf.heading("Phiếu xin lỗi và hẹn lại ngày trả kết quả", f"Mã hồ sơ: {dossier.code}")
    pdf.para(f"Kính gửi: Ông/Bà {dossier.applicant.full_name}", bold=True)
    pdf.para(
        f"Ngày {timezone.localtime(dossier.received_at):%d/%m/%Y}, {dossier.agency.name} tiếp nhận giải quyết hồ sơ "
        f"“{dossier.procedure.name}” của ông/bà, mã hồ sơ {dossier.code}, hẹn trả kết quả {_local(apology.old_due_at)}.",
        indent=True,
    )
    pdf.para(
        f"Tuy nhiên, đến nay cơ quan, đơn vị chưa trả kết quả giải quyết hồ sơ cho ông/bà đúng hạn. Lý do: {apology.reason}",
        indent=True,
    )
    pdf.para(
        f"Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của ông/bà. {dossier.agency.name} xin lỗi ông/bà "
        f"và hẹn lại thời gian trả kết quả vào {_local(apology.new_due_at)}.",
        indent=True,
    )
    pdf.para("Trân trọng cảm ơn ông/bà.", indent=True)
    pdf.place_and_date(apology.signed_at)
    pdf.signature("Thủ trưởng cơ quan", apology.signed_by.full_name if apology.signed_by else "")
    return pdf.bytes()


REGISTER_HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Tên cá nhân, tổ chức",
    "Số điện thoại",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Có kết quả",
    "Trả kết quả",
    "Trạng thái",
]
CONTROL_HEADERS = [
    "Bước",
    "Thời gian giao, nhận",
    "Người giao",
    "Đơn vị giao",
    "Người nhận",
    "Đơn vị nhận",
    "Hạn của bước",
    "Kết quả",
]


def _date(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def register_rows(dossiers) -> list[list[str]]:
    return [
        [
            str(n),
            d.code,
            d.procedure.name,
            d.applicant.full_name,
            d.applicant.phone,
            _date(d.received_at or d.submitted_at),
            _date(d.due_at),
            _date(d.finished_at),
            _date(d.returned_at),
            d.get_status_display(),
        ]
        for n, d in enumerate(dossiers, 1)
    ]


def control_rows(handoffs) -> list[list[str]]:
    return [
        [
            h.get_step_display(),
            _date(h.handed_at),
            h.giver.full_name if h.giver else "",
            h.from_unit,
            h.receiver.full_name if h.receiver else "",
            h.to_unit,
            _date(h.due_at),
            h.timeliness_display,
        ]
        for h in handoffs
    ]


def register(agency, dossiers, start, end) -> bytes:
    """07: Sổ theo dõi hồ sơ, landscape, one row per dossier received in the period."""
    pdf = OfficialDocument(agency.name, agency.parent.name if agency.parent_id else "", orientation="L")
    pdf.heading("Sổ theo dõi hồ sơ", f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}")
    pdf.grid(REGISTER_HEADERS, register_rows(dossiers), (8, 34, 56, 32, 22, 20, 20, 20, 20, 24))
    return pdf.bytes()


def fee_receipt(payment) -> bytes:
    """Biên lai thu phí, lệ phí điện tử: numbered per agency and year."""
    dossier = payment.dossier
    pdf = _document_for(dossier)
    pdf.heading("Biên lai thu phí, lệ phí", f"Số: {payment.receipt_number}")
    pdf.fact("Người nộp", dossier.applicant.full_name)
    pdf.fact("Mã hồ sơ", dossier.code)
    pdf.fact("Nội dung thu", payment.description)
    pdf.fact("Số tiền", f"{payment.amount:,} đồng".replace(",", "."))
    pdf.fact(
        "Hình thức",
        f"Thanh toán trực tuyến qua {payment.provider.upper()} (mã giao dịch {payment.gateway_transaction or '…'})",
    )
    pdf.fact("Thời điểm thanh toán", _local(payment.confirmed_at))
    pdf.place_and_date(payment.confirmed_at)
    pdf.signature("Đơn vị thu", dossier.agency.name, note="(Biên lai điện tử)")
    return pdf.bytes()
