"""Assignments: a module given to a class (or to some of its learners), with a due date.

This app sits with ``curriculum`` in the layers (ARCHITECTURE.md): it refers to classes
(lms.schools) and modules (curriculum) and is read by the statement store and the rollups, so
it must not live in a page app above them. The table keeps its first name, ``learn_assignment``
(the model moved here from lms.learn without touching the database)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    classroom = models.ForeignKey(
        "schools.Classroom", on_delete=models.CASCADE, related_name="assignments"
    )
    module = models.ForeignKey(
        "curriculum.ModulePage", on_delete=models.CASCADE, related_name="assignments"
    )
    # Empty means the whole class.
    learners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="individual_assignments"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # The xAPI registration: every statement made while working on this assignment carries it.
    registration = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Unassigning keeps the row (and its registration) so the teacher can undo it.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "-created_at"]
        db_table = "learn_assignment"
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "module"],
                condition=models.Q(removed_at__isnull=True),
                name="one_active_assignment_per_class_module",
            )
        ]
        indexes = [models.Index(fields=["classroom", "removed_at"])]

    def __str__(self) -> str:
        return f"{self.module_id} → {self.classroom_id}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None
