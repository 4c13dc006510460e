"""Recomputing every rollup from the statement store, enrolments and assignments.

``manage.py rebuild_rollups`` runs ``rollups_rebuild``; ``--check`` compares without keeping
anything (``rollups_snapshot`` before and after, then a rollback). The rebuild folds the same
events with the same functions as the incremental path (analytics/rollups.py), so both give
the same numbers; tests/analytics/test_rebuild.py proves it on a mixed scenario.

It is also the bulk path: ``statements_import`` stores many platform statements without
touching rollups, and a rebuild afterwards gives the rollups the entry function would have
given. A class that reached the share in imported data has no "ran the programme" statement
yet; the rebuild records one, dated when its counted learners reached the share.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from analytics.xapi import profile

from . import rollups
from .dashboard.cache import dashboard_cache_invalidate
from .practice import practice_rebuild
from .rollups import (
    ClassNumbers,
    Resolver,
    class_contribution,
    class_fact_fold,
    class_month_contribution,
    class_numbers,
    first_answer_fold,
    local_date,
    month_key,
    progress_fold,
)

BATCH = 2000


@dataclass
class RebuildReport:
    statements: int = 0
    learner_modules: int = 0
    classes: int = 0
    ran_recorded: int = 0
    practice: int = 0

    def summary(self) -> str:
        return (
            f"{self.statements} statements read, {self.learner_modules} learner × module rows, "
            f"{self.classes} classes, {self.ran_recorded} 'ran the programme' statements recorded, "
            f"{self.practice} practice rows"
        )


def _models():
    from analytics import models

    return [
        models.ClassRecount,  # every class is recomputed here: nothing is left to queue
        models.ProvinceMonthRollup,
        models.ProvinceYearRollup,
        models.SchoolYearRollup,
        models.ClassRollup,
        models.QuestionRollup,
        models.ClassModuleRollup,
        models.FirstAnswer,
        models.LearnerClassModule,
        models.LearnerModuleProgress,
    ]


def _platform_statements() -> Iterator:
    from analytics.xapi.models import Statement

    return (
        Statement.objects.filter(authority=profile.PLATFORM_ACCOUNT, voided=False)
        .order_by("actor")
        .only("id", "actor", "verb", "activity", "timestamp", "classroom_id", "payload")
        .iterator(chunk_size=BATCH)
    )


def _learner_facts(rows: list, resolver: Resolver, ran: dict, report: RebuildReport) -> None:
    """Fold the statements of a group of whole actors and write their learner facts."""
    from analytics.models import FirstAnswer, LearnerClassModule, LearnerModuleProgress

    events, ran_events = resolver.events(rows)
    for event in ran_events:
        ran[event.classroom_id] = min(ran.get(event.classroom_id, event.timestamp), event.timestamp)
    progress: dict[tuple, LearnerModuleProgress] = {}
    facts: dict[tuple, LearnerClassModule] = {}
    answers: dict[tuple, FirstAnswer] = {}
    for event in events:
        pair = (event.learner_id, event.module_id)
        if pair not in progress:
            progress[pair] = LearnerModuleProgress(
                learner_id=event.learner_id, module_id=event.module_id, lesson_keys=[]
            )
        progress_fold(progress[pair], event)
        if event.classroom_id:
            key = (event.classroom_id, *pair)
            if key not in facts:
                facts[key] = LearnerClassModule(
                    classroom_id=event.classroom_id,
                    learner_id=event.learner_id,
                    module_id=event.module_id,
                )
            class_fact_fold(facts[key], event)
        if event.kind == "answer":
            key = (event.learner_id, event.quiz_id, event.question_key)
            if key not in answers:
                answers[key] = FirstAnswer(
                    learner_id=event.learner_id,
                    module_id=event.module_id,
                    quiz_id=event.quiz_id,
                    question_key=event.question_key,
                )
            first_answer_fold(answers[key], event)
    LearnerModuleProgress.objects.bulk_create(progress.values(), batch_size=BATCH)
    LearnerClassModule.objects.bulk_create(facts.values(), batch_size=BATCH)
    FirstAnswer.objects.bulk_create(answers.values(), batch_size=BATCH)
    report.learner_modules += len(progress)


def _class_rows(ran: dict, report: RebuildReport, *, record_missing_ran: bool) -> None:
    from analytics.models import ClassRollup, FirstAnswer, LearnerClassModule
    from lms.schools.models import Classroom, Enrollment

    class_ids = (
        set(LearnerClassModule.objects.values_list("classroom_id", flat=True).distinct())
        | set(
            FirstAnswer.objects.filter(classroom__isnull=False)
            .values_list("classroom_id", flat=True)
            .distinct()
        )
        | set(
            Enrollment.objects.filter(left_at__isnull=True)
            .values_list("classroom_id", flat=True)
            .distinct()
        )
        | set(ran)
    )
    ordered = sorted(class_ids)
    for start in range(0, len(ordered), 500):
        batch = ordered[start : start + 500]
        facts = rollups._class_facts(batch)
        rollups._class_module_rows(batch, dict.fromkeys(batch), facts)
        inputs = rollups._class_inputs(batch, facts)
        classrooms = Classroom.objects.select_related("school__province", "school_year").in_bulk(
            batch
        )
        rows = []
        for classroom_id in batch:
            numbers: ClassNumbers = class_numbers(**inputs[classroom_id])
            ran_on = local_date(ran[classroom_id]) if classroom_id in ran else None
            if ran_on is None and numbers.reached_share_at is not None and record_missing_ran:
                rollups._ran_statement_store(classrooms[classroom_id], numbers.reached_share_at)
                ran_on = local_date(numbers.reached_share_at)
                report.ran_recorded += 1
            rows.append(
                ClassRollup(
                    classroom_id=classroom_id,
                    learners_enrolled=numbers.learners_enrolled,
                    learners_completed=numbers.learners_completed,
                    modules_completed=numbers.modules_completed,
                    best_score_sum=rollups._from_units(numbers.best_score_units),
                    scores=numbers.scores,
                    months=numbers.months,
                    ran_on=ran_on,
                )
            )
        ClassRollup.objects.bulk_create(rows)
        report.classes += len(rows)


def _school_and_province_rows() -> None:
    from analytics.models import (
        ClassRollup,
        ProvinceMonthRollup,
        ProvinceYearRollup,
        SchoolYearRollup,
    )

    schools: dict[tuple, Counter] = defaultdict(Counter)
    covered: dict[tuple, date] = {}
    school_province: dict[tuple, int] = {}
    months: dict[tuple, Counter] = defaultdict(Counter)
    for row in ClassRollup.objects.select_related("classroom__school").iterator(chunk_size=BATCH):
        classroom = row.classroom
        key = (classroom.school_id, classroom.school_year_id)
        school_province[key] = classroom.school.province_id
        schools[key].update(class_contribution(row))
        if row.ran_on:
            covered[key] = min(covered.get(key, row.ran_on), row.ran_on)
        months[(classroom.school.province_id, classroom.school_year_id)].update(
            class_month_contribution(row)
        )
    provinces: dict[tuple, Counter] = defaultdict(Counter)
    school_rows = []
    for key, counts in schools.items():
        school_rows.append(
            SchoolYearRollup(
                school_id=key[0],
                school_year_id=key[1],
                **{name: counts[name] for name in rollups.SCHOOL_FIELDS},
                best_score_sum=rollups._from_units(counts["best_score_units"]),
                covered_on=covered.get(key),
            )
        )
        province_key = (school_province[key], key[1])
        provinces[province_key].update(counts)
        if key in covered:
            provinces[province_key]["units_covered"] += 1
            months[province_key][(month_key(covered[key]), "units_newly_covered")] += 1
    SchoolYearRollup.objects.bulk_create(school_rows, batch_size=BATCH)
    ProvinceYearRollup.objects.bulk_create(
        [
            ProvinceYearRollup(
                province_id=key[0],
                school_year_id=key[1],
                units_covered=counts["units_covered"],
                **{name: counts[name] for name in rollups.SCHOOL_FIELDS},
                best_score_sum=rollups._from_units(counts["best_score_units"]),
            )
            for key, counts in provinces.items()
        ]
    )
    month_rows: dict[tuple, dict] = defaultdict(dict)
    for (province_id, year_id), counts in months.items():
        for (month, name), value in counts.items():
            if value:
                month_rows[(province_id, year_id, month)][name] = value
    ProvinceMonthRollup.objects.bulk_create(
        [
            ProvinceMonthRollup(
                province_id=province_id,
                school_year_id=year_id,
                month=rollups._month_date(month),
                **values,
            )
            for (province_id, year_id, month), values in sorted(month_rows.items())
        ]
    )


def rollups_rebuild(*, record_missing_ran: bool = True) -> RebuildReport:
    """Delete every rollup and compute it again from the statements the platform made, the
    current enrolments and the active assignments. One transaction."""
    report = RebuildReport()
    with transaction.atomic():
        for model in _models():
            model.objects.all().delete()
        resolver = Resolver()
        ran: dict[int, object] = {}
        buffer: list = []
        for _actor, group in groupby(_platform_statements(), key=lambda row: row.actor):
            buffer.extend(group)
            if len(buffer) >= BATCH:
                report.statements += len(buffer)
                _learner_facts(buffer, resolver, ran, report)
                buffer = []
        if buffer:
            report.statements += len(buffer)
            _learner_facts(buffer, resolver, ran, report)
        _class_rows(ran, report, record_missing_ran=record_missing_ran)
        _school_and_province_rows()
        report.practice = practice_rebuild()
        # Cached dashboard figures are from the old rows; drop them once the new ones are in
        # (a rolled-back check drops nothing).
        transaction.on_commit(dashboard_cache_invalidate)
    return report


def statements_import(*, statements: Iterable[dict], batch_size: int = 500) -> int:
    """The bulk path: store many statements the platform made (checked like any other, in
    batches) without updating rollups; run ``rollups_rebuild`` afterwards. For generated
    national-scale data (issue 5) and migrations from another LRS. Returns how many."""
    from analytics.xapi.services import platform_statements_store

    count = 0
    batch: list[dict] = []
    now = timezone.now()
    for statement in statements:
        batch.append(statement)
        if len(batch) >= min(batch_size, 100):
            platform_statements_store(statements=batch, now=now)
            count += len(batch)
            batch = []
    if batch:
        platform_statements_store(statements=batch, now=now)
        count += len(batch)
    return count


STATEMENT_COLUMNS = [
    "id",
    "actor",
    "verb",
    "activity",
    "registration",
    "timestamp",
    "stored",
    "province_code",
    "school_code",
    "classroom_id",
    "authority",
    "payload",
    "voided",
]


def statements_import_trusted(*, statements: Iterable[dict], batch_size: int = 5000) -> int:
    """The bulk path for statements the platform's own builders made (analytics/services.py),
    such as the synthetic national data (analytics/generate.py): the same rows as
    ``statements_import``, faster. The first statement of each verb in the run is checked in
    full; the others skip the xAPI schema check, are not compared with what is stored (their
    ids must be new: a repeated id fails the whole batch) and, on PostgreSQL, are written with
    COPY. Rollups are not touched: run ``rollups_rebuild`` afterwards.
    tests/analytics/test_generate_national_data.py proves both paths store the same rows and
    give the same rollups. Returns how many."""
    from django.db import connection

    from analytics.xapi import validation
    from analytics.xapi.models import Statement
    from analytics.xapi.services import _row

    authority = profile.platform_account()
    now = timezone.now()
    checked_verbs: set[str] = set()
    count = 0

    def prepared(statement: dict):
        verb = (statement.get("verb") or {}).get("id")
        check = verb not in checked_verbs
        checked_verbs.add(verb)
        return validation.statement_prepare(statement, authority=authority, now=now, check=check)

    def write(rows: list) -> None:
        if connection.vendor != "postgresql":
            Statement.objects.bulk_create([_row(p) for p in rows])
            return
        table = connection.ops.quote_name(Statement._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in STATEMENT_COLUMNS)
        sql = f"COPY {table} ({columns}) FROM STDIN"
        with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for p in rows:
                copy.write_row(
                    (
                        p.id,
                        p.actor,
                        p.verb,
                        p.activity,
                        p.registration,
                        p.timestamp,
                        p.stored,
                        p.province_code,
                        p.school_code,
                        p.classroom_id,
                        p.authority,
                        json.dumps(p.payload, ensure_ascii=False),
                        False,
                    )
                )

    batch: list = []
    for statement in statements:
        batch.append(prepared(statement))
        if len(batch) >= batch_size:
            write(batch)
            count += len(batch)
            batch = []
    if batch:
        write(batch)
        count += len(batch)
    return count


# --- comparing two states -------------------------------------------------------------------


def _zero(values: dict) -> bool:
    return all(not v for v in values.values())


def rollups_snapshot() -> dict[str, list[tuple]]:
    """Every rollup and fact row as plain values, without ids and without rows that are all
    zero (a class whose last learner left has a zero row; a rebuild writes none)."""
    from analytics import models

    spec = {
        models.LearnerModuleProgress: (
            ["learner_id", "module_id"],
            [
                "classroom_id",
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
            ],
        ),
        models.LearnerClassModule: (
            ["classroom_id", "learner_id", "module_id"],
            ["started_at", "completed_at", "best_score"],
        ),
        models.FirstAnswer: (
            ["learner_id", "quiz_id", "question_key"],
            ["module_id", "classroom_id", "answered_at", "statement", "correct"],
        ),
        models.ClassModuleRollup: (
            ["classroom_id", "module_id"],
            ["learners_started", "learners_completed", "best_score_sum", "learners_scored"],
        ),
        models.QuestionRollup: (
            ["classroom_id", "quiz_id", "question_key"],
            ["module_id", "first_try_answered", "first_try_correct"],
        ),
        models.ClassRollup: (
            ["classroom_id"],
            [
                "learners_enrolled",
                "learners_completed",
                "modules_completed",
                "best_score_sum",
                "scores",
                "ran_on",
                "months",
            ],
        ),
        models.SchoolYearRollup: (
            ["school_id", "school_year_id"],
            [*rollups.SCHOOL_FIELDS, "best_score_sum", "covered_on"],
        ),
        models.ProvinceYearRollup: (
            ["province_id", "school_year_id"],
            [*rollups.SCHOOL_FIELDS, "units_covered", "best_score_sum"],
        ),
        models.LearnerPractice: (
            ["learner_id", "activity"],
            [
                "lesson_id",
                "module_id",
                "classroom_id",
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
            ],
        ),
        models.ProvinceMonthRollup: (
            ["province_id", "school_year_id", "month"],
            [
                "units_newly_covered",
                "classes_newly_ran",
                "learners_newly_reached",
                "modules_completed",
            ],
        ),
    }
    snapshot = {}
    for model, (keys, fields) in spec.items():
        rows = []
        for values in model.objects.values(*keys, *fields):
            if _zero({f: values[f] for f in fields if f not in ("module_id",)}):
                continue
            rows.append(tuple(_plain(values[name]) for name in (*keys, *fields)))
        snapshot[model.__name__] = sorted(rows, key=repr)
    return snapshot


def _plain(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dict, list)):
        return repr(value)
    return value


def snapshot_diff(before: dict, after: dict) -> list[str]:
    """Human-readable differences between two snapshots (empty when equal)."""
    lines = []
    for name in before:
        old, new = set(before[name]), set(after.get(name, []))
        for row in sorted(old - new, key=repr)[:20]:
            lines.append(f"{name}: only before: {row}")
        for row in sorted(new - old, key=repr)[:20]:
            lines.append(f"{name}: only after:  {row}")
    return lines
