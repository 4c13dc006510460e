"""The school administrator's pages: has the school run the programme this year (from the
rollups), its classes with their teachers and whether each ran it, its teachers."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from analytics.models import ClassRollup, SchoolYearRollup
from lms.accounts.models import User
from tests.factories import ClassroomFactory, SchoolAdminFactory, TeacherFactory
from tests.teacher_portal.fixtures import current_year, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(school):
    client = Client()
    client.force_login(SchoolAdminFactory(school=school, display_name="Thầy Hiệu trưởng"))
    return client


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_a_school_that_has_not_started(admin_client, classroom, learners):
    page = text(admin_client.get(reverse("teacher_portal:school")))
    assert "Trường chưa triển khai chương trình trong năm học này." in page
    assert "3 học sinh" in page


def test_a_covered_school_and_its_classes(admin_client, school, teacher, classroom, learners):
    year = current_year()
    other = ClassroomFactory(school=school, school_year=year, name="5B", grade=5, age_band=2)
    SchoolYearRollup.objects.create(school=school, school_year=year, covered_on=date(2026, 10, 20))
    ClassRollup.objects.create(classroom=classroom, ran_on=date(2026, 10, 20))
    ClassRollup.objects.create(classroom=other, ran_on=None)
    # A class of last year is not this year's business.
    ClassroomFactory(school=school, name="3A cũ")

    soup = BeautifulSoup(admin_client.get(reverse("teacher_portal:school")).content, "html.parser")
    assert (
        "Trường đã triển khai chương trình trong năm học này (từ ngày 20/10/2026)."
        in soup.get_text(" ", strip=True)
    )
    rows = {
        tr.td.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in soup.select("tbody tr")
    }
    assert set(rows) == {"3A", "5B"}
    assert rows["3A"][1] == "Cô Lan" and rows["3A"][2] == "3"
    assert rows["3A"][4] == "có, ngày 20/10/2026"
    assert rows["5B"][1] == "chưa có giáo viên" and rows["5B"][4] == "chưa"


def test_the_school_page_stays_quick_with_many_classes(
    admin_client, school, teacher, django_assert_max_num_queries
):
    year = current_year()
    for i in range(60):
        classroom = ClassroomFactory(
            school=school,
            school_year=year,
            name=f"L{i:02d}",
            grade=1 + i % 5,
            age_band=1,
            teachers=[teacher],
        )
        enrol(classroom)
    url = reverse("teacher_portal:school")
    admin_client.get(url)
    with django_assert_max_num_queries(11):
        response = admin_client.get(url)
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select("tbody tr")) == 50  # paginated
    assert "Trang 1 / 2" in soup.get_text()
    assert (
        len(
            BeautifulSoup(admin_client.get(url + "?page=2").content, "html.parser").select(
                "tbody tr"
            )
        )
        == 10
    )
    found = BeautifulSoup(admin_client.get(url + "?q=L07").content, "html.parser")
    assert [tr.td.get_text(strip=True) for tr in found.select("tbody tr")] == ["L07"]


def test_the_admin_adds_a_teacher_who_can_then_sign_in(admin_client, school):
    url = reverse("teacher_portal:school_teacher_add")
    response = admin_client.post(
        url, {"display_name": "Nguyễn Thị Thu", "username": "thu.nt", "email": "thu@truong.edu.vn"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = (
        BeautifulSoup(response.content, "html.parser").select(".credentials code")[1].get_text()
    )
    teacher = User.objects.get(username="thu.nt")
    assert (teacher.role, teacher.school) == (User.Role.TEACHER, school)
    client = Client()
    assert (
        client.post(
            reverse("account_login"), {"login": "thu@truong.edu.vn", "password": password}
        ).status_code
        == 302
    )
    taken = admin_client.post(url, {"display_name": "Khác", "username": "thu.nt"})
    assert "Tên đăng nhập này đã có người dùng." in text(taken)
    bad = admin_client.post(url, {"display_name": "Khác", "username": "Thu Nguyễn"})
    assert "chữ thường không dấu" in text(bad)
    assert User.objects.filter(role=User.Role.TEACHER).count() == 1


def test_the_teacher_list_is_the_school_only(admin_client, school, teacher):
    TeacherFactory(display_name="Giáo viên Trường Khác")
    page = text(admin_client.get(reverse("teacher_portal:school_teachers")))
    assert "Cô Lan" in page and "Giáo viên Trường Khác" not in page
