"""Slips 06 and 07 as Excel workbooks (openpyxl), for offices that keep their registers there."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.documents.slips import CONTROL_HEADERS, REGISTER_HEADERS, control_rows, register_rows


def _workbook(title: str, subtitle: str, headers: list[str], rows: list[list[str]], widths: list[int]) -> bytes:
    return workbook([(title, subtitle, headers, rows, widths)])


def workbook(sheets: list[tuple]) -> bytes:
    """One sheet per (title, subtitle, headers, rows, column widths): a title line, a subtitle,
    then a table with bold, frozen headers."""
    book = Workbook()
    book.remove(book.active)
    for title, subtitle, headers, rows, widths in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append([title.upper()])
        sheet.append([subtitle])
        sheet.append([])
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        sheet["A1"].font = Font(bold=True, size=13)
        for cell in sheet[4]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[sheet.cell(row=4, column=index).column_letter].width = width
        sheet.freeze_panes = "A5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def register(agency, dossiers, start, end) -> bytes:
    return _workbook(
        "Sổ theo dõi hồ sơ",
        f"{agency.name}, từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
        REGISTER_HEADERS,
        register_rows(dossiers),
        [6, 30, 60, 28, 14, 17, 17, 17, 17, 26],
    )


def control_sheet(dossier, handoffs) -> bytes:
    return _workbook(
        "Phiếu kiểm soát",
        f"Hồ sơ {dossier.code} – {dossier.procedure.name}",
        CONTROL_HEADERS,
        control_rows(handoffs),
        [24, 17, 24, 30, 24, 30, 17, 14],
    )
