"""The quiz page: a form to answer, then the result with feedback. QuizPage.serve calls this.

A signed-in learner's attempts are recorded; anyone else practises (scored and explained,
nothing stored), so a parent or a visitor can try a quiz and a teacher can look at one without
making learning records.
"""

from __future__ import annotations

from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from lms.schools.access import is_learner

from .scoring import SubmissionIncomplete
from .services import (
    QuizForm,
    QuizSubmissionRefused,
    quiz_attempt_start,
    quiz_attempt_submit,
    quiz_best,
    quiz_form_again,
    quiz_practice_start,
    quiz_practice_submit,
)
from .texts import texts_for

REFUSAL_STATUS = {"replayed": 409, "expired": 400, "unknown": 400, "tampered": 400}


def _mark_answers(form: QuizForm, answers: dict, errors: dict) -> None:
    """Put a child's answers and mistakes back on the form shown again."""
    for question in form.questions:
        question.error = errors.get(question.key, "")
        answer = answers.get(question.key)
        if question.kind == "true_false":
            question.chosen_bool = answer
        for position, option in enumerate(question.options, start=1):
            if question.kind == "ordering":
                option.position = (answer or {}).get(option.index, position)
            else:
                option.selected = option.index in (answer or [])


def _form_context(form: QuizForm) -> None:
    for question in form.questions:
        question.error = getattr(question, "error", "")
        question.chosen_bool = getattr(question, "chosen_bool", None)
        for position, option in enumerate(question.options, start=1):
            option.position = getattr(option, "position", position)
            option.selected = getattr(option, "selected", False)


def quiz_serve(request, quiz, *, preview: bool = False):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    module = quiz.get_parent().specific
    band_page = module.get_parent().specific
    voice = module.voice if hasattr(module, "voice") else "teen"
    texts = texts_for(voice)
    recording = not preview and is_learner(request.user)
    context = {
        "page": quiz,
        "self": quiz,
        "module": module,
        "band_page": band_page,
        "voice": voice,
        "texts": texts,
        "recording": recording,
        "total": len(quiz.questions),
    }
    status = 200
    template = "assessments/quiz_page.html"
    if request.method == "POST":
        token = request.POST.get("attempt", "")
        try:
            if recording:
                submission = quiz_attempt_submit(
                    learner=request.user, quiz=quiz, token=token, data=request.POST
                )
            else:
                submission = quiz_practice_submit(quiz=quiz, token=token, data=request.POST)
        except SubmissionIncomplete as exc:
            form = quiz_form_again(
                quiz=quiz, token=token, practice=not recording, learner=request.user
            )
            _mark_answers(form, exc.answers, exc.errors)
            context.update(form=form, errors=exc.errors)
        except QuizSubmissionRefused as exc:
            status = REFUSAL_STATUS[exc.reason]
            context["refusal"] = {
                "replayed": texts["replayed"],
                "expired": texts["expired"],
            }.get(exc.reason, texts["unreadable"])
            context["form"] = (
                quiz_attempt_start(learner=request.user, quiz=quiz)
                if recording and exc.reason != "replayed"
                else (None if recording else quiz_practice_start(quiz=quiz))
            )
        else:
            score = submission.score
            template = "assessments/quiz_result.html"
            context.update(
                score=score,
                score_line=texts["score"]
                % {"raw": score.raw, "max": score.max, "percent": score.percent},
                failed_line=texts["failed"] % {"mark": quiz.pass_mark},
            )
    else:
        context["form"] = (
            quiz_attempt_start(learner=request.user, quiz=quiz)
            if recording
            else quiz_practice_start(quiz=quiz)
        )
    if context.get("form"):
        _form_context(context["form"])
    if recording:
        best, passed = quiz_best(learner=request.user, quiz=quiz)
        if best is not None:
            key = "best_completed" if passed else "best"
            context["best_line"] = texts[key] % {"percent": round(best * 100)}
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    return response
