"""The one entry function: statements checked once, stored once, counted once."""

import copy
import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.models import LearnerModuleProgress
from analytics.xapi import profile
from analytics.xapi.models import Statement
from analytics.xapi.services import statement_record, statements_record
from analytics.xapi.validation import (
    MAX_BATCH,
    MAX_DEPTH,
    MAX_STATEMENT_BYTES,
    StatementConflict,
    StatementError,
)
from tests.analytics.statements import lesson_statement, result_statement
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(db):
    return LearnerFactory()


def test_a_statement_is_stored_with_stored_and_authority_set_by_the_platform(
    learner, curriculum_tree
):
    statement = lesson_statement(learner)
    statement["stored"] = "2000-01-01T00:00:00Z"
    statement["authority"] = {"mbox": "mailto:someone@example.org"}
    statement_id = statement_record(statement=statement)
    row = Statement.objects.get(pk=statement_id)
    assert row.authority == "platform"
    assert row.payload["authority"] == profile.platform_account()
    assert row.payload["stored"] != "2000-01-01T00:00:00Z"
    assert abs(row.stored - timezone.now()) < timedelta(minutes=1)
    assert row.actor == learner.xapi_id.hex
    assert row.verb == profile.VERB_EXPERIENCED and row.activity == profile.lesson_iri(
        "t1-mat-khau-chia-khoa"
    )
    assert row.payload["version"] == "1.0.3"


def test_a_statement_without_id_or_timestamp_gets_both(learner):
    statement = lesson_statement(learner)
    del statement["id"], statement["timestamp"]
    row = Statement.objects.get(pk=statement_record(statement=statement))
    assert uuid.UUID(row.payload["id"]) == row.id
    assert row.timestamp == row.stored


def test_the_same_statement_twice_is_stored_and_counted_once(learner, curriculum_tree):
    statement = result_statement(learner, passed=True, scaled=0.8)
    first = statement_record(statement=statement)
    again = copy.deepcopy(statement)
    again["id"] = statement["id"].upper()  # the same id, written differently
    assert statement_record(statement=again) == first
    assert Statement.objects.count() == 1
    progress = LearnerModuleProgress.objects.get(learner=learner)
    assert progress.attempts == 1


def test_the_same_id_with_other_content_is_a_conflict(learner, curriculum_tree):
    statement = result_statement(learner, passed=False, scaled=0.4)
    statement_record(statement=statement)
    changed = copy.deepcopy(statement)
    changed["result"]["score"]["scaled"] = 1.0
    changed["result"]["success"] = True
    changed["verb"]["id"] = profile.VERB_PASSED
    with pytest.raises(StatementConflict) as conflict:
        statement_record(statement=changed)
    assert conflict.value.status == 409
    assert statement["id"] in conflict.value.message
    progress = LearnerModuleProgress.objects.get(learner=learner)
    assert (progress.attempts, progress.best_score, progress.status) == (1, 0.4, "in_progress")


def test_a_batch_is_all_or_nothing(learner, curriculum_tree):
    good = result_statement(learner, passed=True, scaled=1.0)
    bad = lesson_statement(learner)
    bad["verb"] = {"id": "experienced"}
    with pytest.raises(StatementError) as error:
        statements_record(statements=[good, bad])
    assert error.value.message.startswith("statement [1]: verb.id")
    assert Statement.objects.count() == 0
    assert not LearnerModuleProgress.objects.exists()


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        (lambda s: s.pop("actor"), "invalid", "actor: Field required"),
        (lambda s: s.update(verb={"id": "answered"}), "invalid", "verb.id"),
        (
            lambda s: s.update(verb={"id": profile.VERB_ANSWERED, "display": "answered"}),
            "invalid",
            "verb.display",
        ),
        (lambda s: s.update(verb="answered"), "invalid", "verb"),
        (lambda s: s.update(id="not-a-uuid"), "invalid", "id"),
        (lambda s: s.update(timestamp="yesterday"), "invalid", "timestamp"),
        (
            lambda s: s.update(actor={"objectType": "Agent", "name": "Nguyễn Văn A"}),
            "invalid",
            "actor: must be an Agent or Group",
        ),
        (lambda s: s.update(colour="blue"), "invalid", "colour"),
        (lambda s: s.update(version="2.0.0"), "invalid", "version"),
        (lambda s: s["context"].update(registration="abc"), "invalid", "context.registration"),
        (
            lambda s: s["context"].update(extensions={profile.ext_class(): "3A"}),
            "invalid",
            "integer class id",
        ),
        (lambda s: s.update(attachments=[]), "invalid", "attachments"),
    ],
)
def test_malformed_statements_are_refused_precisely(learner, change, code, message):
    statement = lesson_statement(learner)
    change(statement)
    with pytest.raises(StatementError) as error:
        statement_record(statement=statement)
    assert error.value.code == code
    assert message in error.value.message
    assert error.value.status == 400
    assert Statement.objects.count() == 0


def test_a_timestamp_far_in_the_future_is_refused(learner):
    statement = lesson_statement(
        learner, timestamp=(timezone.now() + timedelta(days=2)).isoformat()
    )
    with pytest.raises(StatementError) as error:
        statement_record(statement=statement)
    assert error.value.code == "future_timestamp"
    # A device clock a minute ahead is fine.
    statement_record(
        statement=lesson_statement(
            learner, timestamp=(timezone.now() + timedelta(minutes=1)).isoformat()
        )
    )


def test_oversized_and_deeply_nested_statements_are_refused(learner):
    big = lesson_statement(learner)
    big["context"]["extensions"] = {f"{profile.base()}/extensions/note": "x" * MAX_STATEMENT_BYTES}
    with pytest.raises(StatementError) as error:
        statement_record(statement=big)
    assert (error.value.code, error.value.status) == ("too_large", 413)

    deep = lesson_statement(learner)
    nested: dict = {}
    cursor = nested
    for _ in range(MAX_DEPTH + 5):
        cursor["a"] = {}
        cursor = cursor["a"]
    deep["context"]["extensions"] = {f"{profile.base()}/extensions/note": nested}
    with pytest.raises(StatementError) as error:
        statement_record(statement=deep)
    assert error.value.code == "too_deep"
    assert Statement.objects.count() == 0


def test_hostile_shapes_are_refused(learner):
    for value in (None, [], "statement", 42, {"actor": float("nan")}):
        with pytest.raises(StatementError):
            statements_record(statements=[value])
    with pytest.raises(StatementError):
        statements_record(statements=[])
    with pytest.raises(StatementError) as error:
        statements_record(statements=[lesson_statement(learner) for _ in range(MAX_BATCH + 1)])
    assert error.value.status == 413
    same = lesson_statement(learner)
    with pytest.raises(StatementError) as error:
        statements_record(statements=[same, copy.deepcopy(same)])
    assert error.value.code == "duplicate_id"
    assert Statement.objects.count() == 0


def test_the_stored_payload_is_the_statement_as_recorded(learner):
    statement = lesson_statement(learner)
    row = Statement.objects.get(pk=statement_record(statement=statement))
    expected = {k: v for k, v in statement.items()}
    assert {k: row.payload[k] for k in expected} == json.loads(json.dumps(expected))
