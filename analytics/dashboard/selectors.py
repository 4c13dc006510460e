"""Reads for the dashboards: rollups and the registry, aggregated in SQL.

Nothing here reads statements, so a dashboard costs the same whatever their number. The
figures of a province (about 2,000 units) come from two grouped queries, those of the nation
(about 27,000 units) from three; the results are small (one row per level × ward, or per
province × level) and cached per (scope, school year, filters) for DASHBOARD_CACHE_SECONDS
(see cache.py). Lists of single schools (units not yet covered, the per-school sheet of the
yearly report) are one query each, paginated on screen.

Registered units are the active schools and facilities (School.is_active) of the province; a
unit is covered in a school year when its SchoolYearRollup has ``covered_on`` set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from analytics.models import ProvinceMonthRollup, SchoolYearRollup
from lms.accounts.models import User
from lms.collation import vietnamese
from lms.schools.models import Classroom, Enrollment, Province, School, SchoolYear, Ward
from lms.schools.services import school_year_for

from .cache import dashboard_cache_key, dashboard_cached

LEVELS: list[str] = [choice.value for choice in School.Level]


class Figures(NamedTuple):
    """The numbers of a group of units (a ward, a level, a province, the nation).

    A named tuple rather than a dataclass: hundreds of them go through the cache on every
    dashboard request, and tuples unpickle several times faster than frozen dataclasses."""

    units: int = 0
    covered: int = 0
    classes: int = 0
    classes_ran: int = 0
    learners_enrolled: int = 0
    learners_reached: int = 0
    modules_completed: int = 0
    best_score_sum: float = 0.0
    scores: int = 0

    def __add__(self, other: Figures) -> Figures:  # type: ignore[override]  (sum, not concat)
        return Figures(
            self.units + other.units,
            self.covered + other.covered,
            self.classes + other.classes,
            self.classes_ran + other.classes_ran,
            self.learners_enrolled + other.learners_enrolled,
            self.learners_reached + other.learners_reached,
            self.modules_completed + other.modules_completed,
            self.best_score_sum + other.best_score_sum,
            self.scores + other.scores,
        )

    @property
    def coverage(self) -> float | None:
        return self.covered / self.units if self.units else None

    @property
    def reach(self) -> float | None:
        return self.learners_reached / self.learners_enrolled if self.learners_enrolled else None

    @property
    def average_score(self) -> float | None:
        """The average best score, on the 10-point scale Vietnamese schools use."""
        return 10 * self.best_score_sum / self.scores if self.scores else None


def figures_sum(items) -> Figures:
    total = Figures()
    for item in items:
        total = total + item
    return total


# --- School years -------------------------------------------------------------------------


def school_years() -> list[SchoolYear]:
    return list(SchoolYear.objects.order_by("-starts_on"))


def default_school_year() -> SchoolYear:
    """The current school year if it is registered; else the latest with figures; else the
    current one, created with the default dates (school_year_for)."""
    today = timezone.localdate()
    current = SchoolYear.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
    if current is not None:
        return current
    latest_with_data = (
        SchoolYear.objects.filter(
            Exists(SchoolYearRollup.objects.filter(school_year=OuterRef("pk")))
        )
        .order_by("-starts_on")
        .first()
    )
    return latest_with_data or school_year_for(day=today)


def month_axis(year: SchoolYear, *, today: date | None = None) -> list[date]:
    """First days of the months of the school year, up to this month."""
    today = today or timezone.localdate()
    month = year.starts_on.replace(day=1)
    last = min(year.ends_on, today).replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


# --- Grouped figures ----------------------------------------------------------------------


def registered_units(
    *, province: Province | None = None, level: str = "", ward: Ward | None = None
) -> QuerySet[School]:
    schools = School.objects.filter(is_active=True)
    if province is not None:
        schools = schools.filter(province=province)
    if level:
        schools = schools.filter(level=level)
    if ward is not None:
        schools = schools.filter(ward=ward)
    return schools


def _grouped_figures(
    schools: QuerySet[School], year: SchoolYear, group_by: tuple[str, ...]
) -> list[tuple[tuple, Figures]]:
    """One SQL query: the schools joined to their rollup of this year (at most one row each,
    hence FilteredRelation), summed per group."""
    rows = (
        schools.annotate(yr=FilteredRelation("rollups", condition=Q(rollups__school_year=year)))
        .values(*group_by)
        .annotate(
            units=Count("pk"),
            covered=Count("yr__pk", filter=Q(yr__covered_on__isnull=False)),
            classes=Sum("yr__classes"),
            classes_ran=Sum("yr__classes_ran"),
            learners_enrolled=Sum("yr__learners_enrolled"),
            learners_reached=Sum("yr__learners_reached"),
            modules_completed=Sum("yr__modules_completed"),
            best_score_sum=Sum("yr__best_score_sum"),
            scores=Sum("yr__scores"),
        )
        .order_by()
    )
    names = Figures._fields
    return [
        (tuple(row[g] for g in group_by), Figures(**{n: row[n] or 0 for n in names}))
        for row in rows
    ]


def _newly_covered_by_month(
    schools: QuerySet[School], year: SchoolYear, group_by: tuple[str, ...] = ()
) -> dict[tuple, int]:
    rows = (
        SchoolYearRollup.objects.filter(
            school__in=schools, school_year=year, covered_on__isnull=False
        )
        .annotate(month=TruncMonth("covered_on"))
        .values(*group_by, "month")
        .annotate(units=Count("pk"))
        .order_by()
    )
    return {(*(row[g] for g in group_by), _as_date(row["month"])): row["units"] for row in rows}


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _learner_months(
    year: SchoolYear, province: Province | None = None
) -> dict[date, tuple[int, int]]:
    """Learners newly reached and modules completed per month (ProvinceMonthRollup): known
    for a whole province or the nation only, not per level or ward."""
    rows = ProvinceMonthRollup.objects.filter(school_year=year)
    if province is not None:
        rows = rows.filter(province=province)
    rows = (
        rows.values("month")
        .annotate(
            reached=Sum("learners_newly_reached"),
            modules=Sum("modules_completed"),
        )
        .order_by()
    )
    return {row["month"]: (row["reached"] or 0, row["modules"] or 0) for row in rows}


@dataclass
class TrendPoint:
    month: date
    newly_covered: int
    covered: int  # cumulative
    units: int
    learners_newly_reached: int | None  # None: not known for this filter
    modules_completed: int | None

    @property
    def coverage(self) -> float | None:
        return self.covered / self.units if self.units else None


def _trend(
    months: list[date],
    newly: dict[date, int],
    units: int,
    learner_months: dict[date, tuple[int, int]] | None,
) -> list[TrendPoint]:
    points = []
    for month in months:
        covered = sum(count for when, count in newly.items() if when <= month)
        reached = modules = None
        if learner_months is not None:
            reached, modules = learner_months.get(month, (0, 0))
        points.append(
            TrendPoint(
                month=month,
                newly_covered=newly.get(month, 0),
                covered=covered,
                units=units,
                learners_newly_reached=reached,
                modules_completed=modules,
            )
        )
    return points


# --- The province -------------------------------------------------------------------------


@dataclass
class ProvinceFigures:
    """Everything the province dashboard shows, but the lists of single units."""

    province_code: str
    year_id: int
    level: str
    ward_code: str
    groups: list[tuple[tuple[str, str], Figures]]  # ((level, ward code), figures)
    ward_names: dict[str, str]
    wards_without_units: int
    trend: list[TrendPoint]
    computed_at: datetime = field(default_factory=timezone.now)

    @property
    def totals(self) -> Figures:
        return figures_sum(figures for _, figures in self.groups)

    def by_level(self) -> list[tuple[str, Figures]]:
        sums: dict[str, Figures] = {}
        for (level, _), figures in self.groups:
            sums[level] = sums.get(level, Figures()) + figures
        return [(level, sums[level]) for level in LEVELS if level in sums]

    def by_ward(self) -> list[tuple[str, str, Figures]]:
        sums: dict[str, Figures] = {}
        for (_, ward_code), figures in self.groups:
            sums[ward_code] = sums.get(ward_code, Figures()) + figures
        return [(code, self.ward_names.get(code, code), sums[code]) for code in sums]


def province_figures(
    *, province: Province, year: SchoolYear, level: str = "", ward: Ward | None = None
) -> ProvinceFigures:
    key = dashboard_cache_key("province", province.code, year.pk, level, ward and ward.code)
    return dashboard_cached(
        key, lambda: _province_figures(province=province, year=year, level=level, ward=ward)
    )


def _province_figures(
    *, province: Province, year: SchoolYear, level: str, ward: Ward | None
) -> ProvinceFigures:
    schools = registered_units(province=province, level=level, ward=ward)
    groups = _grouped_figures(schools, year, ("level", "ward__code"))
    ward_names = dict(Ward.objects.filter(province=province).values_list("code", "name"))
    wards_with_units = {ward_code for (_, ward_code), _ in groups}
    wards_without_units = 0
    if not level and ward is None:
        wards_without_units = len(set(ward_names) - wards_with_units)
    newly = {month: n for (month,), n in _newly_covered_by_month(schools, year).items()}
    units = sum(figures.units for _, figures in groups)
    learner_months = _learner_months(year, province) if not level and ward is None else None
    return ProvinceFigures(
        province_code=province.code,
        year_id=year.pk,
        level=level,
        ward_code=ward.code if ward else "",
        groups=groups,
        ward_names=ward_names,
        wards_without_units=wards_without_units,
        trend=_trend(month_axis(year), newly, units, learner_months),
    )


def _count_subquery(queryset: QuerySet, outer_field: str) -> Coalesce:
    counted = (
        queryset.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _classes_registered(year: SchoolYear) -> Coalesce:
    return _count_subquery(Classroom.objects.filter(school_year=year), "school")


def _teachers_registered() -> Coalesce:
    return _count_subquery(User.objects.filter(role=User.Role.TEACHER, is_active=True), "school")


def uncovered_units(
    *,
    province: Province,
    year: SchoolYear,
    level: str = "",
    ward: Ward | None = None,
    search: str = "",
) -> QuerySet[School]:
    """Registered units not covered in the year, with their classes and teachers registered:
    whom the department should call. One query per page (plus the paginator's count)."""
    covered = SchoolYearRollup.objects.filter(
        school=OuterRef("pk"), school_year=year, covered_on__isnull=False
    )
    schools = registered_units(province=province, level=level, ward=ward).filter(~Exists(covered))
    if search:
        schools = schools.filter(Q(name__icontains=search) | Q(code__iexact=search))
    return (
        schools.annotate(
            classes_registered=_classes_registered(year),
            teachers_registered=_teachers_registered(),
        )
        .select_related("ward")
        .order_by(vietnamese("ward__name"), vietnamese("name"), "pk")
    )


@dataclass(frozen=True, slots=True)
class SchoolLine:
    """One unit in the per-school list of the yearly report."""

    code: str
    name: str
    level: str
    ward_name: str
    classes_registered: int
    teachers_registered: int
    figures: Figures
    covered_on: date | None


def school_lines(
    *, province: Province, year: SchoolYear, level: str = "", ward: Ward | None = None
) -> list[SchoolLine]:
    """Every registered unit with its figures for the year: one query."""
    rows = (
        registered_units(province=province, level=level, ward=ward)
        .annotate(
            yr=FilteredRelation("rollups", condition=Q(rollups__school_year=year)),
            classes_registered=_classes_registered(year),
            teachers_registered=_teachers_registered(),
        )
        .values(
            "code",
            "name",
            "level",
            "ward__name",
            "classes_registered",
            "teachers_registered",
            "yr__classes",
            "yr__classes_ran",
            "yr__learners_enrolled",
            "yr__learners_reached",
            "yr__modules_completed",
            "yr__best_score_sum",
            "yr__scores",
            "yr__covered_on",
        )
        .order_by(vietnamese("ward__name"), vietnamese("name"), "pk")
    )
    return [
        SchoolLine(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            ward_name=row["ward__name"],
            classes_registered=row["classes_registered"],
            teachers_registered=row["teachers_registered"],
            figures=Figures(
                units=1,
                covered=int(row["yr__covered_on"] is not None),
                classes=row["yr__classes"] or 0,
                classes_ran=row["yr__classes_ran"] or 0,
                learners_enrolled=row["yr__learners_enrolled"] or 0,
                learners_reached=row["yr__learners_reached"] or 0,
                modules_completed=row["yr__modules_completed"] or 0,
                best_score_sum=row["yr__best_score_sum"] or 0.0,
                scores=row["yr__scores"] or 0,
            ),
            covered_on=row["yr__covered_on"],
        )
        for row in rows
    ]


# --- One school ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClassLine:
    name: str
    grade: int | None
    age_min: int | None
    age_max: int | None
    age_band: int
    archived: bool
    teachers: int
    learners_enrolled: int
    learners_completed: int
    modules_completed: int
    ran_on: date | None


@dataclass(frozen=True, slots=True)
class SchoolFigures:
    figures: Figures
    covered_on: date | None
    classes: list[ClassLine]


def school_figures(*, school: School, year: SchoolYear) -> SchoolFigures:
    """A unit's figures for the year and its classes, whether each ran the programme; no
    learner is named. Two queries."""
    rollup = SchoolYearRollup.objects.filter(school=school, school_year=year).first()
    enrolled_now = _count_subquery(Enrollment.objects.filter(left_at__isnull=True), "classroom")
    teachers = _count_subquery(Classroom.teachers.through.objects.all(), "classroom")
    rows = (
        Classroom.objects.filter(school=school, school_year=year)
        .annotate(enrolled_now=enrolled_now, teacher_count=teachers)
        .values(
            "name",
            "grade",
            "age_min",
            "age_max",
            "age_band",
            "archived_at",
            "teacher_count",
            "enrolled_now",
            "rollup__pk",
            "rollup__learners_enrolled",
            "rollup__learners_completed",
            "rollup__modules_completed",
            "rollup__ran_on",
        )
        .order_by("grade", "age_min", "name", "pk")
    )
    classes = [
        ClassLine(
            name=row["name"],
            grade=row["grade"],
            age_min=row["age_min"],
            age_max=row["age_max"],
            age_band=row["age_band"],
            archived=row["archived_at"] is not None,
            teachers=row["teacher_count"],
            # A class nobody has worked in yet may have no rollup: count its roster.
            learners_enrolled=(
                row["rollup__learners_enrolled"]
                if row["rollup__pk"] is not None
                else row["enrolled_now"]
            ),
            learners_completed=row["rollup__learners_completed"] or 0,
            modules_completed=row["rollup__modules_completed"] or 0,
            ran_on=row["rollup__ran_on"],
        )
        for row in rows
    ]
    if rollup is None:
        figures = Figures(
            units=1,
            classes=len(classes),
            learners_enrolled=sum(line.learners_enrolled for line in classes),
        )
        return SchoolFigures(figures=figures, covered_on=None, classes=classes)
    figures = Figures(
        units=1,
        covered=int(rollup.covered_on is not None),
        classes=rollup.classes,
        classes_ran=rollup.classes_ran,
        learners_enrolled=rollup.learners_enrolled,
        learners_reached=rollup.learners_reached,
        modules_completed=rollup.modules_completed,
        best_score_sum=rollup.best_score_sum,
        scores=rollup.scores,
    )
    return SchoolFigures(figures=figures, covered_on=rollup.covered_on, classes=classes)


# --- The nation ---------------------------------------------------------------------------


@dataclass
class NationalFigures:
    year_id: int
    level: str
    provinces: list[tuple[str, str]]  # (code, name), all 34
    groups: list[tuple[tuple[str, str], Figures]]  # ((province code, level), figures)
    months: list[date]
    newly_covered: dict[tuple[str, date], int]
    learner_months: dict[date, tuple[int, int]] | None
    computed_at: datetime = field(default_factory=timezone.now)

    @property
    def totals(self) -> Figures:
        return figures_sum(figures for _, figures in self.groups)

    def by_province(self) -> list[tuple[str, str, Figures]]:
        sums: dict[str, Figures] = {}
        for (code, _), figures in self.groups:
            sums[code] = sums.get(code, Figures()) + figures
        return [(code, name, sums.get(code, Figures())) for code, name in self.provinces]

    def by_level(self) -> list[tuple[str, Figures]]:
        sums: dict[str, Figures] = {}
        for (_, level), figures in self.groups:
            sums[level] = sums.get(level, Figures()) + figures
        return [(level, sums[level]) for level in LEVELS if level in sums]

    def trend(self) -> list[TrendPoint]:
        newly: dict[date, int] = {}
        for (_, month), count in self.newly_covered.items():
            newly[month] = newly.get(month, 0) + count
        return _trend(self.months, newly, self.totals.units, self.learner_months)

    def province_trends(self) -> list[tuple[str, str, list[TrendPoint]]]:
        """Cumulative coverage per province and month (the national trend per province)."""
        units = {code: figures.units for code, _, figures in self.by_province()}
        per_province: dict[str, dict[date, int]] = {}
        for (code, month), count in self.newly_covered.items():
            per_province.setdefault(code, {})[month] = count
        return [
            (code, name, _trend(self.months, per_province.get(code, {}), units[code], None))
            for code, name in self.provinces
        ]


def national_figures(*, year: SchoolYear, level: str = "") -> NationalFigures:
    key = dashboard_cache_key("nation", year.pk, level)
    return dashboard_cached(key, lambda: _national_figures(year=year, level=level))


def _national_figures(*, year: SchoolYear, level: str) -> NationalFigures:
    schools = registered_units(level=level)
    groups = _grouped_figures(schools, year, ("province__code", "level"))
    newly = _newly_covered_by_month(schools, year, ("school__province__code",))
    return NationalFigures(
        year_id=year.pk,
        level=level,
        provinces=list(Province.objects.order_by("code").values_list("code", "name")),
        groups=groups,
        months=month_axis(year),
        newly_covered={(code, month): n for (code, month), n in newly.items()},
        learner_months=None if level else _learner_months(year),
    )
