"""Forty learners of one class submitting at the same moment: no deadlock, nothing counted
twice or lost, and the numbers equal a rebuild. Needs PostgreSQL (real row locks and
concurrent transactions); SQLite runs one writer at a time, so the test is skipped there."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from analytics.models import (
    ClassModuleRollup,
    ClassRollup,
    LearnerModuleProgress,
    QuestionRollup,
    SchoolYearRollup,
)
from analytics.rebuild import rollups_rebuild, rollups_snapshot, snapshot_diff
from analytics.xapi import profile
from analytics.xapi.models import Statement
from tests.analytics.helpers import assign, enrol, make_class, take_quiz
from tests.conftest import load_fixture_curriculum

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LEARNERS = 40


def run_together(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a submission never finished"
    assert errors == []


def test_forty_learners_submit_at_once():
    from curriculum.models import ModulePage

    load_fixture_curriculum()
    module = ModulePage.objects.get(key="t1-mat-khau")
    classroom = make_class()
    neighbour = make_class(school=classroom.school, name="3Z")  # same school: shares its rows
    learners = [enrol(classroom) for _ in range(LEARNERS)]
    others = [enrol(neighbour) for _ in range(10)]
    assign(classroom, module)
    assign(neighbour, module)

    jobs = [lambda learner=learner: take_quiz(learner, module) for learner in learners]
    jobs += [lambda learner=learner: take_quiz(learner, module, right={"q1"}) for learner in others]
    run_together(jobs)

    row = ClassRollup.objects.get(classroom=classroom)
    assert (row.learners_enrolled, row.learners_completed, row.modules_completed) == (
        LEARNERS,
        LEARNERS,
        LEARNERS,
    )
    assert row.ran_on is not None
    assert Statement.objects.filter(verb=profile.verb_ran_programme()).count() == 1
    assert (
        ClassModuleRollup.objects.get(classroom=classroom, module=module).learners_completed
        == LEARNERS
    )
    assert (
        QuestionRollup.objects.get(classroom=classroom, question_key="q1").first_try_answered
        == LEARNERS
    )
    school = SchoolYearRollup.objects.get(school=classroom.school)
    assert (school.classes, school.learners_enrolled, school.learners_reached) == (
        2,
        LEARNERS + 10,
        LEARNERS,
    )
    assert school.modules_completed == LEARNERS
    assert LearnerModuleProgress.objects.filter(status="completed").count() == LEARNERS

    incremental = rollups_snapshot()
    rollups_rebuild()
    assert snapshot_diff(incremental, rollups_snapshot()) == []


def test_one_learner_submitting_twice_at_once_is_counted_twice_not_more():
    from curriculum.models import ModulePage

    load_fixture_curriculum()
    module = ModulePage.objects.get(key="t1-mat-khau")
    classroom = make_class()
    learner = enrol(classroom)
    run_together(
        [lambda: take_quiz(learner, module), lambda: take_quiz(learner, module, right="none")] * 3
    )
    progress = LearnerModuleProgress.objects.get(learner=learner)
    assert progress.attempts == 6 and progress.status == "completed"
    # "completed" is sent once per class, however the attempts interleave.
    assert Statement.objects.filter(verb=profile.VERB_COMPLETED).count() == 1
