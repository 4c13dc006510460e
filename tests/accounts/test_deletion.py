"""Deleting a learner leaves nothing (issue 11.7): their sessions end on every device, no
statement names them any more (none could name them except as actor), and a search of every
table for the learner's ids finds nothing."""

import json
import uuid

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse

from analytics.xapi import profile
from analytics.xapi.models import Statement
from assessments.models import QuizPage
from lms.accounts.models import AccountSession, User
from lms.accounts.services import badge_issue, consent_record
from tests.analytics.helpers import assign, enrol, make_class, quiz_form_data
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db
VERSION = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}


def post_statement(client, statement):
    return client.post(
        "/xapi/statements", json.dumps(statement), content_type="application/json", **VERSION
    )


def statement_about(target_agent, *, where):
    """A statement from the signed-in learner that names ``target_agent`` somewhere."""
    statement = {
        "id": str(uuid.uuid4()),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "x"}},
        "object": {"objectType": "Activity", "id": profile.lesson_iri("t1-mat-khau-chia-khoa")},
    }
    if where == "object":
        statement["object"] = target_agent
    elif where == "substatement":
        statement["object"] = {
            "objectType": "SubStatement",
            "actor": target_agent,
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "a"}},
            "object": {"objectType": "Activity", "id": "https://example.org/a"},
        }
    elif where == "instructor":
        statement["context"] = {"instructor": target_agent}
    elif where == "team":
        statement["context"] = {
            "team": {"objectType": "Group", "member": [target_agent], "name": "Nhóm"}
        }
    return statement


@pytest.mark.parametrize("where", ["object", "substatement", "instructor", "team"])
def test_a_learner_cannot_write_statements_naming_another_learner(curriculum_tree, where):
    classroom = make_class()
    target, writer = enrol(classroom), enrol(classroom)
    client = Client()
    client.force_login(writer)
    agent = profile.learner_agent(target.xapi_id.hex)
    response = post_statement(client, statement_about(agent, where=where))
    assert response.status_code == 403, response.content
    assert "account" in response.json()["error"]["message"]
    assert not Statement.objects.filter(payload__icontains=target.xapi_id.hex).exists()


def _ids(learner) -> list[str]:
    return [
        learner.xapi_id.hex,
        str(learner.xapi_id),
        learner.username,
        learner.display_name,
    ]


def _rows_mentioning(learner) -> list[str]:
    """Every row of every table that refers to the learner: by a key to the account, or by
    one of their identifiers in a text, JSON or UUID column."""
    found = []
    needles = _ids(learner)
    for model in apps.get_models(include_auto_created=True):
        if model is User:
            if User.objects.filter(pk=learner.pk).exists():
                found.append("the account itself")
            continue
        for field in model._meta.concrete_fields:
            rows = model._default_manager.all()
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                hits = rows.filter(**{field.attname: learner.pk})
            elif isinstance(field, models.UUIDField):
                hits = rows.filter(**{field.attname: learner.xapi_id})
            elif isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                if isinstance(field, models.JSONField):
                    rows = rows.annotate(_text=Cast(field.attname, models.TextField()))
                    column = "_text"
                else:
                    column = field.attname
                query = models.Q()
                for needle in needles:
                    query |= models.Q(**{f"{column}__contains": needle})
                hits = rows.filter(query)
            else:
                continue
            if hits.exists():
                found.append(f"{model._meta.label}.{field.name}")
    if AccountSession.objects.filter(account_id=learner.pk).exists():
        found.append("a session of the account")
    for session in AccountSession.objects.all():
        if str(session.get_decoded().get("_auth_user_id")) == str(learner.pk):
            found.append("a session's data")
    return found


def test_deleting_a_learner_leaves_nothing_anywhere(curriculum_tree):
    module = curriculum_tree["t1-mat-khau"]
    quiz = QuizPage.objects.get()
    teacher = TeacherFactory()
    classroom = make_class(school=teacher.school)
    classroom.teachers.add(teacher)
    learner = enrol(classroom, display_name="Lò Thị Xuyến")
    classmate = enrol(classroom)
    assign(classroom, module)
    consent_record(
        learner=learner,
        parent_consent=True,
        child_consent=True,
        method="paper",
        recorded_by=teacher,
    )
    badge_issue(learner=learner, created_by=teacher)
    # An administrator once edited the account in Django's admin: the log line names it.
    LogEntry.objects.log_actions(
        user_id=teacher.pk, queryset=[learner], action_flag=CHANGE, change_message="Đổi tên"
    )

    # The learner uses the platform on two devices: lessons, the quiz, their own statement.
    phone, school_pc = Client(), Client()
    for device in (phone, school_pc):
        device.force_login(learner)
    phone.get(curriculum_tree["t1-mat-khau-chia-khoa"].url)
    phone.post(quiz.url, quiz_form_data(phone.get(quiz.url).content, quiz))
    own = statement_about(None, where="own")
    assert post_statement(school_pc, own).status_code == 200
    # A classmate's records stay, and they do not name the learner.
    other = Client()
    other.force_login(classmate)
    other.get(curriculum_tree["t1-mat-khau-chia-khoa"].url)
    assert _rows_mentioning(learner)  # the search finds the learner before...

    teacher_client = Client()
    teacher_client.force_login(teacher)
    url = reverse("teacher_portal:learner_delete", args=[classroom.pk, learner.pk])
    response = teacher_client.post(url, {"confirm_name": "Lò Thị Xuyến"})
    assert response.status_code == 302

    assert _rows_mentioning(learner) == []  # ...and nothing after.
    # Both devices are signed out.
    for device in (phone, school_pc):
        page = device.get(reverse("learn:home"))
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    # The classmate's records are untouched.
    assert Statement.objects.filter(actor=classmate.xapi_id.hex).exists()
