"""Scoring on the server, for every question type, and reading a submission back against the
form it came from (tampering refused, a child's slips shown again)."""

import pytest
from django.http import QueryDict

from assessments.models import QuizPage
from assessments.scoring import (
    SubmissionIncomplete,
    SubmissionTampered,
    option_value,
    quiz_questions,
    quiz_score,
    submission_read,
)

pytestmark = pytest.mark.django_db
TOKEN = "3f1c9e9e-6a57-4c44-9a52-3d1f2f0a0b11"


@pytest.fixture
def quiz(curriculum_tree):
    return QuizPage.objects.get()


def post(**fields) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        data.setlist(name.replace("_", "-"), value if isinstance(value, list) else [value])
    return data


def value(key, index):
    return option_value(TOKEN, key, index)


def all_right():
    # The fixture quiz: q1 single (0 right), q2 multiple (0 and 1 right), q3 true/false (false),
    # q4 ordering (authored order), q5 scenario (0 right).
    return {
        "q_q1": value("q1", 0),
        "q_q2": [value("q2", 0), value("q2", 1)],
        "q_q3": "false",
        "q_q4_" + value("q4", 0): "1",
        "q_q4_" + value("q4", 1): "2",
        "q_q4_" + value("q4", 2): "3",
        "q_q5": value("q5", 0),
    }


def score(quiz, **fields):
    questions = quiz_questions(quiz, TOKEN)
    return quiz_score(quiz, questions, submission_read(questions, post(**fields)))


def test_all_right_scores_full_marks_and_passes(quiz):
    result = score(quiz, **all_right())
    assert (result.raw, result.max, result.percent, result.passed) == (5, 5, 100, True)
    assert all(r.correct for r in result.results)


def test_single_choice_and_scenario_score_the_chosen_answer(quiz):
    fields = all_right() | {"q_q1": value("q1", 1), "q_q5": value("q5", 1)}
    results = {r.question.key: r for r in score(quiz, **fields).results}
    assert not results["q1"].correct and not results["q5"].correct
    assert results["q1"].feedback == ["Chưa đúng. Mật khẩu giống chìa khóa."]
    assert results["q5"].chosen == ["Gửi mật khẩu"]


def test_multiple_choice_needs_exactly_the_right_set(quiz):
    partial = score(quiz, **(all_right() | {"q_q2": [value("q2", 0)]}))
    q2 = partial.results[1]
    assert not q2.correct and q2.missed_some  # one right answer missing: told kindly, not which
    assert q2.feedback == ["Đúng."]
    too_many = score(quiz, **(all_right() | {"q_q2": [value("q2", i) for i in range(3)]}))
    assert not too_many.results[1].correct and not too_many.results[1].missed_some
    assert "Không, người lạ thì không." in too_many.results[1].feedback


def test_true_false_scores_against_the_statement(quiz):
    wrong = score(quiz, **(all_right() | {"q_q3": "true"})).results[2]
    assert not wrong.correct
    assert wrong.feedback == ["Chưa đúng. Mật khẩu là bí mật, kể cả với bạn thân."]
    assert wrong.response == "true"


def test_ordering_needs_the_exact_order(quiz):
    swapped = all_right() | {
        "q_q4_" + value("q4", 0): "2",
        "q_q4_" + value("q4", 1): "1",
    }
    result = score(quiz, **swapped).results[3]
    assert not result.correct
    assert result.chosen == ["Tránh xa", "Nói không", "Kể với người lớn"]
    assert result.feedback == ["Nói không, tránh xa, rồi kể với người lớn."]
    assert result.response == "1[,]0[,]2"


def test_pass_mark_is_inclusive(quiz):
    # Pass mark 60%: 3 of 5 passes, 2 of 5 does not.
    three = all_right() | {"q_q1": value("q1", 1), "q_q3": "true"}
    assert score(quiz, **three).passed
    two = three | {"q_q5": value("q5", 1)}
    assert not score(quiz, **two).passed


def test_a_question_not_in_the_quiz_is_tampering(quiz):
    questions = quiz_questions(quiz, TOKEN)
    with pytest.raises(SubmissionTampered):
        submission_read(questions, post(**(all_right() | {"q_q9": value("q1", 0)})))


def test_an_answer_not_offered_is_tampering(quiz):
    questions = quiz_questions(quiz, TOKEN)
    for bad in (
        {"q_q1": "0"},  # the authored index instead of the opaque value
        {"q_q1": option_value("another-token", "q1", 0)},  # a value from another form
        {"q_q1": [value("q1", 0), value("q1", 1)]},  # two answers to a single-choice question
        {"q_q3": "maybe"},
        {"q_q4_" + value("q4", 0): "7"},  # no such position
        {"q_q4_" + value("q4", 0): "một"},
    ):
        with pytest.raises(SubmissionTampered):
            submission_read(questions, post(**(all_right() | bad)))


def test_unanswered_questions_and_repeated_steps_are_slips_not_tampering(quiz):
    questions = quiz_questions(quiz, TOKEN)
    fields = all_right()
    del fields["q_q1"]
    fields["q_q4_" + value("q4", 1)] = "1"  # two steps numbered 1
    with pytest.raises(SubmissionIncomplete) as slip:
        submission_read(questions, post(**fields))
    assert str(slip.value.errors["q1"]) == "Hãy chọn một đáp án."
    assert str(slip.value.errors["q4"]) == "Mỗi số thứ tự chỉ dùng cho một bước."
    assert slip.value.answers["q2"] == [0, 1]  # kept, to show the form again filled in


def test_values_are_opaque_and_the_order_comes_from_the_token(quiz):
    quiz.shuffle = True
    first = quiz_questions(quiz, TOKEN)
    again = quiz_questions(quiz, TOKEN)
    assert [[o.value for o in q.options] for q in first] == [
        [o.value for o in q.options] for q in again
    ]
    values = {o.value for q in first for o in q.options}
    assert not any(v.isdigit() for v in values)
    orders = {
        tuple(o.index for o in quiz_questions(quiz, f"token-{n}")[1].options) for n in range(30)
    }
    assert len(orders) > 1  # the three answers of q2 come in different orders


def test_ordering_steps_never_come_in_the_right_order(quiz):
    for n in range(40):
        steps = quiz_questions(quiz, f"token-{n}")[3].options
        assert [o.index for o in steps] != [0, 1, 2]
