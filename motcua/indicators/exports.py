"""The dashboards as Excel workbooks: the scorecard with every formula, the targets, the months,
and the agencies (city) or the procedures (agency)."""

from django.utils import timezone

from motcua.documents.sheets import workbook
from motcua.indicators import formulas, selectors
from motcua.indicators.selectors import Scope


def _scorecard_sheet(card: formulas.Scorecard, subtitle: str):
    rows = []
    for group in card.groups:
        rows.append([group.group.name, "", "", "", "", group.points, group.group.points, ""])
        for line in group.lines:
            rate = None if line.rate is None else round(line.rate, 1)
            rows.append(
                [
                    line.indicator.code,
                    line.indicator.name,
                    line.numerator,
                    line.denominator,
                    rate,
                    line.points if line.points is not None else "không đo được",
                    line.indicator.points,
                    line.indicator.explain,
                ]
            )
    rows.append(["Tổng", f"đo được {card.measured:g}/100 điểm", "", "", "", card.points, 100, ""])
    return (
        "Bộ chỉ số 766",
        subtitle,
        ["Mã", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Điểm", "Điểm tối đa", "Cách tính"],
        rows,
        [8, 60, 10, 10, 10, 12, 10, 90],
    )


def _targets_sheet(f: dict, year: int, subtitle: str):
    rows = [
        [
            t["target"].get_measure_display(),
            float(t["target"].percent),
            t["actual"],
            "Đạt" if t["met"] else "Chưa đạt",
            t["target"].source,
        ]
        for t in selectors.targets(f, year)
    ]
    return (
        "Mục tiêu thành phố",
        subtitle,
        ["Chỉ tiêu", "Mục tiêu (%)", "Thực hiện (%)", "Đánh giá", "Căn cứ"],
        rows,
        [70, 14, 14, 12, 60],
    )


def _trend_sheet(scope: Scope, period, subtitle: str):
    rows = [
        [r["label"], r["received"], r["finished"], r["on_time"], r["online"], r["points"]]
        for r in selectors.trend(scope, period.last)
    ]
    return (
        "Theo tháng",
        subtitle,
        ["Tháng", "Tiếp nhận", "Giải quyết xong", "Đúng hạn (%)", "Trực tuyến (%)", "Điểm"],
        rows,
        [12, 12, 16, 14, 14, 10],
    )


def _subtitle(name: str, period) -> str:
    return f"{name} – {period.label} – lập lúc {timezone.localtime():%H:%M %d/%m/%Y}"


def city_workbook(period) -> bytes:
    scope = Scope.city()
    f = selectors.figures(scope, period)
    subtitle = _subtitle("Thành phố Đà Nẵng", period)
    agencies = [
        [
            r["agency"].code,
            r["agency"].name,
            r["figures"]["received"],
            r["figures"]["received_online"],
            r["figures"]["finished"],
            r["on_time"],
            r["online"],
            r["points"],
            *[g.points for g in r["card"].groups],
        ]
        for r in selectors.by_agency(scope, period)
    ]
    headers = [
        "Mã cơ quan",
        "Cơ quan",
        "Tiếp nhận",
        "Trực tuyến",
        "Giải quyết xong",
        "Đúng hạn (%)",
        "Trực tuyến (%)",
        "Tổng điểm",
        *[g.name for g in formulas.GROUPS],
    ]
    return workbook(
        [
            _scorecard_sheet(formulas.score(f), subtitle),
            _targets_sheet(f, period.year, subtitle),
            _trend_sheet(scope, period, subtitle),
            (
                "Theo cơ quan",
                subtitle,
                headers,
                agencies,
                [18, 50, 10, 10, 12, 12, 12, 10] + [14] * len(formulas.GROUPS),
            ),
        ]
    )


def agency_workbook(agency, period) -> bytes:
    scope = Scope.of_agency(agency)
    f = selectors.figures(scope, period)
    subtitle = _subtitle(agency.name, period)
    procedures = [
        [
            r["procedure__code"],
            r["procedure__name"],
            r["received"],
            r["received_online"],
            r["finished"],
            r["finished_on_time"],
            r["on_time"],
            r["online"],
            r["results_electronic"],
            r["paid_online"],
        ]
        for r in selectors.by_procedure(agency, period)
    ]
    headers = [
        "Mã thủ tục",
        "Thủ tục",
        "Tiếp nhận",
        "Trực tuyến",
        "Giải quyết xong",
        "Đúng hạn",
        "Đúng hạn (%)",
        "Trực tuyến (%)",
        "Kết quả điện tử",
        "Thanh toán trực tuyến",
    ]
    return workbook(
        [
            _scorecard_sheet(formulas.score(f), subtitle),
            _targets_sheet(f, period.year, subtitle),
            _trend_sheet(scope, period, subtitle),
            ("Theo thủ tục", subtitle, headers, procedures, [12, 70, 10, 10, 12, 10, 12, 12, 12, 12]),
        ]
    )
