"""Erasing a learner (lms.accounts.services.learner_delete, which each app's erase function
joins through lms.hooks.learner_erase): their statements and attempts are gone, every rollup
loses them, and the numbers are what a rebuild gives."""

import pytest
from django.utils import timezone

from analytics.models import (
    ClassModuleRollup,
    ClassRollup,
    FirstAnswer,
    LearnerClassModule,
    LearnerModuleProgress,
    QuestionRollup,
    SchoolYearRollup,
)
from analytics.rebuild import rollups_rebuild, rollups_snapshot, snapshot_diff
from analytics.xapi.models import Statement
from assessments.models import QuizAttempt, QuizPage
from lms.accounts.services import learner_delete
from tests.analytics.helpers import assign, enrol, make_class, quiz_form_data, take_quiz

pytestmark = pytest.mark.django_db


def test_erasing_a_learner_takes_them_out_of_everything(client, curriculum_tree):
    module = curriculum_tree["t1-mat-khau"]
    quiz = QuizPage.objects.get()
    classroom = make_class()
    leaving = enrol(classroom)
    staying = [enrol(classroom) for _ in range(3)]
    assign(classroom, module)
    client.force_login(leaving)
    client.get(curriculum_tree["t1-mat-khau-chia-khoa"].url)
    client.post(quiz.url, quiz_form_data(client.get(quiz.url).content, quiz))
    take_quiz(staying[0], module, right={"q1"})
    take_quiz(staying[1], module)
    before = ClassRollup.objects.get(classroom=classroom)
    assert (before.learners_enrolled, before.learners_completed, before.ran_on) == (
        4,
        2,
        timezone.localdate(),
    )
    assert QuizAttempt.objects.filter(learner=leaving).exists()

    actor, leaving_id = leaving.xapi_id.hex, leaving.pk
    statements_before = Statement.objects.count()
    learner_delete(learner=leaving)
    assert not Statement.objects.filter(actor=actor).exists()
    assert Statement.objects.count() < statements_before
    assert not QuizAttempt.objects.filter(learner_id=leaving_id).exists()
    for model in (LearnerModuleProgress, LearnerClassModule, FirstAnswer):
        assert not model.objects.filter(learner_id=leaving_id).exists()

    after = ClassRollup.objects.get(classroom=classroom)
    assert (after.learners_enrolled, after.learners_completed, after.modules_completed) == (3, 1, 1)
    assert after.ran_on == before.ran_on  # the class ran the programme; that stays
    assert ClassModuleRollup.objects.get(classroom=classroom, module=module).learners_started == 2
    q1 = QuestionRollup.objects.get(classroom=classroom, question_key="q1")
    assert (q1.first_try_answered, q1.first_try_correct) == (2, 2)
    school = SchoolYearRollup.objects.get(school=classroom.school)
    assert (school.learners_enrolled, school.learners_reached, school.modules_completed) == (
        3,
        1,
        1,
    )

    incremental = rollups_snapshot()
    rollups_rebuild()
    assert snapshot_diff(incremental, rollups_snapshot()) == []


def test_erasing_a_learner_with_no_records_is_harmless(db):
    from tests.factories import LearnerFactory

    learner = LearnerFactory()
    learner_delete(learner=learner)
    assert not Statement.objects.exists()
