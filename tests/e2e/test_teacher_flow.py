"""In real Chromium: the demo teacher signs in, creates a class, imports its roster from a
school's CSV, assigns a module and prints login cards; a learner from that roster signs in
on a 360-px-wide phone screen and sees the assignment."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo(settings):
    from lms.demo import demo_load
    from tests.conftest import load_fixture_curriculum

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_fixture_curriculum()
    demo_load()


def test_teacher_sets_up_a_class_and_a_learner_finds_the_assignment(live_server, demo, browser):
    year = timezone.localdate().year - 8
    roster = (
        "DANH SÁCH HỌC SINH LỚP 3B\r\n"
        "STT,Họ và tên,Ngày sinh,Giới tính\r\n"
        f"1,Vàng Thị Dung,02/03/{year},Nữ\r\n"
        f"2,Hoàng Văn Khải,15/08/{year},Nam\r\n"
        f"3,Đinh Thị Ngọc Ánh,30/11/{year},Nữ\r\n"
    ).encode("utf-8-sig")
    due = timezone.localdate() + timedelta(days=7)

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    teacher = desk.new_page()
    teacher.goto(f"{live_server.url}/accounts/login/")
    teacher.fill("#id_login", "giaovien")
    teacher.fill("#id_password", "demo-2026")
    teacher.click("button[type=submit]:has-text('Đăng nhập')")
    teacher.wait_for_url(f"{live_server.url}/teacher/")
    assert teacher.locator("h1").inner_text() == "Lớp của tôi"

    # A new class.
    teacher.click("text=Tạo lớp mới")
    teacher.fill("#id_name", "3B")
    teacher.select_option("#id_grade", "3")
    teacher.click("button:has-text('Tạo lớp')")
    assert teacher.locator("h1").inner_text() == "Lớp 3B"

    # Its roster, from the school's export: preview, then save.
    teacher.click(".next-steps >> text=Nhập danh sách lớp")
    teacher.set_input_files(
        "#id_file", {"name": "lop3b.csv", "mimeType": "text/csv", "buffer": roster}
    )
    teacher.click("button:has-text('Kiểm tra tệp')")
    assert "Sẽ thêm 3 học sinh" in teacher.locator("main").inner_text()
    teacher.click("button:has-text('Thêm 3 học sinh')")
    assert "Đã thêm 3 học sinh vào lớp 3B" in teacher.locator(".messages").inner_text()
    assert teacher.locator("tbody tr").count() == 3

    # A module of the class's band, due in a week.
    teacher.click(".next-steps >> text=Giao chủ đề")
    teacher.click("label.module-choice:has-text('Mật khẩu là bí mật')")
    teacher.fill("#id_due_on", due.isoformat())
    teacher.click("button:has-text('Giao bài')")
    assert (
        "Đã giao chủ đề “Mật khẩu là bí mật” cho lớp 3B."
        in teacher.locator(".messages").inner_text()
    )

    # Login cards: read the first learner's username and password off the printed card.
    teacher.click("nav.tabs >> text=Thẻ đăng nhập")
    teacher.click("button:has-text('Tạo thẻ')")
    card = teacher.locator("article.login-card").first
    assert teacher.locator("article.login-card").count() == 3
    assert card.locator(".qr svg").count() == 1
    name = card.locator("h2").inner_text()
    username, password = card.locator("dd.secret").all_inner_texts()

    # The learner, on a small phone.
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    learner = phone.new_page()
    desk.close()
    learner.goto(f"{live_server.url}/accounts/login/")
    learner.fill("#id_login", username)
    learner.fill("#id_password", password)
    learner.click("button[type=submit]:has-text('Đăng nhập')")
    learner.wait_for_url(f"{live_server.url}/learn/")
    assert learner.locator("h1").inner_text() == f"Chào {name.split()[-1]}!"
    assignment = learner.locator("ul.big-cards").first.locator("a.module-card").first
    assert assignment.locator("h3").inner_text() == "Mật khẩu là bí mật"
    assert assignment.locator(".due").inner_text() == f"Hạn {due:%d/%m}"
    assert assignment.bounding_box()["width"] <= 360
    assert learner.evaluate("document.documentElement.scrollWidth") <= 360
    assert learner.locator(".help-bar .help-call").inner_text() == "Cần giúp đỡ? Gọi 111"
    assignment.click()
    assert learner.locator("h1").inner_text() == "Mật khẩu là bí mật"
    phone.close()
