"""The editorial workflow: authors write and submit for review; reviewers publish."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from curriculum.models import LessonPage
from curriculum.services import AUTHORS_GROUP, REVIEWERS_GROUP, WORKFLOW_NAME
from lms.accounts.models import User

pytestmark = pytest.mark.django_db


def make_user(username: str, group: str) -> User:
    user = User.objects.create_user(username=username, password="x-secret-1", role=User.Role.STAFF)
    user.groups.add(Group.objects.get(name=group))
    return user


def edit_data(lesson: LessonPage, title: str, action: str) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": lesson.slug,
            "summary": lesson.summary,
            "estimated_minutes": lesson.estimated_minutes,
            "body": streamfield([("heading", "Tiêu đề mới")]),
        }
    )
    data[action] = "1"
    return data


def test_groups_and_workflow_exist_on_the_curriculum(curriculum_tree):
    home = curriculum_tree["home"]
    assert home.get_workflow().name == WORKFLOW_NAME
    assert curriculum_tree["t1-mat-khau-chia-khoa"].get_workflow().name == WORKFLOW_NAME
    task = home.get_workflow().tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [REVIEWERS_GROUP]


def test_author_can_edit_but_not_publish(curriculum_tree):
    author = make_user("tacgia", AUTHORS_GROUP)
    lesson = curriculum_tree["t1-mat-khau-chia-khoa"]
    permissions = lesson.permissions_for_user(author)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_reviewer_can_publish(curriculum_tree):
    reviewer = make_user("bientap", REVIEWERS_GROUP)
    assert curriculum_tree["t1-mat-khau-chia-khoa"].permissions_for_user(reviewer).can_publish()


def test_author_publish_request_is_refused_through_the_admin(client, curriculum_tree):
    lesson = curriculum_tree["t1-mat-khau-chia-khoa"]
    client.force_login(make_user("tacgia", AUTHORS_GROUP))
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    client.post(url, edit_data(lesson, "Tác giả tự xuất bản", "action-publish"))
    lesson.refresh_from_db()
    assert lesson.title == "Chiếc chìa khóa", "an author must not be able to publish"


def test_author_submits_and_reviewer_approves_and_publishes(client, curriculum_tree):
    lesson = curriculum_tree["t1-mat-khau-chia-khoa"]
    client.force_login(make_user("tacgia", AUTHORS_GROUP))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        edit_data(lesson, "Chiếc chìa khóa (bản mới)", "action-submit"),
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(lesson.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    lesson.refresh_from_db()
    assert lesson.title == "Chiếc chìa khóa"  # still the published version while in review

    client.force_login(make_user("bientap", REVIEWERS_GROUP))
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[lesson.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": "Đã duyệt."},
    )
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    lesson.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert lesson.title == "Chiếc chìa khóa (bản mới)"
    assert lesson.live
