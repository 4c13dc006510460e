"""What the teacher's progress page reads: per-question difficulty (selector and the include
the teacher portal shows), a class's progress in a fixed number of queries, and a learner's
own progress."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import translation

from analytics.selectors import class_progress, learner_progress, question_difficulty
from tests.analytics.helpers import assign, enrol, make_class, take_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(curriculum_tree):
    return curriculum_tree["t1-mat-khau"]


def test_question_difficulty_in_quiz_order_with_prompts(module):
    classroom = make_class()
    learners = [enrol(classroom) for _ in range(4)]
    take_quiz(learners[0], module, right={"q1", "q2", "q3"})
    take_quiz(learners[1], module, right={"q1", "q2"})
    take_quiz(learners[2], module, right={"q1"})
    take_quiz(learners[2], module, right="all")  # later tries do not count
    other_class = make_class()
    take_quiz(enrol(other_class), module, right="all")  # another class does not count here
    rows = question_difficulty(classroom=classroom, module=module)
    assert [(q.number, q.key, q.answered, q.correct) for q in rows] == [
        (1, "q1", 3, 3),
        (2, "q2", 3, 2),
        (3, "q3", 3, 1),
        (4, "q4", 3, 0),
        (5, "q5", 3, 0),
    ]
    assert rows[0].prompt == "Mật khẩu giống cái gì?"
    assert (rows[1].percent, rows[1].is_hard) == (67, False)
    assert (rows[2].percent, rows[2].is_hard) == (33, True)


def test_a_question_nobody_answered_has_no_share(module):
    rows = question_difficulty(classroom=make_class(), module=module)
    assert len(rows) == 5 and all(q.share is None and not q.is_hard for q in rows)


def test_a_module_without_quiz_has_no_rows(curriculum_tree):
    assert question_difficulty(classroom=make_class(), module=curriculum_tree["t3-tin-gia"]) == []


def test_the_include_shows_the_difficulty_in_vietnamese(module):
    classroom = make_class()
    learners = [enrol(classroom) for _ in range(2)]
    take_quiz(learners[0], module, right={"q1"})
    take_quiz(learners[1], module, right={"q1", "q2"})
    with translation.override("vi"):
        html = render_to_string(
            "analytics/includes/question_difficulty.html",
            {
                "difficulty": question_difficulty(classroom=classroom, module=module),
                "module": module,
            },
        )
    page = BeautifulSoup(html, "html.parser")
    assert page.find("h3").get_text(strip=True) == "Mức độ khó của từng câu hỏi: Mật khẩu là bí mật"
    rows = page.select("tbody tr")
    assert len(rows) == 5
    first = [td.get_text(" ", strip=True) for td in rows[0].find_all("td")]
    assert first[:3] == ["1", "Mật khẩu giống cái gì?", "2/2"] and "100%" in first[3]
    second = rows[1].get_text(" ", strip=True)
    assert "1/2" in second and "50%" in second and "Nên ôn lại" not in second
    third = rows[2].get_text(" ", strip=True)
    assert "0/2" in third and "Nên ôn lại" in third
    assert "ngay lần làm bài đầu tiên" in page.get_text()
    with translation.override("vi"):
        empty = render_to_string("analytics/includes/question_difficulty.html", {"difficulty": []})
    assert "Chủ đề này chưa có bài kiểm tra." in empty


def test_class_progress_is_one_query_for_any_class_size(
    module, curriculum_tree, django_assert_num_queries
):
    classroom = make_class()
    learners = [enrol(classroom) for _ in range(30)]
    assign(classroom, module)
    for learner in learners[:10]:
        take_quiz(learner, module)
    take_quiz(learners[10], module, right="none")
    with django_assert_num_queries(1):
        progress = class_progress(
            classroom=classroom, modules=[module, curriculum_tree["t3-tin-gia"]]
        )
    statuses = [progress.get((learner.pk, module.pk)) for learner in learners]
    assert [p.status for p in statuses if p] == ["completed"] * 10 + ["in_progress"]
    assert statuses[11] is None  # not started


def test_learner_progress(module):
    classroom = make_class()
    learner = enrol(classroom)
    take_quiz(learner, module, right={"q1"})
    rows = learner_progress(learner=learner, modules=[module])
    assert rows[module.pk].status == "in_progress" and rows[module.pk].best_score == 0.2
