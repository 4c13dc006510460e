"""A class list as a school exports it (CSV or XLSX) → learners to add, or row-level errors.

Columns, found by their header in any of the first 20 rows (accents, case and spacing do not
matter; README "Roster files"):

- **Họ tên** (also "Họ và tên", "Họ tên học sinh", ...), or two columns **Họ** / **Họ đệm** and
  **Tên**: required.
- **Ngày sinh** (a date: 05/09/2017, 5-9-2017, 2017-09-05, an Excel date) or **Năm sinh**
  (2017): required. Only the year is kept.
- **Giới tính**: optional, recognised and not stored: teaching does not need it.
- Any other column (STT, mã học sinh, dân tộc, địa chỉ, ...) is ignored and not stored.

Parsing never touches the database; ``roster_check`` compares with the class.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .tabular import Cell, Table, TableError, header_key, read_table

MAX_LEARNERS_PER_CLASS = 60
# Youngest and oldest learners a school or care facility enrols.
MIN_AGE, MAX_AGE = 3, 20

NAME_HEADERS = {
    "hoten",
    "hovaten",
    "hotenhocsinh",
    "hovatenhocsinh",
    "tenhocsinh",
    "hotentre",
    "hovatentre",
    "hotenhs",
    "hovatenhs",
    "fullname",
    "name",
}
FAMILY_HEADERS = {"ho", "hodem", "holot", "hovatendem", "hovadem", "hotendem"}
GIVEN_HEADERS = {"ten"}
BIRTH_HEADERS = {
    "ngaysinh",
    "ngaythangnamsinh",
    "sinhngay",
    "namsinh",
    "ngaysinhddmmyyyy",
    "dateofbirth",
    "birthdate",
    "dob",
    "birthyear",
}
GENDER_HEADERS = {"gioitinh", "gt", "namnu", "gender", "sex"}
FORMULA_PREFIXES = ("=", "+", "-", "@")


class RosterError(Exception):
    """The file cannot be used at all (wrong columns, unreadable); nothing was saved."""


@dataclass(frozen=True)
class RosterRow:
    row: int
    name: str
    birth_year: int

    @property
    def key(self) -> tuple[str, int]:
        return name_key(self.name), self.birth_year


@dataclass
class RosterParse:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row, message)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def name_key(name: str) -> str:
    """How two spellings of one name compare: case, spacing and Unicode form do not count."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def clean_name(raw: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    # Lists typed in capitals ("NGUYỄN VĂN AN") read better as names.
    if name.isupper():
        name = name.title()
    return name


def name_problem(name: str) -> str | None:
    if not name:
        return _("the full name is empty")
    if name.startswith(FORMULA_PREFIXES):
        return _("the name starts with “%(char)s”, which spreadsheets treat as a formula") % {
            "char": name[0]
        }
    if len(name) > 100:
        return _("the name is longer than 100 characters")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return _("the name contains control characters")
    if not any(ch.isalpha() for ch in name):
        return _("“%(name)s” is not a name") % {"name": name}
    if any(ch.isdigit() for ch in name):
        return _("the name “%(name)s” contains digits") % {"name": name}
    return None


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:[ T].*)?$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_birth(cell: Cell, *, today: date) -> tuple[int | None, str | None]:
    """(birth year, None) or (None, problem). Vietnamese order is day/month/year."""
    value = cell.value
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1900 <= int(value) <= 2100:
            return _check_year(int(value), today=today)
        return None, _("“%(value)s” is not a date of birth (write it as 05/09/2017)") % {
            "value": cell.text()
        }
    else:
        text = cell.text()
        if not text:
            return None, _("the date of birth is empty")
        if match := _DMY.match(text):
            d, m, y = (int(g) for g in match.groups())
            if y < 100:
                y += 2000 if y <= today.year % 100 else 1900
        elif match := _YMD.match(text):
            y, m, d = (int(g) for g in match.groups())
        elif match := _YEAR.match(text):
            return _check_year(int(match.group(1)), today=today)
        else:
            return None, _("“%(value)s” is not a date (write it as day/month/year: 05/09/2017)") % {
                "value": text
            }
        try:
            day = date(y, m, d)
        except ValueError:
            return None, _("“%(value)s” is not a real date (day/month/year)") % {"value": text}
    if day > today:
        return None, _("the date of birth %(value)s is in the future") % {
            "value": day.strftime("%d/%m/%Y")
        }
    return _check_year(day.year, today=today)


def _check_year(year: int, *, today: date) -> tuple[int | None, str | None]:
    age = today.year - year
    if age < MIN_AGE or age > MAX_AGE:
        return None, _(
            "a learner born in %(year)s would be %(age)s this year; learners are %(min)s to %(max)s"
        ) % {"year": year, "age": age, "min": MIN_AGE, "max": MAX_AGE}
    return year, None


def _find_columns(headers: list[str]) -> dict[str, int | None]:
    keys = [header_key(h) for h in headers]

    def first(candidates: set[str]) -> int | None:
        return next((i for i, k in enumerate(keys) if k in candidates), None)

    return {
        "name": first(NAME_HEADERS),
        "family": first(FAMILY_HEADERS),
        "given": first(GIVEN_HEADERS),
        "birth": first(BIRTH_HEADERS),
        "gender": first(GENDER_HEADERS),
    }


def _is_roster_header(keys: list[str]) -> bool:
    keyset = set(keys)
    return bool(keyset & NAME_HEADERS) or bool(keyset & GIVEN_HEADERS and keyset & FAMILY_HEADERS)


def roster_parse(*, data: bytes, filename: str, today: date | None = None) -> RosterParse:
    """Read a class list. Raises RosterError when the file as a whole cannot be used."""
    today = today or timezone.localdate()
    try:
        table: Table = read_table(
            data=data,
            filename=filename,
            is_header=_is_roster_header,
            max_rows=MAX_LEARNERS_PER_CLASS,
        )
    except TableError as exc:
        message = _wrong_columns_message() if exc.code == "no_header" else str(exc)
        raise RosterError(message) from exc
    columns = _find_columns(table.headers)
    split_name = columns["name"] is None
    if split_name and (columns["given"] is None or columns["family"] is None):
        raise RosterError(_wrong_columns_message())
    if columns["birth"] is None:
        raise RosterError(
            _(
                "The file has no “Ngày sinh” (date of birth) column. Add it next to the "
                "names; only the year of birth is kept."
            )
        )
    used = {i for i in columns.values() if i is not None}
    data_columns = sorted(i for key, i in columns.items() if key != "gender" and i is not None)
    result = RosterParse(notes=list(table.notes))
    result.ignored_columns = [
        h for i, h in enumerate(table.headers) if i not in used and h and h.strip()
    ]
    for number, cells in table.rows:
        problems = []
        formula_cells = [
            table.column(cells, i) for i in data_columns if table.column(cells, i).is_formula
        ]
        if formula_cells:
            result.errors.append(
                (
                    number,
                    _(
                        "a cell holds a formula (%(formula)s); copy the column and paste "
                        "it back as values only"
                    )
                    % {"formula": formula_cells[0].text()[:40]},
                )
            )
            continue
        if split_name:
            raw_name = " ".join(
                part
                for part in (
                    table.column(cells, columns["family"]).text(),
                    table.column(cells, columns["given"]).text(),
                )
                if part
            )
        else:
            raw_name = table.column(cells, columns["name"]).text()
        name = clean_name(raw_name)
        if problem := name_problem(name):
            problems.append(problem)
        birth_year, birth_problem = parse_birth(table.column(cells, columns["birth"]), today=today)
        if birth_problem:
            problems.append(birth_problem)
        if problems:
            result.errors.append((number, "; ".join(problems)))
            continue
        result.rows.append(RosterRow(row=number, name=name, birth_year=birth_year))
    # The same child twice in one file: same name and same year of birth.
    first_row: dict[tuple[str, int], int] = {}
    for row in result.rows:
        if row.key in first_row:
            result.errors.append(
                (
                    row.row,
                    _(
                        "%(name)s (born %(year)s) is already on row %(first)s; if these are two "
                        "children, write their names so they can be told apart (e.g. add A and B)"
                    )
                    % {"name": row.name, "year": row.birth_year, "first": first_row[row.key]},
                )
            )
        else:
            first_row[row.key] = row.row
    result.errors.sort()
    if not result.rows and not result.errors:
        raise RosterError(_("The file has a header but no learners under it."))
    return result


def _wrong_columns_message() -> str:
    return _(
        "The columns were not recognised. The first row of the list must name the columns: "
        "“Họ tên” (or “Họ” and “Tên”), “Ngày sinh”, and optionally “Giới tính”."
    )
