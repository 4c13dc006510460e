"""Helpers for the learning-records tests: a class in the current school year, learners
enrolled the way the schools services do it (with the rollup hook), assignments, and filling
in a quiz form from its HTML the way a child would."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.utils import timezone

from analytics.rollups import classroom_assignments_changed, classroom_enrollment_changed
from lms.assignments.models import Assignment
from lms.schools.models import Enrollment
from lms.schools.services import school_year_for
from tests.factories import ClassroomFactory, LearnerFactory


def current_year():
    return school_year_for(day=timezone.localdate())


def make_class(**kwargs):
    kwargs.setdefault("school_year", current_year())
    return ClassroomFactory(**kwargs)


def enrol(classroom, learner=None, **learner_kwargs):
    learner = learner or LearnerFactory(school=classroom.school, **learner_kwargs)
    Enrollment.objects.create(classroom=classroom, learner=learner)
    classroom_enrollment_changed(classroom=classroom)
    return learner


def leave(classroom, learner):
    Enrollment.objects.filter(classroom=classroom, learner=learner, left_at__isnull=True).update(
        left_at=timezone.now()
    )
    classroom_enrollment_changed(classroom=classroom)


def assign(classroom, module, learners=()):
    assignment = Assignment.objects.create(classroom=classroom, module=module)
    if learners:
        assignment.learners.add(*learners)
    classroom_assignments_changed(classroom=classroom)
    return assignment


def unassign(assignment):
    assignment.removed_at = timezone.now()
    assignment.save(update_fields=["removed_at"])
    classroom_assignments_changed(classroom=assignment.classroom)


def quiz_form_data(html: bytes | str, quiz, right="all") -> dict:
    """POST data for the quiz form in ``html``: questions whose key is in ``right`` (or all,
    or none) answered correctly, the others wrongly. Reads only what the page shows plus the
    quiz's content, as a child who knew (or did not know) the answers would."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", class_="quiz")
    data: dict = {"attempt": form.find("input", attrs={"name": "attempt"})["value"]}
    for block in quiz.questions:
        value, key = block.value, block.value["key"]
        good = right == "all" or (right != "none" and key in right)
        fieldset = form.find("fieldset", id=f"q-{key}")
        kind = block.block_type
        if kind == "true_false":
            answer = bool(value["answer"]) if good else not value["answer"]
            data[f"q-{key}"] = "true" if answer else "false"
        elif kind == "ordering":
            items = list(value["items"])
            for step in fieldset.find_all("li", class_="step"):
                text = step.find("label").get_text(strip=True)
                select = step.find("select")
                place = items.index(text) + 1
                data[select["name"]] = str(place if good else len(items) + 1 - place)
        else:
            inputs = {
                label.get_text(strip=True): label.find("input")["value"]
                for label in fieldset.find_all("label", class_="option")
            }
            correct = [c["text"] for c in value["choices"] if c["correct"]]
            wrong = [c["text"] for c in value["choices"] if not c["correct"]]
            chosen = correct if good else wrong[:1]
            if kind != "multiple_choice":
                chosen = chosen[:1]
            data[f"q-{key}"] = [inputs[text] for text in chosen]
    return data


def take_quiz(learner, module, *, right="all", at=None):
    """A scored attempt recorded through the same service the quiz page uses (statements and
    rollups), without going through the form: ``right`` is "all", "none" or question keys."""
    import uuid
    from datetime import timedelta

    from analytics.services import AnswerRecord, QuizOutcome, quiz_outcome_record
    from assessments.models import QuizPage

    quiz = QuizPage.objects.child_of(module).live().first()
    at = at or timezone.now()
    keys = [block.value["key"] for block in quiz.questions]
    good = set(keys) if right == "all" else set() if right == "none" else set(right)
    answers = [
        AnswerRecord(
            question_key=block.value["key"],
            prompt=block.value["prompt"],
            interaction_type="choice",
            choices=[("0", "a"), ("1", "b")],
            response="0" if block.value["key"] in good else "1",
            correct=block.value["key"] in good,
        )
        for block in quiz.questions
    ]
    raw = sum(a.correct for a in answers)
    outcome = QuizOutcome(
        attempt_id=uuid.uuid4(),
        started_at=at - timedelta(minutes=3),
        submitted_at=at,
        answers=answers,
        raw=raw,
        max=len(answers),
        passed=raw * 100 >= quiz.pass_mark * len(answers),
    )
    quiz_outcome_record(learner=learner, module=module, quiz=quiz, outcome=outcome)
    return outcome
