"""A child on a 360-px phone: picks a band, opens a module and a lesson, tries a choice."""

import pytest

from tests.conftest import load_fixture_curriculum
from tests.e2e.conftest import assert_accessible, fits_width

# serialized_rollback: a transactional test flushes every table; this restores what the
# migrations made (the page tree root, collections, provinces and wards) for the next test.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_child_finds_a_lesson_and_help_on_a_phone(phone, live_server):
    load_fixture_curriculum()
    phone.goto(live_server.url + "/")
    assert phone.locator("h1").inner_text() == "Kỹ năng số (thử)"
    help_link = phone.get_by_role("link", name="Cần giúp đỡ? Gọi 111")
    assert help_link.is_visible() and help_link.get_attribute("href") == "tel:111"
    assert fits_width(phone)

    phone.get_by_role("link", name="Lớp 1–3").first.click()
    phone.get_by_role("link", name="Mật khẩu là bí mật").click()
    phone.get_by_role("link", name="Chiếc chìa khóa").click()
    assert phone.locator("article h1").inner_text() == "Chiếc chìa khóa"
    assert fits_width(phone)

    # "What would you do?" works by tapping, without JavaScript.
    explanation = phone.get_by_text("Đúng rồi! Em giữ bí mật.")
    assert not explanation.is_visible()
    phone.get_by_text("Nói không.", exact=True).click()
    assert explanation.is_visible()

    # Buttons a small finger can hit.
    box = phone.get_by_role("link", name="Bài tiếp theo ›").bounding_box()
    assert box["height"] >= 44
    assert phone.get_by_role("link", name="Cần giúp đỡ? Gọi 111").is_visible()
    assert phone.foreign_requests == []
    assert phone.console_errors == []


def test_learner_pages_have_no_serious_accessibility_violations(phone, live_server):
    load_fixture_curriculum()
    pages = [
        "/",
        "/lop-1-3/",
        "/lop-4-5/",
        "/lop-6-9/",
        "/lop-10-12/",
        "/lop-1-3/mat-khau/",
        "/lop-1-3/mat-khau/chia-khoa/",
        "/lop-6-9/tin-gia/nguon-tin/",
        "/lop-1-3/mat-khau/thu-tai/",
        "/help/",
    ]
    for path in pages:
        phone.goto(live_server.url + path)
        assert_accessible(phone, path)
