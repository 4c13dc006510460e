"""Practice: what learners do in a lesson's practice activities and H5P packages.

A learner's browser reports practice (a sort finished, a clue found, an H5P question
answered) through ``POST /learn/practice/<lesson key>`` (lms/learn/views.py), which calls
``practice_statements_record``: the server sets the actor to the learner, builds the context
(the lesson, its module and band, the assignment's registration, the class), checks that the
activity is in that lesson, and records the statements through the one entry function with
the learner as their authority. So they are stored and readable, and never count toward
completing a module (only the server-scored quiz does, docs/xapi-profile.md).

When the store has stored statements whose authority is a learner, ``practice_statements_apply``
folds those about the learner's own practice into ``LearnerPractice`` (one row per learner ×
activity), the row teachers read. ``practice_rebuild`` recomputes every row from the store, and
gives the same rows (tests/analytics/test_practice.py).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_duration

from analytics.services import learning_context_for, practice_context
from analytics.xapi import profile
from analytics.xapi.services import statements_record
from analytics.xapi.validation import StatementError, StatementForbidden

MAX_PRACTICE_BATCH = 20
# What a practice statement may carry: the rest (actor, context, authority, ...) is the
# server's to set.
CLIENT_PROPERTIES = {"id", "verb", "object", "result", "timestamp"}
CLIENT_CONTEXT = {"registration", "contextActivities"}


def _earlier(at: datetime, sid, than_at: datetime | None, than_id) -> bool:
    if than_at is None:
        return True
    if at != than_at:
        return at < than_at
    return str(sid) < str(than_id or "")


# --- recording ------------------------------------------------------------------------------


def _check_client_statement(statement, index: int | None, *, lesson_key: str, targets) -> None:
    where = f"statement [{index}]: " if index is not None else ""
    if not isinstance(statement, dict):
        raise StatementError(f"{where}a statement is a JSON object", code="malformed")
    if "actor" in statement:
        raise StatementForbidden(
            f"{where}actor: leave it out; the server sets it to the signed-in learner"
        )
    unknown = sorted(set(statement) - CLIENT_PROPERTIES - {"context"})
    if unknown:
        raise StatementError(f"{where}{unknown[0]}: set by the server, or not allowed here")
    if not statement.get("id"):
        raise StatementError(
            f"{where}id: required (a UUID made on the device, so that sending again is safe)"
        )
    try:
        uuid.UUID(str(statement["id"]))
    except ValueError as exc:
        raise StatementError(f"{where}id: not a UUID") from exc
    obj = statement.get("object")
    if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
        raise StatementError(f"{where}object.id: required")
    if obj.get("objectType", "Activity") != "Activity":
        raise StatementError(f"{where}object.objectType: must be Activity")
    ref = profile.activity_parse(obj["id"])
    if ref is None or ref.kind not in ("practice", "h5p") or ref.key != lesson_key:
        raise StatementError(
            f"{where}object.id: not a practice activity of lesson {lesson_key} "
            f"(expected {profile.practice_iri(lesson_key, '<key>')} or "
            f"{profile.h5p_iri(lesson_key, '<package>')})"
        )
    path = "activity" if ref.kind == "practice" else "h5p"
    if (path, ref.target_key) not in targets:
        raise StatementError(f"{where}object.id: lesson {lesson_key} has no {path} '{ref.target_key}'")
    context = statement.get("context")
    if context is not None:
        if not isinstance(context, dict):
            raise StatementError(f"{where}context: must be an object")
        extra = sorted(set(context) - CLIENT_CONTEXT)
        if extra:
            raise StatementError(f"{where}context.{extra[0]}: set by the server")
        activities = context.get("contextActivities") or {}
        if not isinstance(activities, dict) or set(activities) - {"category"}:
            raise StatementError(
                f"{where}context.contextActivities: only 'category' may be sent; "
                "the server sets parent and grouping"
            )


def practice_statements_record(*, learner, lesson, statements) -> list[uuid.UUID]:
    """Record a learner's practice in ``lesson`` (a live LessonPage): a statement or a list of
    at most MAX_PRACTICE_BATCH, each with ``id``, ``verb``, ``object`` (an activity of this
    lesson), optional ``result`` and ``timestamp``. All or none. Raises StatementError (400,
    413) or StatementForbidden (403: an actor, or a registration that is not the learner's)."""
    items = statements if isinstance(statements, list) else [statements]
    if not items:
        raise StatementError("the list of statements is empty", code="malformed")
    if len(items) > MAX_PRACTICE_BATCH:
        raise StatementError(
            f"{len(items)} statements in one request; the limit is {MAX_PRACTICE_BATCH}",
            code="too_many",
            status=413,
        )
    targets = lesson.practice_targets()
    many = len(items) > 1
    for index, item in enumerate(items):
        _check_client_statement(
            item, index if many else None, lesson_key=lesson.key, targets=targets
        )
    module = lesson.get_parent().specific
    where = learning_context_for(learner=learner, module=module, at=timezone.now())
    consent = bool(learner.has_consent)
    agent = profile.learner_agent(learner.xapi_id.hex)
    built = []
    for index, item in enumerate(items):
        given = item.get("context") or {}
        if "registration" in given and str(given["registration"]) != str(where.registration):
            raise StatementForbidden(
                (f"statement [{index}]: " if many else "")
                + "context.registration: not an assignment of yours for this lesson"
            )
        statement = {k: v for k, v in item.items() if k != "context"}
        statement["actor"] = agent
        if isinstance(statement.get("result"), dict) and not consent:
            # Without recorded consent: what teaching needs (right or wrong, the score), not
            # the child's own answer or how long they took (docs/xapi-profile.md, "Consent").
            statement["result"] = {
                k: v for k, v in statement["result"].items() if k not in ("response", "duration")
            }
        statement["context"] = practice_context(
            lesson=lesson,
            module=module,
            where=where,
            category=(given.get("contextActivities") or {}).get("category"),
        )
        built.append(statement)
    return statements_record(statements=built, authority=agent)


# --- folding --------------------------------------------------------------------------------


@dataclass
class PracticeEvent:
    id: uuid.UUID
    actor: str
    activity: str
    lesson_key: str
    path: str
    target_key: str
    timestamp: datetime
    classroom_id: int | None
    has_result: bool
    success: bool | None
    scaled: float | None
    seconds: int


def _event(row) -> PracticeEvent | None:
    """A stored statement (a PreparedStatement or a Statement row) as practice, or None."""
    if row.verb == profile.VERB_VOIDED or row.authority != row.actor:
        return None
    ref = profile.activity_parse(row.activity)
    if ref is None or ref.kind not in ("practice", "h5p") or ref.sub_content:
        return None  # parts of an H5P package are stored, not folded: the package's own counts
    result = row.payload.get("result") or {}
    success = result.get("success") if isinstance(result.get("success"), bool) else None
    scaled = None
    score = result.get("score") or {}
    if isinstance(score.get("scaled"), (int, float)) and not isinstance(score["scaled"], bool):
        scaled = score["scaled"]
    elif isinstance(score.get("raw"), (int, float)) and isinstance(score.get("max"), (int, float)):
        low = score.get("min", 0) if isinstance(score.get("min"), (int, float)) else 0
        if score["max"] > low:
            scaled = (score["raw"] - low) / (score["max"] - low)
    if scaled is not None:
        scaled = round(max(0.0, min(1.0, float(scaled))), 4)
    seconds = 0
    if isinstance(result.get("duration"), str):
        parsed = parse_duration(result["duration"])
        if parsed is not None and parsed.total_seconds() > 0:
            seconds = min(int(parsed.total_seconds()), 24 * 3600)
    return PracticeEvent(
        id=row.id,
        actor=row.actor,
        activity=row.activity,
        lesson_key=ref.key,
        path="activity" if ref.kind == "practice" else "h5p",
        target_key=ref.target_key,
        timestamp=row.timestamp,
        classroom_id=row.classroom_id,
        has_result=success is not None or scaled is not None,
        success=success,
        scaled=scaled,
        seconds=seconds,
    )


def practice_fold(row, event: PracticeEvent) -> None:
    """LearnerPractice ← one event. Order-free."""
    if row.first_at is None or event.timestamp < row.first_at:
        row.first_at = event.timestamp
    if row.last_at is None or _earlier(row.last_at, row.last_statement, event.timestamp, event.id):
        row.last_at = event.timestamp
        row.last_statement = event.id
        row.classroom_id = event.classroom_id
    row.seconds += event.seconds
    if not event.has_result:
        return
    row.attempts += 1
    row.successes += event.success is True
    if event.scaled is not None and (row.best_score is None or event.scaled > row.best_score):
        row.best_score = event.scaled
    if row.last_result_at is None or _earlier(
        row.last_result_at, row.last_result_statement, event.timestamp, event.id
    ):
        row.last_result_at = event.timestamp
        row.last_result_statement = event.id
        row.last_score = event.scaled
        row.last_success = event.success


class _Targets:
    """Resolves actors, lessons and classes of practice events, in batches."""

    def __init__(self):
        self.learners: dict[str, int | None] = {}
        self.lessons: dict[str, tuple | None] = {}

    def load(self, events: list[PracticeEvent]) -> None:
        from curriculum.models import LessonPage
        from lms.accounts.models import User

        wanted = {}
        for actor in {e.actor for e in events} - set(self.learners):
            self.learners[actor] = None
            try:
                wanted[uuid.UUID(hex=actor)] = actor
            except ValueError:
                continue
        for pk, xapi_id in User.objects.filter(xapi_id__in=list(wanted)).values_list(
            "pk", "xapi_id"
        ):
            self.learners[xapi_id.hex] = pk
        keys = {e.lesson_key for e in events} - set(self.lessons)
        for key in keys:
            self.lessons[key] = None
        for lesson in LessonPage.objects.filter(key__in=keys).select_related():
            module = lesson.get_parent()
            self.lessons[lesson.key] = (lesson.pk, module.pk, lesson.practice_targets())

    def enrolled(self, pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
        """Which (learner, class) pairs are or were real enrolments (a class id in a browser's
        statement is only trusted where the learner belongs)."""
        from lms.schools.models import Enrollment

        if not pairs:
            return set()
        learners = {learner for learner, _ in pairs}
        classes = {classroom for _, classroom in pairs}
        return set(
            Enrollment.objects.filter(
                learner_id__in=learners, classroom_id__in=classes
            ).values_list("learner_id", "classroom_id")
        ) & pairs


def _resolved(events: list[PracticeEvent], targets: _Targets) -> dict[tuple, list]:
    """Group events by (learner pk, activity), with what a row needs; drop what does not
    resolve (an unknown learner, lesson or block)."""
    targets.load(events)
    groups: dict[tuple, list] = defaultdict(list)
    pairs = set()
    for event in events:
        learner_id = targets.learners.get(event.actor)
        lesson = targets.lessons.get(event.lesson_key)
        if learner_id is None or lesson is None:
            continue
        target = lesson[2].get((event.path, event.target_key))
        if target is None:
            continue
        if event.classroom_id:
            pairs.add((learner_id, event.classroom_id))
        groups[(learner_id, event.activity)].append((event, lesson, target))
    valid = targets.enrolled(pairs)
    for items in groups.values():
        for event, _, _ in items:
            if event.classroom_id and (targets.learners[event.actor], event.classroom_id) not in valid:
                event.classroom_id = None
    return groups


def _new_row(learner_id: int, activity: str, lesson, target):
    from analytics.models import LearnerPractice

    return LearnerPractice(
        learner_id=learner_id,
        activity=activity,
        lesson_id=lesson[0],
        module_id=lesson[1],
        kind=target.kind,
        title=target.title[:300],
    )


PRACTICE_FIELDS = [
    "classroom",
    "kind",
    "title",
    "attempts",
    "successes",
    "best_score",
    "last_score",
    "last_success",
    "seconds",
    "first_at",
    "last_at",
    "last_statement",
    "last_result_at",
    "last_result_statement",
]


def practice_statements_apply(*, statements: Iterable) -> None:
    """Fold newly stored statements sent by learners into their practice rows (inside the
    store's transaction). Statements that void a learner's practice recompute its row."""
    from analytics.models import LearnerPractice

    statements = list(statements)
    voided_ids = [
        uuid.UUID(str(s.payload["object"]["id"]))
        for s in statements
        if s.verb == profile.VERB_VOIDED
    ]
    events = [e for e in map(_event, statements) if e is not None]
    if voided_ids:
        _recompute_voided(voided_ids)
    if not events:
        return
    groups = _resolved(events, _Targets())
    for (learner_id, activity), items in sorted(groups.items()):
        row = (
            LearnerPractice.objects.select_for_update()
            .filter(learner_id=learner_id, activity=activity)
            .first()
        )
        if row is None:
            _, lesson, target = items[0]
            row = _new_row(learner_id, activity, lesson, target)
        for event, _, _ in items:
            practice_fold(row, event)
        if row.pk:
            row.save(update_fields=PRACTICE_FIELDS)
        else:
            with transaction.atomic():
                row.save()


def on_statements_stored(*, statements, counts: bool, trusted: bool) -> None:
    """lms.hooks.statements_stored receiver: practice comes only from learners' own
    statements, never from the platform's."""
    if not trusted:
        practice_statements_apply(statements=statements)


def _recompute_voided(statement_ids: list[uuid.UUID]) -> None:
    """A learner voided some of their statements: rebuild the practice rows they fed."""
    from analytics.xapi.models import Statement

    touched = set(
        Statement.objects.filter(id__in=statement_ids).values_list("actor", "activity")
    )
    for actor, activity in sorted(touched):
        ref = profile.activity_parse(activity)
        if ref is None or ref.kind not in ("practice", "h5p"):
            continue
        _rebuild_rows(
            Statement.objects.filter(actor=actor, activity=activity, voided=False),
            only=(actor, activity),
        )


def _rebuild_rows(rows, *, only: tuple[str, str] | None = None) -> int:
    from analytics.models import LearnerPractice
    from lms.accounts.models import User

    events = [e for e in map(_event, rows) if e is not None]
    if only is not None:
        learner = User.objects.filter(xapi_id=uuid.UUID(hex=only[0])).first()
        if learner is not None:
            LearnerPractice.objects.filter(learner=learner, activity=only[1]).delete()
    groups = _resolved(events, _Targets())
    built = []
    for (learner_id, activity), items in sorted(groups.items()):
        _, lesson, target = items[0]
        row = _new_row(learner_id, activity, lesson, target)
        for event, _, _ in items:
            practice_fold(row, event)
        built.append(row)
    LearnerPractice.objects.bulk_create(built, batch_size=2000)
    return len(built)


def practice_rebuild() -> int:
    """Recompute every practice row from the store (part of ``rollups_rebuild``)."""
    from django.db.models import F

    from analytics.models import LearnerPractice
    from analytics.xapi.models import Statement

    LearnerPractice.objects.all().delete()
    rows = (
        Statement.objects.filter(
            voided=False,
            activity__startswith=f"{profile.base()}/activities/lesson/",
            authority=F("actor"),
        )
        .exclude(verb=profile.VERB_VOIDED)
        .only("id", "actor", "verb", "activity", "timestamp", "classroom_id", "authority", "payload")
    )
    total, batch, actor = 0, [], None
    for row in rows.order_by("actor").iterator(chunk_size=2000):
        if row.actor != actor and len(batch) >= 2000:
            total += _rebuild_rows(batch)
            batch = []
        actor = row.actor
        batch.append(row)
    return total + (_rebuild_rows(batch) if batch else 0)
