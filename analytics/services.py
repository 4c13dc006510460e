"""The statements the platform makes about learners (docs/xapi-profile.md), and recording them.

Each function builds the statements for one learning event and sends them through the one
entry function, ``analytics.xapi.services.statements_record``, which checks, stores and
counts them in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from analytics.xapi import profile
from analytics.xapi.services import statements_record
from assessments.outcomes import AnswerRecord, QuizOutcome  # noqa: F401  (re-exported)


@dataclass
class LearningContext:
    """Where a learner is when something happens: their class (the one whose school year
    contains the day, else their newest class) and, when the module is assigned to that class
    for them, the assignment's registration."""

    classroom: object | None = None
    registration: uuid.UUID | None = None


def learning_context_for(*, learner, module, at: datetime) -> LearningContext:
    from lms.assignments.models import Assignment
    from lms.schools.models import Enrollment

    enrolments = list(
        Enrollment.objects.filter(learner=learner, left_at__isnull=True)
        .select_related("classroom__school__province", "classroom__school_year")
        .order_by("-joined_at", "-pk")
    )
    if not enrolments:
        return LearningContext()
    day = timezone.localtime(at).date()
    current = [e for e in enrolments if e.classroom.school_year.contains(day)]
    classroom = (current or enrolments)[0].classroom
    assignment = (
        Assignment.objects.filter(classroom=classroom, module=module, removed_at__isnull=True)
        .prefetch_related("learners")
        .first()
    )
    registration = None
    if assignment is not None:
        chosen = {learner_.pk for learner_ in assignment.learners.all()}
        if not chosen or learner.pk in chosen:
            registration = assignment.registration
    return LearningContext(classroom=classroom, registration=registration)


def _context(
    *,
    module,
    where: LearningContext,
    parent: str,
    grouping: list[str] | None = None,
    attempt: uuid.UUID | None = None,
) -> dict:
    context: dict = {
        "contextActivities": {
            "parent": [{"objectType": "Activity", "id": parent}],
            "grouping": [{"objectType": "Activity", "id": iri} for iri in (grouping or [])]
            + [
                {
                    "objectType": "Activity",
                    "id": profile.band_iri(module.band),
                    "definition": {"type": profile.type_age_band()},
                }
            ],
        },
        "language": "vi",
    }
    if where.registration:
        context["registration"] = str(where.registration)
    if where.classroom is not None:
        classroom = where.classroom
        context["extensions"] = {
            profile.ext_class(): classroom.pk,
            profile.ext_school(): classroom.school.code,
            profile.ext_province(): classroom.school.province.code,
            profile.ext_school_year(): classroom.school_year.name,
        }
    if attempt:
        context["statement"] = {"objectType": "StatementRef", "id": str(attempt)}
    return context


def practice_context(*, lesson, module, where: LearningContext, category=None) -> dict:
    """The context of a practice statement: inside the lesson, which is inside the module
    (docs/xapi-profile.md, "Practice"); ``category`` is what the sender may add (an H5P
    library's id, say)."""
    context = _context(
        module=module,
        where=where,
        parent=profile.lesson_iri(lesson.key),
        grouping=[profile.module_iri(module.key)],
    )
    if category:
        context["contextActivities"]["category"] = category
    return context


def _verb(iri: str) -> dict:
    return {"id": iri, "display": profile.VERB_DISPLAY[iri]}


def _name(text: str) -> dict:
    return {"vi": text[:500] or "—"}


def lesson_experienced_record(*, learner, lesson, module, at: datetime | None = None) -> uuid.UUID:
    """A learner opened a lesson ("experienced")."""
    at = at or timezone.now()
    where = learning_context_for(learner=learner, module=module, at=at)
    statement = lesson_statement(learner=learner, lesson=lesson, module=module, where=where, at=at)
    return statements_record(statements=[statement])[0]


def lesson_statement(
    *, learner, lesson, module, where: LearningContext, at: datetime, statement_id=None
) -> dict:
    """The "experienced" statement of a lesson opened at ``at`` (also used by the generator of
    synthetic national data, analytics/generate.py)."""
    return {
        "id": str(statement_id or uuid.uuid4()),
        "actor": profile.learner_agent(learner.xapi_id.hex),
        "verb": _verb(profile.VERB_EXPERIENCED),
        "object": {
            "objectType": "Activity",
            "id": profile.lesson_iri(lesson.key),
            "definition": {"type": profile.TYPE_LESSON, "name": _name(lesson.title)},
        },
        "timestamp": at.isoformat(),
        "context": _context(module=module, where=where, parent=profile.module_iri(module.key)),
    }


def _duration(seconds: float) -> str:
    return f"PT{max(0.0, round(seconds, 2))}S"


def quiz_statements(
    *, learner, module, quiz, outcome: QuizOutcome, where: LearningContext, first_completion: bool
) -> list[dict]:
    """The statements of one submitted quiz attempt: attempted, one answered per question,
    passed or failed, and completed (the module) on the first pass in this class.

    Without recorded consent (User.has_consent False) the statements keep what teaching needs
    (right or wrong per question, the score, the class) and leave out the learner's actual
    responses and the time they took (docs/xapi-profile.md, "Consent")."""
    consent = bool(learner.has_consent)
    actor = profile.learner_agent(learner.xapi_id.hex)
    quiz_iri = profile.quiz_iri(module.key)
    module_iri = profile.module_iri(module.key)
    quiz_object = {
        "objectType": "Activity",
        "id": quiz_iri,
        "definition": {"type": profile.TYPE_ASSESSMENT, "name": _name(quiz.title)},
    }
    submitted = outcome.submitted_at.isoformat()
    statements = [
        {
            "id": str(outcome.attempt_id),
            "actor": actor,
            "verb": _verb(profile.VERB_ATTEMPTED),
            "object": quiz_object,
            "timestamp": outcome.started_at.isoformat(),
            "context": _context(module=module, where=where, parent=module_iri),
        }
    ]
    for answer in outcome.answers:
        definition: dict = {
            "type": profile.TYPE_INTERACTION,
            "name": _name(answer.prompt),
            "interactionType": answer.interaction_type,
        }
        if answer.choices:  # choice and sequencing interactions list their answers
            definition["choices"] = [
                {"id": choice_id, "description": _name(text)} for choice_id, text in answer.choices
            ]
        result: dict = {"success": answer.correct}
        if consent and answer.response:
            result["response"] = answer.response
        statements.append(
            {
                "id": str(uuid.uuid4()),
                "actor": actor,
                "verb": _verb(profile.VERB_ANSWERED),
                "object": {
                    "objectType": "Activity",
                    "id": profile.question_iri(module.key, answer.question_key),
                    "definition": definition,
                },
                "result": result,
                "timestamp": submitted,
                "context": _context(
                    module=module,
                    where=where,
                    parent=quiz_iri,
                    grouping=[module_iri],
                    attempt=outcome.attempt_id,
                ),
            }
        )
    result = {
        "score": {
            "scaled": outcome.scaled,
            "raw": outcome.raw,
            "min": 0,
            "max": outcome.max,
        },
        "success": outcome.passed,
        "completion": True,
    }
    if consent:
        result["duration"] = _duration((outcome.submitted_at - outcome.started_at).total_seconds())
    statements.append(
        {
            "id": str(uuid.uuid4()),
            "actor": actor,
            "verb": _verb(profile.VERB_PASSED if outcome.passed else profile.VERB_FAILED),
            "object": quiz_object,
            "result": result,
            "timestamp": submitted,
            "context": _context(
                module=module, where=where, parent=module_iri, attempt=outcome.attempt_id
            ),
        }
    )
    if outcome.passed and first_completion:
        statements.append(
            {
                "id": str(uuid.uuid4()),
                "actor": actor,
                "verb": _verb(profile.VERB_COMPLETED),
                "object": {
                    "objectType": "Activity",
                    "id": module_iri,
                    "definition": {"type": profile.TYPE_MODULE, "name": _name(module.title)},
                },
                "result": {"completion": True, "success": True},
                "timestamp": submitted,
                "context": _context(
                    module=module, where=where, parent=module_iri, attempt=outcome.attempt_id
                ),
            }
        )
    return statements


def quiz_outcome_record(*, learner, module, quiz, outcome: QuizOutcome) -> list[uuid.UUID]:
    """Record a scored quiz attempt: its statements and every rollup, in one transaction.

    The learner × module progress row is locked first, so two attempts of the same learner
    are recorded one after the other and "completed" is sent once per class."""
    from analytics.models import LearnerClassModule, LearnerModuleProgress
    from analytics.rollups import _lock

    with transaction.atomic():
        progress = _lock(LearnerModuleProgress, learner_id=learner.pk, module_id=module.pk)
        where = learning_context_for(learner=learner, module=module, at=outcome.submitted_at)
        if where.classroom is not None:
            first_completion = not LearnerClassModule.objects.filter(
                classroom=where.classroom,
                learner=learner,
                module=module,
                completed_at__isnull=False,
            ).exists()
        else:
            first_completion = progress.completed_at is None
        statements = quiz_statements(
            learner=learner,
            module=module,
            quiz=quiz,
            outcome=outcome,
            where=where,
            first_completion=first_completion,
        )
        return statements_record(statements=statements)
