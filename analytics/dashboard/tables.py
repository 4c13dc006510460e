"""The dashboards' tables, one definition each for the screen and for the exports.

A table is a list of columns (key, Vietnamese heading, kind) and rows of values as they may
be shown (privacy.public_figures). The page renders it (templatetags/dashboard.py formats each
kind), exports.py turns the same rows into CSV and XLSX: what an official downloads is what
they saw, under the same filters.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.collation import vietnamese_sort_key
from lms.schools.models import School

from .formatting import format_cell
from .privacy import is_withheld, public_count, public_figures, threshold
from .selectors import (
    ClassLine,
    Figures,
    NationalFigures,
    ProvinceFigures,
    SchoolLine,
    TrendPoint,
)

# Short names of school levels, as officials write them in reports.
LEVEL_LABELS = {
    School.Level.PRIMARY: pgettext_lazy("school level", "Primary"),
    School.Level.LOWER_SECONDARY: pgettext_lazy("school level", "Lower secondary"),
    School.Level.UPPER_SECONDARY: pgettext_lazy("school level", "Upper secondary"),
    School.Level.MULTI_LEVEL: pgettext_lazy("school level", "Multi-level"),
    School.Level.CARE_FACILITY: pgettext_lazy("school level", "Child-care facility"),
}


def level_label(level: str) -> str:
    return str(LEVEL_LABELS.get(level, level))


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # text, count (learners; may be withheld), number (units, classes), pct (0..1),
    # score (0..10), date, month, ran (a date or None: "ran on" / "not yet")
    kind: str = "number"
    sortable: bool = False


@dataclass
class Table:
    slug: str  # the export's name
    title: str
    columns: list[Column]
    rows: list[dict]
    link_key: str | None = None  # a row's "url" links this column
    sheet: str = ""  # a short name for its Excel sheet (31 characters at most)
    sort: str = ""
    notes: list[str] = field(default_factory=list)

    def body_html(self) -> SafeString:
        """The table's rows as HTML, built here rather than cell by cell in a template:
        the per-unit lists run to thousands of cells. Every value and link is escaped."""
        lines = []
        for row in self.rows:
            cells = []
            for column in self.columns:
                kind = row.get("kind", "number") if column.kind == "mixed" else column.kind
                content = html.escape(format_cell(row.get(column.key), kind))
                url = row.get("url") if self.link_key == column.key else None
                if url:
                    content = f'<a href="{html.escape(url)}">{content}</a>'
                if column.key == "name":
                    cells.append(f'<th scope="row">{content}</th>')
                elif kind == "text":
                    cells.append(f"<td>{content}</td>")
                else:
                    cells.append(f'<td class="num">{content}</td>')
            css = ' class="total"' if row.get("is_total") else ""
            lines.append(f"<tr{css}>{''.join(cells)}</tr>")
        return mark_safe("\n".join(lines))  # noqa: S308  (built from escaped parts above)


def metric_columns(*, sortable: bool = False) -> list[Column]:
    return [
        Column("units", _("Registered units"), "number", sortable),
        Column("covered", _("Units that ran the programme"), "number", sortable),
        Column("coverage", _("Coverage (%)"), "pct", sortable),
        Column("classes", _("Classes with learners"), "number", sortable),
        Column("classes_ran", _("Classes that ran the programme"), "number", sortable),
        Column("learners_enrolled", _("Learners enrolled"), "count", sortable),
        Column("learners_reached", _("Learners who completed a module"), "count", sortable),
        Column("reach", _("Learner reach (%)"), "pct", sortable),
        Column("modules_completed", _("Modules completed"), "count", sortable),
        Column("average_score", _("Average best score (out of 10)"), "score", sortable),
    ]


def _metric_row(name: str, figures: Figures, **extra) -> dict:
    return {"name": name, **public_figures(figures), **extra}


UNIT_KEYS = ("units", "covered", "coverage")


def headline_table(figures: Figures, *, units: bool = True) -> Table:
    """The headline figures as a two-column table; without the unit counts for one unit."""
    values = public_figures(figures)
    rows = [
        {
            "key": column.key,
            "name": str(column.label),
            "value": values[column.key],
            "kind": column.kind,
        }
        for column in metric_columns()
        if units or column.key not in UNIT_KEYS
    ]
    if units:
        rows.insert(
            2,
            {
                "key": "uncovered",
                "name": str(_("Units not yet covered")),
                "value": figures.units - figures.covered,
                "kind": "number",
            },
        )
    return Table(
        slug="summary",
        title=str(_("Summary")),
        columns=[Column("name", _("Figure"), "text"), Column("value", _("Value"), "mixed")],
        rows=rows,
    )


def level_table(levels: list[tuple[str, Figures]], total: Figures) -> Table:
    rows = [_metric_row(level_label(level), figures) for level, figures in levels]
    rows.append(_metric_row(str(_("Total")), total, is_total=True))
    return Table(
        slug="levels",
        title=str(_("By school level")),
        columns=[Column("name", _("School level"), "text"), *metric_columns()],
        rows=rows,
    )


WARD_SORTS = ["name", *(c.key for c in metric_columns())]


def _sort_value(value):
    """Sort withheld counts together just under the threshold and hidden or missing values
    last, so the order reveals nothing the cells do not."""
    if value is None or (is_withheld(value) and not value.startswith("<")):
        return None
    if is_withheld(value):
        return threshold() / 2
    return value


def sort_rows(rows: list[dict], sort: str) -> list[dict]:
    descending = sort.startswith("-")
    key = sort.lstrip("-") or "coverage"
    by_name = sorted(rows, key=lambda row: vietnamese_sort_key(row["name"]))
    if key == "name":
        return list(reversed(by_name)) if descending else by_name
    present = [row for row in by_name if _sort_value(row.get(key)) is not None]
    missing = [row for row in by_name if _sort_value(row.get(key)) is None]
    present.sort(key=lambda row: _sort_value(row[key]), reverse=descending)
    return present + missing


def ward_table(province_figures: ProvinceFigures, *, sort: str, url_for_ward=None) -> Table:
    rows = []
    for code, name, figures in province_figures.by_ward():
        row = _metric_row(name, figures, ward_code=code)
        if url_for_ward:
            row["url"] = url_for_ward(code)
        rows.append(row)
    notes = []
    if province_figures.wards_without_units:
        notes.append(
            str(
                _(
                    "%(count)s communes and wards of the province have no registered unit and are not listed."
                )
                % {"count": province_figures.wards_without_units}
            )
        )
    return Table(
        slug="wards",
        title=str(_("By commune and ward")),
        columns=[
            Column("ward_code", _("Code"), "text"),
            Column("name", _("Commune / ward"), "text", sortable=True),
            *metric_columns(sortable=True),
        ],
        rows=sort_rows(rows, sort or "coverage"),
        link_key="name" if url_for_ward else None,
        sort=sort or "coverage",
        notes=notes,
    )


def trend_table(points: list[TrendPoint], *, with_learners: bool) -> Table:
    columns = [
        Column("month", _("Month"), "month"),
        Column("newly_covered", _("Units newly covered"), "number"),
        Column("covered", _("Units covered (cumulative)"), "number"),
        Column("coverage", _("Coverage (%)"), "pct"),
    ]
    if with_learners:
        columns += [
            Column("learners_newly_reached", _("Learners newly reached"), "count"),
            Column("modules_completed", _("Modules completed"), "count"),
        ]
    rows = []
    for point in points:
        row = {
            "name": point.month,
            "month": point.month,
            "newly_covered": point.newly_covered,
            "covered": point.covered,
            "coverage": point.coverage,
        }
        if with_learners:
            row["learners_newly_reached"] = public_count(point.learners_newly_reached or 0)
            row["modules_completed"] = public_count(point.modules_completed or 0)
        rows.append(row)
    notes = []
    if not with_learners:
        notes.append(
            str(
                _(
                    "Learners reached and modules completed per month are known for a whole province or the whole country only; remove the level and ward filters to see them."
                )
            )
        )
    return Table(
        slug="trend",
        title=str(_("Month by month")),
        columns=columns,
        rows=rows,
        notes=notes,
    )


def uncovered_columns() -> list[Column]:
    return [
        Column("code", _("Unit code"), "text"),
        Column("name", _("Unit"), "text"),
        Column("level", _("School level"), "text"),
        Column("ward", _("Commune / ward"), "text"),
        Column("classes_registered", _("Classes registered"), "number"),
        Column("teachers_registered", _("Teachers registered"), "number"),
    ]


def uncovered_table(schools, *, url_for_school=None) -> Table:
    rows = []
    for school in schools:
        row = {
            "code": school.code,
            "name": school.name,
            "level": level_label(school.level),
            "ward": school.ward.name,
            "classes_registered": school.classes_registered,
            "teachers_registered": school.teachers_registered,
        }
        if url_for_school:
            row["url"] = url_for_school(school.code)
        rows.append(row)
    return Table(
        slug="uncovered",
        title=str(_("Units not yet covered")),
        columns=uncovered_columns(),
        rows=rows,
        link_key="name" if url_for_school else None,
    )


def school_list_table(lines: list[SchoolLine]) -> Table:
    rows = []
    for line in lines:
        row = _metric_row(
            line.name,
            line.figures,
            code=line.code,
            level=level_label(line.level),
            ward=line.ward_name,
            classes_registered=line.classes_registered,
            teachers_registered=line.teachers_registered,
            covered_on=line.covered_on,
        )
        rows.append(row)
    keep = {"classes_ran", "learners_enrolled", "learners_reached", "reach"}
    keep |= {"modules_completed", "average_score"}
    return Table(
        slug="schools",
        title=str(_("By unit")),
        columns=[
            Column("code", _("Unit code"), "text"),
            Column("name", _("Unit"), "text"),
            Column("level", _("School level"), "text"),
            Column("ward", _("Commune / ward"), "text"),
            Column("covered_on", _("Ran the programme"), "ran"),
            Column("classes_registered", _("Classes registered"), "number"),
            Column("teachers_registered", _("Teachers registered"), "number"),
            *(c for c in metric_columns() if c.key in keep),
        ],
        rows=rows,
    )


def class_table(classes: list[ClassLine]) -> Table:
    rows = []
    limit = threshold()
    for line in classes:
        small_group = 0 < line.learners_enrolled < limit
        enrolled = public_count(line.learners_enrolled, small_group=small_group)
        completed = public_count(line.learners_completed, small_group=small_group)
        share = line.learners_completed / line.learners_enrolled if line.learners_enrolled else None
        if share is not None and (is_withheld(enrolled) or is_withheld(completed)):
            share = str(_("hidden"))
        if line.grade:
            group = str(_("Grade %(grade)s") % {"grade": line.grade})
        else:
            group = str(_("Ages %(min)s–%(max)s") % {"min": line.age_min, "max": line.age_max})
        rows.append(
            {
                "name": line.name + (" (" + str(_("archived")) + ")" if line.archived else ""),
                "group": group,
                "teachers": line.teachers,
                "learners_enrolled": enrolled,
                "learners_completed": completed,
                "share": share,
                "modules_completed": public_count(line.modules_completed, small_group=small_group),
                "ran_on": line.ran_on,
            }
        )
    return Table(
        slug="classes",
        title=str(_("Classes")),
        columns=[
            Column("name", _("Class"), "text"),
            Column("group", _("Grade or ages"), "text"),
            Column("teachers", _("Teachers"), "number"),
            Column("learners_enrolled", _("Learners enrolled"), "count"),
            Column("learners_completed", _("Learners who completed a module"), "count"),
            Column("share", _("Share who completed (%)"), "pct"),
            Column("modules_completed", _("Modules completed"), "count"),
            Column("ran_on", _("Ran the programme"), "ran"),
        ],
        rows=rows,
    )


# --- National -----------------------------------------------------------------------------


def province_ranking(national: NationalFigures, *, url_for_province=None) -> Table:
    rows = []
    for code, name, figures in national.by_province():
        row = _metric_row(name, figures, province_code=code)
        if url_for_province:
            row["url"] = url_for_province(code)
        rows.append(row)
    rows = sort_rows(rows, "-coverage")
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank if row["coverage"] is not None else None
    return Table(
        slug="provinces",
        title=str(_("Provinces ranked by coverage")),
        sheet=str(_("Ranking")),
        columns=[
            Column("rank", _("Rank"), "number"),
            Column("province_code", _("Code"), "text"),
            Column("name", _("Province / city"), "text"),
            *metric_columns(),
        ],
        rows=rows,
        link_key="name" if url_for_province else None,
    )


def province_trend_table(national: NationalFigures) -> Table:
    columns = [Column("name", _("Province / city"), "text")]
    columns += [Column(month.isoformat(), month_label(month), "pct") for month in national.months]
    rows = []
    for code, name, points in national.province_trends():
        row = {"name": name, "province_code": code}
        for point in points:
            row[point.month.isoformat()] = point.coverage
        rows.append(row)
    return Table(
        slug="province_trends",
        title=str(_("Coverage by province, month by month (%)")),
        sheet=str(_("Provinces by month")),
        columns=columns,
        rows=rows,
    )


def month_label(month: date) -> str:
    return f"{month.month:02d}/{month.year}"
