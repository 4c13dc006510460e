"""Reads of learning records for pages: the learner's own progress, a class's progress and
the per-question difficulty a teacher sees. All read rollups, never statements."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from .models import (
    ClassModuleRollup,
    ClassRollup,
    LearnerModuleProgress,
    LearnerPractice,
    QuestionRollup,
)

# A question fewer than this share of the class got right at first try is worth revisiting.
HARD_QUESTION_SHARE = 0.5


def learner_progress(*, learner, modules: Iterable) -> dict[int, LearnerModuleProgress]:
    """The learner's progress row per module id; a module missing from the result is not
    started (rows appear with the learner's first statement about the module)."""
    module_ids = [getattr(m, "pk", m) for m in modules]
    return {
        row.module_id: row
        for row in LearnerModuleProgress.objects.filter(learner=learner, module_id__in=module_ids)
    }


def learner_practice(*, learner, module=None) -> list[LearnerPractice]:
    """The learner's practice rows (one per activity they practised), for one module or all,
    newest first, with ``lesson`` loaded. One query."""
    rows = LearnerPractice.objects.filter(learner=learner).select_related("lesson")
    if module is not None:
        rows = rows.filter(module_id=getattr(module, "pk", module))
    return list(rows.order_by("-last_at", "activity"))


def class_practice(*, classroom, modules: Iterable) -> dict[tuple[int, int], list[LearnerPractice]]:
    """(learner id, module id) → the practice rows made in this class, for these modules, in
    one query (for a class's progress grid)."""
    module_ids = [getattr(m, "pk", m) for m in modules]
    grouped: dict[tuple[int, int], list[LearnerPractice]] = {}
    for row in LearnerPractice.objects.filter(classroom=classroom, module_id__in=module_ids):
        grouped.setdefault((row.learner_id, row.module_id), []).append(row)
    return grouped


def class_progress(
    *, classroom, modules: Iterable, learners: Iterable | None = None
) -> dict[tuple[int, int], LearnerModuleProgress]:
    """(learner id, module id) → progress, for the class's current learners (or those given)
    and these modules, in one query. Missing pairs are not started."""
    from lms.schools.models import Enrollment

    module_ids = [getattr(m, "pk", m) for m in modules]
    if learners is None:
        learner_ids = Enrollment.objects.filter(
            classroom=classroom, left_at__isnull=True
        ).values_list("learner_id", flat=True)
    else:
        learner_ids = [getattr(learner, "pk", learner) for learner in learners]
    return {
        (row.learner_id, row.module_id): row
        for row in LearnerModuleProgress.objects.filter(
            learner_id__in=learner_ids, module_id__in=module_ids
        )
    }


def class_module_rollups(*, classroom) -> dict[int, ClassModuleRollup]:
    """Module id → how many learners started and completed it in this class."""
    return {row.module_id: row for row in ClassModuleRollup.objects.filter(classroom=classroom)}


def class_rollup(*, classroom) -> ClassRollup | None:
    """Whether the class has run the programme, and its counts (None: nothing yet)."""
    return ClassRollup.objects.filter(classroom=classroom).first()


def class_rollups(*, classrooms: QuerySet | Iterable) -> dict[int, ClassRollup]:
    ids = [getattr(c, "pk", c) for c in classrooms]
    return {row.classroom_id: row for row in ClassRollup.objects.filter(classroom_id__in=ids)}


@dataclass
class QuestionDifficulty:
    number: int
    key: str
    prompt: str
    kind: str
    answered: int  # learners of the class who answered it (first try)
    correct: int  # of those, how many got it right at first try

    @property
    def share(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    @property
    def is_hard(self) -> bool:
        return self.share is not None and self.share < HARD_QUESTION_SHARE


def question_difficulty(*, classroom, module) -> list[QuestionDifficulty]:
    """For each question of the module's live quiz, in the quiz's order: the share of the
    class's learners who answered it right at their first try. Empty without a quiz."""
    from assessments.models import QuizPage

    quiz = QuizPage.objects.child_of(module).live().first()
    if quiz is None:
        return []
    rows = {
        row.question_key: row
        for row in QuestionRollup.objects.filter(classroom=classroom, quiz=quiz)
    }
    result = []
    for number, block in enumerate(quiz.questions, start=1):
        key = block.value["key"]
        row = rows.get(key)
        result.append(
            QuestionDifficulty(
                number=number,
                key=key,
                prompt=block.value["prompt"],
                kind=block.block_type,
                answered=row.first_try_answered if row else 0,
                correct=row.first_try_correct if row else 0,
            )
        )
    return result
