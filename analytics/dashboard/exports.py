"""CSV and XLSX of the dashboards' tables, and the province's yearly report (pandas).

The exports are built from the same Table objects as the screen, after the same filters and
the same small-count rule: a withheld cell reads "<10" or "hidden" in the file too. CSV is
UTF-8 with a byte-order mark so that Excel opens Vietnamese text correctly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from io import BytesIO

import pandas as pd
from django.http import HttpResponse
from django.utils.translation import gettext, pgettext

from .tables import Table

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_value(value, kind: str):
    if value is None or value == "":
        return pgettext("programme", "Not yet") if kind == "ran" else None
    if isinstance(value, str):
        return value
    if kind == "pct":
        return round(100 * value, 1)
    if kind == "score":
        return round(value, 1)
    if kind == "month" and isinstance(value, date):
        return f"{value.month:02d}/{value.year}"
    return value


def table_frame(table: Table) -> pd.DataFrame:
    """The table as a DataFrame with its Vietnamese headings."""
    columns = table.columns
    data = []
    for row in table.rows:
        data.append(
            [
                _export_value(
                    row.get(column.key),
                    row.get("kind", "number") if column.kind == "mixed" else column.kind,
                )
                for column in columns
            ]
        )
    frame = pd.DataFrame(data, columns=[str(column.label) for column in columns], dtype=object)
    return frame


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    text = table_frame(table).to_csv(index=False, lineterminator="\r\n")
    return _attachment(text.encode("utf-8-sig"), content_type=CSV_TYPE, filename=f"{filename}.csv")


def _fit_columns(sheet) -> None:
    for column_cells in sheet.columns:
        width = max(
            (len(str(cell.value)) for cell in column_cells if cell.value is not None), default=8
        )
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 8), 60)


def _style_sheet(sheet, header_rows: Iterable[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor="E3EFF9")
    for row_number in header_rows:
        for cell in sheet[row_number]:
            if cell.value is not None:
                cell.font = Font(bold=True)
                cell.fill = fill
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    _fit_columns(sheet)


def _write_table(writer, sheet_name: str, table: Table, *, startrow: int = 0) -> int:
    """Write the table at startrow (0-based); return the next free row."""
    frame = table_frame(table)
    frame.to_excel(writer, sheet_name=sheet_name, index=False, startrow=startrow)
    return startrow + len(frame) + 2


def _about_frame(about: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(about, columns=[gettext("About this file"), ""], dtype=object)


def xlsx_response(table: Table, *, filename: str, about: list[tuple[str, str]]) -> HttpResponse:
    """One table on the first sheet (its headings on row 1), what it is on a second sheet."""
    buffer = BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        sheet_name = sheet_title(table.sheet or table.title)
        _write_table(writer, sheet_name, table)
        _about_frame(about).to_excel(writer, sheet_name=gettext("About"), index=False)
        _style_sheet(writer.sheets[sheet_name], [1])
        _style_sheet(writer.sheets[gettext("About")], [1])
    return _attachment(buffer.getvalue(), content_type=XLSX_TYPE, filename=f"{filename}.xlsx")


def table_response(table: Table, *, fmt: str, filename: str, about: list[tuple[str, str]]):
    if fmt == "csv":
        return csv_response(table, filename=filename)
    return xlsx_response(table, filename=filename, about=about)


def sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of : \\ / ? * [ ]."""
    for char in ":\\/?*[]":
        title = title.replace(char, "-")
    return title[:31]


def yearly_report_response(
    *,
    filename: str,
    about: list[tuple[str, str]],
    summary: Table,
    levels: Table,
    wards: Table,
    schools: Table,
    uncovered: Table,
    trend: Table,
) -> HttpResponse:
    """The yearly report of a province: a summary sheet (what, when, the rule, the headline
    figures, by level), then one sheet per ward, per unit, units not yet covered, by month."""
    buffer = BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        summary_name = sheet_title(gettext("Summary"))
        _about_frame(about).to_excel(writer, sheet_name=summary_name, index=False)
        header_rows = [1]
        next_row = len(about) + 2
        header_rows.append(next_row + 1)
        next_row = _write_table(writer, summary_name, summary, startrow=next_row)
        header_rows.append(next_row + 1)
        _write_table(writer, summary_name, levels, startrow=next_row)
        _style_sheet(writer.sheets[summary_name], header_rows)
        for table in (wards, schools, uncovered, trend):
            name = sheet_title(table.sheet or table.title)
            _write_table(writer, name, table)
            _style_sheet(writer.sheets[name], [1])
    return _attachment(buffer.getvalue(), content_type=XLSX_TYPE, filename=f"{filename}.xlsx")
