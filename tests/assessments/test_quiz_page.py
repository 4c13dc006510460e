"""Taking a quiz through HTTP: the form never carries the answer key; a learner fails, then
passes; the result explains each answer kindly; replayed, tampered, stale and other learners'
submissions are refused with nothing stored; visitors practise without records."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from analytics.models import LearnerModuleProgress
from analytics.xapi.models import Statement
from assessments.models import QuizAttempt, QuizPage
from tests.analytics.helpers import assign, enrol, make_class, quiz_form_data
from tests.factories import LearnerFactory, TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(curriculum_tree):
    return QuizPage.objects.get()


@pytest.fixture
def learner(curriculum_tree):
    classroom = make_class()
    learner = enrol(classroom)
    assign(classroom, curriculum_tree["t1-mat-khau"])
    return learner


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_the_form_never_carries_the_answer_key(client, quiz, learner):
    quiz.shuffle = True
    quiz.save_revision().publish()
    for who in (None, learner):
        if who:
            client.force_login(who)
        html = client.get(quiz.url).content.decode()
        page = BeautifulSoup(html, "html.parser")
        form = page.find("form", class_="quiz")
        for block in quiz.questions:
            value = block.value
            feedback = [c["feedback"] for c in value.get("choices", [])] + [
                value.get(k, "")
                for k in (
                    "feedback_true",
                    "feedback_false",
                    "feedback_correct",
                    "feedback_incorrect",
                )
            ]
            for line in filter(None, feedback):
                assert line not in html, line
        # Nothing marks a right answer: no "correct" anywhere, values are opaque.
        assert "correct" not in str(form).lower()
        values = [
            i["value"] for i in form.find_all("input") if i.get("type") in ("radio", "checkbox")
        ]
        assert values and all(
            len(v) == 16 and not v.isdigit() for v in values if v not in ("true", "false")
        )
        # The steps of the ordering question are not shown in their right order.
        steps = [li.find("label").get_text(strip=True) for li in form.select("#q-q4 li.step")]
        assert sorted(steps) == sorted(["Nói không", "Tránh xa", "Kể với người lớn"])
        assert steps != ["Nói không", "Tránh xa", "Kể với người lớn"]


def test_a_learner_fails_then_passes_and_the_best_attempt_counts(
    client, quiz, learner, curriculum_tree
):
    client.force_login(learner)
    form = client.get(quiz.url)
    assert "Em trả lời hết các câu hỏi" in text(form)  # band 1 speaks to "em"
    failed = client.post(quiz.url, quiz_form_data(form.content, quiz, right={"q1", "q3"}))
    assert failed.status_code == 200
    page = text(failed)
    assert "Em trả lời đúng 2/5 câu (40%)." in page
    assert "Lần này em chưa đạt: cần đúng từ 60% trở lên." in page
    assert "Chưa đúng. Mật khẩu giống chìa khóa." not in page  # q1 was right: its own feedback
    assert "Đúng rồi!" in page and "Nói không, tránh xa, rồi kể với người lớn." in page
    assert "Còn đáp án đúng khác" not in page  # q2 was answered with a wrong answer only
    progress = LearnerModuleProgress.objects.get(
        learner=learner, module=curriculum_tree["t1-mat-khau"]
    )
    assert (progress.status, progress.attempts, progress.best_score) == ("in_progress", 1, 0.4)

    passed = client.post(quiz.url, quiz_form_data(client.get(quiz.url).content, quiz))
    assert "Em trả lời đúng 5/5 câu (100%)." in text(passed)
    assert "Giỏi lắm! Em đã vượt qua bài kiểm tra. Em đã hoàn thành chủ đề này." in text(passed)

    again = client.post(quiz.url, quiz_form_data(client.get(quiz.url).content, quiz, right="none"))
    assert "Em trả lời đúng 0/5 câu" in text(again)
    assert "Điểm cao nhất của em đến giờ: 100%. Em đã hoàn thành chủ đề này." in text(again)
    progress.refresh_from_db()
    assert (progress.status, progress.attempts, progress.first_score, progress.best_score) == (
        "completed",
        3,
        0.4,
        1.0,
    )
    assert QuizAttempt.objects.filter(learner=learner, submitted_at__isnull=False).count() == 3


def test_a_teenager_is_spoken_to_as_ban(client, curriculum_tree):
    from tests.assessments.quizzes import add_quiz

    quiz = add_quiz(curriculum_tree["t3-tin-gia"])
    classroom = make_class(grade=7, age_band=3)
    learner = enrol(classroom)
    client.force_login(learner)
    form = client.get(quiz.url)
    assert "Trả lời tất cả các câu hỏi, rồi bấm “Nộp bài”." in text(form)
    result = client.post(quiz.url, quiz_form_data(form.content, quiz))
    assert "Chúc mừng! Bạn đã vượt qua bài kiểm tra. Bạn đã hoàn thành chủ đề này." in text(result)


def test_reloading_the_quiz_gives_the_same_form(client, quiz, learner):
    client.force_login(learner)
    first = client.get(quiz.url).content
    second = client.get(quiz.url).content
    assert quiz_form_data(first, quiz)["attempt"] == quiz_form_data(second, quiz)["attempt"]
    assert QuizAttempt.objects.count() == 1


def test_a_replayed_submission_is_refused_and_counted_once(client, quiz, learner):
    client.force_login(learner)
    data = quiz_form_data(client.get(quiz.url).content, quiz)
    assert client.post(quiz.url, data).status_code == 200
    stored = Statement.objects.count()
    replay = client.post(quiz.url, data)
    assert replay.status_code == 409
    assert "Em đã nộp bài này rồi. Kết quả của em đã được lưu." in text(replay)
    assert Statement.objects.count() == stored
    assert LearnerModuleProgress.objects.get(learner=learner).attempts == 1


def test_tampered_submissions_are_refused_with_nothing_stored(client, quiz, learner):
    client.force_login(learner)
    data = quiz_form_data(client.get(quiz.url).content, quiz)
    for bad in (
        data | {"q-q99": data["q-q1"]},  # a question not in the quiz
        data | {"q-q1": ["0"]},  # an answer that was not offered
        data | {"attempt": "not-a-token"},
    ):
        response = client.post(quiz.url, bad)
        assert response.status_code == 400
        assert "Không đọc được bài làm này. Em mở lại bài kiểm tra nhé." in text(response)
    assert Statement.objects.count() == 0
    assert not LearnerModuleProgress.objects.exists()
    # The form itself is still good: the real submission goes through once.
    assert client.post(quiz.url, data).status_code == 200
    assert Statement.objects.filter(verb__endswith="/passed").count() == 1


def test_another_learners_form_is_refused(client, quiz, learner):
    client.force_login(learner)
    data = quiz_form_data(client.get(quiz.url).content, quiz)
    other = LearnerFactory()
    client.force_login(other)
    assert client.post(quiz.url, data).status_code == 400
    assert Statement.objects.count() == 0


def test_a_form_kept_open_too_long_is_replaced(client, quiz, learner):
    client.force_login(learner)
    data = quiz_form_data(client.get(quiz.url).content, quiz)
    QuizAttempt.objects.update(issued_at=QuizAttempt.objects.get().issued_at - timedelta(hours=25))
    response = client.post(quiz.url, data)
    assert response.status_code == 400
    assert "Trang bài kiểm tra đã mở quá lâu." in text(response)
    fresh = BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "attempt"})
    assert fresh["value"] != data["attempt"]
    assert Statement.objects.count() == 0


def test_a_missing_answer_shows_the_form_again_filled_in(client, quiz, learner):
    client.force_login(learner)
    data = quiz_form_data(client.get(quiz.url).content, quiz)
    del data["q-q3"]
    response = client.post(quiz.url, data)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert "Em còn câu chưa trả lời." in page.get_text()
    assert "has-error" in page.find("fieldset", id="q-q3")["class"]
    assert page.find("fieldset", id="q-q1").find("input", checked=True)["value"] == data["q-q1"][0]
    assert Statement.objects.count() == 0
    data["q-q3"] = "false"
    assert "Em trả lời đúng 5/5 câu" in text(client.post(quiz.url, data))


def test_answers_are_scored_against_the_quiz_the_form_was_made_from(client, quiz, learner):
    client.force_login(learner)
    data = quiz_form_data(client.get(quiz.url).content, quiz)
    # An author changes the right answer of q3 and publishes while the child is answering.
    quiz.questions[2].value["answer"] = True
    quiz.save_revision().publish()
    result = client.post(quiz.url, data)
    assert "Em trả lời đúng 5/5 câu" in text(result)
    # The next form is made from the new version.
    new = quiz_form_data(client.get(quiz.url).content, QuizPage.objects.get())
    assert new["q-q3"] == "true"


def test_visitors_practise_and_nothing_is_stored(client, quiz):
    form = client.get(quiz.url)
    page = text(form)
    assert "Chế độ luyện tập" in page and "Đăng nhập để lưu kết quả của em" in page
    result = client.post(quiz.url, quiz_form_data(form.content, quiz, right={"q1"}))
    assert result.status_code == 200
    assert "Em trả lời đúng 1/5 câu (20%)." in text(result)
    assert "Đây là bài luyện tập: kết quả không được lưu." in text(result)
    assert Statement.objects.count() == 0 and QuizAttempt.objects.count() == 0
    forged = quiz_form_data(form.content, quiz) | {"attempt": "forged"}
    assert client.post(quiz.url, forged).status_code == 400


def test_a_teacher_looking_at_a_quiz_makes_no_records(client, quiz):
    client.force_login(TeacherFactory())
    form = client.get(quiz.url)
    client.post(quiz.url, quiz_form_data(form.content, quiz))
    assert Statement.objects.count() == 0 and QuizAttempt.objects.count() == 0


def test_the_quiz_page_is_never_cached_and_answers_only_get_and_post(client, quiz):
    response = client.get(quiz.url)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert client.put(quiz.url).status_code == 405
