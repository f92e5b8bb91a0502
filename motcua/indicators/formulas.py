"""The scoring of Decision 766/QĐ-TTg (2022): what each indicator divides by what, and how many
points a rate earns. docs/indicators.md gives the source of each line.

A figure is a plain dict of counts (the monthly tallies added up over a period, the catalogue,
the backlog); ``score(figures)`` turns it into groups of indicators with rate and points. The
few indicators whose data lives outside this system (the national procedures database's
publication dates, electronic certification of copies, the population database) are listed
but not scored, and the total says how many points were measurable.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    points: float
    numerator: str = ""  # a key of the figures, or a function of them
    denominator: str = ""
    full_at: float = 1.0  # the rate that earns full points (below it: points × rate / full_at)
    when_empty: str = "skip"  # nothing to divide: "skip" (not scored), "full" or "zero" points
    source: str = ""
    explain: str = ""

    @property
    def measurable(self) -> bool:
        return bool(self.numerator)


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    points: float
    indicators: tuple[Indicator, ...]


PORTAL = "Cổng DVC quốc gia, cách tính công bố cùng Bộ chỉ số (dichvucong.gov.vn/danh-gia-chat-luong-phuc-vu)"
DECISION = "Quyết định 766/QĐ-TTg ngày 23/6/2022"

GROUPS = (
    Group(
        "publicity",
        "Công khai, minh bạch",
        18,
        (
            Indicator(
                "1.1",
                "Tỷ lệ TTHC được công bố đúng hạn",
                6,
                source=DECISION,
                explain="Theo ngày ban hành quyết định công bố trên CSDL quốc gia về TTHC; hệ thống này không có dữ liệu đó.",
            ),
            Indicator(
                "1.2",
                "Tỷ lệ TTHC được cập nhật, công khai đúng hạn trên CSDL quốc gia",
                4,
                source=DECISION,
                explain="Theo thời điểm công khai trên CSDL quốc gia về TTHC; hệ thống này không có dữ liệu đó.",
            ),
            Indicator(
                "1.3",
                "Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành",
                2,
                "procedures_complete",
                "procedures",
                source=PORTAL,
                explain="Thủ tục có đủ trình tự, cách thức, thành phần hồ sơ, thời hạn, đối tượng, cơ quan thực hiện / thủ tục đang công bố.",
            ),
            Indicator(
                "1.4",
                "Tỷ lệ hồ sơ được đồng bộ trạng thái lên Cổng DVC quốc gia",
                6,
                "synced",
                "received",
                source=PORTAL,
                explain="Hồ sơ tiếp nhận trong kỳ mà Cổng DVC quốc gia đã xác nhận trạng thái / hồ sơ tiếp nhận trong kỳ.",
            ),
        ),
    ),
    Group(
        "progress",
        "Tiến độ, kết quả giải quyết",
        20,
        (
            Indicator(
                "2.1",
                "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
                20,
                "processed_in_time",
                "processed",
                source=PORTAL,
                explain="(Hồ sơ giải quyết xong đúng hạn trong kỳ + hồ sơ đang giải quyết còn trong hạn cuối kỳ) / "
                "(hồ sơ giải quyết xong trong kỳ + hồ sơ đang giải quyết cuối kỳ). Thời gian bổ sung, nộp phí đã được trừ.",
            ),
        ),
    ),
    Group(
        "online",
        "Cung cấp dịch vụ công trực tuyến",
        12,
        (
            Indicator(
                "3.1",
                "Tỷ lệ TTHC được cung cấp dịch vụ công trực tuyến",
                2,
                "procedures_online",
                "procedures",
                full_at=0.8,
                source=PORTAL,
                explain="Thủ tục trực tuyến (toàn trình hoặc một phần) / thủ tục thuộc thẩm quyền; đạt 80% được điểm tối đa.",
            ),
            Indicator(
                "3.2",
                "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến",
                4,
                "services_receiving",
                "procedures_online",
                source=PORTAL,
                explain="Thủ tục trực tuyến có ít nhất một hồ sơ nộp trực tuyến trong kỳ / thủ tục trực tuyến.",
            ),
            Indicator(
                "3.3",
                "Tỷ lệ hồ sơ nộp trực tuyến",
                6,
                "received_online",
                "received",
                full_at=0.5,
                source=PORTAL,
                explain="Hồ sơ tiếp nhận trực tuyến (Cổng này, Cổng DVC quốc gia) / hồ sơ tiếp nhận trong kỳ; đạt 50% được điểm tối đa.",
            ),
        ),
    ),
    Group(
        "payment",
        "Thanh toán trực tuyến",
        10,
        (
            Indicator(
                "3.4",
                "Tỷ lệ TTHC có nghĩa vụ tài chính cho phép thanh toán trực tuyến",
                2,
                "fee_procedures_online",
                "fee_procedures",
                full_at=0.8,
                source=PORTAL,
                explain="Thủ tục có phí, lệ phí được cung cấp trực tuyến (thanh toán qua VNPay, Nền tảng thanh toán) / thủ tục có phí, lệ phí.",
            ),
            Indicator(
                "3.5",
                "Tỷ lệ TTHC có giao dịch thanh toán trực tuyến thành công",
                2,
                "services_paid",
                "fee_procedures",
                full_at=0.8,
                source=PORTAL,
                explain="Thủ tục có ít nhất một khoản thanh toán trực tuyến thành công trong kỳ / thủ tục có phí, lệ phí.",
            ),
            Indicator(
                "3.6",
                "Tỷ lệ hồ sơ thanh toán trực tuyến",
                6,
                "paid_online",
                "charged",
                source=PORTAL,
                explain="Hồ sơ tiếp nhận trong kỳ đã thanh toán trực tuyến / hồ sơ tiếp nhận trong kỳ có khoản phí phải nộp.",
            ),
        ),
    ),
    Group(
        "digitization",
        "Số hóa hồ sơ",
        22,
        (
            Indicator(
                "4.1",
                "Tỷ lệ hồ sơ có kết quả giải quyết điện tử",
                6,
                "results_electronic",
                "finished",
                source=PORTAL,
                explain="Hồ sơ giải quyết xong trong kỳ có kết quả điện tử đã ký số / hồ sơ giải quyết xong trong kỳ.",
            ),
            Indicator(
                "4.2",
                "Tỷ lệ hồ sơ thực hiện số hóa",
                4,
                "digitized",
                "received",
                source=PORTAL,
                explain="Hồ sơ tiếp nhận có thành phần hồ sơ điện tử (nộp trực tuyến hoặc quét tại quầy) / hồ sơ tiếp nhận.",
            ),
            Indicator(
                "4.3",
                "Tỷ lệ chứng thực bản sao điện tử từ bản chính",
                2,
                source=PORTAL,
                explain="Chứng thực điện tử thực hiện trên hệ thống chuyên ngành; hệ thống này không có dữ liệu đó.",
            ),
            Indicator(
                "4.4",
                "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa",
                2,
                "reused",
                "received",
                full_at=0.8,
                source=PORTAL,
                explain="Hồ sơ có thành phần lấy lại từ dữ liệu đã số hóa (kho dữ liệu cá nhân, DuocTaiSuDung) / hồ sơ tiếp nhận; đạt 80% được điểm tối đa.",
            ),
            Indicator(
                "4.5",
                "Tỷ lệ hồ sơ kết nối, chia sẻ với kho dữ liệu cá nhân",
                4,
                "to_store",
                "received",
                source=PORTAL,
                explain="Hồ sơ có thành phần lấy từ kho dữ liệu cá nhân hoặc kết quả điện tử đã đưa vào kho / hồ sơ tiếp nhận.",
            ),
            Indicator(
                "4.6",
                "Tỷ lệ TTHC kết nối, chia sẻ dữ liệu với CSDL quốc gia về dân cư",
                2,
                source=PORTAL,
                explain="Cần kết nối CSDL quốc gia về dân cư (VNeID); chưa có trong hệ thống này.",
            ),
            Indicator(
                "4.7",
                "Tỷ lệ hồ sơ sử dụng dữ liệu từ CSDL quốc gia về dân cư",
                2,
                source=PORTAL,
                explain="Cần kết nối CSDL quốc gia về dân cư (VNeID); chưa có trong hệ thống này.",
            ),
        ),
    ),
    Group(
        "satisfaction",
        "Mức độ hài lòng",
        18,
        (
            Indicator(
                "5.1",
                "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn",
                6,
                "feedback_on_time",
                "feedback",
                when_empty="full",
                source=PORTAL,
                explain="Phản ánh, kiến nghị nhận trong kỳ đã trả lời đúng hạn hoặc còn trong hạn / phản ánh, kiến nghị nhận trong kỳ; "
                "không có phản ánh: đủ điểm.",
            ),
            Indicator(
                "5.2",
                "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị",
                6,
                source=PORTAL,
                explain="Cần người gửi đánh giá câu trả lời (thích / không thích); hệ thống chưa thu thập.",
            ),
            Indicator(
                "5.3",
                "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC",
                6,
                "processed_content",
                "processed",
                full_at=0.9,
                when_empty="zero",
                source=PORTAL,
                explain="1 − (tỷ lệ hồ sơ trễ hạn + tỷ lệ hồ sơ bị đánh giá không hài lòng); đạt 90% được điểm tối đa.",
            ),
        ),
    ),
)


def derived(figures: dict) -> dict:
    """Adds the figures that combine others."""
    f = dict(figures)
    f["processed"] = f["finished"] + f["open_at_end"]
    late = (f["finished"] - f["finished_on_time"]) + f["open_late_at_end"]
    f["processed_in_time"] = f["processed"] - late
    f["processed_content"] = max(0, f["processed"] - late - f["ratings_unhappy"])
    return f


@dataclass
class Line:
    indicator: Indicator
    numerator: int | None = None
    denominator: int | None = None
    points: float | None = None

    @property
    def rate(self) -> float | None:
        if self.numerator is None or not self.denominator:  # both are set, or neither (score)
            return None
        return 100 * self.numerator / self.denominator


@dataclass
class GroupScore:
    group: Group
    lines: list[Line] = field(default_factory=list)

    @property
    def points(self) -> float:
        return round(sum(line.points for line in self.lines if line.points is not None), 2)

    @property
    def measured(self) -> float:
        return sum(line.indicator.points for line in self.lines if line.points is not None)


@dataclass
class Scorecard:
    groups: list[GroupScore]

    @property
    def points(self) -> float:
        return round(sum(g.points for g in self.groups), 2)

    @property
    def measured(self) -> float:
        return sum(g.measured for g in self.groups)

    def group(self, code: str) -> GroupScore:
        return next(g for g in self.groups if g.group.code == code)

    def line(self, code: str) -> Line:
        return next(line for g in self.groups for line in g.lines if line.indicator.code == code)


def points(indicator: Indicator, numerator: int, denominator: int) -> float | None:
    if not denominator:
        return {"full": indicator.points, "zero": 0.0}.get(indicator.when_empty)
    rate = min(1.0, numerator / denominator)
    return round(indicator.points * min(1.0, rate / indicator.full_at), 2)


def score(figures: dict) -> Scorecard:
    f = derived(figures)
    groups = []
    for group in GROUPS:
        lines = []
        for indicator in group.indicators:
            if not indicator.measurable:
                lines.append(Line(indicator))
                continue
            numerator, denominator = f[indicator.numerator], f[indicator.denominator]
            lines.append(Line(indicator, numerator, denominator, points(indicator, numerator, denominator)))
        groups.append(GroupScore(group, lines))
    return Scorecard(groups)
