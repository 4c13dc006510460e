"""Statements for tests of the store: well-formed ones, made like the platform makes them."""

import uuid

from django.utils import timezone

from analytics.xapi import profile


def lesson_statement(
    learner, lesson_key="t1-mat-khau-chia-khoa", module_key="t1-mat-khau", **extra
):
    statement = {
        "id": str(uuid.uuid4()),
        "actor": profile.learner_agent(learner.xapi_id.hex),
        "verb": {"id": profile.VERB_EXPERIENCED, "display": {"en-US": "experienced"}},
        "object": {"objectType": "Activity", "id": profile.lesson_iri(lesson_key)},
        "timestamp": timezone.now().isoformat(),
        "context": {
            "contextActivities": {"parent": [{"id": profile.module_iri(module_key)}]},
        },
    }
    statement.update(extra)
    return statement


def result_statement(
    learner, *, passed: bool, scaled: float, module_key="t1-mat-khau", classroom=None, at=None
):
    context = {"contextActivities": {"parent": [{"id": profile.module_iri(module_key)}]}}
    if classroom is not None:
        context["extensions"] = {
            profile.ext_class(): classroom.pk,
            profile.ext_school(): classroom.school.code,
            profile.ext_province(): classroom.school.province.code,
        }
    return {
        "id": str(uuid.uuid4()),
        "actor": profile.learner_agent(learner.xapi_id.hex),
        "verb": {"id": profile.VERB_PASSED if passed else profile.VERB_FAILED},
        "object": {"objectType": "Activity", "id": profile.quiz_iri(module_key)},
        "result": {
            "score": {"scaled": scaled, "raw": round(scaled * 5), "min": 0, "max": 5},
            "success": passed,
        },
        "timestamp": (at or timezone.now()).isoformat(),
        "context": context,
    }
