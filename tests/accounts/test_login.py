"""Signing in: children by the username and simple password their teacher gave them,
adults by username or email; every page and message in Vietnamese; allauth's rate limit
protects a child's account without locking out a whole school behind one address."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lms.accounts.services import learner_password_set
from tests.factories import DEFAULT_PASSWORD, TeacherFactory
from tests.teacher_portal.fixtures import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_the_login_page_is_vietnamese_and_easy_to_type_on(client):
    response = client.get(reverse("account_login"))
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Đăng nhập"
    labels = [label.get_text(" ", strip=True) for label in soup.select("form label")]
    assert labels[:2] == ["Tên đăng nhập", "Mật khẩu"]
    login = soup.find("input", {"name": "login"})
    assert login["autocapitalize"] == "none" and login["autocorrect"] == "off"
    assert soup.select_one(".help-bar a.help-call").get_text(strip=True) == "Cần giúp đỡ? Gọi 111"
    page = text(response)
    assert "Học sinh: hỏi thầy cô." in page
    assert "quét mã" in page
    assert "Sign" not in page and "Password" not in page


def test_a_child_signs_in_with_the_username_from_the_card(client, classroom):
    learner = enrol(classroom, display_name="Giàng A Páo")
    learner_password_set(learner=learner, password="voi3847")
    response = client.post(
        reverse("account_login"), {"login": learner.username, "password": "voi3847"}
    )
    assert response.status_code == 302
    home = client.get(response["Location"], follow=True)
    assert home.request["PATH_INFO"] == "/learn/"
    assert "Chào Páo!" in text(home)


def test_usernames_typed_with_a_capital_still_work(client, classroom):
    learner = enrol(classroom)
    learner_password_set(learner=learner, password="meo1234")
    response = client.post(
        reverse("account_login"), {"login": learner.username.capitalize(), "password": "meo1234"}
    )
    assert response.status_code == 302


def test_adults_sign_in_by_email_or_username(school):
    teacher = TeacherFactory(
        school=school, email="co.lan@truong.edu.vn", display_name="Hoàng Thị Lan"
    )
    for login in ("co.lan@truong.edu.vn", teacher.username):
        client = Client()
        response = client.post(
            reverse("account_login"), {"login": login, "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302, login
        page = client.get(response["Location"], follow=True)
        assert page.request["PATH_INFO"] == "/teacher/"
        assert "Xin chào Hoàng Thị Lan!" in text(page)


def test_wrong_passwords_get_a_kind_vietnamese_message(client, classroom):
    learner = enrol(classroom)
    response = client.post(reverse("account_login"), {"login": learner.username, "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu chưa đúng. Xem lại thẻ rồi thử lại nhé." in text(response)
    empty = client.post(reverse("account_login"), {"login": "", "password": ""})
    assert "Trường này là bắt buộc." in text(empty)


def test_five_wrong_passwords_lock_that_username_for_a_while(client, classroom):
    learner = enrol(classroom)
    learner_password_set(learner=learner, password="meo1234")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": learner.username, "password": "sai-roi"})
    locked = client.post(
        reverse("account_login"), {"login": learner.username, "password": "meo1234"}
    )
    assert locked.status_code == 200
    assert "Nhập sai quá nhiều lần. Đợi 5 phút rồi thử lại, hoặc nhờ thầy cô giúp." in text(locked)
    # Classmates behind the same school address still sign in.
    other = enrol(classroom)
    learner_password_set(learner=other, password="ga5566")
    assert (
        client.post(
            reverse("account_login"), {"login": other.username, "password": "ga5566"}
        ).status_code
        == 302
    )


def test_a_teacher_setting_a_new_password_lifts_the_lock(teacher_client, classroom):
    learner = enrol(classroom)
    child = Client()
    for _ in range(5):
        child.post(reverse("account_login"), {"login": learner.username, "password": "sai-roi"})
    teacher_client.post(
        reverse("teacher_portal:learner_password", args=[classroom.pk, learner.pk]),
        {"password": "tho2468"},
    )
    assert (
        child.post(
            reverse("account_login"), {"login": learner.username, "password": "tho2468"}
        ).status_code
        == 302
    )


def test_a_whole_class_signs_in_within_a_minute_from_one_address(classroom):
    client = Client()
    for i in range(40):
        learner = enrol(classroom, display_name=f"Học Sinh {i}")
        learner_password_set(learner=learner, password=f"meo{i:04d}")
        response = client.post(
            reverse("account_login"), {"login": learner.username, "password": f"meo{i:04d}"}
        )
        assert response.status_code == 302, i
        client.post(reverse("account_logout"))


def test_sign_out_and_the_other_account_pages_are_vietnamese(client, classroom, curriculum_tree):
    learner = enrol(classroom)
    client.force_login(learner)
    logout_page = client.get(reverse("account_logout"))
    assert "Bạn muốn đăng xuất?" in text(logout_page)
    response = client.post(reverse("account_logout"))
    assert "Đã đăng xuất. Hẹn gặp lại!" in text(client.get(response["Location"]))
    assert "Không tự đăng ký tài khoản" in text(client.get(reverse("account_signup")))
    assert "Học sinh: hãy hỏi thầy cô." in text(client.get(reverse("account_reset_password")))


def test_teachers_change_their_own_password(client, school):
    teacher = TeacherFactory(school=school)
    client.force_login(teacher)
    url = reverse("account_change_password")
    page = client.get(url)
    assert "Mật khẩu hiện tại" in text(page)
    mismatch = client.post(
        url, {"oldpassword": DEFAULT_PASSWORD, "password1": "Hoa-Ban-2026", "password2": "khac"}
    )
    assert "Hai lần nhập mật khẩu phải giống nhau." in text(mismatch)
    done = client.post(
        url,
        {"oldpassword": DEFAULT_PASSWORD, "password1": "Hoa-Ban-2026", "password2": "Hoa-Ban-2026"},
    )
    assert done.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password("Hoa-Ban-2026")
    assert "Đã đổi mật khẩu." in text(client.get(done["Location"], follow=True))


def test_nobody_signs_themselves_up(client):
    response = client.post(
        reverse("account_signup"), {"username": "tu-dang-ky", "password1": "x" * 12}
    )
    assert "Không tự đăng ký tài khoản" in text(response)
    from lms.accounts.models import User

    assert not User.objects.filter(username="tu-dang-ky").exists()


def test_learners_do_not_change_their_own_password(client, classroom):
    learner = enrol(classroom)
    learner_password_set(learner=learner, password="meo1234")
    client.force_login(learner)
    url = reverse("account_change_password")
    page = client.get(url)
    assert page.status_code == 403
    assert "Mật khẩu của em do thầy cô đặt." in text(page)
    client.post(
        url, {"oldpassword": "meo1234", "password1": "Khac-Han-2026", "password2": "Khac-Han-2026"}
    )
    learner.refresh_from_db()
    assert learner.check_password("meo1234")
