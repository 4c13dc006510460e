"""Fixtures shared by the tests of issue 3 (accounts, schools, learn, teacher portal):
a school with a teacher and a class of the current school year, a second school that
must stay invisible, and helpers for modules and learners. Data through factories and the
real services."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from lms.accounts.models import User
from lms.schools.models import Enrollment
from lms.schools.services import school_year_for
from tests.factories import (
    DEFAULT_PASSWORD,
    ClassroomFactory,
    LearnerFactory,
    NationalOfficialFactory,
    ProvinceOfficialFactory,
    SchoolAdminFactory,
    SchoolFactory,
    TeacherFactory,
    UserFactory,
)


def current_year():
    return school_year_for(day=timezone.localdate())


def enrol(classroom, **fields) -> User:
    learner = LearnerFactory(school=classroom.school, **fields)
    Enrollment.objects.create(classroom=classroom, learner=learner)
    return learner


def make_module(band_page, *, title: str, key: str, live: bool = True):
    """An extra module under a band page (the fixture curriculum has one per band)."""
    from curriculum.models import ModulePage

    module = ModulePage(title=title, slug=key, key=key, summary=f"Tóm tắt {title}", live=live)
    band_page.add_child(instance=module)
    return module


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing is deliberately slow; these tests create many accounts. Production is
    unaffected (tests/accounts checks passwords through the real sign-in)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def school(db):
    return SchoolFactory(name="Trường Tiểu học Hòa Bình")


@pytest.fixture
def teacher(school):
    return TeacherFactory(school=school, display_name="Cô Lan")


@pytest.fixture
def classroom(teacher):
    return ClassroomFactory(
        school=teacher.school,
        school_year=current_year(),
        name="3A",
        grade=3,
        age_band=1,
        teachers=[teacher],
    )


@pytest.fixture
def learners(classroom):
    return [
        enrol(classroom, display_name=name, birth_year=timezone.localdate().year - 8)
        for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lò Văn Chiến")
    ]


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


@pytest.fixture
def other_school_world(db):
    """Another school with its own teacher, class and learner: never visible from the first."""
    other_school = SchoolFactory(name="Trường Tiểu học Khác")
    other_teacher = TeacherFactory(school=other_school)
    other_class = ClassroomFactory(
        school=other_school,
        school_year=current_year(),
        name="4B",
        grade=4,
        age_band=2,
        teachers=[other_teacher],
    )
    other_learner = enrol(other_class, display_name="Học sinh Trường Khác")
    return {
        "school": other_school,
        "teacher": other_teacher,
        "classroom": other_class,
        "learner": other_learner,
        "admin": SchoolAdminFactory(school=other_school),
    }


__all__ = [
    "DEFAULT_PASSWORD",
    "NationalOfficialFactory",
    "ProvinceOfficialFactory",
    "SchoolAdminFactory",
    "UserFactory",
    "classroom",
    "csv_bytes",
    "current_year",
    "enrol",
    "fast_password_hashing",
    "learners",
    "make_module",
    "other_school_world",
    "school",
    "teacher",
    "teacher_client",
    "xlsx_bytes",
]
