"""The school registry: schools and child-care facilities imported from a CSV or XLSX file
(``manage.py import_schools``). All or nothing; every problem is reported with its row.

Columns (header names in Vietnamese or English; accents, case and spacing do not matter):

| column | also accepted | example |
|---|---|---|
| Mã trường | ma_truong, code | 08001234 |
| Tên trường | ten_truong, name | Trường Tiểu học Minh Xuân |
| Cấp học | cap_hoc, level | Tiểu học · THCS · THPT · Liên cấp · Cơ sở bảo vệ, nuôi dưỡng trẻ em |
| Mã tỉnh | ma_tinh, province_code | 08 |
| Mã xã | ma_xa, ma_phuong_xa, ward_code | 02215 |
| Tên xã (optional) | ten_xa, ward_name | Phường Minh Xuân: checked against the code |

Province and ward codes are the official ones after the 2025 reorganisation (34 provinces,
3,321 wards). Leading zeros that Excel drops ("8", "2215") are restored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Province, School, Ward
from .tabular import Table, header_key, read_table

MAX_SCHOOLS_PER_FILE = 50_000

COLUMNS = {
    "code": {"matruong", "code", "schoolcode", "madonvi", "macoso"},
    "name": {"tentruong", "name", "schoolname", "tendonvi", "tencoso"},
    "level": {"caphoc", "level", "loaihinh", "loaitruong"},
    "province": {"matinh", "provincecode", "matinhthanhpho", "matinhthanh"},
    "ward": {"maxa", "maphuongxa", "maxaphuong", "wardcode", "maxaphuongdackhu"},
    "ward_name": {"tenxa", "tenphuongxa", "tenxaphuong", "wardname"},
}
REQUIRED = ("code", "name", "level", "province", "ward")
COLUMN_LABELS = {
    "code": "Mã trường",
    "name": "Tên trường",
    "level": "Cấp học",
    "province": "Mã tỉnh",
    "ward": "Mã xã",
}

LEVELS = {
    "tieuhoc": School.Level.PRIMARY,
    "th": School.Level.PRIMARY,
    "primary": School.Level.PRIMARY,
    "thcs": School.Level.LOWER_SECONDARY,
    "trunghoccoso": School.Level.LOWER_SECONDARY,
    "lowersecondary": School.Level.LOWER_SECONDARY,
    "thpt": School.Level.UPPER_SECONDARY,
    "trunghocphothong": School.Level.UPPER_SECONDARY,
    "uppersecondary": School.Level.UPPER_SECONDARY,
    "liencap": School.Level.MULTI_LEVEL,
    "phothongliencap": School.Level.MULTI_LEVEL,
    "truongliencap": School.Level.MULTI_LEVEL,
    "ththcs": School.Level.MULTI_LEVEL,
    "thcsthpt": School.Level.MULTI_LEVEL,
    "ththcsthpt": School.Level.MULTI_LEVEL,
    "multilevel": School.Level.MULTI_LEVEL,
    "carefacility": School.Level.CARE_FACILITY,
}
CODE_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,32}$")
WARD_PREFIXES = ("xa", "phuong", "dackhu", "thitran")


def level_from_text(text: str) -> str | None:
    key = header_key(text)
    if key in LEVELS:
        return LEVELS[key]
    if key in School.Level.values:
        return key
    # "Cơ sở bảo vệ, nuôi dưỡng trẻ em", "Cơ sở trợ giúp xã hội", "Trung tâm nuôi dưỡng ..."
    if key.startswith(("coso", "trungtam", "langtre")):
        return School.Level.CARE_FACILITY
    return None


def _ward_name_key(name: str) -> str:
    key = header_key(name)
    for prefix in WARD_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


@dataclass
class RegistryRow:
    row: int
    code: str
    name: str
    level: str
    province: Province
    ward: Ward


@dataclass
class RegistryResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


class RegistryError(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__("\n".join(f"{row}: {message}" for row, message in errors))
        self.errors = errors


def registry_parse(*, data: bytes, filename: str) -> list[RegistryRow]:
    """Rows of a registry file, every one checked; raises RegistryError listing every
    problem (row 0 = the file as a whole)."""

    def is_header(keys: list[str]) -> bool:
        found = {name for name, options in COLUMNS.items() if set(keys) & options}
        return {"code", "name"} <= found

    table: Table = read_table(
        data=data, filename=filename, is_header=is_header, max_rows=MAX_SCHOOLS_PER_FILE
    )
    keys = [header_key(h) for h in table.headers]
    index = {
        name: next((i for i, k in enumerate(keys) if k in options), None)
        for name, options in COLUMNS.items()
    }
    missing = [COLUMN_LABELS[name] for name in REQUIRED if index[name] is None]
    if missing:
        raise RegistryError(
            [(0, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})]
        )
    provinces = {p.code: p for p in Province.objects.all()}
    wards = {w.code: w for w in Ward.objects.select_related("province")}
    errors: list[tuple[int, str]] = []
    rows: list[RegistryRow] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        value = {name: table.column(cells, i) for name, i in index.items()}
        if any(cell.is_formula for cell in value.values()):
            errors.append((number, _("a cell holds a formula; paste the values instead")))
            continue
        problems = []
        code = value["code"].text()
        name = " ".join(value["name"].text().split())
        if not CODE_PATTERN.match(code):
            problems.append(
                _("school code “%(code)s” is not valid (letters, digits, . _ -; at most 32)")
                % {"code": code}
                if code
                else _("the school code is empty")
            )
        elif code in seen:
            problems.append(
                _("school code %(code)s is already on row %(row)s")
                % {"code": code, "row": seen[code]}
            )
        if not name:
            problems.append(_("the school name is empty"))
        elif len(name) > 200:
            problems.append(_("the school name is longer than 200 characters"))
        level = level_from_text(value["level"].text())
        if level is None:
            problems.append(
                _(
                    "level “%(level)s” is not one of: Tiểu học, THCS, THPT, Liên cấp, "
                    "Cơ sở bảo vệ, nuôi dưỡng trẻ em"
                )
                % {"level": value["level"].text()}
            )
        province_text = value["province"].text()
        province = provinces.get(province_text.zfill(2)) if province_text.isdigit() else None
        if province is None:
            problems.append(
                _("province code “%(code)s” is not one of the 34 province codes")
                % {"code": province_text}
            )
        ward_text = value["ward"].text()
        ward = wards.get(ward_text.zfill(5)) if ward_text.isdigit() else None
        if ward is None:
            problems.append(_("ward code “%(code)s” does not exist") % {"code": ward_text})
        elif province is not None and ward.province_id != province.pk:
            problems.append(
                _("ward %(ward)s (%(ward_name)s) is in %(real)s, not in province %(code)s")
                % {
                    "ward": ward.code,
                    "ward_name": ward.name,
                    "real": ward.province.name,
                    "code": province.code,
                }
            )
        ward_name = value["ward_name"].text()
        if (
            ward is not None
            and ward_name
            and _ward_name_key(ward_name) != _ward_name_key(ward.name)
        ):
            problems.append(
                _("ward code %(code)s is %(real)s, but the file says “%(given)s”")
                % {"code": ward.code, "real": ward.name, "given": ward_name}
            )
        if problems:
            errors.append((number, "; ".join(problems)))
            continue
        seen[code] = number
        rows.append(
            RegistryRow(row=number, code=code, name=name, level=level, province=province, ward=ward)
        )
    if errors:
        raise RegistryError(errors)
    if not rows:
        raise RegistryError([(0, _("The file has a header but no schools under it."))])
    return rows


@transaction.atomic
def registry_import(*, rows: list[RegistryRow]) -> RegistryResult:
    """Create or update schools by their official code; all rows or none."""
    result = RegistryResult()
    existing = {s.code: s for s in School.objects.filter(code__in=[r.code for r in rows])}
    new = []
    for row in rows:
        school = existing.get(row.code)
        if school is None:
            new.append(
                School(
                    code=row.code,
                    name=row.name,
                    level=row.level,
                    province=row.province,
                    ward=row.ward,
                )
            )
            continue
        changed = [
            field_name
            for field_name, value in (
                ("name", row.name),
                ("level", row.level),
                ("province_id", row.province.pk),
                ("ward_id", row.ward.pk),
                ("is_active", True),
            )
            if getattr(school, field_name) != value
        ]
        if not changed:
            result.unchanged += 1
            continue
        school.name, school.level, school.is_active = row.name, row.level, True
        school.province_id, school.ward_id = row.province.pk, row.ward.pk
        school.save(update_fields=[f.removesuffix("_id") for f in changed])
        result.updated += 1
    School.objects.bulk_create(new, batch_size=1000)
    result.created = len(new)
    return result
