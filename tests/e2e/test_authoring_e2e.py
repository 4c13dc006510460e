"""An author edits a lesson in Wagtail's admin in real Chromium and submits it for review."""

import pytest
from django.contrib.auth.models import Group

from curriculum.models import LessonPage
from curriculum.services import AUTHORS_GROUP
from lms.accounts.models import User
from tests.conftest import load_fixture_curriculum

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_author_edits_and_submits_a_lesson_for_review(browser, live_server):
    load_fixture_curriculum()
    author = User.objects.create_user("tacgia-e2e", password="mat-khau-thu-9", role=User.Role.STAFF)
    author.groups.add(Group.objects.get(name=AUTHORS_GROUP))
    lesson = LessonPage.objects.get(key="t1-mat-khau-chia-khoa")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "tacgia-e2e")
    page.fill("input[name=password]", "mat-khau-thu-9")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    title = page.locator("#id_title")
    title.fill("Chiếc chìa khóa nhỏ")
    # The StreamField editor is built by Wagtail's scripts: it must have rendered under our CSP.
    assert (
        page.locator(
            "[data-streamfield-stream-container], .w-field__input [data-contentpath]"
        ).count()
        > 0
    )
    # No "Publish" for an author; "Submit for review" in its place.
    page.locator("button[data-w-dropdown-target='toggle'], .dropdown-toggle").last.click()
    assert page.locator("button[name=action-publish]").count() == 0
    page.locator("button[name=action-submit]").first.click(force=True)
    page.wait_for_load_state("networkidle")

    lesson.refresh_from_db()
    assert lesson.title == "Chiếc chìa khóa"  # the live page waits for a reviewer
    assert lesson.get_latest_revision().content["title"] == "Chiếc chìa khóa nhỏ"
    assert lesson.current_workflow_state is not None
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []
    context.close()
