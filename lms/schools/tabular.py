"""Reading the spreadsheets schools really have: CSV (any separator, UTF-8, UTF-16 or
Windows-1258) and XLSX, with the row numbers a person sees in Excel.

Used by the roster import (teacher portal) and ``manage.py import_schools``. The reader only
turns a file into cells; each import decides what the columns mean. It refuses what it
cannot read safely, with a message that says what to do: old .xls files, files that are not
spreadsheets at all, zip bombs, sheets far longer than any class or registry.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

# Generous for a class list (a few KB) and for a province's school registry.
MAX_FILE_BYTES = 5 * 1024 * 1024
# An XLSX is a zip; refuse one that would expand beyond this (a "zip bomb").
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
# Rows read before the header is found.
HEADER_SEARCH_ROWS = 20


class TableError(Exception):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""

    def __init__(self, message: str, *, code: str = "unreadable"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Cell:
    value: str | int | float | date | datetime | None
    is_formula: bool = False

    @property
    def is_empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def text(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return unicodedata.normalize("NFC", str(self.value)).strip()


@dataclass
class Table:
    """The rows under the header, each with its row number as shown in Excel (1-based)."""

    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def column(self, row: list[Cell], index: int | None) -> Cell:
        if index is None or index >= len(row):
            return Cell(None)
        return row[index]


def header_key(text: str) -> str:
    """'Họ và tên ' → 'hovaten': lowercase ASCII letters and digits only, so headers match
    however they are accented, spaced or punctuated."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "d")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def read_table(
    *,
    data: bytes,
    filename: str,
    is_header: Callable[[list[str]], bool],
    max_rows: int,
) -> Table:
    """Read ``data`` (CSV or XLSX, chosen by content, not only by name) into a Table.

    ``is_header(keys)`` receives a row's cells as header keys and says whether it is the
    header row (files exported by school software often start with a title and blank rows).
    Raises TableError for a file that cannot be read, or that has more than ``max_rows``
    non-empty rows under its header.
    """
    if not data:
        raise TableError(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise TableError(
            _("The file is too large (%(size)s MB). The limit is %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_FILE_BYTES // 1024 // 1024}
        )
    name = (filename or "").lower()
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise TableError(
            _(
                "This is an old Excel file (.xls). Open it in Excel and save it as "
                "“Excel Workbook (.xlsx)” or “CSV UTF-8”, then upload it again."
            )
        )
    if data[:4] == b"PK\x03\x04":
        raw_rows, notes = _xlsx_rows(data)
    elif name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise TableError(
            _(
                "This file is named like a spreadsheet but is not a valid Excel (.xlsx) "
                "file. Open it in Excel, save it again as .xlsx, and upload that."
            )
        )
    else:
        raw_rows, notes = _csv_rows(data)
    return _table_from_rows(raw_rows, notes=notes, is_header=is_header, max_rows=max_rows)


def _table_from_rows(raw_rows: Iterator, *, notes, is_header, max_rows) -> Table:
    table = None
    # Blank rows are skipped, but a sheet of a million blank rows must not be read to its end.
    max_scan = max_rows * 3 + 200
    for number, cells in raw_rows:
        if number > max_scan:
            raise TableError(
                _(
                    "The file has far more rows than expected (over %(n)s). Check that it is the right file."
                )
                % {"n": max_scan}
            )
        if table is None:
            if number > HEADER_SEARCH_ROWS:
                break
            keys = [header_key(c.text()) for c in cells]
            if any(keys) and is_header(keys):
                table = Table(header_row=number, headers=[c.text() for c in cells], notes=notes)
            continue
        if all(c.is_empty for c in cells):
            continue
        table.rows.append((number, cells))
        if len(table.rows) > max_rows:
            raise TableError(
                _(
                    "The file has more than %(max)s rows of data under its header. "
                    "Split it into smaller files."
                )
                % {"max": max_rows}
            )
    if table is None:
        raise TableError(
            _("No header row with the expected column names was found in the first %(n)s rows.")
            % {"n": HEADER_SEARCH_ROWS},
            code="no_header",
        )
    return table


# --- CSV ---------------------------------------------------------------------------------

# Every character a Vietnamese name or school list can hold, for judging a legacy decoding.
_VIETNAMESE_LETTERS = set(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)


def _looks_vietnamese(text: str) -> bool:
    """True when every non-ASCII character is a Vietnamese letter: the decoding is right.
    Text in the legacy TCVN3 font encoding, read as Windows-1258, fails this (it shows
    '¨', '©', 'µ' and the like)."""
    return all(ch.isascii() or ch.lower() in _VIETNAMESE_LETTERS for ch in text)


def _decode(data: bytes) -> tuple[str, list[str]]:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if b"\x00" not in data:
        try:
            text = unicodedata.normalize("NFC", data.decode("cp1258"))
        except UnicodeDecodeError:
            text = None
        if text is not None and _looks_vietnamese(text):
            # Excel's plain "CSV" on a Vietnamese Windows writes this encoding.
            return text, [
                _(
                    "The file was not saved as UTF-8; it was read as Windows-1258 "
                    "(Vietnamese). Check that the names below show their accents correctly."
                )
            ]
    raise TableError(
        _(
            "The file's text encoding could not be read (it is not UTF-8). In Excel, choose "
            "File › Save As › “CSV UTF-8 (Comma delimited)”, or upload the .xlsx file instead."
        )
    )


def _csv_rows(data: bytes):
    text, notes = _decode(data)
    if "\x00" in text:
        raise TableError(_("This file is not a spreadsheet (CSV or XLSX)."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, row in enumerate(reader, start=1):
            rows.append(
                (
                    number,
                    [Cell(value, is_formula=value.lstrip().startswith("=")) for value in row],
                )
            )
    except csv.Error as exc:
        raise TableError(
            _("The CSV file is malformed near row %(row)s.") % {"row": reader.line_num}
        ) from exc
    return rows, notes


# --- XLSX --------------------------------------------------------------------------------


def _xlsx_rows(data: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableError(
            _("This file is not a valid Excel (.xlsx) file. Save it again as .xlsx or CSV.")
        ) from exc
    if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise TableError(_("This spreadsheet expands to far more data than a list can hold."))
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise TableError(
            _("This file is not a valid Excel (.xlsx) file. Save it again as .xlsx or CSV.")
        )
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and validations
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise TableError(
            _("This Excel file could not be read. Save it again as .xlsx or CSV.")
        ) from exc
    return _xlsx_iter(workbook), []


def _xlsx_iter(workbook) -> Iterator[tuple[int, list[Cell]]]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, row in enumerate(workbook.active.iter_rows(), start=1):
                cells = []
                for cell in row:
                    value = getattr(cell, "value", None)
                    is_formula = getattr(cell, "data_type", None) == "f" or (
                        isinstance(value, str) and value.startswith("=")
                    )
                    cells.append(Cell(value, is_formula=is_formula))
                yield number, cells
    except TableError:
        raise
    except Exception as exc:  # a workbook broken past its first bytes
        raise TableError(
            _("This Excel file could not be read. Save it again as .xlsx or CSV.")
        ) from exc
    finally:
        workbook.close()
