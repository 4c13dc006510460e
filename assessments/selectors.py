"""Reads of quizzes for pages other than the quiz itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import QuizPage

QUESTION_KIND_LABELS = {
    "single_choice": _("Single choice"),
    "multiple_choice": _("Multiple choice"),
    "true_false": _("True or false"),
    "ordering": _("Ordering"),
    "scenario": _("What would you do?"),
}
LETTERS = "ABCDEFGH"


@dataclass
class AnswerChoice:
    letter: str
    text: str
    correct: bool
    feedback: str


@dataclass
class AnswerKeyItem:
    """One question as authored, with its keyed answer and the feedback learners get."""

    number: int
    key: str
    kind: str
    kind_label: str
    prompt: str
    situation: str = ""
    choices: list[AnswerChoice] = field(default_factory=list)
    answer: bool | None = None  # true_false
    feedback_true: str = ""
    feedback_false: str = ""
    items: list[str] = field(default_factory=list)  # ordering, in the correct order
    feedback_correct: str = ""
    feedback_incorrect: str = ""

    @property
    def correct_letters(self) -> str:
        return ", ".join(c.letter for c in self.choices if c.correct)


def quiz_answer_key(*, quiz: QuizPage) -> list[AnswerKeyItem]:
    """The quiz's questions in order, read from the quiz itself (so a guide that shows them
    never goes stale), answers in their authored order."""
    out = []
    for number, block in enumerate(quiz.questions, start=1):
        value = block.value
        item = AnswerKeyItem(
            number=number,
            key=value["key"],
            kind=block.block_type,
            kind_label=str(QUESTION_KIND_LABELS.get(block.block_type, block.block_type)),
            prompt=value["prompt"],
            situation=value.get("situation", "") or "",
        )
        if "choices" in value:
            item.choices = [
                AnswerChoice(
                    letter=LETTERS[i],
                    text=c["text"],
                    correct=bool(c["correct"]),
                    feedback=c["feedback"],
                )
                for i, c in enumerate(value["choices"])
            ]
        if block.block_type == "true_false":
            item.answer = bool(value["answer"])
            item.feedback_true = value["feedback_true"]
            item.feedback_false = value["feedback_false"]
        if block.block_type == "ordering":
            item.items = list(value["items"])
            item.feedback_correct = value["feedback_correct"]
            item.feedback_incorrect = value["feedback_incorrect"]
        out.append(item)
    return out
