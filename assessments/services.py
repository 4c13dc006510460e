"""Taking a quiz: giving out a form, taking it back once, scoring it, recording the result.

A signed-in learner's attempt is a QuizAttempt row: its token goes out with the form, and a
submission is accepted once per token, for that learner, within ATTEMPT_LIFETIME, and scored
against the quiz revision the form was built from. Everyone else (visitors, teachers looking
at a quiz) practises: the token is signed rather than stored, the answers are scored and
explained, and nothing is recorded.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from lms import hooks

from .models import QuizAttempt, QuizPage
from .outcomes import AnswerRecord, QuizOutcome
from .scoring import (
    INTERACTION_TYPES,
    Question,
    QuizScore,
    SubmissionTampered,
    quiz_questions,
    quiz_score,
    submission_read,
)

ATTEMPT_LIFETIME = timedelta(hours=24)
# Opening the quiz again within this time gives back the same unsubmitted form (same order),
# rather than a new row per reload.
ATTEMPT_REUSE = timedelta(hours=2)
PRACTICE_SALT = "assessments.quiz.practice"


class QuizSubmissionRefused(Exception):
    """A submission that is not scored. ``reason``: unknown (not this learner's form, or not
    this quiz), replayed (already submitted), expired, tampered, time (an imported attempt
    dated before it started or in the future)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class QuizForm:
    token: str
    questions: list[Question]
    practice: bool


@dataclass
class QuizSubmission:
    score: QuizScore
    attempt: QuizAttempt | None  # None in practice


def _page_as_given(quiz: QuizPage, revision) -> QuizPage:
    """The quiz as it was when the form was made (its live state when there is no revision)."""
    if revision is None:
        return quiz
    page = revision.as_object()
    return page.specific if not isinstance(page, QuizPage) else page


def quiz_attempt_start(*, learner, quiz: QuizPage) -> QuizForm:
    now = timezone.now()
    attempt = (
        QuizAttempt.objects.filter(
            learner=learner,
            quiz=quiz,
            revision_id=quiz.live_revision_id,
            submitted_at__isnull=True,
            issued_at__gte=now - ATTEMPT_REUSE,
        )
        .order_by("-issued_at")
        .first()
    )
    if attempt is None:
        # Forms never sent back are of no use once too old to be accepted.
        QuizAttempt.objects.filter(
            learner=learner,
            quiz=quiz,
            submitted_at__isnull=True,
            issued_at__lt=now - ATTEMPT_LIFETIME,
        ).delete()
        attempt = QuizAttempt.objects.create(
            learner=learner, quiz=quiz, revision_id=quiz.live_revision_id, issued_at=now
        )
    return QuizForm(
        token=str(attempt.token), questions=quiz_questions(quiz, str(attempt.token)), practice=False
    )


def quiz_practice_start(*, quiz: QuizPage) -> QuizForm:
    token = signing.dumps(
        {"q": quiz.pk, "r": quiz.live_revision_id, "n": uuid.uuid4().hex}, salt=PRACTICE_SALT
    )
    return QuizForm(token=token, questions=quiz_questions(quiz, token), practice=True)


def quiz_form_again(*, quiz: QuizPage, token: str, practice: bool, learner=None) -> QuizForm:
    """The same form again (to show it with a child's mistake marked)."""
    page = quiz
    if practice:
        data = signing.loads(token, salt=PRACTICE_SALT, max_age=ATTEMPT_LIFETIME)
        page = _page_as_given(quiz, _revision(data.get("r")))
    else:
        attempt = QuizAttempt.objects.select_related("revision").get(token=token, learner=learner)
        page = _page_as_given(quiz, attempt.revision)
    return QuizForm(token=token, questions=quiz_questions(page, token), practice=practice)


def _revision(revision_id):
    from wagtail.models import Revision

    return Revision.objects.filter(pk=revision_id).first() if revision_id else None


def _parse_token(token: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(token))
    except ValueError as exc:
        raise QuizSubmissionRefused("unknown", "not an attempt token") from exc


def quiz_attempt_submit(*, learner, quiz: QuizPage, token: str, data) -> QuizSubmission:
    """Score a learner's submission and record it (statements and rollups), all at once.

    The learning records (analytics, above this layer) record the outcome through
    ``lms.hooks.quiz_scored``, in this transaction. Raises QuizSubmissionRefused (nothing
    stored, the token unused unless replayed) or scoring.SubmissionIncomplete (a child's
    mistake: nothing stored, the token still valid)."""
    token_id = _parse_token(token)
    with transaction.atomic():
        attempt = (
            QuizAttempt.objects.select_for_update(of=("self",))
            .select_related("revision")
            .filter(token=token_id, learner=learner, quiz=quiz)
            .first()
        )
        if attempt is None:
            raise QuizSubmissionRefused("unknown", "no such attempt for this learner and quiz")
        if attempt.submitted_at is not None:
            raise QuizSubmissionRefused("replayed", "this form was already submitted")
        now = timezone.now()
        if now - attempt.issued_at > ATTEMPT_LIFETIME:
            raise QuizSubmissionRefused("expired", "the form is too old")
        page = _page_as_given(quiz, attempt.revision)
        questions = quiz_questions(page, str(attempt.token))
        try:
            answers = submission_read(questions, data)
        except SubmissionTampered as exc:
            raise QuizSubmissionRefused("tampered", str(exc)) from exc
        score = quiz_score(page, questions, answers)
        module = quiz.get_parent().specific
        hooks.quiz_scored.send(
            learner=learner,
            module=module,
            quiz=page,
            outcome=QuizOutcome(
                attempt_id=attempt.token,
                started_at=attempt.issued_at,
                submitted_at=now,
                answers=_answer_records(score),
                raw=score.raw,
                max=score.max,
                passed=score.passed,
            ),
        )
        attempt.submitted_at = now
        attempt.score_raw = score.raw
        attempt.score_max = score.max
        attempt.passed = score.passed
        attempt.save(update_fields=["submitted_at", "score_raw", "score_max", "passed"])
    return QuizSubmission(score=score, attempt=attempt)


def quiz_attempt_import(
    *, learner, quiz: QuizPage, answers: dict, started_at, submitted_at
) -> QuizSubmission:
    """Record an attempt made earlier, scored exactly as a submitted form is: the demo's
    class history, or answers gathered on paper and typed in later. ``answers`` is what
    ``submission_read`` returns (by question key: option indexes, a bool, or step → position).

    Raises QuizSubmissionRefused when the answers do not fit the quiz (nothing is stored)."""
    if submitted_at < started_at or submitted_at > timezone.now():
        raise QuizSubmissionRefused("time", "submitted before it started, or in the future")
    with transaction.atomic():
        attempt = QuizAttempt(
            learner=learner, quiz=quiz, revision_id=quiz.live_revision_id, issued_at=started_at
        )
        questions = quiz_questions(quiz, str(attempt.token))
        if set(answers) != {q.key for q in questions}:
            raise QuizSubmissionRefused("tampered", "answers must cover exactly the questions")
        try:
            score = quiz_score(quiz, questions, answers)
        except (IndexError, KeyError, TypeError) as exc:
            raise QuizSubmissionRefused("tampered", f"an answer that does not fit: {exc}") from exc
        attempt.submitted_at = submitted_at
        attempt.score_raw = score.raw
        attempt.score_max = score.max
        attempt.passed = score.passed
        attempt.save()
        hooks.quiz_scored.send(
            learner=learner,
            module=quiz.get_parent().specific,
            quiz=quiz,
            outcome=QuizOutcome(
                attempt_id=attempt.token,
                started_at=started_at,
                submitted_at=submitted_at,
                answers=_answer_records(score),
                raw=score.raw,
                max=score.max,
                passed=score.passed,
            ),
        )
    return QuizSubmission(score=score, attempt=attempt)


def quiz_practice_submit(*, quiz: QuizPage, token: str, data) -> QuizSubmission:
    """Score a practice submission. Nothing is stored."""
    try:
        payload = signing.loads(token, salt=PRACTICE_SALT, max_age=ATTEMPT_LIFETIME)
    except signing.SignatureExpired as exc:
        raise QuizSubmissionRefused("expired", "the form is too old") from exc
    except signing.BadSignature as exc:
        raise QuizSubmissionRefused("unknown", "not a practice token") from exc
    if payload.get("q") != quiz.pk:
        raise QuizSubmissionRefused("unknown", "a token for another quiz")
    page = _page_as_given(quiz, _revision(payload.get("r")))
    questions = quiz_questions(page, token)
    try:
        answers = submission_read(questions, data)
    except SubmissionTampered as exc:
        raise QuizSubmissionRefused("tampered", str(exc)) from exc
    return QuizSubmission(score=quiz_score(page, questions, answers), attempt=None)


def _answer_records(score: QuizScore) -> list[AnswerRecord]:
    return [
        AnswerRecord(
            question_key=r.question.key,
            prompt=r.question.prompt,
            interaction_type=INTERACTION_TYPES[r.question.kind],
            choices=r.choices,
            response=r.response,
            correct=r.correct,
        )
        for r in score.results
    ]


def quiz_best(*, learner, quiz: QuizPage) -> tuple[float | None, bool]:
    """The learner's best scaled score on this quiz over their submitted attempts, and whether
    they have passed it (what the result page says). One query."""
    best, passed = None, False
    for raw, top, ok in QuizAttempt.objects.filter(
        learner=learner, quiz=quiz, submitted_at__isnull=False
    ).values_list("score_raw", "score_max", "passed"):
        if top:
            scaled = round(raw / top, 4)
            best = scaled if best is None or scaled > best else best
        passed = passed or bool(ok)
    return best, passed


def learner_attempts_erase(*, learner) -> None:
    """lms.hooks.learner_erase receiver: the learner's quiz attempts go with them."""
    QuizAttempt.objects.filter(learner=learner).delete()
