"""Reads for the teacher portal: class lists, rosters, assignments, the progress matrix and
the school overview. Each returns everything a page needs in a fixed, small number of
queries, whatever the size of the class or school."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from analytics.models import LearnerModuleProgress, SchoolYearRollup
from curriculum.models import AgeBandPage, ModulePage
from lms.accounts.models import ConsentRecord, LoginBadge, User
from lms.assignments.models import Assignment
from lms.collation import vietnamese
from lms.schools.models import Classroom, Enrollment, School, SchoolYear

NOT_STARTED = LearnerModuleProgress.Status.NOT_STARTED
IN_PROGRESS = LearnerModuleProgress.Status.IN_PROGRESS
COMPLETED = LearnerModuleProgress.Status.COMPLETED
# Unassignments are offered for undo for this long.
UNDO_WINDOW = timedelta(days=30)


def with_counts(classrooms):
    learners = Enrollment.objects.filter(classroom=OuterRef("pk"), left_at__isnull=True)
    assignments = Assignment.objects.filter(classroom=OuterRef("pk"), removed_at__isnull=True)
    return classrooms.annotate(
        learner_count=Coalesce(
            Subquery(
                learners.values("classroom").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        assignment_count=Coalesce(
            Subquery(
                assignments.values("classroom").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
    )


def teacher_classes(*, classrooms) -> tuple[list[Classroom], list[Classroom]]:
    """(open classes, archived classes), newest school year first, with counts."""
    rows = list(
        with_counts(classrooms)
        .select_related("school", "school_year")
        .order_by("-school_year__starts_on", "grade", "age_min", "name")
    )
    return [c for c in rows if c.archived_at is None], [c for c in rows if c.archived_at]


# --- A class's roster ----------------------------------------------------------------------


def class_roster(*, classroom: Classroom) -> list[User]:
    """Learners now in the class, by name, each with ``has_card`` (a usable password) and
    ``has_badge`` (an active QR badge)."""
    learners = (
        User.objects.filter(
            role=User.Role.LEARNER,
            enrollments__classroom=classroom,
            enrollments__left_at__isnull=True,
        )
        .annotate(
            has_badge=Exists(
                LoginBadge.objects.filter(learner=OuterRef("pk"), revoked_at__isnull=True)
            )
        )
        .order_by(vietnamese("display_name"), "username")
    )
    result = list(learners)
    for learner in result:
        learner.has_card = learner.has_usable_password()
    return result


def class_recent_leavers(*, classroom: Classroom) -> list[Enrollment]:
    """Learners taken out of the class recently, for undo (and not back in since)."""
    since = timezone.now() - UNDO_WINDOW
    active = Enrollment.objects.filter(
        classroom=classroom, learner=OuterRef("learner"), left_at__isnull=True
    )
    return list(
        Enrollment.objects.filter(classroom=classroom, left_at__gte=since)
        .exclude(Exists(active))
        .select_related("learner")
        .order_by("-left_at")[:20]
    )


def learner_consent_history(*, learner: User) -> list[ConsentRecord]:
    return list(
        learner.consent_records.select_related("recorded_by").order_by("-recorded_at", "-id")
    )


def learner_badges(*, learner: User) -> list[LoginBadge]:
    return list(learner.login_badges.order_by("-created_at")[:10])


def learner_other_classes(*, learner: User, classroom: Classroom) -> list[Classroom]:
    return list(
        Classroom.objects.filter(enrollments__learner=learner, enrollments__left_at__isnull=True)
        .exclude(pk=classroom.pk)
        .select_related("school_year")
    )


# --- Modules a class can be given ----------------------------------------------------------


@dataclass(frozen=True)
class ModuleChoice:
    module: ModulePage
    band: int


def published_modules(*, band: int | None = None) -> list[ModuleChoice]:
    """Live modules with their age band, in curriculum order; only ``band`` if given.
    Two queries: the band pages, then their modules (a module's band is its parent's)."""
    bands = AgeBandPage.objects.live().order_by("band")
    if band is not None:
        bands = bands.filter(band=band)
    by_path = {page.path: page.band for page in bands.only("path", "band")}
    if not by_path:
        return []
    paths = Q()
    for path in by_path:
        paths |= Q(path__startswith=path)
    modules = (
        ModulePage.objects.live()
        .filter(paths)
        .filter(depth=len(next(iter(by_path))) // ModulePage.steplen + 1)
        .order_by("path")
    )
    steplen = ModulePage.steplen
    return [ModuleChoice(module=m, band=by_path[m.path[:-steplen]]) for m in modules]


# --- Assignments ---------------------------------------------------------------------------


@dataclass
class ClassAssignments:
    active: list[Assignment]
    recently_removed: list[Assignment]


def class_assignments(*, classroom: Classroom) -> ClassAssignments:
    since = timezone.now() - UNDO_WINDOW
    rows = list(
        Assignment.objects.filter(classroom=classroom)
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=since))
        .select_related("module", "assigned_by")
        .prefetch_related(
            Prefetch("learners", queryset=User.objects.only("id", "display_name", "username"))
        )
        .order_by("removed_at", "due_on", "-created_at")
    )
    active = [a for a in rows if a.removed_at is None]
    # Due dates first (soonest first), then those without one.
    active.sort(key=lambda a: (a.due_on is None, a.due_on or date.max, -a.created_at.timestamp()))
    removed = sorted(
        (a for a in rows if a.removed_at is not None), key=lambda a: a.removed_at, reverse=True
    )
    return ClassAssignments(active=active, recently_removed=removed)


# --- The class progress page ---------------------------------------------------------------


@dataclass
class ProgressColumn:
    assignment: Assignment
    assigned_to: set[int] | None  # None: the whole class
    completed: int = 0
    in_progress: int = 0
    assigned: int = 0


@dataclass
class ProgressRow:
    learner: User
    cells: list[str | None] = field(default_factory=list)  # None: not assigned to this learner


@dataclass
class ProgressMatrix:
    columns: list[ProgressColumn]
    rows: list[ProgressRow]

    @property
    def learner_count(self) -> int:
        return len(self.rows)


def progress_statuses(*, learner_ids, module_ids) -> dict[tuple[int, int], str]:
    """Status of each (learner, module) pair from the learning records' rollup, in one
    query. A missing row means not started. The data source of every progress view: it
    reads ``analytics.LearnerModuleProgress``, which the statement store keeps current."""
    learner_ids, module_ids = list(learner_ids), list(module_ids)
    if not learner_ids or not module_ids:
        return {}
    return {
        (learner_id, module_id): status
        for learner_id, module_id, status in LearnerModuleProgress.objects.filter(
            learner_id__in=learner_ids, module_id__in=module_ids
        ).values_list("learner_id", "module_id", "status")
    }


def class_progress(*, classroom: Classroom) -> ProgressMatrix:
    """Learners × active assignments with not started / in progress / completed.
    Three queries whatever the class size: learners, assignments (+ their learner subsets),
    progress."""
    learners = list(
        User.objects.filter(
            role=User.Role.LEARNER,
            enrollments__classroom=classroom,
            enrollments__left_at__isnull=True,
        )
        .only("id", "display_name", "username")
        .order_by(vietnamese("display_name"), "username")
    )
    assignments = list(
        Assignment.objects.filter(classroom=classroom, removed_at__isnull=True)
        .select_related("module")
        .prefetch_related(Prefetch("learners", queryset=User.objects.only("id")))
        .order_by("due_on", "created_at")
    )
    statuses = progress_statuses(
        learner_ids=[u.pk for u in learners], module_ids=[a.module_id for a in assignments]
    )
    columns = []
    for assignment in assignments:
        subset = {u.pk for u in assignment.learners.all()}
        columns.append(ProgressColumn(assignment=assignment, assigned_to=subset or None))
    rows = []
    for learner in learners:
        row = ProgressRow(learner=learner)
        for column in columns:
            if column.assigned_to is not None and learner.pk not in column.assigned_to:
                row.cells.append(None)
                continue
            status = statuses.get((learner.pk, column.assignment.module_id), NOT_STARTED)
            column.assigned += 1
            if status == COMPLETED:
                column.completed += 1
            elif status == IN_PROGRESS:
                column.in_progress += 1
            row.cells.append(status)
        rows.append(row)
    return ProgressMatrix(columns=columns, rows=rows)


# --- The school administrator's overview ---------------------------------------------------


@dataclass
class SchoolOverview:
    school: School
    school_year: SchoolYear
    rollup: SchoolYearRollup | None
    class_count: int
    learner_count: int
    teacher_count: int
    classes_ran: int

    @property
    def covered(self) -> bool:
        return bool(self.rollup and self.rollup.covered_on)


def school_overview(*, school: School, school_year: SchoolYear) -> SchoolOverview:
    classes = Classroom.objects.filter(school=school, school_year=school_year)
    totals = classes.aggregate(
        class_count=Count("pk", filter=Q(archived_at__isnull=True)),
        classes_ran=Count("pk", filter=Q(rollup__ran_on__isnull=False)),
    )
    learner_count = (
        Enrollment.objects.filter(
            classroom__school=school, classroom__school_year=school_year, left_at__isnull=True
        )
        .values("learner")
        .distinct()
        .count()
    )
    return SchoolOverview(
        school=school,
        school_year=school_year,
        rollup=SchoolYearRollup.objects.filter(school=school, school_year=school_year).first(),
        class_count=totals["class_count"],
        learner_count=learner_count,
        teacher_count=User.objects.filter(
            school=school, role=User.Role.TEACHER, is_active=True
        ).count(),
        classes_ran=totals["classes_ran"],
    )


def school_classes(*, school: School, school_year: SchoolYear):
    """The school's classes of a year, for a paginated table: counts, teachers, and whether
    each has run the programme (ClassRollup.ran_on)."""
    return (
        with_counts(Classroom.objects.filter(school=school, school_year=school_year))
        .select_related("rollup")
        .prefetch_related(
            Prefetch("teachers", queryset=User.objects.only("id", "display_name", "username"))
        )
        .order_by("archived_at", "grade", "age_min", "name")
    )


def school_teachers(*, school: School):
    return (
        User.objects.filter(school=school, role__in=(User.Role.TEACHER, User.Role.SCHOOL_ADMIN))
        .annotate(
            class_count=Count(
                "taught_classrooms",
                filter=Q(taught_classrooms__archived_at__isnull=True),
                distinct=True,
            )
        )
        .order_by("-is_active", vietnamese("display_name"), "username")
    )
