"""`make run`'s demo data: every role, a province with schools of every level, the demo
teacher's class with consent and an assignment; loading twice changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from lms.accounts.models import ConsentRecord, User
from lms.demo import DEMO_PASSWORD, demo_load
from lms.learn.models import Assignment
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
