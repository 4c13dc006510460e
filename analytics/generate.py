"""Synthetic national data for load tests and the dashboard benchmark (issue 5).

``manage.py generate_national_data`` runs ``national_data_generate``: schools and child-care
facilities in the real 34 provinces and their wards, one current school year, classes with
grades that fit each level, a teacher per class, learners, enrolments, module assignments from
the loaded curriculum, and a school year of lesson views and quiz attempts whose coverage
differs from province to province (some units covered, some partly, some not started).

Everything it makes is marked: unit codes start with ``GEN-``, usernames with ``gen-``.
``national_data_delete`` removes exactly that (and the statements and rollups about it).

Statements are the ones the platform makes (analytics/services.py builds them) and go in
through the bulk path: ``statements_import_trusted`` (or, with ``fast=False``,
``statements_import``: the same rows, tests/analytics/test_generate_national_data.py) stores
them without touching rollups, then ``rollups_rebuild`` computes every rollup from the store,
as ``rebuild_rollups`` does.

The same seed (on the same day, on an empty slate) gives the same units, learners, statement
ids and figures. Learners get pseudonymous usernames, a plain generated display name and no
usable password (hashing millions of passwords would take hours and nobody signs in as them).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

PREFIX = "GEN-"  # unit codes
USER_PREFIX = "gen-"  # usernames
UNUSABLE_PASSWORD = "!generated"  # noqa: S105  (starts with "!": never usable, no hashing)
BATCH = 2000
UNITS_PER_CHUNK = 100  # units created (and their statements stored) per step

# Share of units by level, roughly the national registry (~27,000 units: primary schools the
# most numerous, then lower secondary, upper secondary, multi-level, a few care facilities).
LEVEL_WEIGHTS = [
    ("primary", 50),
    ("lower_secondary", 33),
    ("upper_secondary", 9),
    ("multi_level", 5),
    ("care_facility", 3),
]
LEVEL_NAMES = {
    "primary": "Trường Tiểu học",
    "lower_secondary": "Trường THCS",
    "upper_secondary": "Trường THPT",
    "multi_level": "Trường TH và THCS",
    "care_facility": "Cơ sở Bảo trợ xã hội trẻ em",
}
LEVEL_GRADES = {
    "primary": range(1, 6),
    "lower_secondary": range(6, 10),
    "upper_secondary": range(10, 13),
    "multi_level": range(1, 10),
}
CARE_GROUPS = [(6, 10), (11, 14), (15, 17)]
# How far each province has come: the share of its units that are covered. Provinces are
# dealt these tiers at random (by the seed), so coverage differs by province.
PROVINCE_TIERS = [0.9, 0.75, 0.6, 0.45, 0.3, 0.15, 0.05, 0.0]
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò"]
MIDDLE_NAMES = ["Văn", "Thị", "Minh", "Đức", "Ngọc", "Thu", "Gia", "Bảo"]
GIVEN_NAMES = ["An", "Bình", "Chi", "Dung", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Tùng"]
CONSENT_SHARE = 0.85


class GenerationError(Exception):
    """The data cannot be generated (the message says why and what to do)."""


@dataclass
class GenerationReport:
    units: int = 0
    classes: int = 0
    teachers: int = 0
    learners: int = 0
    assignments: int = 0
    statements: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    rebuild: str = ""

    def summary(self) -> str:
        return (
            f"{self.units} units, {self.classes} classes, {self.teachers} teachers, "
            f"{self.learners} learners, {self.assignments} assignments, "
            f"{self.statements} statements"
        )


@dataclass
class _Curriculum:
    modules: dict[int, list]  # band → modules in curriculum order
    lessons: dict[int, list]  # module pk → lessons
    quizzes: dict[int, object]  # module pk → quiz page


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _curriculum() -> _Curriculum:
    from assessments.models import QuizPage
    from curriculum.models import LessonPage, ModulePage

    modules: dict[int, list] = {}
    lessons: dict[int, list] = {}
    quizzes: dict[int, object] = {}
    for module in ModulePage.objects.live().order_by("path"):
        quiz = QuizPage.objects.child_of(module).live().first()
        module_lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
        if quiz is None or not list(quiz.questions) or module.band == 0:
            continue
        modules.setdefault(module.band, []).append(module)
        lessons[module.pk] = module_lessons
        quizzes[module.pk] = quiz
    if not modules:
        raise GenerationError(
            "the curriculum is not loaded (no published module with a quiz): "
            "run `manage.py load_curriculum` first"
        )
    return _Curriculum(modules=modules, lessons=lessons, quizzes=quizzes)


def generated_units():
    from lms.schools.models import School

    return School.objects.filter(code__startswith=PREFIX)


# --- statements -----------------------------------------------------------------------------


def _answers(quiz, rng: random.Random, right: set[str]) -> list:
    """One answer record per question, right for the keys in ``right``, as the quiz page
    would record them (assessments/services.py)."""
    from analytics.services import AnswerRecord
    from assessments.scoring import INTERACTION_TYPES

    records = []
    for block in quiz.questions:
        value, kind = block.value, block.block_type
        good = value["key"] in right
        if kind == "true_false":
            answer = bool(value["answer"]) if good else not value["answer"]
            choices, response = [], "true" if answer else "false"
        elif kind == "ordering":
            items = list(value["items"])
            order = list(range(len(items)))
            if not good:
                order.reverse()
                if order == sorted(order):  # a single step cannot be wrong in order
                    good = True
            choices = [(str(i), text) for i, text in enumerate(items)]
            response = "[,]".join(map(str, order))
        else:
            choices_all = list(value["choices"])
            right_ids = [i for i, c in enumerate(choices_all) if c["correct"]]
            wrong_ids = [i for i, c in enumerate(choices_all) if not c["correct"]]
            chosen = right_ids if good or not wrong_ids else wrong_ids[:1]
            good = good or not wrong_ids
            choices = [(str(i), c["text"]) for i, c in enumerate(choices_all)]
            response = "[,]".join(map(str, chosen))
        records.append(
            AnswerRecord(
                question_key=value["key"],
                prompt=value["prompt"],
                interaction_type=INTERACTION_TYPES[kind],
                choices=choices,
                response=response,
                correct=good,
            )
        )
    return records


def _attempt(*, learner, module, quiz, where, rng, at: datetime, passed: bool, passed_before: bool):
    """The statements of one quiz attempt, meant to pass or fail, with ids from the seed
    ("completed" on the first pass in the class, as the platform sends it)."""
    from analytics.services import QuizOutcome, quiz_statements

    keys = [block.value["key"] for block in quiz.questions]
    needed = -(-quiz.pass_mark * len(keys) // 100)  # the fewest right answers that pass
    raw = rng.randint(needed, len(keys)) if passed else rng.randint(0, max(0, needed - 1))
    right = set(rng.sample(keys, raw))
    answers = _answers(quiz, rng, right)
    raw = sum(a.correct for a in answers)
    outcome = QuizOutcome(
        attempt_id=_uuid(rng),
        started_at=at - timedelta(minutes=rng.randint(3, 12)),
        submitted_at=at,
        answers=answers,
        raw=raw,
        max=len(answers),
        passed=raw * 100 >= quiz.pass_mark * len(answers),
    )
    statements = quiz_statements(
        learner=learner,
        module=module,
        quiz=quiz,
        outcome=outcome,
        where=where,
        first_completion=outcome.passed and not passed_before,
    )
    for statement in statements[1:]:  # the attempt keeps its id: the others refer to it
        statement["id"] = str(_uuid(rng))
    return statements, outcome.passed


def _clamp(moment: datetime, start: datetime, end: datetime) -> datetime:
    return max(start, min(end, moment))


def _learner_statements(
    *,
    learner,
    modules: list,
    curriculum: _Curriculum,
    where_by_module: dict,
    rng: random.Random,
    begin: datetime,
    span_start: datetime,
    span_end: datetime,
    completes: bool,
    factor: float,
    extra_rng: random.Random,
) -> list[dict]:
    """A learner's lesson views and quiz attempts on the class's assigned modules."""
    from analytics.services import lesson_statement

    statements: list[dict] = []
    worked = modules[: 1 + (completes and len(modules) > 1 and rng.random() < 0.3)]
    at = _clamp(begin + timedelta(minutes=rng.randint(0, 600)), span_start, span_end)
    for module in worked:
        where = where_by_module[module.pk]
        lessons = curriculum.lessons[module.pk]
        seen = lessons if completes else lessons[: rng.randint(1, max(1, len(lessons)))]
        module_statements: list[dict] = []
        for lesson in seen:
            at = _clamp(at + timedelta(minutes=rng.randint(2, 20)), span_start, span_end)
            module_statements.append(
                lesson_statement(
                    learner=learner,
                    lesson=lesson,
                    module=module,
                    where=where,
                    at=at,
                    statement_id=_uuid(rng),
                )
            )
        quiz = curriculum.quizzes[module.pk]
        attempts = []  # meant to pass or fail: a fail first sometimes, the pass days later
        if completes:
            attempts = [False, True] if rng.random() < 0.3 else [True]
        elif rng.random() < 0.4:  # tried the quiz, not passed yet
            attempts = [False]
        passed_before = False
        for meant_to_pass in attempts:
            at = _clamp(at + timedelta(minutes=30), span_start, span_end)
            if meant_to_pass and len(attempts) > 1:
                at = _clamp(at + timedelta(days=rng.randint(1, 6)), span_start, span_end)
            made, passed = _attempt(
                learner=learner, module=module, quiz=quiz, where=where, rng=rng,
                at=at, passed=meant_to_pass, passed_before=passed_before,
            )  # fmt: skip
            module_statements.extend(made)
            passed_before = passed_before or passed
        # --statements-factor: the same learner opens lessons they have seen again, later.
        # Lessons seen again change no dashboard figure, only the statement count; they draw
        # from their own generator, so every other choice is the same whatever the factor.
        extra = round((factor - 1) * len(module_statements))
        first_view = datetime.fromisoformat(module_statements[0]["timestamp"])
        for _ in range(extra):
            again = _clamp(
                first_view + timedelta(minutes=extra_rng.randint(1, 60 * 24 * 30)),
                first_view,
                span_end,
            )
            module_statements.append(
                lesson_statement(
                    learner=learner,
                    lesson=extra_rng.choice(seen),
                    module=module,
                    where=where,
                    at=again,
                    statement_id=_uuid(extra_rng),
                )
            )
        statements.extend(module_statements)
    return statements


# --- generation -----------------------------------------------------------------------------


def _check(*, schools: int, classes_per_school: int, learners_per_class: int, factor: float):
    from lms.schools.models import Province, Ward
    from lms.schools.roster import MAX_LEARNERS_PER_CLASS

    if schools <= 0:
        raise GenerationError("--schools must be a positive number")
    if classes_per_school <= 0:
        raise GenerationError("--classes-per-school must be a positive number")
    if not 0 < learners_per_class <= MAX_LEARNERS_PER_CLASS:
        raise GenerationError(
            f"--learners-per-class must be between 1 and {MAX_LEARNERS_PER_CLASS}"
        )
    if factor < 1:
        raise GenerationError("--statements-factor must be at least 1")
    if Province.objects.count() < 34 or not Ward.objects.exists():
        raise GenerationError(
            "the provinces and wards are not loaded: run `manage.py migrate` first"
        )
    if generated_units().exists():
        raise GenerationError(
            f"generated data is already there ({generated_units().count()} units with codes "
            f"starting {PREFIX}): remove it first with `generate_national_data --delete`"
        )


def national_data_generate(
    *,
    schools: int,
    learners_per_class: int,
    seed: int,
    classes_per_school: int = 2,
    statements_factor: float = 1.0,
    fast: bool = True,
    progress: Callable[[str], None] = lambda line: None,
) -> GenerationReport:
    """Generate ``schools`` units with ``classes_per_school`` classes of ``learners_per_class``
    learners, their assignments and a school year of statements, then rebuild the rollups.
    ``fast`` stores the statements with ``statements_import_trusted`` (same rows, faster)
    rather than ``statements_import``. Raises ``GenerationError`` (nothing written) when it cannot."""
    from analytics.dashboard.cache import dashboard_cache_invalidate
    from analytics.rebuild import rollups_rebuild, statements_import, statements_import_trusted
    from lms.schools.models import Province, Ward
    from lms.schools.services import school_year_for

    _check(
        schools=schools,
        classes_per_school=classes_per_school,
        learners_per_class=learners_per_class,
        factor=statements_factor,
    )
    curriculum = _curriculum()
    missing = [str(band) for band in (1, 2, 3, 4) if band not in curriculum.modules]
    if missing:
        progress(f"warning: no module with a quiz for age band(s) {', '.join(missing)}")
    report = GenerationReport()
    started = time.perf_counter()
    rng = random.Random(seed)
    extra_rng = random.Random(f"{seed}-again")
    year = school_year_for(day=timezone.localdate())
    provinces = list(Province.objects.order_by("code"))
    wards_by_province: dict[int, list] = {}
    for ward in Ward.objects.order_by("code"):
        wards_by_province.setdefault(ward.province_id, []).append(ward)
    all_wards = [w for p in provinces for w in wards_by_province.get(p.pk, [])]
    province_by_id = {p.pk: p for p in provinces}
    tiers = [PROVINCE_TIERS[i % len(PROVINCE_TIERS)] for i in range(len(provinces))]
    rng.shuffle(tiers)
    tier_of = {p.pk: tier for p, tier in zip(provinces, tiers, strict=True)}
    # Activity runs from the first school week to an hour ago; provinces start at different
    # times, so the month-by-month trends differ too.
    now = timezone.now()
    tz = timezone.get_current_timezone()
    span_start = datetime.combine(year.starts_on, datetime.min.time(), tz) + timedelta(hours=8)
    span_end = min(
        now - timedelta(hours=1), datetime.combine(year.ends_on, datetime.max.time(), tz)
    )
    span_start = min(span_start, span_end - timedelta(days=1))
    span_days = max(1, (span_end - span_start).days)
    province_start = {
        p.pk: span_start + timedelta(days=rng.randint(0, max(0, span_days // 3))) for p in provinces
    }

    def stream() -> Iterator[dict]:
        for chunk_start in range(0, schools, UNITS_PER_CHUNK):
            indexes = range(chunk_start, min(schools, chunk_start + UNITS_PER_CHUNK))
            yield from _chunk(
                indexes=indexes,
                rng=rng,
                year=year,
                provinces=provinces,
                province_by_id=province_by_id,
                all_wards=all_wards,
                wards_by_province=wards_by_province,
                tier_of=tier_of,
                province_start=province_start,
                span_start=span_start,
                span_end=span_end,
                curriculum=curriculum,
                classes_per_school=classes_per_school,
                learners_per_class=learners_per_class,
                factor=statements_factor,
                extra_rng=extra_rng,
                report=report,
            )
            progress(
                f"{report.units}/{schools} units, {report.learners} learners, "
                f"{report.statements} statements ({time.perf_counter() - started:.0f} s)"
            )

    def counted() -> Iterator[dict]:
        for statement in stream():
            report.statements += 1
            yield statement

    store = statements_import_trusted if fast else statements_import
    store(statements=counted())
    report.seconds["units_and_statements"] = round(time.perf_counter() - started, 1)
    progress("rebuilding the rollups from the store (rollups_rebuild)")
    rebuild_started = time.perf_counter()
    report.rebuild = rollups_rebuild().summary()
    report.seconds["rollups_rebuild"] = round(time.perf_counter() - rebuild_started, 1)
    report.seconds["total"] = round(time.perf_counter() - started, 1)
    dashboard_cache_invalidate()
    return report


def _chunk(
    *,
    indexes: range,
    rng: random.Random,
    year,
    provinces: list,
    province_by_id: dict,
    all_wards: list,
    wards_by_province: dict,
    tier_of: dict,
    province_start: dict,
    span_start: datetime,
    span_end: datetime,
    curriculum: _Curriculum,
    classes_per_school: int,
    learners_per_class: int,
    factor: float,
    extra_rng: random.Random,
    report: GenerationReport,
) -> Iterator[dict]:
    """Create the units ``indexes`` with everything in them; yield their statements."""
    from analytics.rollups import learners_needed
    from analytics.services import LearningContext
    from lms.accounts.models import User
    from lms.assignments.models import Assignment
    from lms.bands import band_for_age, band_for_grade
    from lms.schools.models import Classroom, Enrollment, School

    levels = [name for name, _ in LEVEL_WEIGHTS]
    weights = [weight for _, weight in LEVEL_WEIGHTS]
    units = []
    for index in indexes:
        if index < len(provinces):  # one unit in every province first
            province = provinces[index]
            ward = rng.choice(wards_by_province[province.pk])
        else:  # then in proportion to the wards: bigger provinces get more units
            ward = rng.choice(all_wards)
            province = province_by_id[ward.province_id]
        level = rng.choices(levels, weights)[0]
        units.append(
            School(
                code=f"{PREFIX}{province.code}-{index + 1:05d}",
                name=f"{LEVEL_NAMES[level]} {ward.name} số {index + 1} (dữ liệu thử)",
                level=level,
                province=province,
                ward=ward,
            )
        )
    School.objects.bulk_create(units, batch_size=BATCH)
    units = list(School.objects.filter(code__in=[u.code for u in units]).order_by("code"))
    for unit in units:
        unit.province = province_by_id[unit.province_id]
    units.sort(key=lambda u: int(u.code.rsplit("-", 1)[1]))

    classes = []
    for unit in units:
        for k in range(classes_per_school):
            if unit.level == "care_facility":
                age_min, age_max = CARE_GROUPS[k % len(CARE_GROUPS)]
                classes.append(
                    Classroom(
                        school=unit,
                        school_year=year,
                        name=f"Nhóm {age_min}–{age_max} tuổi ({k + 1})",
                        age_min=age_min,
                        age_max=age_max,
                        age_band=band_for_age(age_min),
                    )
                )
            else:
                grade = rng.choice(LEVEL_GRADES[unit.level])
                classes.append(
                    Classroom(
                        school=unit,
                        school_year=year,
                        name=f"{grade}A{k + 1}",
                        grade=grade,
                        age_band=band_for_grade(grade),
                    )
                )
    Classroom.objects.bulk_create(classes, batch_size=BATCH)
    by_key = {
        (c.school_id, c.name): c
        for c in Classroom.objects.filter(school__in=units, school_year=year)
    }
    unit_by_id = {u.pk: u for u in units}
    classes = [by_key[(c.school_id, c.name)] for c in classes]
    for classroom in classes:
        classroom.school = unit_by_id[classroom.school_id]
        classroom.school_year = year

    teachers, learners = [], []
    for position, classroom in enumerate(classes):
        unit = classroom.school
        number = int(unit.code.rsplit("-", 1)[1])
        tag = f"{number:05d}-{position % classes_per_school + 1}"
        teachers.append(
            User(
                username=f"{USER_PREFIX}gv-{tag}",
                display_name=f"Giáo viên {rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}",
                role=User.Role.TEACHER,
                school=unit,
                password=UNUSABLE_PASSWORD,
                xapi_id=_uuid(rng),
            )
        )
        birth_base = year.starts_on.year - 6 - (classroom.grade or classroom.age_min - 5)
        for n in range(learners_per_class):
            learners.append(
                User(
                    username=f"{USER_PREFIX}hs-{tag}-{n + 1:02d}",
                    display_name=(
                        f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} "
                        f"{rng.choice(GIVEN_NAMES)}"
                    ),
                    role=User.Role.LEARNER,
                    school=unit,
                    birth_year=birth_base + 6 - rng.randint(0, 1),
                    password=UNUSABLE_PASSWORD,
                    has_consent=rng.random() < CONSENT_SHARE,
                    xapi_id=_uuid(rng),
                )
            )
    User.objects.bulk_create(teachers + learners, batch_size=BATCH)
    ids = dict(
        User.objects.filter(username__in=[u.username for u in teachers + learners]).values_list(
            "username", "pk"
        )
    )
    for user in teachers + learners:
        user.pk = ids[user.username]
    Classroom.teachers.through.objects.bulk_create(
        [
            Classroom.teachers.through(classroom_id=c.pk, user_id=t.pk)
            for c, t in zip(classes, teachers, strict=True)
        ],
        batch_size=BATCH,
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(classroom=classes[i // learners_per_class], learner=learner)
            for i, learner in enumerate(learners)
        ],
        batch_size=BATCH,
    )

    # Per unit: covered, partly under way, or not started, by its province's tier.
    teacher_of = {c.pk: t for c, t in zip(classes, teachers, strict=True)}
    assignments = []
    plans = []
    for unit_classes_start in range(0, len(classes), classes_per_school):
        unit_classes = classes[unit_classes_start : unit_classes_start + classes_per_school]
        unit = unit_classes[0].school
        tier = tier_of[unit.province_id]
        draw = rng.random()
        state = (
            "covered"
            if draw < tier
            else "partial"
            if draw < tier + (1 - tier) * 0.5
            else "not_started"
        )
        for k, classroom in enumerate(unit_classes):
            band_modules = curriculum.modules.get(classroom.age_band, [])
            # Nothing to assign when the band has no module loaded; half the classes of a
            # unit that has not started have not assigned anything yet either.
            if not band_modules or (state == "not_started" and rng.random() < 0.5):
                class_state, assigned = "none", []
            else:
                assigned = band_modules[: rng.randint(1, min(3, len(band_modules)))]
                if state == "covered":
                    class_state = "ran" if k == 0 or rng.random() < tier else "partial"
                elif state == "partial":
                    class_state = "partial"
                else:
                    class_state = "none"
            teacher = teacher_of[classroom.pk]
            for module in assigned:
                assignments.append(
                    Assignment(
                        classroom=classroom,
                        module=module,
                        due_on=year.starts_on + timedelta(days=rng.randint(30, 200)),
                        assigned_by=teacher,
                        registration=_uuid(rng),
                    )
                )
            plans.append((classroom, class_state, assigned))
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    registrations = {(a.classroom_id, a.module_id): a.registration for a in assignments}
    report.units += len(units)
    report.classes += len(classes)
    report.teachers += len(teachers)
    report.learners += len(learners)
    report.assignments += len(assignments)

    for position, (classroom, class_state, assigned) in enumerate(plans):
        if class_state == "none" or not assigned:
            continue
        class_learners = learners[
            position * learners_per_class : (position + 1) * learners_per_class
        ]
        needed = learners_needed(len(class_learners))
        if class_state == "ran":
            completers = rng.randint(needed, len(class_learners))
        else:
            completers = rng.randint(0, needed - 1)
        starters = rng.randint(0, len(class_learners) - completers)
        order = list(range(len(class_learners)))
        rng.shuffle(order)
        begin_class = _clamp(
            province_start[classroom.school.province_id]
            + timedelta(days=rng.randint(0, 45), hours=rng.randint(0, 8)),
            span_start,
            span_end,
        )
        where_by_module = {
            module.pk: LearningContext(
                classroom=classroom, registration=registrations[(classroom.pk, module.pk)]
            )
            for module in assigned
        }
        for rank, learner_index in enumerate(order[: completers + starters]):
            begin = _clamp(begin_class + timedelta(days=rng.randint(0, 20)), span_start, span_end)
            yield from _learner_statements(
                learner=class_learners[learner_index],
                modules=assigned,
                curriculum=curriculum,
                where_by_module=where_by_module,
                rng=rng,
                begin=begin,
                span_start=span_start,
                span_end=span_end,
                completes=rank < completers,
                factor=factor,
                extra_rng=extra_rng,
            )


# --- removal --------------------------------------------------------------------------------


def national_data_delete(*, progress: Callable[[str], None] = lambda line: None) -> dict:
    """Remove every generated unit (code ``GEN-…``), its classes, its ``gen-`` users, their
    statements and rollups, then rebuild the rollups so the province and month rows no longer
    count them. Other data is left as it was. Returns what was removed."""
    from analytics.dashboard.cache import dashboard_cache_invalidate
    from analytics.rebuild import rollups_rebuild
    from analytics.xapi.models import Statement
    from lms.accounts.models import User
    from lms.schools.models import Classroom

    units = generated_units()
    unit_ids = list(units.values_list("pk", flat=True))
    removed = {"units": len(unit_ids), "users": 0, "statements": 0}
    if not unit_ids:
        return removed
    with transaction.atomic():
        class_ids = list(
            Classroom.objects.filter(school_id__in=unit_ids).values_list("pk", flat=True)
        )
        users = User.objects.filter(school_id__in=unit_ids, username__startswith=USER_PREFIX)
        user_rows = list(users.values_list("pk", "xapi_id"))
        others = User.objects.filter(school_id__in=unit_ids).count() - len(user_rows)
        if others:
            raise GenerationError(
                f"{others} account(s) not made by the generator belong to generated units; "
                "move or delete them first"
            )
        for start in range(0, len(user_rows), BATCH):
            chunk = user_rows[start : start + BATCH]
            removed["statements"] += Statement.objects.filter(
                actor__in=[xapi_id.hex for _, xapi_id in chunk]
            ).delete()[0]
        for start in range(0, len(class_ids), BATCH):
            removed["statements"] += Statement.objects.filter(
                classroom_id__in=class_ids[start : start + BATCH]
            ).delete()[0]
        progress(f"removed {removed['statements']} statements")
        for start in range(0, len(user_rows), BATCH):
            User.objects.filter(pk__in=[pk for pk, _ in user_rows[start : start + BATCH]]).delete()
            removed["users"] += len(user_rows[start : start + BATCH])
        progress(f"removed {removed['users']} accounts")
        units.delete()
        progress(f"removed {removed['units']} units; rebuilding the rollups")
        rollups_rebuild()
    dashboard_cache_invalidate()
    return removed
