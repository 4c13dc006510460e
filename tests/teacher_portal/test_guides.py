"""Teachers' guides in the portal (issue 14.4): the plan written with the module, the quiz's
questions, keyed answers and feedback read from the quiz itself, the teacher's notes, the
shared disclosure protocol, and a page that prints on A4. Who may open it: the access
matrix (test_access_matrix.py)."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse

from assessments.models import QuizPage
from curriculum.models import GUIDE_PREVIEW_MODE, ModulePage
from tests.factories import UserFactory
from tests.teacher_portal.fixtures import make_module

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def guide_url(key="t1-mat-khau"):
    return reverse("teacher_portal:guide_detail", args=[key])


def test_the_guide_list_shows_every_published_module_by_band(teacher_client, curriculum_tree):
    make_module(curriculum_tree["band-1"], title="Chủ đề nháp", key="t1-nhap", live=False)
    page = soup(teacher_client.get(reverse("teacher_portal:guides")))
    links = {a.get_text(strip=True): a["href"] for a in page.select("main li a")}
    assert links["Mật khẩu là bí mật"] == guide_url()
    text = page.get_text(" ", strip=True)
    assert "Tin giả" in text and "(chưa có kế hoạch bài dạy)" in text  # t3 has no guide
    assert "Chủ đề nháp" not in text


def test_the_guide_shows_the_plan_the_answers_the_notes_and_the_protocol(
    teacher_client, curriculum_tree
):
    page = soup(teacher_client.get(guide_url()))
    text = page.get_text(" ", strip=True)
    # The plan, in the order written, with its minutes: one 35-minute period.
    steps = [h.get_text(" ", strip=True) for h in page.select(".guide-step h3")]
    assert steps == [
        "5 phút Khởi động: Chiếc chìa khóa",
        "10 phút Các bài học trên màn hình của lớp",
        "7 phút Thảo luận",
        "8 phút Hoạt động không cần máy: Đóng vai “Không!”",
        "5 phút Bài kiểm tra",
    ]
    assert "Một tiết 35 phút" in text and "Kế hoạch tiết học (35 phút)" in text
    assert "Không có máy chiếu hoặc mạng: Đọc to câu chuyện." in text
    assert [li.get_text(strip=True) for li in page.select(".prompts li")] == [
        "Ai được biết mật khẩu?",
        "Em làm gì khi bị xin?",
    ]
    # The lessons on the classroom screen, linked.
    lessons = [a.get_text(strip=True) for a in page.select(".guide-lessons a")]
    assert lessons == ["Chiếc chìa khóa", "Giữ kín"]
    # Every question of the quiz with its keyed answer and its feedback.
    questions = page.select(".guide-question")
    assert [q["id"] for q in questions] == [f"question-q{i}" for i in range(1, 6)]
    q1 = questions[0].get_text(" ", strip=True)
    assert "A. Chìa khóa ✓ đúng Đúng rồi!" in q1
    assert "B. Cái bánh ✗ chưa đúng Chưa đúng. Mật khẩu giống chìa khóa." in q1
    q3 = questions[2].get_text(" ", strip=True)
    assert "Đáp án: Sai" in q3 and "Vì sao: Đúng rồi! Mật khẩu là bí mật." in q3
    assert "Ghi chú cho thầy cô: Nhắc lại rằng bạn thân cũng không được biết." in q3
    q4 = questions[3].get_text(" ", strip=True)
    assert "Thứ tự đúng: Nói không Tránh xa Kể với người lớn" in q4
    assert "Một người lạ nhắn tin xin mật khẩu." in questions[4].get_text(" ", strip=True)
    # The one shared protocol for disclosures.
    protocol = page.select_one(".disclosure").get_text(" ", strip=True)
    for step in ("Lắng nghe.", "Không điều tra.", "Không hứa giữ bí mật.", "Gọi 111."):
        assert step in protocol
    assert "lãnh đạo nhà trường" in protocol
    # Printable: its own print style sheet and a print button wired by a static script.
    assert page.select_one('link[href$="teacher_portal/guide.css"]')
    assert page.select_one('script[src$="teacher_portal/print.js"]')
    assert page.select_one("button#print")


def test_the_answers_are_read_from_the_quiz_so_they_never_go_stale(teacher_client, curriculum_tree):
    quiz = QuizPage.objects.child_of(curriculum_tree["t1-mat-khau"]).get()
    data = quiz.questions.raw_data
    data[0]["value"]["choices"][0]["feedback"] = "Đúng! Mật khẩu mở tài khoản như chìa khóa."
    quiz.questions = data
    quiz.save_revision().publish()
    text = soup(teacher_client.get(guide_url())).get_text(" ", strip=True)
    assert "Đúng! Mật khẩu mở tài khoản như chìa khóa." in text


def test_a_note_whose_question_left_the_quiz_is_still_shown(teacher_client, curriculum_tree):
    module = curriculum_tree["t1-mat-khau"].specific
    notes = module.guide_answer_notes.raw_data
    notes.append({"type": "note", "value": {"question_key": "q9", "note": "<p>Câu cũ.</p>"}})
    module.guide_answer_notes = notes
    module.save_revision().publish()
    text = soup(teacher_client.get(guide_url())).get_text(" ", strip=True)
    assert "Ghi chú cho những câu không còn trong bài kiểm tra: q9: Câu cũ." in text


def test_a_module_without_a_guide_still_has_the_protocol(teacher_client, curriculum_tree):
    page = soup(teacher_client.get(guide_url("t3-tin-gia")))
    text = page.get_text(" ", strip=True)
    assert "Chủ đề này chưa có kế hoạch bài dạy." in text
    assert not page.select(".guide-step") and page.select_one(".disclosure")


def test_unknown_and_unpublished_modules_give_404(teacher_client, curriculum_tree):
    make_module(curriculum_tree["band-1"], title="Chủ đề nháp", key="t1-nhap", live=False)
    assert teacher_client.get(guide_url("t1-nhap")).status_code == 404
    assert teacher_client.get(guide_url("khong-co")).status_code == 404


def test_authors_preview_the_guide_in_wagtail_as_teachers_print_it(curriculum_tree):
    module = ModulePage.objects.get(key="t1-mat-khau")
    assert (GUIDE_PREVIEW_MODE, "Hướng dẫn giáo viên") in [
        (mode, str(label)) for mode, label in module.preview_modes
    ]
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    response = module.serve_preview(request, GUIDE_PREVIEW_MODE)
    page = BeautifulSoup(response.content, "html.parser")
    assert len(page.select(".guide-step")) == 5 and page.select_one(".disclosure")
    assert not page.select('a[href^="/teacher/"]')  # an author is not in the portal


def test_each_assignment_links_to_its_module_guide(
    teacher, teacher_client, classroom, curriculum_tree
):
    from lms.learn.services import assignment_create

    assignment_create(
        classroom=classroom, module=curriculum_tree["t1-mat-khau"], assigned_by=teacher
    )
    page = soup(teacher_client.get(reverse("teacher_portal:assignments", args=[classroom.pk])))
    assert page.select_one(f'a[href="{guide_url()}"]')
