"""The learner home (/learn/): assignments first with their due dates, then the other
modules of the band, each with the learner's progress from the learning-records rollup."""

from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from analytics.models import LearnerModuleProgress
from lms.learn.services import assignment_create, assignment_remove
from tests.factories import ClassroomFactory
from tests.teacher_portal.fixtures import current_year, enrol, make_module

pytestmark = pytest.mark.django_db


def cards(soup, section: int):
    lists = soup.select("ul.big-cards")
    return [
        (
            card.h3.get_text(strip=True),
            card.select_one(".status").get_text(strip=True),
            card.select_one(".due").get_text(strip=True) if card.select_one(".due") else None,
        )
        for card in lists[section].select("a.module-card")
    ]


@pytest.fixture
def band_one(curriculum_tree):
    extra = make_module(curriculum_tree["band-1"], title="Vui và khỏe", key="t1-vui")
    third = make_module(curriculum_tree["band-1"], title="Không – Đi – Kể", key="t1-khong-di-ke")
    return curriculum_tree["t1-mat-khau"], extra, third


def test_assignments_first_then_the_rest_of_the_band(client, teacher, classroom, band_one):
    password, fun, say_no = band_one
    learner = enrol(classroom, display_name="Giàng A Páo")
    soon = timezone.localdate() + timedelta(days=3)
    assignment_create(classroom=classroom, module=fun, assigned_by=teacher, due_on=soon)
    assignment_create(classroom=classroom, module=password, assigned_by=teacher)
    LearnerModuleProgress.objects.create(learner=learner, module=fun, status="in_progress")
    LearnerModuleProgress.objects.create(learner=learner, module=say_no, status="completed")

    client.force_login(learner)
    soup = BeautifulSoup(client.get(reverse("learn:home")).content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Chào Páo!"
    assert [h.get_text(strip=True) for h in soup.select("main h2")][:2] == [
        "Bài được giao",
        "Các chủ đề khác: Lớp 1–3",
    ]
    assert cards(soup, 0) == [
        ("Vui và khỏe", "Đang học", f"Hạn {soon:%d/%m}"),
        ("Mật khẩu là bí mật", "Mới", None),
    ]
    assert cards(soup, 1) == [("Không – Đi – Kể", "Đã xong", None)]
    links = [a["href"] for a in soup.select("a.module-card")]
    assert links[0] == fun.url


def test_only_what_is_for_this_learner(client, teacher, classroom, band_one, other_school_world):
    password, fun, _ = band_one
    learner, classmate = enrol(classroom), enrol(classroom)
    assignment_create(classroom=classroom, module=fun, assigned_by=teacher, learners=[classmate])
    removed = assignment_create(classroom=classroom, module=password, assigned_by=teacher)
    assignment_remove(assignment=removed)
    client.force_login(learner)
    soup = BeautifulSoup(client.get(reverse("learn:home")).content, "html.parser")
    assert "Em chưa có bài nào được giao." in soup.get_text()
    client.force_login(classmate)
    soup = BeautifulSoup(client.get(reverse("learn:home")).content, "html.parser")
    assert [c[0] for c in cards(soup, 0)] == ["Vui và khỏe"]


def test_an_archived_class_gives_no_assignments(client, teacher, classroom, band_one):
    learner = enrol(classroom)
    assignment_create(classroom=classroom, module=band_one[0], assigned_by=teacher)
    classroom.archived_at = timezone.now()
    classroom.save(update_fields=["archived_at"])
    client.force_login(learner)
    assert "Em chưa có bài nào được giao." in client.get(reverse("learn:home")).content.decode()


def test_teenagers_are_spoken_to_as_ban(client, curriculum_tree, school):
    classroom = ClassroomFactory(
        school=school, school_year=current_year(), name="7A", grade=7, age_band=3
    )
    learner = enrol(classroom, birth_year=timezone.localdate().year - 13)
    client.force_login(learner)
    text = client.get(reverse("learn:home")).content.decode()
    assert "Bạn chưa có bài nào được giao." in text
    assert "Tin giả" in text  # the band-3 module


def test_the_home_is_light_and_scriptless_on_a_phone(client, teacher, classroom, band_one):
    from django.contrib.staticfiles import finders

    learner = enrol(classroom)
    for module in band_one:
        assignment_create(classroom=classroom, module=module, assigned_by=teacher)
    client.force_login(learner)
    response = client.get(reverse("learn:home"))
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.find_all("script")
    assert soup.select_one(".help-bar a.help-call")["href"] == "tel:111"
    css = Path(finders.find("css/site.css")).stat().st_size
    images = sum(len(client.get(img["src"]).getvalue()) for img in soup.find_all("img"))
    assert len(response.content) + css + images < 60_000


def test_the_home_costs_a_fixed_number_of_queries(
    client, teacher, classroom, band_one, django_assert_max_num_queries
):
    learner = enrol(classroom)
    for module in band_one:
        assignment_create(classroom=classroom, module=module, assigned_by=teacher)
        LearnerModuleProgress.objects.create(learner=learner, module=module, status="in_progress")
    client.force_login(learner)
    url = reverse("learn:home")
    client.get(url)
    with django_assert_max_num_queries(10):
        client.get(url)
