"""A signed-in child on a phone reads a lesson, fails the quiz, reads the feedback, tries
again and passes; the records and the class's numbers follow."""

import pytest
from django.utils import timezone

from analytics.models import ClassRollup, LearnerModuleProgress, QuestionRollup
from analytics.xapi import profile
from analytics.xapi.models import Statement
from tests.analytics.helpers import assign, enrol, make_class
from tests.conftest import load_fixture_curriculum
from tests.e2e.conftest import assert_accessible, fits_width, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RIGHT = {
    "q1": "Chìa khóa",
    "q2": ["Em", "Bố mẹ em"],
    "q3": "Sai",
    "q4": ["Nói không", "Tránh xa", "Kể với người lớn"],
    "q5": "Kể với bố mẹ",
}
WRONG = {
    "q1": "Cái bánh",
    "q2": ["Người lạ"],
    "q3": "Đúng",
    "q4": ["Kể với người lớn", "Tránh xa", "Nói không"],
    "q5": "Gửi mật khẩu",
}


def answer(page, answers):
    for key, choice in answers.items():
        question = page.locator(f"#q-{key}")
        if key == "q4":
            for position, step in enumerate(choice, start=1):
                question.locator("li.step", has_text=step).locator("select").select_option(
                    str(position)
                )
        else:
            for text in choice if isinstance(choice, list) else [choice]:
                question.locator("label.option").get_by_text(text, exact=True).click()


def test_a_child_fails_then_passes_a_quiz(phone, live_server):
    from curriculum.models import ModulePage

    load_fixture_curriculum()
    module = ModulePage.objects.get(key="t1-mat-khau")
    classroom = make_class()
    learner = enrol(classroom, username="be.lan")
    enrol(classroom)
    assign(classroom, module)

    sign_in(phone, live_server, learner)
    phone.goto(live_server.url + "/lop-1-3/mat-khau/chia-khoa/")
    assert phone.locator("article h1").inner_text() == "Chiếc chìa khóa"
    phone.goto(live_server.url + "/lop-1-3/mat-khau/giu-kin/")
    phone.get_by_role("link", name="Làm bài kiểm tra ›").click()
    phone.wait_for_load_state("load")  # stylesheets applied before measuring
    assert phone.locator("h1").inner_text() == "Thử tài"
    assert fits_width(phone)
    # Answers are big targets a finger can hit.
    assert phone.locator("label.option").first.bounding_box()["height"] >= 48
    assert_accessible(phone, "quiz form")

    answer(phone, WRONG)
    phone.get_by_role("button", name="Nộp bài").click()
    assert "Em trả lời đúng 0/5 câu (0%)." in phone.locator(".result .score").inner_text()
    assert "Lần này em chưa đạt" in phone.locator(".result .verdict").inner_text()
    assert phone.get_by_text("Chưa đúng. Mật khẩu giống chìa khóa.").is_visible()
    assert fits_width(phone)
    assert_accessible(phone, "quiz result")

    phone.get_by_role("link", name="Làm lại").click()
    answer(phone, RIGHT)
    phone.get_by_role("button", name="Nộp bài").click()
    assert "Em trả lời đúng 5/5 câu (100%)." in phone.locator(".result .score").inner_text()
    assert (
        "Giỏi lắm! Em đã vượt qua bài kiểm tra." in phone.locator(".result .verdict").inner_text()
    )
    assert phone.foreign_requests == []
    assert phone.console_errors == []

    progress = LearnerModuleProgress.objects.get(learner=learner, module=module)
    assert (progress.status, progress.attempts, progress.first_score, progress.best_score) == (
        "completed",
        2,
        0.0,
        1.0,
    )
    assert progress.lessons_experienced == 2
    assert ClassRollup.objects.get(classroom=classroom).ran_on == timezone.localdate()  # 1 of 2
    assert QuestionRollup.objects.get(classroom=classroom, question_key="q1").first_try_correct == 0
    verbs = set(Statement.objects.filter(actor=learner.xapi_id.hex).values_list("verb", flat=True))
    assert verbs == {
        profile.VERB_EXPERIENCED,
        profile.VERB_ATTEMPTED,
        profile.VERB_ANSWERED,
        profile.VERB_FAILED,
        profile.VERB_PASSED,
        profile.VERB_COMPLETED,
    }
