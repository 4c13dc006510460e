"""Writes for assignments: a module given to a class or to some of its learners."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.models import ModulePage
from lms import hooks
from lms.accounts.models import User
from lms.assignments.models import Assignment
from lms.schools.models import Classroom, Enrollment


def _check(
    *, classroom: Classroom, module: ModulePage, learners: list[User], due_on: date | None
) -> None:
    if classroom.archived_at is not None:
        raise ValidationError(_("This class is archived. Restore it first to change it."))
    if not module.live:
        raise ValidationError({"module": [_("This module is not published.")]})
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": [_("The due date has already passed.")]})
    if learners:
        enrolled = set(
            Enrollment.objects.filter(
                classroom=classroom, left_at__isnull=True, learner__in=learners
            ).values_list("learner_id", flat=True)
        )
        if any(learner.pk not in enrolled for learner in learners):
            raise ValidationError({"learners": [_("Choose learners of this class only.")]})


@transaction.atomic
def assignment_create(
    *,
    classroom: Classroom,
    module: ModulePage,
    assigned_by: User,
    learners: Iterable[User] = (),
    due_on: date | None = None,
) -> Assignment:
    """Give a module to the class (no learners chosen) or to some of its learners."""

    learners = list(learners)
    _check(classroom=classroom, module=module, learners=learners, due_on=due_on)
    if Assignment.objects.filter(
        classroom=classroom, module=module, removed_at__isnull=True
    ).exists():
        raise ValidationError(
            {
                "module": [
                    _(
                        "%(module)s is already assigned to this class. Change that assignment instead."
                    )
                    % {"module": module.title}
                ]
            }
        )
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                classroom=classroom, module=module, due_on=due_on, assigned_by=assigned_by
            )
    except IntegrityError as exc:  # assigned by a co-teacher a moment ago
        raise ValidationError(
            {
                "module": [
                    _("%(module)s is already assigned to this class.") % {"module": module.title}
                ]
            }
        ) from exc
    if learners:
        assignment.learners.set(learners)
    hooks.classroom_changed.send(classroom=classroom)
    return assignment


@transaction.atomic
def assignment_update(
    *, assignment: Assignment, learners: Iterable[User] = (), due_on: date | None = None
) -> Assignment:

    learners = list(learners)
    if not assignment.is_active:
        raise ValidationError(_("This assignment was removed. Undo the removal first."))
    _check(
        classroom=assignment.classroom,
        module=assignment.module,
        learners=learners,
        due_on=due_on if due_on != assignment.due_on else None,
    )
    assignment.due_on = due_on
    assignment.save(update_fields=["due_on"])
    assignment.learners.set(learners)
    hooks.classroom_changed.send(classroom=assignment.classroom)
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment) -> Assignment:
    """Unassign. The row stays (with its xAPI registration) so the teacher can undo it."""

    if assignment.classroom.archived_at is not None:
        raise ValidationError(_("This class is archived. Restore it first to change it."))
    if assignment.removed_at is None:
        assignment.removed_at = timezone.now()
        assignment.save(update_fields=["removed_at"])
        hooks.classroom_changed.send(classroom=assignment.classroom)
    return assignment


@transaction.atomic
def assignment_restore(*, assignment: Assignment) -> Assignment:
    """Undo an unassignment."""

    if assignment.classroom.archived_at is not None:
        raise ValidationError(_("This class is archived. Restore it first to change it."))
    if assignment.removed_at is None:
        return assignment
    if Assignment.objects.filter(
        classroom=assignment.classroom, module=assignment.module, removed_at__isnull=True
    ).exists():
        raise ValidationError(
            _("%(module)s has been assigned to this class again since; there is nothing to undo.")
            % {"module": assignment.module.title}
        )
    assignment.removed_at = None
    assignment.save(update_fields=["removed_at"])
    hooks.classroom_changed.send(classroom=assignment.classroom)
    return assignment
