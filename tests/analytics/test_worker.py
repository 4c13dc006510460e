"""Class recounts off the request path (issue 10): a submission stores its statements and the
learner's own rows, and queues its class; the worker recomputes the class, its school, its
province and the months. Until then the queue holds the work; afterwards the numbers equal a
rebuild. The real worker process is started on PostgreSQL (another process must see the
committed rows); the queue's rules are checked on every database."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from analytics.models import ClassRecount, ClassRollup, LearnerModuleProgress, SchoolYearRollup
from analytics.rebuild import rollups_rebuild, rollups_snapshot, snapshot_diff
from analytics.rollups import rollups_drain, rollups_pending
from assessments.models import QuizPage
from tests.analytics.helpers import assign, enrol, make_class, quiz_form_data, take_quiz
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db
QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def equals_rebuild() -> list[str]:
    before = rollups_snapshot()
    rollups_rebuild()
    return snapshot_diff(before, rollups_snapshot())


@override_settings(TASKS=QUEUED)
def test_a_submission_queues_its_class_and_the_drain_applies_it(curriculum_tree):
    from django_tasks_db.models import DBTaskResult

    module = curriculum_tree["t1-mat-khau"]
    classroom = make_class()
    learners = [enrol(classroom) for _ in range(3)]
    assign(classroom, module)
    rollups_drain()
    for learner in learners[:2]:
        take_quiz(learner, module)
    # The learner's own rows are there at once (their home page shows the completion)...
    assert LearnerModuleProgress.objects.filter(status="completed").count() == 2
    # ...the class's numbers wait for the worker, and one waiting task is enough for both.
    assert ClassRollup.objects.get(classroom=classroom).learners_completed == 0
    assert rollups_pending() == 2
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert rollups_drain() == 2
    rollup = ClassRollup.objects.get(classroom=classroom)
    assert (rollup.learners_enrolled, rollup.learners_completed) == (3, 2)
    assert rollup.ran_on is not None  # 2 of 3 reached the 50% share
    school = SchoolYearRollup.objects.get(school=classroom.school)
    assert (school.classes_ran, school.covered_on) == (1, rollup.ran_on)
    assert rollups_pending() == 0
    assert equals_rebuild() == []


@override_settings(TASKS=QUEUED)
def test_enrolment_and_assignment_changes_are_queued_too(curriculum_tree):
    classroom = make_class()
    enrol(classroom)
    enrol(classroom)
    assign(classroom, curriculum_tree["t1-mat-khau"])
    assert ClassRecount.objects.filter(classroom=classroom).count() == 3
    rollups_drain()
    assert ClassRollup.objects.get(classroom=classroom).learners_enrolled == 2
    assert equals_rebuild() == []


@override_settings(TASKS=QUEUED)
def test_a_submission_takes_a_bounded_number_of_queries_whatever_the_class_size(
    curriculum_tree, django_assert_max_num_queries
):
    """Scoring and recording a quiz (serving the page, scoring, the statements, the learner's
    rows, the queue) costs the same whatever the size of the class: the class's numbers are
    not recomputed in the request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    module = curriculum_tree["t1-mat-khau"]
    quiz = QuizPage.objects.get()
    counts = {}
    for size in (3, 5, 40):  # the first warms the caches (site, content types)
        classroom = make_class()
        learners = [enrol(classroom) for _ in range(size)]
        assign(classroom, module)
        for learner in learners[1:]:
            take_quiz(learner, module)
        rollups_drain()
        client = Client()
        client.force_login(learners[0])
        form = client.get(quiz.url)
        with django_assert_max_num_queries(60), CaptureQueriesContext(connection) as queries:
            response = client.post(quiz.url, quiz_form_data(form.content, quiz))
        assert response.status_code == 200
        counts[size] = len(queries)
        assert LearnerModuleProgress.objects.get(learner=learners[0]).status == "completed"
        rollups_drain()
        assert ClassRollup.objects.get(classroom=classroom).learners_completed == size
    assert counts[5] == counts[40] <= counts[3], counts


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="the worker is another process: it needs a database it can share (PostgreSQL; CI)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=QUEUED)
def test_the_worker_process_applies_submissions_within_seconds(curriculum_tree):
    module = curriculum_tree["t1-mat-khau"]
    classroom = make_class()
    learners = [enrol(classroom) for _ in range(4)]
    assign(classroom, module)
    env = dict(
        os.environ,
        DATABASE_URL=_test_database_url(),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        TESTING="0",
        DEBUG="1",
    )
    env.pop("PYTEST_VERSION", None)
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-reload",
            "--no-startup-delay",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for learner in learners[:3]:
            take_quiz(learner, module)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if rollups_pending() == 0 and (
                ClassRollup.objects.get(classroom=classroom).learners_completed == 3
            ):
                break
            time.sleep(0.2)
        rollup = ClassRollup.objects.get(classroom=classroom)
    finally:
        worker.terminate()
        _, errors = worker.communicate(timeout=30)
    assert rollup.learners_completed == 3, errors.decode()[-2000:]
    assert equals_rebuild() == []


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def test_a_learner_without_a_class_queues_nothing(curriculum_tree):
    learner = LearnerFactory()
    take_quiz(learner, curriculum_tree["t1-mat-khau"])
    assert rollups_pending() == 0
