"""Reads for the learner's home: their assignments, then the other modules of their band,
each with the learner's progress (from the learning-records rollup)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from analytics.models import LearnerModuleProgress
from curriculum.models import AgeBandPage, ModulePage, voice_for_band
from lms.accounts.models import User
from lms.assignments.models import Assignment
from lms.bands import band_for_age
from lms.schools.models import Classroom

NOT_STARTED = LearnerModuleProgress.Status.NOT_STARTED
COMPLETED = LearnerModuleProgress.Status.COMPLETED


@dataclass
class ModuleCard:
    module: ModulePage
    status: str = NOT_STARTED
    due_on: date | None = None
    assignment: Assignment | None = None

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_on is not None
            and self.status != COMPLETED
            and self.due_on < timezone.localdate()
        )

    @property
    def is_completed(self) -> bool:
        return self.status == COMPLETED


@dataclass
class LearnerHome:
    learner: User
    band: int | None
    band_page: AgeBandPage | None
    classrooms: list[Classroom]
    assignments: list[ModuleCard] = field(default_factory=list)
    other_modules: list[ModuleCard] = field(default_factory=list)

    @property
    def voice(self) -> str:
        return voice_for_band(self.band or 3)

    @property
    def given_name(self) -> str:
        words = (self.learner.display_name or self.learner.username).split()
        return words[-1] if words else ""


def learner_classrooms(*, learner: User) -> list[Classroom]:
    return list(
        Classroom.objects.filter(
            enrollments__learner=learner,
            enrollments__left_at__isnull=True,
            archived_at__isnull=True,
        )
        .select_related("school", "school_year")
        .order_by("-school_year__starts_on", "name")
    )


def learner_assignments(*, learner: User, classrooms: list[Classroom]) -> list[Assignment]:
    """Active assignments of the learner's open classes that are for the whole class or name
    the learner; one per module (the soonest due if two classes gave the same one)."""
    if not classrooms:
        return []
    rows = (
        Assignment.objects.filter(
            classroom__in=classrooms,
            removed_at__isnull=True,
            module__live=True,
        )
        .filter(Q(learners__isnull=True) | Q(learners=learner))
        .select_related("module", "module__illustration")
        .prefetch_related("module__illustration__renditions")
        .distinct()
    )
    by_module: dict[int, Assignment] = {}
    for assignment in rows:
        kept = by_module.get(assignment.module_id)
        if kept is None or (assignment.due_on or date.max) < (kept.due_on or date.max):
            by_module[assignment.module_id] = assignment
    return sorted(
        by_module.values(),
        key=lambda a: (a.due_on is None, a.due_on or date.max, a.module.path),
    )


def learner_home(*, learner: User, today: date | None = None) -> LearnerHome:
    """Everything the learner home shows, in five queries."""
    today = today or timezone.localdate()
    classrooms = learner_classrooms(learner=learner)
    if classrooms:
        band = classrooms[0].age_band
    elif learner.birth_year:
        band = band_for_age(today.year - learner.birth_year)
    else:
        band = None
    assignments = learner_assignments(learner=learner, classrooms=classrooms)
    band_page = AgeBandPage.objects.live().filter(band=band).first() if band else None
    others = []
    if band_page is not None:
        assigned = {a.module_id for a in assignments}
        others = [
            m
            for m in ModulePage.objects.child_of(band_page)
            .live()
            .select_related("illustration")
            .prefetch_related("illustration__renditions")
            .order_by("path")
            if m.pk not in assigned
        ]
    module_ids = [a.module_id for a in assignments] + [m.pk for m in others]
    statuses = dict(
        LearnerModuleProgress.objects.filter(learner=learner, module_id__in=module_ids).values_list(
            "module_id", "status"
        )
    )
    home = LearnerHome(learner=learner, band=band, band_page=band_page, classrooms=classrooms)
    home.assignments = [
        ModuleCard(
            module=a.module,
            status=statuses.get(a.module_id, NOT_STARTED),
            due_on=a.due_on,
            assignment=a,
        )
        for a in assignments
    ]
    # Finished work moves below what is still to do.
    home.assignments.sort(key=lambda card: card.is_completed)
    home.other_modules = [
        ModuleCard(module=m, status=statuses.get(m.pk, NOT_STARTED)) for m in others
    ]
    return home
