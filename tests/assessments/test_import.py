"""Attempts recorded after the fact (the demo's history, answers from paper): scored like a
submitted form, and refused whole when they do not fit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.models import LearnerModuleProgress
from analytics.xapi.models import Statement
from assessments.models import QuizAttempt
from assessments.services import QuizSubmissionRefused, quiz_attempt_import
from tests.assessments.quizzes import add_quiz
from tests.factories import ClassroomFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(curriculum_tree):
    module = curriculum_tree["t3-tin-gia"]
    quiz = add_quiz(module, pass_mark=100)
    classroom = ClassroomFactory(grade=7)
    learner = EnrollmentFactory(classroom=classroom).learner
    return quiz, learner


def test_an_imported_attempt_is_scored_and_recorded_like_a_form(setting):
    quiz, learner = setting
    at = timezone.now() - timedelta(days=3)
    result = quiz_attempt_import(
        learner=learner,
        quiz=quiz,
        answers={"nguon": [0], "anh-sua": False},
        started_at=at - timedelta(minutes=5),
        submitted_at=at,
    )
    assert (result.score.raw, result.score.max, result.score.passed) == (1, 2, False)
    attempt = QuizAttempt.objects.get(learner=learner)
    assert attempt.submitted_at == at and attempt.score_raw == 1 and attempt.passed is False
    assert Statement.objects.get(id=attempt.token).timestamp == at - timedelta(minutes=5)

    quiz_attempt_import(
        learner=learner,
        quiz=quiz,
        answers={"nguon": [0], "anh-sua": True},
        started_at=at,
        submitted_at=at + timedelta(minutes=4),
    )
    progress = LearnerModuleProgress.objects.get(learner=learner)
    assert progress.status == LearnerModuleProgress.Status.COMPLETED
    assert (progress.attempts, progress.first_score, progress.best_score) == (2, 0.5, 1.0)


@pytest.mark.parametrize(
    "answers, when",
    [
        ({"nguon": [0]}, "past"),  # a question missing
        ({"nguon": [0], "anh-sua": True, "khac": [1]}, "past"),  # a question not in the quiz
        ({"nguon": [7], "anh-sua": True}, "past"),  # no such choice
        ({"nguon": [0], "anh-sua": True}, "future"),
    ],
)
def test_answers_that_do_not_fit_are_refused_and_nothing_is_kept(setting, answers, when):
    quiz, learner = setting
    at = timezone.now() + (timedelta(days=1) if when == "future" else -timedelta(days=1))
    with pytest.raises(QuizSubmissionRefused):
        quiz_attempt_import(
            learner=learner,
            quiz=quiz,
            answers=answers,
            started_at=at - timedelta(minutes=5),
            submitted_at=at,
        )
    assert not QuizAttempt.objects.exists()
    assert not Statement.objects.exists()
    assert not LearnerModuleProgress.objects.exists()
