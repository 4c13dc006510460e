"""Creating and editing classes: grades that fit the school's level, age groups in care
facilities, the band each class maps to, co-teachers of the same school."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from lms.schools.models import Classroom, School
from tests.factories import SchoolAdminFactory, SchoolFactory, TeacherFactory
from tests.teacher_portal.fixtures import current_year

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_a_teacher_creates_a_class_and_teaches_it(teacher, teacher_client):
    year = current_year()
    response = teacher_client.post(
        reverse("teacher_portal:class_create"),
        {"name": " 4 A ", "grade": "4", "school_year": str(year.pk)},
    )
    assert response.status_code == 302
    classroom = Classroom.objects.get()
    assert (classroom.name, classroom.grade, classroom.age_band) == ("4 A", 4, 2)
    assert list(classroom.teachers.all()) == [teacher]
    assert classroom.school_year == year
    assert "Đã tạo lớp 4 A. Bước tiếp theo: thêm học sinh." in text(
        teacher_client.get(response["Location"])
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "grade": "3"}, "Trường này là bắt buộc."),
        (
            {"name": "9A", "grade": "9"},
            "Hãy chọn một khối lớp của trường này.",
        ),  # grade 9 is not offered by a primary school
        ({"name": "3A", "grade": "3"}, "Trường đã có lớp 3A trong năm học"),
    ],
)
def test_bad_classes_are_refused(teacher_client, classroom, data, message):
    response = teacher_client.post(
        reverse("teacher_portal:class_create"),
        {**data, "school_year": str(classroom.school_year_id)},
    )
    assert response.status_code == 200
    assert message in text(response)
    assert Classroom.objects.count() == 1


def test_a_care_facility_groups_children_by_age(client):
    facility = SchoolFactory(level=School.Level.CARE_FACILITY, name="Cơ sở Hoa Sen")
    client.force_login(TeacherFactory(school=facility))
    year = current_year()
    url = reverse("teacher_portal:class_create")
    bad = client.post(url, {"name": "Nhóm nhỏ", "school_year": year.pk, "age_min": 9, "age_max": 6})
    assert "tuổi nhỏ nhất trước" in text(bad)
    client.post(url, {"name": "Nhóm 6–10", "school_year": year.pk, "age_min": 6, "age_max": 10})
    group = Classroom.objects.get()
    assert (group.grade, group.age_min, group.age_max, group.age_band) == (None, 6, 10, 1)
    client.post(
        url,
        {"name": "Nhóm lớn", "school_year": year.pk, "age_min": 12, "age_max": 16, "age_band": 4},
    )
    assert Classroom.objects.get(name="Nhóm lớn").age_band == 4


def test_edit_a_class_and_its_teachers(teacher, teacher_client, classroom):
    colleague = TeacherFactory(school=teacher.school, display_name="Thầy Minh")
    stranger = TeacherFactory()  # another school
    url = reverse("teacher_portal:class_edit", args=[classroom.pk])
    page = text(teacher_client.get(url))
    assert "Thầy Minh" in page and stranger.display_name not in page
    response = teacher_client.post(
        url,
        {
            "name": "3A1",
            "grade": "3",
            "school_year": classroom.school_year_id,
            "teachers": [teacher.pk, colleague.pk],
        },
    )
    assert response.status_code == 302
    classroom.refresh_from_db()
    assert classroom.name == "3A1"
    assert set(classroom.teachers.all()) == {teacher, colleague}
    no_teacher = teacher_client.post(
        url, {"name": "3A1", "grade": "3", "school_year": classroom.school_year_id}
    )
    assert "Lớp cần có ít nhất một giáo viên." in text(no_teacher)
    forged = teacher_client.post(
        url,
        {
            "name": "3A1",
            "grade": "3",
            "school_year": classroom.school_year_id,
            "teachers": [stranger.pk],
        },
    )
    assert forged.status_code == 200
    assert stranger not in classroom.teachers.all()


def test_a_school_admin_creates_a_class_for_a_teacher(teacher):
    from django.test import Client

    client = Client()
    client.force_login(SchoolAdminFactory(school=teacher.school))
    client.post(
        reverse("teacher_portal:class_create"),
        {"name": "5C", "grade": "5", "school_year": current_year().pk, "teachers": [teacher.pk]},
    )
    classroom = Classroom.objects.get(name="5C")
    assert list(classroom.teachers.all()) == [teacher]
