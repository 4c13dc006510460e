"""A teacher's work on learners: add one by one, edit, set a password, print login cards,
take out of the class with undo, delete for good."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from analytics.models import LearnerModuleProgress
from lms import hooks
from lms.accounts.models import ConsentRecord, LoginBadge, User
from lms.accounts.services import consent_record
from lms.learn.services import assignment_create
from lms.schools.models import Enrollment
from tests.teacher_portal.fixtures import enrol

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_add_one_learner(teacher_client, classroom, monkeypatch):
    calls = []
    monkeypatch.setattr(
        hooks.classroom_changed,
        "send",
        lambda *, classroom: calls.append(classroom.pk),
    )
    url = reverse("teacher_portal:learner_add", args=[classroom.pk])
    response = teacher_client.post(url, {"display_name": "  HOÀNG   THỊ MAI ", "birth_year": 2018})
    assert response.status_code == 302
    learner = User.objects.get(enrollments__classroom=classroom)
    assert learner.display_name == "Hoàng Thị Mai"
    assert learner.username.startswith("mai") and len(learner.username) == 7
    assert (learner.email, learner.first_name, learner.last_name) == ("", "", "")
    assert calls == [classroom.pk]
    page = teacher_client.get(response["Location"])
    assert f"Đã thêm Hoàng Thị Mai, tên đăng nhập {learner.username}." in text(page)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"display_name": "", "birth_year": 2018}, "Trường này là bắt buộc."),
        ({"display_name": "An 123", "birth_year": 2018}, "có chữ số"),
        ({"display_name": "=cmd", "birth_year": 2018}, "công thức"),
        ({"display_name": "Nguyễn An", "birth_year": 1980}, "học sinh phải từ 3 đến 20 tuổi"),
        ({"display_name": "Nguyễn An", "birth_year": "hai nghìn"}, "Hãy ghi năm sinh bằng chữ số"),
    ],
)
def test_add_one_learner_bad_input(teacher_client, classroom, data, message):
    response = teacher_client.post(reverse("teacher_portal:learner_add", args=[classroom.pk]), data)
    assert response.status_code == 200
    assert message in text(response)
    assert not User.objects.filter(role=User.Role.LEARNER).exists()


def test_the_same_child_twice_is_refused(teacher_client, classroom):
    enrol(classroom, display_name="Nguyễn An", birth_year=2018)
    response = teacher_client.post(
        reverse("teacher_portal:learner_add", args=[classroom.pk]),
        {"display_name": "nguyễn an", "birth_year": 2018},
    )
    assert "Nguyễn An (sinh năm 2018) đã có trong lớp." in text(response)
    assert Enrollment.objects.filter(classroom=classroom).count() == 1


def test_print_cards_gives_passwords_that_sign_in(teacher_client, classroom, learners):
    from django.test import Client

    client = Client()  # the child's own device
    url = reverse("teacher_portal:class_cards", args=[classroom.pk])
    page = teacher_client.get(url)
    assert page.status_code == 200
    response = teacher_client.post(
        url,
        {"learners": [u.pk for u in learners], "new_password": "on", "with_badge": "on"},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    soup = BeautifulSoup(response.content, "html.parser")
    cards = soup.select("article.login-card")
    assert len(cards) == 3
    first = cards[0]
    name = first.h2.get_text(strip=True)
    username, password = [dd.get_text(strip=True) for dd in first.select("dd.secret")]
    assert re.fullmatch(r"[a-z]+\d{4}", password)
    assert first.select_one(".qr svg") is not None  # made on the server, no script
    assert "Gọi 111" in first.get_text()
    assert not soup.find_all("script", src=lambda s: s and "//" in s)
    learner = User.objects.get(username=username)
    assert learner.display_name == name
    assert learner.check_password(password)
    assert LoginBadge.objects.filter(learner=learner, revoked_at__isnull=True).count() == 1
    # The child signs in with the card.
    signed_in = client.post(reverse("account_login"), {"login": username, "password": password})
    assert signed_in.status_code == 302
    assert client.get(reverse("learn:home")).status_code == 200


def test_cards_without_new_passwords_leave_a_blank_line(teacher_client, classroom, learners):
    learner = learners[0]
    learner.set_password("meo1234")
    learner.save(update_fields=["password"])
    learners[1].set_unusable_password()
    learners[1].save(update_fields=["password"])
    response = teacher_client.post(
        reverse("teacher_portal:class_cards", args=[classroom.pk]),
        {"learners": [learner.pk, learners[1].pk]},
    )
    soup = BeautifulSoup(response.content, "html.parser")
    cards = {c.h2.get_text(strip=True): c for c in soup.select("article.login-card")}
    assert cards[learner.display_name].select_one(".blank") is not None
    # The learner without any password still gets one: a card must let them in.
    assert cards[learners[1].display_name].select_one(".blank") is None
    learner.refresh_from_db()
    assert learner.check_password("meo1234")
    assert not soup.select(".qr")


def test_teacher_sets_and_changes_a_childs_password(teacher_client, classroom, learners):
    from django.test import Client

    client = Client()  # the child's own device
    learner = learners[0]
    url = reverse("teacher_portal:learner_password", args=[classroom.pk, learner.pk])
    for bad, message in (
        ("abc", "ít nhất 6 ký tự"),
        ("meo 1234", "dấu cách"),
        (learner.username, "trùng tên đăng nhập"),
        ("aaaaaaa", "quá dễ đoán"),
    ):
        response = teacher_client.post(url, {"password": bad})
        assert response.status_code == 400
        assert message in text(response), bad
    assert teacher_client.post(url, {"password": "voi2024"}).status_code == 302
    assert client.login(username=learner.username, password="voi2024")
    assert teacher_client.post(url, {"password": "ga778899"}).status_code == 302
    client.logout()
    assert not client.login(username=learner.username, password="voi2024")
    assert client.login(username=learner.username, password="ga778899")


def test_edit_a_learner(teacher_client, classroom, learners):
    learner = learners[0]
    url = reverse("teacher_portal:learner_detail", args=[classroom.pk, learner.pk])
    response = teacher_client.post(url, {"display_name": "Nguyễn Văn Ân", "birth_year": 2017})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert (learner.display_name, learner.birth_year) == ("Nguyễn Văn Ân", 2017)


def test_take_out_of_the_class_and_undo(teacher_client, classroom, learners, monkeypatch):
    calls = []
    monkeypatch.setattr(
        hooks.classroom_changed,
        "send",
        lambda *, classroom: calls.append(classroom.pk),
    )
    learner = learners[0]
    response = teacher_client.post(
        reverse("teacher_portal:learner_remove", args=[classroom.pk, learner.pk])
    )
    assert not Enrollment.objects.filter(
        classroom=classroom, learner=learner, left_at__isnull=True
    ).exists()
    page = teacher_client.get(response["Location"])
    soup = BeautifulSoup(page.content, "html.parser")
    assert f"{learner.display_name} đã rời lớp 3A." in soup.get_text(" ", strip=True)
    undo = soup.select_one("form.undo")
    assert undo is not None and "Hoàn tác" in undo.get_text()
    teacher_client.post(undo["action"])
    assert Enrollment.objects.filter(
        classroom=classroom, learner=learner, left_at__isnull=True
    ).exists()
    assert calls == [classroom.pk, classroom.pk]
    # The undo offer is shown once.
    page = teacher_client.get(reverse("teacher_portal:class_detail", args=[classroom.pk]))
    assert BeautifulSoup(page.content, "html.parser").select_one("form.undo") is None


def test_delete_a_learner_for_good(
    teacher, teacher_client, classroom, learners, curriculum_tree, monkeypatch
):
    erased, changed = [], []
    monkeypatch.setattr(
        hooks.learner_erase,
        "send",
        lambda *, learner: erased.append(learner.pk),
    )
    monkeypatch.setattr(
        hooks.classroom_changed,
        "send",
        lambda *, classroom: changed.append(classroom.pk),
    )
    learner = learners[0]
    consent_record(
        learner=learner,
        parent_consent=True,
        child_consent=True,
        method="paper",
        recorded_by=teacher,
    )
    from lms.accounts.services import badge_issue

    badge_issue(learner=learner, created_by=teacher)
    assignment = assignment_create(
        classroom=classroom,
        module=curriculum_tree["t1-mat-khau"],
        assigned_by=teacher,
        learners=[learner],
    )
    url = reverse("teacher_portal:learner_delete", args=[classroom.pk, learner.pk])
    assert "Không thể hoàn tác" in text(teacher_client.get(url))
    wrong = teacher_client.post(url, {"confirm_name": "Ai đó"})
    assert wrong.status_code == 400
    assert User.objects.filter(pk=learner.pk).exists()

    pk = learner.pk
    changed.clear()  # the assignment above was a change of the class too
    response = teacher_client.post(url, {"confirm_name": "  nguyễn văn AN "})
    assert response.status_code == 302
    assert erased == [pk] and changed == [classroom.pk]
    assert not User.objects.filter(pk=pk).exists()
    assert not Enrollment.objects.filter(learner_id=pk).exists()
    assert not ConsentRecord.objects.filter(learner_id=pk).exists()
    assert not LoginBadge.objects.filter(learner_id=pk).exists()
    assert not assignment.learners.filter(pk=pk).exists()
    assert "Đã xóa tài khoản của Nguyễn Văn An" in text(teacher_client.get(response["Location"]))


def test_deleting_really_removes_the_learning_records(
    teacher, classroom, learners, curriculum_tree
):
    """With the real hook: the learner's progress rows go with the account."""
    from lms.accounts.services import learner_delete

    learner = learners[0]
    LearnerModuleProgress.objects.create(
        learner=learner, module=curriculum_tree["t1-mat-khau"], status="completed"
    )
    learner_delete(learner=learner)
    assert not LearnerModuleProgress.objects.exists()


def test_archive_a_class_and_undo(teacher_client, classroom):
    response = teacher_client.post(reverse("teacher_portal:class_archive", args=[classroom.pk]))
    classroom.refresh_from_db()
    assert classroom.archived_at is not None
    home = teacher_client.get(response["Location"])
    soup = BeautifulSoup(home.content, "html.parser")
    assert "Đã lưu trữ lớp 3A." in soup.get_text(" ", strip=True)
    assert not soup.select("a.class-card")  # no longer in the list of open classes
    teacher_client.post(soup.select_one("form.undo")["action"])
    classroom.refresh_from_db()
    assert classroom.archived_at is None


def test_archived_classes_cannot_be_changed(teacher_client, classroom, learners):
    classroom.archived_at = timezone.now()
    classroom.save(update_fields=["archived_at"])
    response = teacher_client.post(
        reverse("teacher_portal:learner_add", args=[classroom.pk]),
        {"display_name": "Mới Đến", "birth_year": 2018},
    )
    assert response.status_code == 302
    assert not User.objects.filter(display_name="Mới Đến").exists()
    page = teacher_client.get(reverse("teacher_portal:class_detail", args=[classroom.pk]))
    assert "Lớp này đã được lưu trữ" in text(page)


def test_a_learner_who_left_is_history_not_an_account_to_change(
    teacher_client, classroom, learners
):
    learner = learners[0]
    teacher_client.post(reverse("teacher_portal:learner_remove", args=[classroom.pk, learner.pk]))
    page = teacher_client.get(
        reverse("teacher_portal:learner_detail", args=[classroom.pk, learner.pk])
    )
    assert page.status_code == 200 and "đã rời lớp này" in text(page)
    assert "Đặt mật khẩu này" not in text(page)
    for name, data in (
        ("learner_password", {"password": "meo98765"}),
        ("learner_consent", {"parent_consent": "yes", "child_consent": "yes", "method": "paper"}),
        ("learner_delete", {"confirm_name": learner.display_name}),
    ):
        url = reverse(f"teacher_portal:{name}", args=[classroom.pk, learner.pk])
        assert teacher_client.post(url, data).status_code == 404, name
    assert User.objects.filter(pk=learner.pk).exists()
    assert not ConsentRecord.objects.filter(learner=learner).exists()


def test_a_learner_also_in_another_teachers_class_is_not_deleted_from_here(
    teacher_client, classroom, learners
):
    from tests.factories import ClassroomFactory, TeacherFactory

    other_class = ClassroomFactory(
        school=classroom.school,
        school_year=classroom.school_year,
        name="Câu lạc bộ Tin học",
        grade=3,
        age_band=1,
        teachers=[TeacherFactory(school=classroom.school)],
    )
    learner = learners[0]
    Enrollment.objects.create(classroom=other_class, learner=learner)
    url = reverse("teacher_portal:learner_delete", args=[classroom.pk, learner.pk])
    response = teacher_client.post(url, {"confirm_name": learner.display_name})
    assert response.status_code == 302
    assert User.objects.filter(pk=learner.pk).exists()
    page = teacher_client.get(response["Location"])
    assert "còn đang học lớp Câu lạc bộ Tin học của giáo viên khác" in text(page)
