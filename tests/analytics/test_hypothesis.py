"""Random JSON at the entry function and at the LRS endpoint: a clear error or a stored
statement, never a crash, never half a write."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.models import LearnerModuleProgress
from analytics.xapi.models import Statement
from analytics.xapi.services import statements_record
from analytics.xapi.validation import StatementError
from tests.analytics.statements import lesson_statement, result_statement

pytestmark = pytest.mark.django_db
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)
keys = st.sampled_from(
    [
        "id",
        "actor",
        "verb",
        "object",
        "result",
        "context",
        "timestamp",
        "version",
        "stored",
        "authority",
        "attachments",
    ]
)


def mutate(statement: dict, data) -> dict:
    """Replace or add a few parts of a valid statement with random JSON."""
    statement = copy.deepcopy(statement)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        target = statement
        path = data.draw(
            st.lists(
                st.sampled_from(
                    [
                        "object",
                        "context",
                        "result",
                        "verb",
                        "actor",
                        "score",
                        "extensions",
                        "contextActivities",
                        "parent",
                        "definition",
                    ]
                ),
                max_size=3,
            )
        )
        for part in path:
            if isinstance(target, dict) and isinstance(target.get(part), dict):
                target = target[part]
        key = data.draw(keys | st.text(max_size=8))
        target[key] = data.draw(json_values)
    return statement


def counts():
    return Statement.objects.count(), LearnerModuleProgress.objects.count()


@pytest.fixture
def learner(db):
    from tests.factories import LearnerFactory

    return LearnerFactory()


@SETTINGS
@given(value=json_values)
def test_random_json_at_the_entry_function(value, learner):
    before = counts()
    try:
        statements_record(statements=[value])
    except StatementError as exc:
        assert exc.message and exc.status in (400, 403, 409, 413)
        assert counts() == before
    else:  # only possible for a random value that is a complete, valid statement
        assert counts()[0] == before[0] + 1


@SETTINGS
@given(data=st.data())
def test_mutated_statements_at_the_entry_function(data, learner, curriculum_tree):
    base = data.draw(st.sampled_from(["lesson", "result"]))
    valid = (
        lesson_statement(learner)
        if base == "lesson"
        else result_statement(learner, passed=True, scaled=0.8)
    )
    batch = [mutate(valid, data) for _ in range(data.draw(st.integers(min_value=1, max_value=3)))]
    before = counts()
    try:
        ids = statements_record(statements=batch)
    except StatementError:
        assert counts() == before
    else:
        assert counts()[0] == before[0] + len(set(ids))
        assert Statement.objects.filter(id__in=ids).count() == len(set(ids))


@SETTINGS
@given(body=json_values | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_random_bodies_at_the_lrs(body, client, learner):
    client.force_login(learner)
    before = Statement.objects.count()
    payload = body if isinstance(body, str) else json.dumps(body)
    response = client.post(
        "/xapi/statements",
        payload,
        content_type="application/json",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.json()["error"]["message"]
        assert Statement.objects.count() == before


@SETTINGS
@given(data=st.data())
def test_mutated_statements_at_the_lrs(data, client, learner):
    client.force_login(learner)
    statement = {k: v for k, v in mutate(lesson_statement(learner), data).items() if k != "actor"}
    before = Statement.objects.count()
    response = client.post(
        "/xapi/statements",
        json.dumps(statement),
        content_type="application/json",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        assert Statement.objects.count() == before
    else:
        assert Statement.objects.count() == before + 1
        stored = Statement.objects.get(pk=response.json()[0])
        assert stored.actor == learner.xapi_id.hex and stored.authority == learner.xapi_id.hex
