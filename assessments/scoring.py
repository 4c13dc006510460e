"""Quiz forms and scoring, on the server only.

A form is built for one attempt token: the answers of each question get opaque values (an
HMAC of the token, the question key and the answer's place), shown in an order drawn from the
token when the quiz shuffles, so the page carries neither the answer key nor the authored
order of the answers. A submission is read back against the same questions, which rejects
anything the form could not have sent (a question not in the quiz, an answer value not
offered): that is tampering, not a mistake, and nothing is scored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

CHOICE_TYPES = ("single_choice", "multiple_choice", "scenario")
INTERACTION_TYPES = {
    "single_choice": "choice",
    "multiple_choice": "choice",
    "scenario": "choice",
    "true_false": "true-false",
    "ordering": "sequencing",
}


@dataclass
class Option:
    value: str  # opaque, what the form sends back
    index: int  # the authored place: the id in learning records
    text: str


@dataclass
class Question:
    number: int
    key: str
    kind: str
    prompt: str
    situation: str = ""
    image: object = None
    options: list[Option] = field(default_factory=list)  # in the order shown

    @property
    def field_name(self) -> str:
        return f"q-{self.key}"

    @property
    def positions(self) -> range:
        return range(1, len(self.options) + 1)


class SubmissionTampered(Exception):
    """The submission could not have come from the form this attempt was given."""


class SubmissionIncomplete(Exception):
    """A child's mistake (a question left out, a step placed twice): show the form again."""

    def __init__(self, errors: dict[str, str], answers: dict):
        super().__init__(errors)
        self.errors = errors
        self.answers = answers


def option_value(token: str, question_key: str, index: int) -> str:
    return salted_hmac("assessments.quiz.option", f"{token}:{question_key}:{index}").hexdigest()[
        :16
    ]


def _order(
    token: str, question_key: str, count: int, *, shuffle: bool, never_sorted: bool
) -> list[int]:
    order = list(range(count))
    if not shuffle:
        return order
    rng = random.Random(f"{token}:{question_key}")  # noqa: S311  (not security: the order shown)
    rng.shuffle(order)
    if never_sorted and count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def quiz_questions(page, token: str) -> list[Question]:
    """The questions of a quiz (a QuizPage, live or as at a revision) as given with ``token``."""
    questions = []
    for number, block in enumerate(page.questions, start=1):
        value = block.value
        kind = block.block_type
        question = Question(
            number=number,
            key=value["key"],
            kind=kind,
            prompt=value["prompt"],
            situation=value.get("situation", "") if kind == "scenario" else "",
            image=value.get("image"),
        )
        if kind in CHOICE_TYPES:
            texts = [choice["text"] for choice in value["choices"]]
            order = _order(
                token, question.key, len(texts), shuffle=page.shuffle, never_sorted=False
            )
        elif kind == "ordering":
            texts = list(value["items"])
            # Steps are always mixed up: in their own order the answer would be on the page.
            order = _order(token, question.key, len(texts), shuffle=True, never_sorted=True)
        else:  # true_false: "True" then "False", always
            texts, order = [], []
        question.options = [
            Option(value=option_value(token, question.key, i), index=i, text=texts[i])
            for i in order
        ]
        questions.append(question)
    return questions


def submission_read(questions: list[Question], data) -> dict:
    """The answers in a POST (a QueryDict), by question key: a list of option indexes (the
    steps' order for an ordering question) or a bool for true/false.

    Raises SubmissionTampered or SubmissionIncomplete."""
    by_field = {q.field_name: q for q in questions}
    allowed = set(by_field)
    for q in questions:
        if q.kind == "ordering":
            allowed |= {f"{q.field_name}-{o.value}" for o in q.options}
    for name in data:
        if name.startswith("q-") and name not in allowed:
            raise SubmissionTampered(f"field {name} is not in this quiz")

    answers: dict = {}
    errors: dict[str, str] = {}
    for q in questions:
        values = [v for v in data.getlist(q.field_name) if v != ""]
        if q.kind == "true_false":
            if len(values) > 1 or (values and values[0] not in ("true", "false")):
                raise SubmissionTampered(f"{q.key}: not a true/false answer")
            if values:
                answers[q.key] = values[0] == "true"
        elif q.kind == "ordering":
            placed: dict[int, int] = {}
            for option in q.options:
                raw = data.getlist(f"{q.field_name}-{option.value}")
                if len(raw) > 1:
                    raise SubmissionTampered(f"{q.key}: a step was placed twice")
                if not raw or raw[0] == "":
                    continue
                try:
                    position = int(raw[0])
                except ValueError as exc:
                    raise SubmissionTampered(f"{q.key}: not a position") from exc
                if position not in q.positions:
                    raise SubmissionTampered(f"{q.key}: no such position")
                placed[option.index] = position
            if placed:
                answers[q.key] = placed
            if len(placed) < len(q.options):
                if placed:
                    errors[q.key] = _("Give every step a number.")
            elif len(set(placed.values())) != len(placed):
                errors[q.key] = _("Each number goes with one step only.")
        else:
            by_value = {o.value: o.index for o in q.options}
            if any(v not in by_value for v in values):
                raise SubmissionTampered(f"{q.key}: an answer that was not offered")
            if q.kind != "multiple_choice" and len(values) > 1:
                raise SubmissionTampered(f"{q.key}: one answer only")
            if values:
                answers[q.key] = sorted({by_value[v] for v in values})
        if q.key not in answers and q.key not in errors:
            errors[q.key] = (
                _("Give every step a number.") if q.kind == "ordering" else _("Choose an answer.")
            )
    if errors:
        raise SubmissionIncomplete(errors, answers)
    return answers


@dataclass
class QuestionResult:
    question: Question
    correct: bool
    chosen: list[str]  # what the learner chose, in words (steps in their order)
    feedback: list[str]
    missed_some: bool = False  # multiple choice: all chosen were right but not all right ones
    response: str = ""  # xAPI response pattern
    choices: list[tuple[str, str]] = field(default_factory=list)  # (id, text) for records


@dataclass
class QuizScore:
    results: list[QuestionResult]
    pass_mark: int

    @property
    def raw(self) -> int:
        return sum(r.correct for r in self.results)

    @property
    def max(self) -> int:
        return len(self.results)

    @property
    def percent(self) -> int:
        return round(100 * self.raw / self.max) if self.max else 0

    @property
    def passed(self) -> bool:
        return self.raw * 100 >= self.pass_mark * self.max


def quiz_score(page, questions: list[Question], answers: dict) -> QuizScore:
    """Score the answers against the quiz as it was when the form was made (``page``)."""
    blocks = {block.value["key"]: block.value for block in page.questions}
    results = []
    for q in questions:
        value = blocks[q.key]
        answer = answers[q.key]
        authored = [c["text"] for c in value["choices"]] if q.kind in CHOICE_TYPES else []
        if q.kind in CHOICE_TYPES:
            right = {i for i, c in enumerate(value["choices"]) if c["correct"]}
            chosen = set(answer)
            correct = chosen == right
            results.append(
                QuestionResult(
                    question=q,
                    correct=correct,
                    chosen=[value["choices"][i]["text"] for i in sorted(chosen)],
                    feedback=[value["choices"][i]["feedback"] for i in sorted(chosen)],
                    missed_some=q.kind == "multiple_choice" and not correct and chosen < right,
                    response="[,]".join(str(i) for i in sorted(chosen)),
                    choices=[(str(i), t) for i, t in enumerate(authored)],
                )
            )
        elif q.kind == "true_false":
            results.append(
                QuestionResult(
                    question=q,
                    correct=answer == bool(value["answer"]),
                    chosen=[str(_("True")) if answer else str(_("False"))],
                    feedback=[value["feedback_true"] if answer else value["feedback_false"]],
                    response="true" if answer else "false",
                )
            )
        else:  # ordering: answer maps authored index → position chosen
            order = sorted(answer, key=lambda index: answer[index])
            correct = order == list(range(len(value["items"])))
            results.append(
                QuestionResult(
                    question=q,
                    correct=correct,
                    chosen=[value["items"][i] for i in order],
                    feedback=[
                        value["feedback_correct"] if correct else value["feedback_incorrect"]
                    ],
                    response="[,]".join(str(i) for i in order),
                    choices=[(str(i), t) for i, t in enumerate(value["items"])],
                )
            )
    return QuizScore(results=results, pass_mark=page.pass_mark)
