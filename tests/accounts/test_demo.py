"""`make run`'s demo data: every role, a province with schools of every level, the demo
teacher's class with consent and an assignment; loading twice changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from lms.accounts.models import ConsentRecord, User
from lms.assignments.models import Assignment
from lms.demo import DEMO_PASSWORD, demo_load
from lms.schools.models import Classroom, Enrollment, School

pytestmark = pytest.mark.django_db


def counts():
    return (
        User.objects.count(),
        School.objects.count(),
        Classroom.objects.count(),
        Enrollment.objects.count(),
        ConsentRecord.objects.count(),
        Assignment.objects.count(),
    )


def test_the_demo_is_complete_and_idempotent(curriculum_tree):
    demo_load()
    first = counts()
    demo_load()
    assert counts() == first

    roles = dict(User.objects.values_list("username", "role"))
    assert roles["giaovien"] == User.Role.TEACHER
    assert roles["hieutruong"] == User.Role.SCHOOL_ADMIN
    assert roles["sogd"] == User.Role.PROVINCE_OFFICIAL
    assert roles["bogd"] == User.Role.NATIONAL_OFFICIAL
    assert {"quantri", "tacgia", "bientap"} <= set(roles)
    assert User.objects.get(username="sogd").province.code == "08"
    schools = School.objects.filter(code__startswith="DEMO-08")
    assert set(schools.values_list("level", flat=True)) == set(School.Level.values)
    assert {s.province.code for s in schools} == {"08"}

    class_3a = Classroom.objects.get(name="3A", school__code="DEMO-08-TH01")
    learners = User.objects.filter(enrollments__classroom=class_3a)
    assert learners.count() == 12
    assert all(u.has_consent and u.email == "" for u in learners)
    assignment = Assignment.objects.get(classroom=class_3a)
    assert assignment.module == curriculum_tree["t1-mat-khau"] and assignment.due_on
    assert Classroom.objects.filter(grade__isnull=True, age_min=6, age_max=10).exists()


def test_the_demo_logins_of_the_readme_work(curriculum_tree):
    demo_load()
    for username, start in (
        ("giaovien", "/teacher/"),
        ("hieutruong", "/teacher/school/"),
        ("hs3a01", "/learn/"),
        ("sogd", "/dashboard/"),
        ("bogd", "/dashboard/"),
    ):
        client = Client()
        response = client.post(
            reverse("account_login"), {"login": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        assert client.get(response["Location"])["Location"] == start, username
    learner = Client()
    learner.post(reverse("account_login"), {"login": "hs3a01", "password": DEMO_PASSWORD})
    assert "Mật khẩu là bí mật" in learner.get("/learn/").content.decode()


def test_the_demo_province_sees_coverage_computed_from_3a_records(curriculum_tree):
    """`sogd`'s dashboard is worked out from what the demo learners did (statements and
    rollups, the same path as real clicks), and loading again records nothing twice."""
    from django.core.cache import cache
    from django.core.management import call_command

    from analytics.models import ClassRollup
    from analytics.xapi.models import Statement
    from assessments.models import QuizAttempt
    from tests.analytics.dashboard_factories import page_table
    from tests.analytics.test_dashboard_numbers import headline

    cache.clear()
    demo_load()
    records = (Statement.objects.count(), QuizAttempt.objects.count())
    assert records[1] == 9  # seven passes (one after a failed try) and one fail
    demo_load()
    assert (Statement.objects.count(), QuizAttempt.objects.count()) == records
    call_command("rebuild_rollups", "--check")  # the rollups are what a rebuild gives

    class_3a = Classroom.objects.get(name="3A", school__code="DEMO-08-TH01")
    rollup = ClassRollup.objects.get(classroom=class_3a)
    assert (rollup.learners_enrolled, rollup.learners_completed) == (12, 7)
    assert rollup.ran_on is not None

    official = Client()
    official.force_login(User.objects.get(username="sogd"))
    response = official.get("/dashboard/08/")
    assert response.status_code == 200
    assert headline(response)["headline"] == "20,0%"  # 1 of the 5 demo units
    uncovered = page_table(response, "uncovered")["order"]
    assert "Trường Tiểu học Minh Xuân" not in uncovered
    assert "Cơ sở Bảo trợ xã hội trẻ em Sơn Dương" in uncovered
    assert len(uncovered) == 4

    national = Client()
    national.force_login(User.objects.get(username="bogd"))
    ranking = page_table(national.get("/dashboard/"), "provinces")
    assert len(ranking["rows"]) == 34
    assert ranking["rows"]["Tuyên Quang"]["Tỷ lệ triển khai (%)"] == "20,0%"

    learner = Client()
    learner.force_login(User.objects.get(username="hs3a08"))  # failed once, not yet passed
    assert learner.get("/learn/").status_code == 200
