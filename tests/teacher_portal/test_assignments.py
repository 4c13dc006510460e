"""Assigning modules: from the published curriculum, filtered to the class's band by
default, to the class or some learners, with an optional due date; edit, unassign, undo.
Every change calls the rollup hook in the same transaction."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from lms import hooks
from lms.assignments.models import Assignment
from tests.teacher_portal.fixtures import make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(
        hooks.classroom_changed,
        "send",
        lambda *, classroom: calls.append(classroom.pk),
    )
    return calls


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def module_choices(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.strong.get_text(strip=True) for li in soup.select(".module-choices li")]


def test_the_class_band_is_offered_first_and_every_band_on_request(
    teacher_client, classroom, curriculum_tree
):
    make_module(curriculum_tree["band-1"], title="Chủ đề nháp", key="t1-nhap", live=False)
    url = reverse("teacher_portal:assignment_create", args=[classroom.pk])
    assert module_choices(teacher_client.get(url)) == ["Mật khẩu là bí mật"]
    assert module_choices(teacher_client.get(url + "?all=1")) == ["Mật khẩu là bí mật", "Tin giả"]


def test_assign_to_the_whole_class_with_a_due_date(
    teacher, teacher_client, classroom, learners, curriculum_tree, hook_calls
):
    module = curriculum_tree["t1-mat-khau"]
    due = timezone.localdate() + timedelta(days=10)
    response = teacher_client.post(
        reverse("teacher_portal:assignment_create", args=[classroom.pk]),
        {"module": module.pk, "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.classroom, assignment.module_id, assignment.due_on) == (
        classroom,
        module.pk,
        due,
    )
    assert assignment.assigned_by == teacher and not assignment.learners.exists()
    assert hook_calls == [classroom.pk]
    page = text(teacher_client.get(response["Location"]))
    assert "Đã giao chủ đề “Mật khẩu là bí mật” cho lớp 3A." in page
    assert f"Hạn nộp {due:%d/%m/%Y}" in page and "cho cả lớp" in page


def test_assign_to_some_learners_only(teacher_client, classroom, learners, curriculum_tree):
    teacher_client.post(
        reverse("teacher_portal:assignment_create", args=[classroom.pk]),
        {"module": curriculum_tree["t1-mat-khau"].pk, "learners": [learners[0].pk, learners[2].pk]},
    )
    assignment = Assignment.objects.get()
    assert set(assignment.learners.all()) == {learners[0], learners[2]}
    page = text(teacher_client.get(reverse("teacher_portal:assignments", args=[classroom.pk])))
    assert "cho 2 em" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Hãy chọn một chủ đề."),
        ({"module": 999999}, "Hãy chọn một chủ đề đã xuất bản."),
        ({"due_on": "2000-01-01"}, "Hạn hoàn thành đã qua."),
        ({"due_on": "ngày mai"}, "Hãy ghi ngày theo dạng ngày/tháng/năm"),
    ],
)
def test_bad_assignments_are_refused(teacher_client, classroom, curriculum_tree, data, message):
    data = {"module": curriculum_tree["t1-mat-khau"].pk, **data} if data else {}
    response = teacher_client.post(
        reverse("teacher_portal:assignment_create", args=[classroom.pk]), data
    )
    assert response.status_code == 200
    assert message in text(response)
    assert not Assignment.objects.exists()


def test_learners_of_another_class_cannot_be_chosen(
    teacher_client, classroom, curriculum_tree, other_school_world
):
    response = teacher_client.post(
        reverse("teacher_portal:assignment_create", args=[classroom.pk]),
        {
            "module": curriculum_tree["t1-mat-khau"].pk,
            "learners": [other_school_world["learner"].pk],
        },
    )
    assert response.status_code == 200
    assert not Assignment.objects.exists()


def test_the_same_module_twice_is_refused(teacher_client, classroom, curriculum_tree):
    url = reverse("teacher_portal:assignment_create", args=[classroom.pk])
    module = curriculum_tree["t1-mat-khau"]
    teacher_client.post(url, {"module": module.pk})
    response = teacher_client.post(url, {"module": module.pk})
    assert "đã được giao cho lớp này" in text(response)
    assert Assignment.objects.count() == 1


def test_edit_the_due_date_and_learners(teacher_client, classroom, learners, curriculum_tree):
    teacher_client.post(
        reverse("teacher_portal:assignment_create", args=[classroom.pk]),
        {"module": curriculum_tree["t1-mat-khau"].pk},
    )
    assignment = Assignment.objects.get()
    due = timezone.localdate() + timedelta(days=3)
    response = teacher_client.post(
        reverse("teacher_portal:assignment_edit", args=[classroom.pk, assignment.pk]),
        {"due_on": due.isoformat(), "learners": [learners[1].pk]},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.due_on == due
    assert list(assignment.learners.all()) == [learners[1]]


def test_unassign_and_undo(teacher_client, classroom, curriculum_tree, hook_calls):
    teacher_client.post(
        reverse("teacher_portal:assignment_create", args=[classroom.pk]),
        {"module": curriculum_tree["t1-mat-khau"].pk},
    )
    assignment = Assignment.objects.get()
    registration = assignment.registration
    response = teacher_client.post(
        reverse("teacher_portal:assignment_remove", args=[classroom.pk, assignment.pk])
    )
    assignment.refresh_from_db()
    assert assignment.removed_at is not None
    page = teacher_client.get(response["Location"])
    soup = BeautifulSoup(page.content, "html.parser")
    assert "Đã hủy giao chủ đề “Mật khẩu là bí mật” cho lớp 3A." in soup.get_text(" ", strip=True)
    assert "Vừa hủy giao" in soup.get_text()  # and listed for undo later too
    teacher_client.post(soup.select_one("form.undo")["action"])
    assignment.refresh_from_db()
    assert assignment.removed_at is None
    assert assignment.registration == registration  # the same xAPI registration continues
    assert hook_calls == [classroom.pk] * 3


def test_undo_after_assigning_again_explains_there_is_nothing_to_undo(
    teacher_client, classroom, curriculum_tree
):
    create = reverse("teacher_portal:assignment_create", args=[classroom.pk])
    module = curriculum_tree["t1-mat-khau"]
    teacher_client.post(create, {"module": module.pk})
    first = Assignment.objects.get()
    teacher_client.post(reverse("teacher_portal:assignment_remove", args=[classroom.pk, first.pk]))
    teacher_client.post(create, {"module": module.pk})
    response = teacher_client.post(
        reverse("teacher_portal:assignment_restore", args=[classroom.pk, first.pk])
    )
    assert "không còn gì để hoàn tác" in text(teacher_client.get(response["Location"]))
    assert Assignment.objects.filter(removed_at__isnull=True).count() == 1
