"""Teachers' guides (issue 14.4): one per module, written with it in Wagtail, printed on A4.

The guide is composed here, above the curriculum and the quizzes: the module's plan and notes
(curriculum), its lessons, and the quiz's questions with their keyed answers and feedback read
from the quiz itself (assessments), so the printed reasons never go stale. The same renderer
serves the portal page and the author's preview in Wagtail (registered in apps.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render

from assessments.models import QuizPage
from assessments.selectors import AnswerKeyItem, quiz_answer_key
from curriculum.models import AgeBandPage, LessonPage, ModulePage

from .selectors import published_modules


@dataclass
class GuideQuestion:
    item: AnswerKeyItem
    note: str  # the teacher's note for this question key (rich text), or ""


def _quiz_for(module: ModulePage, *, preview: bool) -> QuizPage | None:
    if module.pk is None:
        return None
    quizzes = QuizPage.objects.child_of(module)
    quiz = quizzes.live().first()
    if quiz is None and preview:
        draft = quizzes.first()
        quiz = draft.get_latest_revision_as_object() if draft else None
    return quiz


def guide_context(*, module: ModulePage, preview: bool = False) -> dict:
    try:
        band_page = module.get_parent().specific
    except (AttributeError, ModulePage.DoesNotExist, TypeError):  # a new page not yet placed
        band_page = None
    lessons = list(LessonPage.objects.child_of(module).live()) if module.pk else []
    quiz = _quiz_for(module, preview=preview)
    notes = {n.value["question_key"]: n.value["note"] for n in module.guide_answer_notes}
    questions = [
        GuideQuestion(item=item, note=notes.pop(item.key, ""))
        for item in (quiz_answer_key(quiz=quiz) if quiz else [])
    ]
    plan = list(module.guide_plan)
    return {
        "module": module,
        "band_page": band_page if isinstance(band_page, AgeBandPage) else None,
        "lessons": lessons,
        "lesson_minutes": sum(lesson.estimated_minutes for lesson in lessons),
        "quiz": quiz,
        "questions": questions,
        "orphan_notes": notes,  # notes whose question left the quiz: shown, never lost
        "plan": plan,
        "plan_minutes": sum(step.value["minutes"] or 0 for step in plan),
        "preview": preview,
    }


def guide_render(request, module: ModulePage, *, preview: bool = False):
    return render(
        request, "teacher_portal/guide.html", guide_context(module=module, preview=preview)
    )


def guides_by_band() -> list[tuple[AgeBandPage, list[ModulePage]]]:
    bands = {b.band: b for b in AgeBandPage.objects.live()}
    grouped: dict[int, list[ModulePage]] = {}
    for choice in published_modules():
        grouped.setdefault(choice.band, []).append(choice.module)
    return [(bands[band], grouped[band]) for band in sorted(grouped) if band in bands]
