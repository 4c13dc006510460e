"""The teacher sees, for each assigned module, how hard each quiz question was for the class
at the first try, computed from the learners' real quiz submissions."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from assessments.models import QuizPage
from tests.analytics.helpers import assign, enrol, make_class, quiz_form_data
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def take_quiz(client, learner, quiz, right):
    client.force_login(learner)
    form = client.get(quiz.url)
    response = client.post(quiz.url, quiz_form_data(form.content, quiz, right=right))
    assert response.status_code == 200
    client.logout()


@pytest.fixture
def setting(curriculum_tree):
    teacher = TeacherFactory()
    classroom = make_class(school=teacher.school, teachers=[teacher])
    module = curriculum_tree["t1-mat-khau"]
    assign(classroom, module)
    learners = [enrol(classroom) for _ in range(4)]
    return teacher, classroom, module, learners, QuizPage.objects.get()


def test_difficulty_counts_each_learners_first_try_only(client, setting):
    teacher, classroom, module, learners, quiz = setting
    take_quiz(client, learners[0], quiz, right="all")
    take_quiz(client, learners[1], quiz, right={"q1", "q2", "q3", "q4"})
    take_quiz(client, learners[2], quiz, right={"q1"})
    take_quiz(client, learners[2], quiz, right="all")  # a second try changes nothing here

    client.force_login(teacher)
    progress = client.get(reverse("teacher_portal:class_progress", args=[classroom.pk]))
    url = reverse("teacher_portal:class_module_progress", args=[classroom.pk, module.pk])
    assert BeautifulSoup(progress.content, "html.parser").find("a", href=url) is not None

    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.h1.get_text(strip=True) == "Mật khẩu là bí mật"
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in page.select(".question-difficulty tbody tr")
    ]
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [r[2] for r in rows] == ["3/3", "2/3", "2/3", "2/3", "1/3"]
    # Questions fewer than half got right are flagged for going over again.
    assert "Nên ôn lại" in rows[4][1] and "Nên ôn lại" not in rows[0][1]
    figures = page.select_one(".summary-figures").get_text(" ", strip=True)
    assert "Đã bắt đầu: 3 học sinh" in figures
    assert "Đã hoàn thành (đạt bài kiểm tra): 3 học sinh" in figures


def test_other_teachers_learners_and_unassigned_modules_get_nothing(
    client, setting, curriculum_tree
):
    teacher, classroom, module, learners, quiz = setting
    url = reverse("teacher_portal:class_module_progress", args=[classroom.pk, module.pk])
    client.force_login(TeacherFactory())
    assert client.get(url).status_code == 404
    client.force_login(learners[0])
    assert client.get(url).status_code == 403
    client.force_login(teacher)
    other_module = curriculum_tree["t3-tin-gia"]
    assert (
        client.get(
            reverse("teacher_portal:class_module_progress", args=[classroom.pk, other_module.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("teacher_portal:class_module_progress", args=[classroom.pk, 999999])
        ).status_code
        == 404
    )
