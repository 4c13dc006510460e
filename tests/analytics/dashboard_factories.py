"""Rollup rows built by hand, for testing what the dashboards read, filter, withhold and
export. (How statements become these rows is tested with the statement store.)"""

from datetime import date

import factory
import pytest
from factory.django import DjangoModelFactory

from analytics.models import ClassRollup, ProvinceMonthRollup, SchoolYearRollup
from lms.schools.models import School
from tests.factories import (
    ClassroomFactory,
    SchoolFactory,
    SchoolYearFactory,
    province,
    ward_in,
)


@pytest.fixture(autouse=True)
def clear_dashboard_cache():
    """Dashboards cache their figures; every test starts from an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class SchoolYearRollupFactory(DjangoModelFactory):
    class Meta:
        model = SchoolYearRollup

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    classes = 0
    classes_ran = 0
    learners_enrolled = 0
    learners_reached = 0
    modules_completed = 0
    best_score_sum = 0.0
    scores = 0
    covered_on = None


class ProvinceMonthRollupFactory(DjangoModelFactory):
    class Meta:
        model = ProvinceMonthRollup

    province = factory.LazyFunction(lambda: province("01"))
    school_year = factory.SubFactory(SchoolYearFactory)
    month = date(2025, 10, 1)
    units_newly_covered = 0
    learners_newly_reached = 0
    modules_completed = 0


class ClassRollupFactory(DjangoModelFactory):
    class Meta:
        model = ClassRollup

    classroom = factory.SubFactory(ClassroomFactory)
    learners_enrolled = 0
    learners_completed = 0
    modules_completed = 0
    ran_on = None


def make_unit(
    *,
    province_code: str = "01",
    ward_index: int = 0,
    level: str = School.Level.PRIMARY,
    year=None,
    rollup: dict | None = None,
    **school_fields,
) -> School:
    """A registered unit in a real ward, with its rollup for the year when given."""
    school = SchoolFactory(
        province=province(province_code),
        ward=ward_in(province_code, ward_index),
        level=level,
        **school_fields,
    )
    if rollup is not None:
        SchoolYearRollupFactory(school=school, school_year=year or SchoolYearFactory(), **rollup)
    return school


def hanoi_dataset() -> dict:
    """Hà Nội (01) in 2025-2026, by hand, with every case the dashboards must get right:

    ward 0: U1 primary, covered on 3 Oct 2025 (90 learners, 40 reached);
            U2 lower secondary, not covered (25 learners, 5 reached: a small count)
    ward 1: U3 primary, covered on 20 Nov 2025 (30 learners, 20 reached);
            U4 child-care facility, never started: no rollup, 2 classes, 1 teacher
    ward 2: U5 primary, covered but no longer active: not a registered unit
    Hồ Chí Minh City (79): U6, covered: never in Hà Nội's figures
    2024-2025: U1 covered with other figures: never in 2025-2026's
    """
    from tests.factories import ClassroomFactory, TeacherFactory

    year = SchoolYearFactory()
    previous = SchoolYearFactory(
        name="2024-2025", starts_on=date(2024, 9, 5), ends_on=date(2025, 8, 31)
    )
    u1 = make_unit(
        name="Trường Tiểu học Ba Đình",
        year=year,
        rollup={
            "classes": 3,
            "classes_ran": 1,
            "learners_enrolled": 90,
            "learners_reached": 40,
            "modules_completed": 55,
            "best_score_sum": 30.0,
            "scores": 40,
            "covered_on": date(2025, 10, 3),
        },
    )
    SchoolYearRollupFactory(
        school=u1,
        school_year=previous,
        classes=2,
        classes_ran=2,
        learners_enrolled=60,
        learners_reached=60,
        modules_completed=120,
        best_score_sum=54.0,
        scores=60,
        covered_on=date(2024, 12, 1),
    )
    u2 = make_unit(
        name="Trường THCS Ngọc Hà",
        level=School.Level.LOWER_SECONDARY,
        year=year,
        rollup={
            "classes": 2,
            "learners_enrolled": 25,
            "learners_reached": 5,
            "modules_completed": 6,
            "best_score_sum": 3.0,
            "scores": 5,
        },
    )
    u3 = make_unit(
        name="Trường Tiểu học Bạch Mai",
        ward_index=1,
        year=year,
        rollup={
            "classes": 1,
            "classes_ran": 1,
            "learners_enrolled": 30,
            "learners_reached": 20,
            "modules_completed": 20,
            "best_score_sum": 16.0,
            "scores": 20,
            "covered_on": date(2025, 11, 20),
        },
    )
    u4 = make_unit(
        name="Cơ sở trợ giúp trẻ em Hy Vọng", ward_index=1, level=School.Level.CARE_FACILITY
    )
    ClassroomFactory(school=u4, school_year=year, grade=None, age_min=6, age_max=10, name="Nhóm A")
    ClassroomFactory(school=u4, school_year=year, grade=None, age_min=11, age_max=15, name="Nhóm B")
    ClassroomFactory(school=u4, school_year=previous, grade=None, age_min=6, age_max=10, name="Cũ")
    TeacherFactory(school=u4)
    u5 = make_unit(
        name="Trường Tiểu học Đã Sáp Nhập",
        ward_index=2,
        year=year,
        is_active=False,
        rollup={
            "classes": 1,
            "classes_ran": 1,
            "learners_enrolled": 20,
            "covered_on": date(2025, 10, 1),
        },
    )
    u6 = make_unit(
        province_code="79",
        name="Trường Tiểu học Bến Thành",
        year=year,
        rollup={
            "classes": 5,
            "classes_ran": 5,
            "learners_enrolled": 150,
            "learners_reached": 150,
            "covered_on": date(2025, 9, 20),
        },
    )
    ProvinceMonthRollupFactory(
        school_year=year,
        month=date(2025, 10, 1),
        units_newly_covered=1,
        learners_newly_reached=40,
        modules_completed=55,
    )
    ProvinceMonthRollupFactory(
        school_year=year,
        month=date(2025, 11, 1),
        units_newly_covered=1,
        learners_newly_reached=20,
        modules_completed=20,
    )
    return {
        "year": year,
        "previous": previous,
        "u1": u1,
        "u2": u2,
        "u3": u3,
        "u4": u4,
        "u5": u5,
        "u6": u6,
    }


# --- Reading pages and files as a user would -------------------------------------------


def page_table(response, table_id: str) -> dict:
    """A table of a dashboard page: its headings and its rows, as the reader sees them,
    keyed by the row's name (its row header, else its first cell)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.find("table", id=f"table-{table_id}")
    assert table is not None, f"no table {table_id}"
    headings = [th.get_text(" ", strip=True).rstrip(" ▲▼") for th in table.thead.find_all("th")]
    rows = {}
    for tr in table.tbody.find_all("tr"):
        cells = [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        if len(cells) != len(headings):
            continue  # the "no data" row
        row_header = tr.find("th", scope="row")
        name = row_header.get_text(" ", strip=True) if row_header else cells[0]
        rows[name] = dict(zip(headings, cells, strict=True))
    return {"headings": headings, "rows": rows, "order": list(rows)}


def read_csv(response) -> list[dict]:
    import csv
    import io

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read Vietnamese"
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_xlsx(response) -> dict:
    """Every sheet of the workbook as a DataFrame (no header row interpreted)."""
    import io

    import pandas as pd

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return pd.read_excel(io.BytesIO(response.content), sheet_name=None, header=None, dtype=object)
