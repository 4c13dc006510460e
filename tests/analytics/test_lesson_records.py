"""Opening a lesson records "experienced" for a signed-in learner, and only for them."""

import pytest

from analytics.models import LearnerModuleProgress
from analytics.xapi import profile
from analytics.xapi.models import Statement
from tests.analytics.helpers import enrol, make_class
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def test_a_learner_opening_lessons_is_recorded(client, curriculum_tree):
    classroom = make_class()
    learner = enrol(classroom)
    client.force_login(learner)
    for key in ("t1-mat-khau-chia-khoa", "t1-mat-khau-giu-kin", "t1-mat-khau-chia-khoa"):
        assert client.get(curriculum_tree[key].url).status_code == 200
    statements = Statement.objects.filter(verb=profile.VERB_EXPERIENCED)
    assert statements.count() == 3
    first = statements.order_by("timestamp").first().payload
    assert first["object"]["id"] == profile.lesson_iri("t1-mat-khau-chia-khoa")
    assert first["context"]["contextActivities"]["parent"][0]["id"] == profile.module_iri(
        "t1-mat-khau"
    )
    assert first["context"]["extensions"][profile.ext_class()] == classroom.pk
    progress = LearnerModuleProgress.objects.get(learner=learner)
    assert (progress.status, progress.lessons_experienced, progress.attempts) == (
        "in_progress",
        2,
        0,
    )
    assert progress.classroom == classroom


def test_visitors_and_teachers_leave_no_records(client, curriculum_tree):
    lesson = curriculum_tree["t1-mat-khau-chia-khoa"]
    client.get(lesson.url)
    client.force_login(TeacherFactory())
    client.get(lesson.url)
    client.get(curriculum_tree["t1-mat-khau"].url)
    assert not Statement.objects.exists()


def test_a_module_page_is_not_a_lesson(client, curriculum_tree):
    client.force_login(enrol(make_class()))
    client.get(curriculum_tree["t1-mat-khau"].url)
    client.get("/")
    assert not Statement.objects.exists()
