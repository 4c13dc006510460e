"""Keeping the rollups (analytics/models.py) up to date, and rebuilding them.

Statements update rollups as they are recorded (``analytics.xapi.services.statements_record``
calls ``statements_apply`` in the same transaction). Some numbers also change without a
statement: who is enrolled in a class, which modules are assigned to it, a learner's records
being erased. The services that make those changes call the hooks below, in their transaction,
so every number stays what ``manage.py rebuild_rollups`` computes from scratch.

Hooks (called by lms/schools and lms/learn services):
- ``classroom_enrollment_changed(classroom=...)`` after learners join or leave a class.
- ``classroom_assignments_changed(classroom=...)`` after a module is assigned or unassigned.
- ``learner_records_erase(learner=...)`` before a learner's account is deleted: deletes their
  statements and quiz attempts and takes them out of every rollup.

How (docs/coverage.md has the rules in words):
1. Learner facts. Each statement the platform made is folded into rows about one learner:
   ``LearnerModuleProgress`` (learner × module), ``LearnerClassModule`` (class × learner ×
   module, for the class in the statement's context) and ``FirstAnswer`` (learner × question).
   Folding is order-free (minimums, maximums, and "earliest by timestamp then id"), so the
   order statements arrive in never changes the result.
2. Class numbers are recomputed from those facts, the class's current enrolment and its
   active assignments, under a lock on the class's ``ClassRollup`` row.
3. The change in a class's contribution is added to its school's and province's rows (and the
   month rows), so those never need a scan.

Locks are taken in one order: learner rows first, then class rows, school × year rows,
province × year rows, month rows, each sorted by key. A class is recomputed holding only its
own row; its school's and province's rows are locked afterwards, just for adding the change,
so they are held briefly. Forty learners of one class submitting at once queue on their class
row; nobody waits in a cycle.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from analytics.xapi import profile

SCORE_DECIMALS = 4
SCORE_UNIT = 10**SCORE_DECIMALS


# --- small helpers ------------------------------------------------------------------------


def score_round(scaled: float) -> float:
    return round(float(scaled), SCORE_DECIMALS)


def _units(value: float) -> int:
    """A score sum as an exact integer of 1/10000ths (sums are stored as floats)."""
    return round(value * SCORE_UNIT)


def _from_units(units: int) -> float:
    return units / SCORE_UNIT


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def month_key(moment: datetime | date) -> str:
    day = local_date(moment) if isinstance(moment, datetime) else moment
    return f"{day.year:04d}-{day.month:02d}"


def coverage_share() -> Fraction:
    return Fraction(str(settings.COVERAGE_CLASS_SHARE))


def class_meets_share(*, learners_completed: int, learners_enrolled: int) -> bool:
    """MISSION.md: at least COVERAGE_CLASS_SHARE of the enrolled learners completed an
    assigned module. Exact arithmetic: 5 of 10 meets 0.5, and 3 of 10 meets 0.3."""
    if learners_enrolled <= 0:
        return False
    return Fraction(learners_completed) >= coverage_share() * learners_enrolled


def learners_needed(learners_enrolled: int) -> int:
    """How many completers a class of this size needs to have run the programme."""
    return max(1, math.ceil(coverage_share() * learners_enrolled))


def _earlier(at: datetime, sid: uuid.UUID, than_at: datetime | None, than_id) -> bool:
    """Is (at, sid) before (than_at, than_id)? Ties on time are broken by statement id."""
    if than_at is None:
        return True
    if at != than_at:
        return at < than_at
    return str(sid) < str(than_id or "")


# --- from statements to events -------------------------------------------------------------


@dataclass
class Event:
    """A statement the platform made, as the rollups read it."""

    id: uuid.UUID
    kind: str  # lesson, attempt, answer, result, touch
    learner_id: int
    module_id: int
    timestamp: datetime
    classroom_id: int | None
    lesson_key: str = ""
    quiz_id: int | None = None
    question_key: str = ""
    success: bool | None = None
    scaled: float | None = None


@dataclass
class RanEvent:
    classroom_id: int
    timestamp: datetime


class Resolver:
    """Maps actors, activity ids and class ids in statements to rows, in batches."""

    def __init__(self):
        from assessments.models import QuizPage
        from curriculum.models import ModulePage

        modules = list(ModulePage.objects.values_list("pk", "key", "path"))
        quiz_by_path = {path[:-4]: pk for pk, path in QuizPage.objects.values_list("pk", "path")}
        self.modules = {key: pk for pk, key, _ in modules}
        self.quizzes = {pk: quiz_by_path.get(path) for pk, _, path in modules}
        self.users: dict[str, int | None] = {}
        self.classrooms: dict[int, bool] = {}

    def _load(self, actors: set[str], classroom_ids: set[int]) -> None:
        from lms.accounts.models import User
        from lms.schools.models import Classroom

        wanted = set()
        for actor in actors - set(self.users):
            self.users[actor] = None
            try:
                wanted.add(uuid.UUID(hex=actor))
            except ValueError:
                continue
        for pk, xapi_id in User.objects.filter(xapi_id__in=wanted).values_list("pk", "xapi_id"):
            self.users[xapi_id.hex] = pk
        missing = classroom_ids - set(self.classrooms)
        if missing:
            found = set(Classroom.objects.filter(pk__in=missing).values_list("pk", flat=True))
            self.classrooms.update({pk: pk in found for pk in missing})

    def events(self, rows: Iterable) -> tuple[list[Event], list[RanEvent]]:
        """``rows``: objects with id, actor, verb, activity, timestamp, classroom_id, payload."""
        rows = list(rows)
        self._load({r.actor for r in rows}, {r.classroom_id for r in rows if r.classroom_id})
        events, ran = [], []
        ran_verb = profile.verb_ran_programme()
        for row in rows:
            classroom_id = row.classroom_id if self.classrooms.get(row.classroom_id) else None
            if row.verb == ran_verb:
                if classroom_id:
                    ran.append(RanEvent(classroom_id, row.timestamp))
                continue
            learner_id = self.users.get(row.actor)
            ref = profile.activity_parse(row.activity)
            if learner_id is None or ref is None:
                continue
            payload = row.payload
            result = payload.get("result") or {}
            base = {"id": row.id, "learner_id": learner_id, "timestamp": row.timestamp}
            base["classroom_id"] = classroom_id
            if row.verb == profile.VERB_EXPERIENCED and ref.kind == "lesson":
                module_key = _parent_module_key(payload)
                module_id = self.modules.get(module_key)
                if module_id:
                    events.append(
                        Event(kind="lesson", module_id=module_id, lesson_key=ref.key, **base)
                    )
                continue
            module_id = self.modules.get(ref.key)
            if module_id is None:
                continue
            if row.verb == profile.VERB_ATTEMPTED and ref.kind == "quiz":
                events.append(Event(kind="attempt", module_id=module_id, **base))
            elif row.verb == profile.VERB_ANSWERED and ref.kind == "question":
                quiz_id = self.quizzes.get(module_id)
                if quiz_id and isinstance(result.get("success"), bool):
                    events.append(
                        Event(
                            kind="answer",
                            module_id=module_id,
                            quiz_id=quiz_id,
                            question_key=ref.question_key,
                            success=result["success"],
                            **base,
                        )
                    )
            elif row.verb in (profile.VERB_PASSED, profile.VERB_FAILED) and ref.kind == "quiz":
                scaled = (result.get("score") or {}).get("scaled")
                if isinstance(scaled, (int, float)) and not isinstance(scaled, bool):
                    events.append(
                        Event(
                            kind="result",
                            module_id=module_id,
                            success=row.verb == profile.VERB_PASSED,
                            scaled=score_round(max(0.0, min(1.0, scaled))),
                            **base,
                        )
                    )
            elif row.verb == profile.VERB_COMPLETED and ref.kind == "module":
                events.append(Event(kind="touch", module_id=module_id, **base))
        return events, ran


def _parent_module_key(payload: dict) -> str | None:
    parents = ((payload.get("context") or {}).get("contextActivities") or {}).get("parent") or []
    for parent in parents:
        ref = (
            profile.activity_parse(str(parent.get("id", ""))) if isinstance(parent, dict) else None
        )
        if ref and ref.kind == "module":
            return ref.key
    return None


# --- folding events into learner facts (shared by incremental updates and the rebuild) ----


def progress_fold(progress, event: Event) -> None:
    """LearnerModuleProgress ← one event. Order-free."""
    from analytics.models import LearnerModuleProgress

    if progress.last_activity_at is None or _earlier(
        progress.last_activity_at, progress.last_statement, event.timestamp, event.id
    ):
        progress.last_activity_at = event.timestamp
        progress.last_statement = event.id
        if progress.completed_at is None:
            progress.classroom_id = event.classroom_id
    if event.kind == "lesson" and event.lesson_key not in progress.lesson_keys:
        progress.lesson_keys = sorted({*progress.lesson_keys, event.lesson_key})
        progress.lessons_experienced = len(progress.lesson_keys)
    if event.kind == "result":
        progress.attempts += 1
        if progress.best_score is None or event.scaled > progress.best_score:
            progress.best_score = event.scaled
        if _earlier(
            event.timestamp, event.id, progress.first_attempt_at, progress.first_attempt_statement
        ):
            progress.first_attempt_at = event.timestamp
            progress.first_attempt_statement = event.id
            progress.first_score = event.scaled
        if event.success and _earlier(
            event.timestamp, event.id, progress.completed_at, progress.completed_statement
        ):
            progress.completed_at = event.timestamp
            progress.completed_statement = event.id
            progress.classroom_id = event.classroom_id
    progress.status = (
        LearnerModuleProgress.Status.COMPLETED
        if progress.completed_at
        else LearnerModuleProgress.Status.IN_PROGRESS
    )


def class_fact_fold(fact, event: Event) -> bool:
    """LearnerClassModule ← one event; True when it changed."""
    before = (fact.started_at, fact.completed_at, fact.best_score)
    if fact.started_at is None or event.timestamp < fact.started_at:
        fact.started_at = event.timestamp
    if event.kind == "result":
        if fact.best_score is None or event.scaled > fact.best_score:
            fact.best_score = event.scaled
        if event.success and (fact.completed_at is None or event.timestamp < fact.completed_at):
            fact.completed_at = event.timestamp
    return before != (fact.started_at, fact.completed_at, fact.best_score)


def first_answer_fold(answer, event: Event) -> tuple[bool, int | None]:
    """FirstAnswer ← one "answered" event. Returns (changed, the class it counted for before)."""
    if answer.answered_at is not None and not _earlier(
        event.timestamp, event.id, answer.answered_at, answer.statement
    ):
        return False, None
    previous = answer.classroom_id if answer.answered_at is not None else None
    answer.answered_at = event.timestamp
    answer.statement = event.id
    answer.classroom_id = event.classroom_id
    answer.correct = bool(event.success)
    return True, previous


# --- class numbers (one pure function, shared) ----------------------------------------------


@dataclass
class ClassNumbers:
    learners_enrolled: int = 0
    learners_completed: int = 0
    modules_completed: int = 0
    best_score_units: int = 0
    scores: int = 0
    months: dict = field(default_factory=dict)
    # When the k-th counted learner first completed: the moment the class reached the share.
    reached_share_at: datetime | None = None


def class_numbers(
    *,
    enrolled: set[int],
    assigned: set[int],
    completions: Iterable[tuple[int, int, datetime]],
    best_scores: Iterable[float],
) -> ClassNumbers:
    """A class's numbers from its facts: ``completions`` are (learner, module, completed_at)
    of its LearnerClassModule rows, ``best_scores`` their best scores."""
    numbers = ClassNumbers(learners_enrolled=len(enrolled))
    months: dict[str, Counter] = defaultdict(Counter)
    first_counted: dict[int, datetime] = {}
    for learner_id, module_id, completed_at in completions:
        numbers.modules_completed += 1
        months[month_key(completed_at)]["modules"] += 1
        if learner_id not in enrolled or module_id not in assigned:
            continue
        if learner_id not in first_counted or completed_at < first_counted[learner_id]:
            first_counted[learner_id] = completed_at
    for moment in first_counted.values():
        months[month_key(moment)]["reached"] += 1
    numbers.learners_completed = len(first_counted)
    for score in best_scores:
        numbers.best_score_units += _units(score)
        numbers.scores += 1
    numbers.months = {
        key: {k: v for k, v in sorted(counts.items()) if v}
        for key, counts in sorted(months.items())
    }
    if class_meets_share(
        learners_completed=numbers.learners_completed, learners_enrolled=numbers.learners_enrolled
    ):
        ordered = sorted(first_counted.values())
        numbers.reached_share_at = ordered[learners_needed(numbers.learners_enrolled) - 1]
    return numbers


def _class_facts(classroom_ids: list[int]) -> dict[int, list[tuple]]:
    """The LearnerClassModule rows of these classes, in one query: per class, a list of
    (learner, module, completed_at, best_score). Both the class × module rows and the class's
    numbers are computed from them."""
    from analytics.models import LearnerClassModule

    facts: dict[int, list[tuple]] = {pk: [] for pk in classroom_ids}
    for classroom_id, *fact in LearnerClassModule.objects.filter(
        classroom_id__in=classroom_ids
    ).values_list("classroom_id", "learner_id", "module_id", "completed_at", "best_score"):
        facts[classroom_id].append(tuple(fact))
    return facts


def _class_inputs(
    classroom_ids: list[int], facts: dict[int, list[tuple]]
) -> dict:
    """What class_numbers needs, for many classes, in two queries (plus ``facts``)."""
    from lms.assignments.models import Assignment
    from lms.schools.models import Enrollment

    inputs = {
        pk: {"enrolled": set(), "assigned": set(), "completions": [], "best_scores": []}
        for pk in classroom_ids
    }
    enrolments = Enrollment.objects.filter(classroom_id__in=classroom_ids, left_at__isnull=True)
    for classroom_id, learner_id in enrolments.values_list("classroom_id", "learner_id"):
        inputs[classroom_id]["enrolled"].add(learner_id)
    for classroom_id, module_id in Assignment.objects.filter(
        classroom_id__in=classroom_ids, removed_at__isnull=True
    ).values_list("classroom_id", "module_id"):
        inputs[classroom_id]["assigned"].add(module_id)
    for classroom_id in classroom_ids:
        for learner_id, module_id, completed_at, best in facts[classroom_id]:
            if completed_at is not None:
                inputs[classroom_id]["completions"].append((learner_id, module_id, completed_at))
            if best is not None:
                inputs[classroom_id]["best_scores"].append(best)
    return inputs


def _class_module_rows(
    classroom_ids: list[int],
    modules: dict[int, set[int] | None],
    facts: dict[int, list[tuple]],
) -> None:
    """Rewrite ClassModuleRollup and QuestionRollup for these classes (only the given
    modules of each, or all when None), the former from ``facts`` (``_class_facts``)."""
    from analytics.models import ClassModuleRollup, FirstAnswer, QuestionRollup

    for classroom_id in classroom_ids:
        wanted = modules.get(classroom_id)
        if wanted is not None and not wanted:
            continue
        module_filter = Q() if wanted is None else Q(module_id__in=wanted)
        per_module: dict[int, ClassModuleRollup] = {}
        best: Counter = Counter()
        for _learner_id, module_id, completed_at, score in facts[classroom_id]:
            if wanted is not None and module_id not in wanted:
                continue
            row = per_module.setdefault(
                module_id,
                ClassModuleRollup(
                    classroom_id=classroom_id,
                    module_id=module_id,
                    learners_started=0,
                    learners_completed=0,
                    learners_scored=0,
                ),
            )
            row.learners_started += 1
            row.learners_completed += completed_at is not None
            if score is not None:
                row.learners_scored += 1
                best[module_id] += _units(score)
        for module_id, row in per_module.items():
            row.best_score_sum = _from_units(best[module_id])
        ClassModuleRollup.objects.filter(module_filter, classroom_id=classroom_id).delete()
        ClassModuleRollup.objects.bulk_create(list(per_module.values()))
        per_question = (
            FirstAnswer.objects.filter(module_filter, classroom_id=classroom_id)
            .values("module_id", "quiz_id", "question_key")
            .annotate(answered=Count("id"), correct=Count("id", filter=Q(correct=True)))
        )
        QuestionRollup.objects.filter(module_filter, classroom_id=classroom_id).delete()
        QuestionRollup.objects.bulk_create(
            [
                QuestionRollup(
                    classroom_id=classroom_id,
                    module_id=row["module_id"],
                    quiz_id=row["quiz_id"],
                    question_key=row["question_key"],
                    first_try_answered=row["answered"],
                    first_try_correct=row["correct"],
                )
                for row in per_question
            ]
        )


# --- contributions of a class to its school, and of a school to its province -------------


def class_contribution(row) -> dict:
    """What a ClassRollup adds to its school × year row."""
    return {
        "classes": 1 if row.learners_enrolled > 0 else 0,
        "classes_ran": 1 if row.ran_on else 0,
        "learners_enrolled": row.learners_enrolled,
        "learners_reached": row.learners_completed,
        "modules_completed": row.modules_completed,
        "best_score_units": _units(row.best_score_sum),
        "scores": row.scores,
    }


def class_month_contribution(row) -> Counter:
    """What a ClassRollup adds to its province's month rows: {(month, field): n}."""
    counts: Counter = Counter()
    for month, values in (row.months or {}).items():
        if values.get("reached"):
            counts[(month, "learners_newly_reached")] += values["reached"]
        if values.get("modules"):
            counts[(month, "modules_completed")] += values["modules"]
    if row.ran_on:
        counts[(month_key(row.ran_on), "classes_newly_ran")] += 1
    return counts


CLASS_ROLLUP_FIELDS = [
    "learners_enrolled",
    "learners_completed",
    "modules_completed",
    "best_score_sum",
    "scores",
    "months",
    "ran_on",
]
SCHOOL_FIELDS = (
    "classes",
    "classes_ran",
    "learners_enrolled",
    "learners_reached",
    "modules_completed",
    "scores",
)


def _lock(model, **key):
    """The row with this key, locked until the transaction ends (made when missing)."""
    row = model.objects.select_for_update().filter(**key).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return model.objects.create(**key)
    except IntegrityError:  # made by a concurrent transaction, which has now committed
        return model.objects.select_for_update().get(**key)


def _month_date(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def classes_refresh(
    *,
    changes: dict[int, set[int] | None],
    at: datetime | dict[int, datetime] | None = None,
    ran: dict[int, datetime] | None = None,
) -> None:
    """Recompute the numbers of these classes and pass the change up to schools, provinces and
    months. ``changes`` maps a class id to the modules whose class × module rows changed
    (None: all; empty: none, e.g. after an enrolment change). ``at`` is when the change
    happened (the moment a class reaching the share is recorded with; one moment, or one per
    class id); ``ran`` carries
    "ran the programme" statements being recorded. Runs inside the caller's transaction."""
    from analytics.models import (
        ClassRollup,
        ProvinceMonthRollup,
        ProvinceYearRollup,
        SchoolYearRollup,
    )
    from lms.schools.models import Classroom

    now = timezone.now()
    at_by_class = at if isinstance(at, dict) else {}
    default_at = at if isinstance(at, datetime) else now
    ran = ran or {}
    classrooms = sorted(
        Classroom.objects.filter(pk__in=list(changes)).select_related("school", "school_year"),
        key=lambda c: c.pk,
    )
    if not classrooms:
        return
    rows = {c.pk: _lock(ClassRollup, classroom_id=c.pk) for c in classrooms}
    ids = [c.pk for c in classrooms]
    facts = _class_facts(ids)
    _class_module_rows(ids, changes, facts)
    inputs = _class_inputs(ids, facts)

    school_delta: dict[tuple, Counter] = defaultdict(Counter)
    school_ran: dict[tuple, list[date]] = defaultdict(list)
    month_delta: dict[tuple, Counter] = defaultdict(Counter)
    for classroom in classrooms:
        row = rows[classroom.pk]
        old, old_months = class_contribution(row), class_month_contribution(row)
        numbers = class_numbers(**inputs[classroom.pk])
        row.learners_enrolled = numbers.learners_enrolled
        row.learners_completed = numbers.learners_completed
        row.modules_completed = numbers.modules_completed
        row.best_score_sum = _from_units(numbers.best_score_units)
        row.scores = numbers.scores
        row.months = numbers.months
        if classroom.pk in ran:
            day = local_date(ran[classroom.pk])
            row.ran_on = min(row.ran_on or day, day)
        elif row.ran_on is None and numbers.reached_share_at is not None:
            # The class has just run the programme: record it, so that the fact (which
            # stays for the school year) is in the store and a rebuild finds it.
            moment = at_by_class.get(classroom.pk, default_at)
            row.ran_on = local_date(moment)
            _ran_statement_store(classroom, moment)
        row.save(update_fields=CLASS_ROLLUP_FIELDS)
        new, new_months = class_contribution(row), class_month_contribution(row)
        key = (classroom.school_id, classroom.school_year_id)
        school_delta[key].update({k: new[k] - old[k] for k in new})
        if row.ran_on:
            school_ran[key].append(row.ran_on)
        province_key = (classroom.school.province_id, classroom.school_year_id)
        month_delta[province_key].update(new_months)
        month_delta[province_key].subtract(old_months)

    # The school and province rows are locked only now, for the additions below, so classes
    # of one school or province are recomputed side by side and queue only for these adds.
    schools = {
        key: _lock(SchoolYearRollup, school_id=key[0], school_year_id=key[1])
        for key in sorted(school_delta)
    }
    province_delta: dict[tuple, Counter] = defaultdict(Counter)
    for (school_id, year_id), delta in sorted(school_delta.items()):
        school = schools[(school_id, year_id)]
        province_id = next(c.school.province_id for c in classrooms if c.school_id == school_id)
        for name in SCHOOL_FIELDS:
            setattr(school, name, getattr(school, name) + delta[name])
        school.best_score_sum = _from_units(
            _units(school.best_score_sum) + delta["best_score_units"]
        )
        before = school.covered_on
        candidates = [d for d in [before, *school_ran[(school_id, year_id)]] if d]
        school.covered_on = min(candidates) if candidates else None
        school.save(update_fields=[*SCHOOL_FIELDS, "best_score_sum", "covered_on"])
        pdelta = province_delta[(province_id, year_id)]
        pdelta.update(delta)
        if before != school.covered_on:
            pdelta["units_covered"] += (school.covered_on is not None) - (before is not None)
            if before:
                month_delta[(province_id, year_id)][(month_key(before), "units_newly_covered")] -= 1
            if school.covered_on:
                month_delta[(province_id, year_id)][
                    (month_key(school.covered_on), "units_newly_covered")
                ] += 1
    provinces = {
        key: _lock(ProvinceYearRollup, province_id=key[0], school_year_id=key[1])
        for key in sorted(province_delta)
    }
    for key, delta in sorted(province_delta.items()):
        province = provinces[key]
        for name in (*SCHOOL_FIELDS, "units_covered"):
            setattr(province, name, getattr(province, name) + delta[name])
        province.best_score_sum = _from_units(
            _units(province.best_score_sum) + delta["best_score_units"]
        )
        province.save(update_fields=[*SCHOOL_FIELDS, "units_covered", "best_score_sum"])
    for (province_id, year_id), delta in sorted(month_delta.items()):
        by_month: dict[str, dict] = defaultdict(dict)
        for (month, name), value in delta.items():
            if value:
                by_month[month][name] = value
        for month in sorted(by_month):
            row = _lock(
                ProvinceMonthRollup,
                province_id=province_id,
                school_year_id=year_id,
                month=_month_date(month),
            )
            for name, value in by_month[month].items():
                setattr(row, name, getattr(row, name) + value)
            row.save(update_fields=list(by_month[month]))


def _ran_statement(classroom, at: datetime) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": profile.class_group(classroom.pk),
        "verb": {
            "id": profile.verb_ran_programme(),
            "display": {"en-US": "ran the programme", "vi": "đã thực hiện chương trình"},
        },
        "object": {
            "objectType": "Activity",
            "id": profile.programme_year_iri(classroom.school_year.name),
            "definition": {
                "type": profile.type_programme_year(),
                "name": {
                    "vi": f"Chương trình kỹ năng số an toàn, năm học {classroom.school_year.name}"
                },
            },
        },
        "timestamp": at.isoformat(),
        "context": {
            "extensions": {
                profile.ext_class(): classroom.pk,
                profile.ext_school(): classroom.school.code,
                profile.ext_province(): classroom.school.province.code,
                profile.ext_school_year(): classroom.school_year.name,
            }
        },
    }


def _ran_statement_store(classroom, at: datetime) -> None:
    from analytics.xapi.services import platform_statements_store

    platform_statements_store(statements=[_ran_statement(classroom, at)])


# --- the statement path ---------------------------------------------------------------------


PROGRESS_FIELDS = [
    "classroom",
    "status",
    "lessons_experienced",
    "attempts",
    "first_score",
    "best_score",
    "completed_at",
    "last_activity_at",
    "lesson_keys",
    "first_attempt_at",
    "first_attempt_statement",
    "completed_statement",
    "last_statement",
]


def _save(row, fields: list[str]) -> None:
    if row.pk:
        row.save(update_fields=fields)
    else:
        row.save()


def statements_apply(*, statements: list) -> None:
    """Fold newly stored platform statements into the rollups (inside the store's
    transaction; called by analytics.xapi.services only)."""
    from analytics.models import FirstAnswer, LearnerClassModule, LearnerModuleProgress

    events, ran_events = Resolver().events(statements)
    changes: dict[int, set[int] | None] = defaultdict(set)
    by_pair: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for event in events:
        by_pair[(event.learner_id, event.module_id)].append(event)
    for (learner_id, module_id), pair_events in sorted(by_pair.items()):
        # The learner × module row is the lock for all of this learner's facts on the module.
        progress = _lock(LearnerModuleProgress, learner_id=learner_id, module_id=module_id)
        facts = {
            fact.classroom_id: fact
            for fact in LearnerClassModule.objects.filter(
                learner_id=learner_id,
                module_id=module_id,
                classroom_id__in={e.classroom_id for e in pair_events if e.classroom_id},
            )
        }
        quiz_ids = {e.quiz_id for e in pair_events if e.kind == "answer"}
        answers = (
            {
                (a.quiz_id, a.question_key): a
                for a in FirstAnswer.objects.filter(learner_id=learner_id, quiz_id__in=quiz_ids)
            }
            if quiz_ids
            else {}
        )
        changed_facts, changed_answers = set(), set()
        for event in pair_events:
            progress_fold(progress, event)
            if event.classroom_id:
                fact = facts.setdefault(
                    event.classroom_id,
                    LearnerClassModule(
                        classroom_id=event.classroom_id, learner_id=learner_id, module_id=module_id
                    ),
                )
                if class_fact_fold(fact, event):
                    changed_facts.add(event.classroom_id)
            if event.kind == "answer":
                key = (event.quiz_id, event.question_key)
                answer = answers.setdefault(
                    key,
                    FirstAnswer(
                        learner_id=learner_id,
                        module_id=module_id,
                        quiz_id=event.quiz_id,
                        question_key=event.question_key,
                    ),
                )
                changed, previous_class = first_answer_fold(answer, event)
                if changed:
                    changed_answers.add(key)
                    for classroom_id in (previous_class, answer.classroom_id):
                        if classroom_id:
                            changes[classroom_id].add(module_id)
        _save(progress, PROGRESS_FIELDS)
        for classroom_id in changed_facts:
            _save(facts[classroom_id], ["started_at", "completed_at", "best_score"])
            changes[classroom_id].add(module_id)
        changed = [answers[key] for key in sorted(changed_answers)]
        for answer in changed:
            if answer.pk is not None:
                answer.save(update_fields=["classroom", "answered_at", "statement", "correct"])
        FirstAnswer.objects.bulk_create([a for a in changed if a.pk is None])  # one INSERT
    ran: dict[int, datetime] = {}
    for event in ran_events:
        ran[event.classroom_id] = min(ran.get(event.classroom_id, event.timestamp), event.timestamp)
        changes.setdefault(event.classroom_id, set())
    if changes:
        at = max((e.timestamp for e in events), default=None)
        classes_recount_enqueue(changes=dict(changes), at=at, ran=ran)


def on_statements_stored(*, statements, counts: bool, trusted: bool) -> None:
    """lms.hooks.statements_stored receiver: only statements that count change the rollups."""
    if counts:
        statements_apply(statements=statements)


# --- hooks for other services ---------------------------------------------------------------


def classroom_enrollment_changed(*, classroom) -> None:
    """Recompute the class's enrolled count and whether it ran the programme (queued)."""
    classes_recount_enqueue(changes={classroom.pk: set()})


def classroom_assignments_changed(*, classroom) -> None:
    """Recompute which of the class's completions count (modules assigned to it; queued)."""
    classes_recount_enqueue(changes={classroom.pk: set()})


def learner_records_erase(*, learner) -> None:
    """lms.hooks.learner_erase receiver: erase a learner's learning records and take them out
    of every rollup (their account is deleted next, in the same transaction).

    Deletes every statement whose actor is the learner (made by the platform or sent by a
    client; the store refuses statements that name a learner anywhere else,
    analytics/xapi/validation.py) and their rows in every fact table, then queues a recount
    of each class they counted in. A class that already ran the programme stays ran
    (docs/coverage.md). Their practice rows go with the account (on delete cascade)."""
    from analytics.models import FirstAnswer, LearnerClassModule, LearnerModuleProgress
    from analytics.xapi.models import Statement
    from lms.schools.models import Enrollment

    with transaction.atomic():
        list(
            LearnerModuleProgress.objects.select_for_update()
            .filter(learner=learner)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        changes: dict[int, set[int] | None] = defaultdict(set)
        for classroom_id, module_id in LearnerClassModule.objects.filter(
            learner=learner
        ).values_list("classroom_id", "module_id"):
            changes[classroom_id].add(module_id)
        for classroom_id, module_id in FirstAnswer.objects.filter(
            learner=learner, classroom__isnull=False
        ).values_list("classroom_id", "module_id"):
            changes[classroom_id].add(module_id)
        for classroom_id in Enrollment.objects.filter(learner=learner).values_list(
            "classroom_id", flat=True
        ):
            changes.setdefault(classroom_id, set())
        Statement.objects.filter(actor=learner.xapi_id.hex).delete()
        FirstAnswer.objects.filter(learner=learner).delete()
        LearnerClassModule.objects.filter(learner=learner).delete()
        LearnerModuleProgress.objects.filter(learner=learner).delete()
        if changes:
            classes_recount_enqueue(changes=dict(changes))


# --- the queue of class recounts, and the worker's side of it --------------------------------

DRAIN_BATCH = 500


def classes_recount_enqueue(
    *,
    changes: dict[int, set[int] | None],
    at: datetime | None = None,
    ran: dict[int, datetime] | None = None,
) -> None:
    """Ask for these classes to be recomputed (``changes`` as for ``classes_refresh``), in the
    caller's transaction: one INSERT, no lock on any shared row, so requests never queue
    behind each other. The worker (``rollups_drain``, run by the task below) applies them
    within seconds; under tests the task runs at once."""
    from analytics.models import ClassRecount

    if not changes:
        return
    at = at or timezone.now()
    ran = ran or {}
    ClassRecount.objects.bulk_create(
        [
            ClassRecount(
                classroom_id=classroom_id,
                modules=None if modules is None else sorted(modules),
                at=at,
                ran_at=ran.get(classroom_id),
            )
            for classroom_id, modules in sorted(changes.items())
        ]
    )
    from analytics.tasks import rollups_drain_soon

    rollups_drain_soon()


def rollups_pending() -> int:
    """How many class recounts wait for the worker."""
    from analytics.models import ClassRecount

    return ClassRecount.objects.count()


def rollups_drain(*, batch: int = DRAIN_BATCH) -> int:
    """Apply every queued class recount, oldest first, ``batch`` queue rows a transaction.
    Rows another worker holds are skipped (SKIP LOCKED), so several workers share the queue;
    a class queued many times is recomputed once per batch. Returns how many rows applied."""
    from analytics.models import ClassRecount

    applied = 0
    while True:
        with transaction.atomic():
            items = list(
                ClassRecount.objects.select_for_update(skip_locked=True).order_by("pk")[:batch]
            )
            if not items:
                return applied
            changes: dict[int, set[int] | None] = {}
            at: dict[int, datetime] = {}
            ran: dict[int, datetime] = {}
            for item in items:
                if item.classroom_id in changes and changes[item.classroom_id] is None:
                    pass
                elif item.modules is None:
                    changes[item.classroom_id] = None
                else:
                    changes.setdefault(item.classroom_id, set()).update(item.modules)
                if item.classroom_id not in at or item.at > at[item.classroom_id]:
                    at[item.classroom_id] = item.at
                if item.ran_at and (
                    item.classroom_id not in ran or item.ran_at < ran[item.classroom_id]
                ):
                    ran[item.classroom_id] = item.ran_at
            classes_refresh(changes=changes, at=at, ran=ran)
            ClassRecount.objects.filter(pk__in=[item.pk for item in items]).delete()
            applied += len(items)
