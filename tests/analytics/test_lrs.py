"""/xapi/statements for signed-in learners: the server sets the actor, the learner is the
authority, nothing sent here counts in a rollup, and every refusal is a precise JSON error."""

import json
import uuid

import pytest
from django.test import Client

from analytics.models import LearnerModuleProgress
from analytics.xapi import profile
from analytics.xapi.models import Statement
from analytics.xapi.validation import MAX_REQUEST_BYTES
from tests.analytics.helpers import assign, enrol, make_class
from tests.analytics.statements import lesson_statement, result_statement
from tests.factories import LearnerFactory, TeacherFactory

pytestmark = pytest.mark.django_db
URL = "/xapi/statements"
VERSION = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}


@pytest.fixture
def learner(db):
    return LearnerFactory()


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def post(client, body, **extra):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(URL, data, content_type="application/json", **(VERSION | extra))


def error(response):
    assert response["Content-Type"] == "application/json"
    assert response["X-Experience-API-Version"] == "1.0.3"
    return response.json()["error"]


def without_actor(statement):
    return {k: v for k, v in statement.items() if k != "actor"}


def test_about_names_the_version(client):
    response = client.get("/xapi/about")
    assert response.json() == {"version": ["1.0.3"]}


def test_a_learner_posts_statements_and_the_server_sets_actor_and_authority(signed_in, learner):
    statements = [without_actor(lesson_statement(learner)) for _ in range(2)]
    response = post(signed_in, statements)
    assert response.status_code == 200
    assert response.json() == [s["id"] for s in statements]
    for row in Statement.objects.all():
        assert row.payload["actor"] == profile.learner_agent(learner.xapi_id.hex)
        assert row.payload["authority"] == profile.learner_agent(learner.xapi_id.hex)
        assert row.authority == learner.xapi_id.hex


def test_statements_sent_by_a_learner_never_count(signed_in, learner, curriculum_tree):
    classroom = make_class()
    enrol(classroom, learner)
    assign(classroom, curriculum_tree["t1-mat-khau"])
    fake = without_actor(result_statement(learner, passed=True, scaled=1.0, classroom=classroom))
    assert post(signed_in, fake).status_code == 200
    assert not LearnerModuleProgress.objects.exists()


def test_put_stores_under_the_given_id_and_is_idempotent(signed_in, learner):
    statement = without_actor(lesson_statement(learner))
    statement_id = statement.pop("id")
    url = f"{URL}?statementId={statement_id}"
    put = signed_in.put(url, json.dumps(statement), content_type="application/json", **VERSION)
    assert put.status_code == 204
    again = signed_in.put(url, json.dumps(statement), content_type="application/json", **VERSION)
    assert again.status_code == 204
    changed = statement | {"timestamp": "2020-01-01T00:00:00Z"}
    conflict = signed_in.put(url, json.dumps(changed), content_type="application/json", **VERSION)
    assert conflict.status_code == 409
    assert error(conflict)["code"] == "conflict"
    assert Statement.objects.count() == 1
    other = signed_in.put(
        url,
        json.dumps(statement | {"id": str(uuid.uuid4())}),
        content_type="application/json",
        **VERSION,
    )
    assert other.status_code == 400 and "statementId" in error(other)["message"]


def test_get_returns_only_the_learners_own_statements_in_pages(signed_in, learner):
    post(signed_in, [without_actor(lesson_statement(learner)) for _ in range(3)])
    someone = LearnerFactory()
    other = Client()
    other.force_login(someone)
    post(other, without_actor(lesson_statement(someone)))
    first = signed_in.get(URL, {"limit": 2}, **VERSION).json()
    assert len(first["statements"]) == 2 and first["more"]
    rest = signed_in.get(first["more"], **VERSION).json()
    assert len(rest["statements"]) == 1 and rest["more"] == ""
    ids = {s["id"] for s in first["statements"] + rest["statements"]}
    assert ids == set(
        map(str, Statement.objects.filter(actor=learner.xapi_id.hex).values_list("id", flat=True))
    )
    one = signed_in.get(URL, {"statementId": next(iter(ids))}, **VERSION)
    assert one.json()["id"] in ids
    theirs = Statement.objects.get(actor=someone.xapi_id.hex)
    assert signed_in.get(URL, {"statementId": str(theirs.pk)}, **VERSION).status_code == 404


def test_a_learner_can_void_their_own_statement_but_not_the_platforms(
    signed_in, learner, curriculum_tree
):
    mine = without_actor(lesson_statement(learner))
    post(signed_in, mine)
    void = {
        "verb": {"id": profile.VERB_VOIDED},
        "object": {"objectType": "StatementRef", "id": mine["id"]},
    }
    assert post(signed_in, void).status_code == 200
    assert Statement.objects.get(pk=mine["id"]).voided
    assert signed_in.get(URL, {"voidedStatementId": mine["id"]}, **VERSION).status_code == 200
    assert signed_in.get(URL, {"statementId": mine["id"]}, **VERSION).status_code == 404

    from analytics.xapi.services import statement_record

    platform_id = statement_record(statement=result_statement(learner, passed=True, scaled=1.0))
    refused = post(
        signed_in, {**void, "object": {"objectType": "StatementRef", "id": str(platform_id)}}
    )
    assert refused.status_code == 403
    assert not Statement.objects.get(pk=platform_id).voided


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{not json", 400, "malformed"),
        (b"\xff\xfe", 400, "malformed"),
        (b'{"a": NaN}', 400, "malformed"),
        (b"[" * 5000 + b"]" * 5000, 400, "too_deep"),
        (b'"just a string"', 400, "malformed"),
        (b"[]", 400, "malformed"),
        (json.dumps({"verb": {"id": "answered"}, "object": {"id": "x"}}).encode(), 400, "invalid"),
    ],
)
def test_bad_bodies_get_precise_errors(signed_in, body, status, code):
    response = post(signed_in, body)
    assert response.status_code == status
    assert error(response)["code"] == code
    assert Statement.objects.count() == 0


def test_an_oversized_request_is_refused(signed_in, learner):
    padding = {f"{profile.base()}/extensions/pad": "x" * (MAX_REQUEST_BYTES + 10)}
    response = post(
        signed_in, without_actor(lesson_statement(learner)) | {"context": {"extensions": padding}}
    )
    assert response.status_code == 413
    assert error(response)["code"] == "too_large"


def test_requests_without_version_session_or_learner_role_are_refused(client, learner):
    assert client.post(URL, "{}", content_type="application/json").status_code == 400
    assert error(client.post(URL, "{}", content_type="application/json"))["code"] == "version"
    assert error(post(client, {}))["code"] == "unauthenticated"
    client.force_login(TeacherFactory())
    response = post(client, {})
    assert response.status_code == 403 and error(response)["code"] == "forbidden"
    client.force_login(learner)
    response = client.post(URL, "{}", content_type="text/plain", **VERSION)
    assert response.status_code == 415
    assert client.delete(URL, **VERSION).status_code == 405


def test_the_csrf_token_is_required_and_its_absence_explained(learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = post(client, without_actor(lesson_statement(learner)))
    assert response.status_code == 403
    assert error(response)["code"] == "csrf"
    assert Statement.objects.count() == 0


def test_a_statement_about_someone_else_is_refused(signed_in, learner):
    other = LearnerFactory()
    response = post(signed_in, lesson_statement(other))
    assert response.status_code == 403
    assert "actor" in error(response)["message"]
    assert post(signed_in, lesson_statement(learner)).status_code == 200  # their own actor is fine


def test_a_registration_must_be_one_of_the_learners_assignments(
    signed_in, learner, curriculum_tree
):
    module = curriculum_tree["t1-mat-khau"]
    mine = make_class()
    enrol(mine, learner)
    my_assignment = assign(mine, module)
    other_class = make_class()
    their_assignment = assign(other_class, module)
    statement = without_actor(lesson_statement(learner))
    statement["context"]["registration"] = str(their_assignment.registration)
    response = post(signed_in, statement)
    assert response.status_code == 403
    assert "not an assignment of yours" in error(response)["message"]
    statement["context"]["registration"] = str(my_assignment.registration)
    assert post(signed_in, statement).status_code == 200


def test_a_learner_without_consent_sends_nothing(client):
    learner = LearnerFactory(has_consent=False)
    client.force_login(learner)
    response = post(client, without_actor(lesson_statement(learner)))
    assert response.status_code == 403
    assert "consent" in error(response)["message"]
    assert Statement.objects.count() == 0
