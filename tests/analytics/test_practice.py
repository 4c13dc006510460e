"""Practice records: ``POST /learn/practice/<lesson key>``. The server sets the actor and the
context, checks that the activity is in the lesson, stores the statements with the learner as
authority (so they never count toward completion), and folds them into LearnerPractice the
same way a rebuild does."""

import json
import uuid

import pytest
from django.test import Client

from analytics.models import ClassRollup, LearnerModuleProgress, LearnerPractice
from analytics.rebuild import rollups_rebuild, rollups_snapshot, snapshot_diff
from analytics.xapi import profile
from analytics.xapi.models import Statement
from curriculum.blocks import PracticeTarget
from curriculum.models import LessonPage
from tests.analytics.helpers import assign, enrol, make_class
from tests.factories import LearnerFactory, TeacherFactory

pytestmark = pytest.mark.django_db
LESSON = "t1-mat-khau-chia-khoa"
OTHER_LESSON = "t1-mat-khau-giu-kin"
TARGETS = {
    ("activity", "sort-secrets"): PracticeTarget("activity", "sort-secrets", "sort", "Xếp thẻ"),
    ("activity", "spot-scam"): PracticeTarget("activity", "spot-scam", "clue", "Tìm dấu hiệu"),
    ("h5p", "quiz-pack"): PracticeTarget("h5p", "quiz-pack", "h5p", "Câu đố H5P"),
}


@pytest.fixture(autouse=True)
def practice_blocks(monkeypatch):
    """The fixture lessons stand in for lessons with practice blocks: the endpoint asks the
    lesson which practice targets it has (curriculum.models.LessonPage.practice_targets)."""

    def targets(self):
        return TARGETS if self.key == LESSON else {}

    monkeypatch.setattr(LessonPage, "practice_targets", targets)


@pytest.fixture
def setting(curriculum_tree):
    classroom = make_class()
    learner = enrol(classroom)
    assignment = assign(classroom, curriculum_tree["t1-mat-khau"])
    client = Client()
    client.force_login(learner)
    return {"class": classroom, "learner": learner, "assignment": assignment, "client": client}


def url(lesson=LESSON):
    return f"/learn/practice/{lesson}"


def practice(key="sort-secrets", *, success=True, scaled=1.0, at=None, sid=None, **extra):
    statement = {
        "id": str(sid or uuid.uuid4()),
        "verb": {"id": profile.VERB_ANSWERED, "display": {"vi": "đã trả lời"}},
        "object": {
            "objectType": "Activity",
            "id": profile.practice_iri(LESSON, key),
            "definition": {
                "type": profile.TYPE_INTERACTION,
                "interactionType": "matching",
                "source": [{"id": "a", "description": {"vi": "Mật khẩu"}}],
                "target": [{"id": "secret", "description": {"vi": "Bí mật"}}],
            },
        },
        "result": {
            "success": success,
            "score": {"scaled": scaled},
            "response": "a[.]secret",
            "duration": "PT42S",
        },
    }
    if at:
        statement["timestamp"] = at
    statement.update(extra)
    return statement


def post(client, body, lesson=LESSON):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(url(lesson), data, content_type="application/json")


def test_a_learner_records_practice_and_the_server_builds_the_statement(setting):
    learner, classroom = setting["learner"], setting["class"]
    statement = practice()
    response = post(setting["client"], statement)
    assert response.status_code == 200, response.content
    assert response.json() == {"ids": [statement["id"]]}
    stored = Statement.objects.get(id=statement["id"])
    assert stored.payload["actor"] == profile.learner_agent(learner.xapi_id.hex)
    assert stored.authority == learner.xapi_id.hex  # the learner vouches, not the platform
    context = stored.payload["context"]
    assert context["contextActivities"]["parent"][0]["id"] == profile.lesson_iri(LESSON)
    grouping = [a["id"] for a in context["contextActivities"]["grouping"]]
    assert grouping == [profile.module_iri("t1-mat-khau"), profile.band_iri(1)]
    assert context["registration"] == str(setting["assignment"].registration)
    assert context["extensions"][profile.ext_class()] == classroom.pk

    row = LearnerPractice.objects.get(learner=learner)
    assert (row.kind, row.title, row.attempts, row.successes) == ("sort", "Xếp thẻ", 1, 1)
    assert (row.best_score, row.last_score, row.last_success) == (1.0, 1.0, True)
    assert (row.seconds, row.classroom, row.lesson.key) == (42, classroom, LESSON)


def test_sending_again_is_a_no_op(setting):
    """An offline queue sends its statements again until it hears back: each has its id and
    the time it happened on the device."""
    statement = practice(at="2026-11-30T08:00:00+07:00")
    for _ in range(3):
        assert post(setting["client"], statement).status_code == 200
    assert Statement.objects.count() == 1
    assert LearnerPractice.objects.get().attempts == 1


def test_several_tries_keep_the_best_and_the_latest(setting):
    client = setting["client"]
    post(client, practice(success=False, scaled=0.25, at="2026-11-30T08:00:00+07:00"))
    post(client, practice(success=True, scaled=0.75, at="2026-11-30T08:05:00+07:00"))
    post(client, practice(success=False, scaled=0.5, at="2026-11-30T08:10:00+07:00"))
    row = LearnerPractice.objects.get()
    assert (row.attempts, row.successes, row.best_score) == (3, 1, 0.75)
    assert (row.last_score, row.last_success, row.seconds) == (0.5, False, 126)


def test_practice_never_completes_a_module(setting):
    """Even a browser that says "passed" with full marks only practised."""
    passed = practice(verb={"id": profile.VERB_PASSED, "display": {"vi": "đã đạt"}})
    assert post(setting["client"], passed).status_code == 200
    assert not LearnerModuleProgress.objects.filter(
        learner=setting["learner"], status="completed"
    ).exists()
    rollup = ClassRollup.objects.get(classroom=setting["class"])
    assert (rollup.learners_completed, rollup.modules_completed) == (0, 0)


def test_without_consent_the_answer_and_the_time_are_not_kept(curriculum_tree):
    classroom = make_class()
    learner = enrol(classroom, has_consent=False)
    client = Client()
    client.force_login(learner)
    statement = practice()
    assert post(client, statement).status_code == 200
    result = Statement.objects.get(id=statement["id"]).payload["result"]
    assert result == {"success": True, "score": {"scaled": 1.0}}
    assert LearnerPractice.objects.get(learner=learner).seconds == 0


def test_parts_of_an_h5p_package_are_stored_but_the_package_is_what_counts(setting):
    whole = practice(object={"objectType": "Activity", "id": profile.h5p_iri(LESSON, "quiz-pack")})
    part = practice(
        object={"objectType": "Activity", "id": profile.h5p_iri(LESSON, "quiz-pack", "3fa2-9c")}
    )
    assert post(setting["client"], [part, whole]).status_code == 200
    assert Statement.objects.count() == 2
    row = LearnerPractice.objects.get()
    assert (row.kind, row.activity, row.attempts) == ("h5p", profile.h5p_iri(LESSON, "quiz-pack"), 1)


@pytest.mark.parametrize(
    "change, status, field",
    [
        (lambda s: s | {"actor": profile.learner_agent(uuid.uuid4().hex)}, 403, "actor"),
        (lambda s: s | {"context": {"registration": str(uuid.uuid4())}}, 403, "registration"),
        (
            lambda s: s | {"context": {"contextActivities": {"parent": [{"id": "x:y"}]}}},
            400,
            "contextActivities",
        ),
        (lambda s: s | {"context": {"extensions": {}}}, 400, "context.extensions"),
        (lambda s: s | {"authority": {"mbox": "mailto:a@b.vn"}}, 400, "authority"),
        (lambda s: {k: v for k, v in s.items() if k != "id"}, 400, "id"),
        (lambda s: s | {"id": "not-a-uuid"}, 400, "id"),
        (
            lambda s: s | {"object": {"id": profile.practice_iri(LESSON, "nothing-here")}},
            400,
            "object.id",
        ),
        (
            lambda s: s | {"object": {"id": profile.practice_iri(OTHER_LESSON, "sort-secrets")}},
            400,
            "object.id",
        ),
        (lambda s: s | {"object": {"id": profile.lesson_iri(LESSON)}}, 400, "object.id"),
        (lambda s: s | {"verb": {"id": "not an iri"}}, 400, "verb"),
        (lambda s: s | {"result": {"score": {"scaled": 3}}}, 400, "score"),
    ],
)
def test_a_bad_statement_is_refused_with_its_field_and_nothing_is_stored(
    setting, change, status, field
):
    good = practice()
    response = post(setting["client"], [good, change(practice())])
    assert response.status_code == status, response.content
    assert field in response.json()["error"]["message"]
    assert not Statement.objects.exists()
    assert not LearnerPractice.objects.exists()


def test_another_learners_registration_is_refused(setting, curriculum_tree):
    other_class = make_class()
    enrol(other_class)
    theirs = assign(other_class, curriculum_tree["t1-mat-khau"])
    statement = practice(context={"registration": str(theirs.registration)})
    response = post(setting["client"], statement)
    assert response.status_code == 403
    assert not Statement.objects.exists()
    # Their own registration is fine (an offline queue may send it back).
    mine = practice(context={"registration": str(setting["assignment"].registration)})
    assert post(setting["client"], mine).status_code == 200


def test_who_may_record_and_where(setting, curriculum_tree):
    statement = practice()
    assert post(Client(), statement).status_code == 401
    teacher = Client()
    teacher.force_login(TeacherFactory())
    assert post(teacher, statement).status_code == 403
    assert post(setting["client"], statement, lesson="no-such-lesson").status_code == 404
    lesson = curriculum_tree[LESSON]
    lesson.unpublish()
    assert post(setting["client"], statement).status_code == 404
    assert setting["client"].get(url()).status_code == 405
    assert not Statement.objects.exists()


def test_the_csrf_token_is_required(curriculum_tree):
    learner = enrol(make_class())
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = post(client, practice())
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf"
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    "body, status",
    [(b"{not json", 400), (b"[]", 400), (json.dumps([{}] * 21), 413), (b'"a string"', 400)],
)
def test_malformed_bodies(setting, body, status):
    assert post(setting["client"], body).status_code == status
    assert not Statement.objects.exists()


def test_rows_equal_a_rebuild_whatever_the_order_and_after_voiding(setting):
    """Incremental folding and ``rebuild_rollups`` give the same practice rows, also after the
    learner voids one of their statements through the LRS."""
    client = setting["client"]
    ids = [uuid.uuid4() for _ in range(4)]
    post(client, practice(sid=ids[2], success=False, scaled=0.5, at="2026-11-30T09:00:00+07:00"))
    post(client, practice(sid=ids[0], success=True, scaled=0.9, at="2026-11-30T08:00:00+07:00"))
    post(client, practice("spot-scam", sid=ids[1], at="2026-11-30T08:30:00+07:00"))
    post(client, practice(sid=ids[3], success=True, scaled=0.9, at="2026-11-30T09:00:00+07:00"))
    before = rollups_snapshot()
    rollups_rebuild()
    assert snapshot_diff(before, rollups_snapshot()) == []

    void = {
        "id": str(uuid.uuid4()),
        "verb": {"id": profile.VERB_VOIDED, "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": str(ids[0])},
    }
    response = client.post(
        "/xapi/statements",
        json.dumps(void),
        content_type="application/json",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert response.status_code == 200, response.content
    row = LearnerPractice.objects.get(activity=profile.practice_iri(LESSON, "sort-secrets"))
    assert (row.attempts, row.best_score) == (2, 0.9)
    after_void = rollups_snapshot()
    rollups_rebuild()
    assert snapshot_diff(after_void, rollups_snapshot()) == []


def test_a_class_in_a_browser_statement_is_trusted_only_where_the_learner_belongs(setting):
    """The class of a practice row comes from the statement's context, which the practice
    endpoint builds; statements sent through /xapi/ carry whatever the browser put there."""
    learner, client = setting["learner"], setting["client"]
    stranger_class = make_class()
    statement = practice()
    statement["actor"] = profile.learner_agent(learner.xapi_id.hex)
    statement["context"] = {"extensions": {profile.ext_class(): stranger_class.pk}}
    response = client.post(
        "/xapi/statements",
        json.dumps(statement),
        content_type="application/json",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert response.status_code == 200, response.content
    assert LearnerPractice.objects.get(learner=learner).classroom is None


def test_a_learner_sees_only_their_own_practice_rows(setting):
    from analytics.selectors import learner_practice

    post(setting["client"], practice())
    other = LearnerFactory()
    assert learner_practice(learner=other) == []
    rows = learner_practice(learner=setting["learner"])
    assert [r.kind for r in rows] == ["sort"]
