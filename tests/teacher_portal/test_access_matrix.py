"""Who may open which page: every portal, learner and school page, for every role and for
an anonymous visitor. Pages answer 200 to those who may see them, 403 to roles that have
no business there, 404 for objects outside the viewer's scope (a guessed URL reveals
nothing), and send anonymous visitors to sign in."""

import pytest
from django.urls import reverse

from analytics.models import LearnerModuleProgress
from lms.accounts.models import ConsentRecord, LoginBadge, User
from lms.accounts.services import badge_issue
from lms.learn.services import assignment_create
from tests.factories import (
    NationalOfficialFactory,
    ProvinceOfficialFactory,
    SchoolAdminFactory,
    TeacherFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(curriculum_tree, teacher, classroom, learners, other_school_world):
    module = curriculum_tree["t1-mat-khau"]
    assignment = assignment_create(classroom=classroom, module=module, assigned_by=teacher)
    other_assignment = assignment_create(
        classroom=other_school_world["classroom"],
        module=curriculum_tree["t3-tin-gia"],
        assigned_by=other_school_world["teacher"],
    )
    badge_issue(learner=learners[0], created_by=teacher)
    badge_issue(learner=other_school_world["learner"], created_by=other_school_world["teacher"])
    return {
        "classroom": classroom,
        "learner": learners[0],
        "assignment": assignment,
        "badge": LoginBadge.objects.get(learner=learners[0]),
        "other": other_school_world,
        "other_assignment": other_assignment,
        "users": {
            "teacher": teacher,
            "co_teacher_elsewhere": other_school_world["teacher"],
            "colleague_not_in_class": TeacherFactory(school=teacher.school),
            "school_admin": SchoolAdminFactory(school=teacher.school),
            "other_school_admin": other_school_world["admin"],
            "learner": learners[0],
            "province_official": ProvinceOfficialFactory(province=teacher.school.province),
            "national_official": NationalOfficialFactory(),
            "author": UserFactory(role=User.Role.STAFF, is_staff=True),
        },
    }


def class_pages(w):
    c, learner, a = w["classroom"].pk, w["learner"].pk, w["assignment"].pk
    return {
        "class_detail": reverse("teacher_portal:class_detail", args=[c]),
        "class_edit": reverse("teacher_portal:class_edit", args=[c]),
        "learner_add": reverse("teacher_portal:learner_add", args=[c]),
        "roster_import": reverse("teacher_portal:roster_import", args=[c]),
        "learner_detail": reverse("teacher_portal:learner_detail", args=[c, learner]),
        "learner_delete": reverse("teacher_portal:learner_delete", args=[c, learner]),
        "class_consent": reverse("teacher_portal:class_consent", args=[c]),
        "class_cards": reverse("teacher_portal:class_cards", args=[c]),
        "assignments": reverse("teacher_portal:assignments", args=[c]),
        "assignment_create": reverse("teacher_portal:assignment_create", args=[c]),
        "assignment_edit": reverse("teacher_portal:assignment_edit", args=[c, a]),
        "class_progress": reverse("teacher_portal:class_progress", args=[c]),
    }


# role → status for: the portal's own pages (my classes, new class), the class pages of
# the first school, the school administrator's pages, the learner home.
EXPECTED = {
    "teacher": {"portal": 200, "class": 200, "school": 403, "learn": 403},
    "school_admin": {"portal": 200, "class": 200, "school": 200, "learn": 403},
    "colleague_not_in_class": {"portal": 200, "class": 404, "school": 403, "learn": 403},
    "co_teacher_elsewhere": {"portal": 200, "class": 404, "school": 403, "learn": 403},
    "other_school_admin": {"portal": 200, "class": 404, "school": 200, "learn": 403},
    "learner": {"portal": 403, "class": 403, "school": 403, "learn": 200},
    "province_official": {"portal": 403, "class": 403, "school": 403, "learn": 403},
    "national_official": {"portal": 403, "class": 403, "school": 403, "learn": 403},
    "author": {"portal": 403, "class": 403, "school": 403, "learn": 403},
}


def page_groups(w):
    return {
        "portal": {
            "home": reverse("teacher_portal:home"),
            "class_create": reverse("teacher_portal:class_create"),
            "guides": reverse("teacher_portal:guides"),
            "guide_detail": reverse("teacher_portal:guide_detail", args=["t1-mat-khau"]),
        },
        "class": class_pages(w),
        "school": {
            "school": reverse("teacher_portal:school"),
            "school_teachers": reverse("teacher_portal:school_teachers"),
            "school_teacher_add": reverse("teacher_portal:school_teacher_add"),
        },
        "learn": {"learn_home": reverse("learn:home")},
    }


def test_every_page_for_every_role(client, world):
    """One world, every role in turn (building the world once keeps the suite quick);
    a failure names the role, the page and the status."""
    failures = []
    for role in sorted(EXPECTED):
        client.force_login(world["users"][role])
        for group, pages in page_groups(world).items():
            for name, url in pages.items():
                status = client.get(url).status_code
                if status != EXPECTED[role][group]:
                    failures.append(
                        f"{role} {name} {url}: {status}, expected {EXPECTED[role][group]}"
                    )
        client.logout()
    assert failures == []


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for pages in page_groups(world).values():
        for url in pages.values():
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next="), url


def test_guessed_urls_to_another_school_give_404(client, world):
    """The first school's teacher edits URLs to reach the other school's class, learner,
    assignment and badge, also through their own class's URL."""
    other = world["other"]
    own, theirs = world["classroom"].pk, other["classroom"].pk
    client.force_login(world["users"]["teacher"])
    for url in [
        *class_pages(
            {
                **world,
                "classroom": other["classroom"],
                "learner": other["learner"],
                "assignment": world["other_assignment"],
            }
        ).values(),
        reverse("teacher_portal:learner_detail", args=[own, other["learner"].pk]),
        reverse("teacher_portal:assignment_edit", args=[own, world["other_assignment"].pk]),
    ]:
        assert client.get(url).status_code == 404, url
    other_badge = LoginBadge.objects.get(learner=other["learner"])
    posts = [
        reverse("teacher_portal:class_archive", args=[theirs]),
        reverse("teacher_portal:learner_remove", args=[theirs, other["learner"].pk]),
        reverse("teacher_portal:learner_remove", args=[own, other["learner"].pk]),
        reverse("teacher_portal:learner_password", args=[own, other["learner"].pk]),
        reverse("teacher_portal:learner_consent", args=[own, other["learner"].pk]),
        reverse("teacher_portal:badge_revoke", args=[own, world["learner"].pk, other_badge.pk]),
        reverse("teacher_portal:badge_revoke", args=[own, other["learner"].pk, other_badge.pk]),
        reverse("teacher_portal:assignment_remove", args=[own, world["other_assignment"].pk]),
        reverse("teacher_portal:assignment_remove", args=[theirs, world["other_assignment"].pk]),
        reverse("teacher_portal:roster_confirm", args=[theirs]),
    ]
    for url in posts:
        response = client.post(
            url, {"password": "meo12345", "parent_consent": "yes", "method": "paper"}
        )
        assert response.status_code == 404, url
    # Nothing changed in the other school.
    other["classroom"].refresh_from_db()
    assert other["classroom"].archived_at is None
    assert other["learner"].enrollments.get().left_at is None
    assert not ConsentRecord.objects.filter(learner=other["learner"]).exists()
    other_badge.refresh_from_db()
    assert other_badge.revoked_at is None
    world["other_assignment"].refresh_from_db()
    assert world["other_assignment"].removed_at is None


def test_post_endpoints_refuse_other_roles(client, world):
    own = world["classroom"].pk
    urls = [
        reverse("teacher_portal:class_archive", args=[own]),
        reverse("teacher_portal:assignment_remove", args=[own, world["assignment"].pk]),
        reverse("teacher_portal:learner_remove", args=[own, world["learner"].pk]),
    ]
    for role, expected in (("learner", 403), ("province_official", 403), ("author", 403)):
        client.force_login(world["users"][role])
        for url in urls:
            assert client.post(url).status_code == expected, (role, url)
    client.logout()
    for url in urls:
        assert client.post(url).status_code == 302
    world["classroom"].refresh_from_db()
    assert world["classroom"].archived_at is None


def test_learners_see_only_their_own_page(client, world):
    """A learner's home shows their own class; the other school's learner sees theirs."""
    client.force_login(world["other"]["learner"])
    text = client.get(reverse("learn:home")).content.decode()
    assert "4B" in text and "3A" not in text


def test_answers_of_a_learner_are_for_that_learner_and_their_teachers_only(world):
    from lms.schools.access import can_see_answers_of

    learner = world["learner"]
    users = world["users"]
    assert can_see_answers_of(learner, learner)
    assert can_see_answers_of(users["teacher"], learner)
    for role in (
        "school_admin",
        "colleague_not_in_class",
        "co_teacher_elsewhere",
        "province_official",
        "national_official",
        "author",
    ):
        assert not can_see_answers_of(users[role], learner), role
    assert not can_see_answers_of(world["other"]["learner"], learner)


def test_a_teacher_without_a_school_sees_nothing(client, db):
    client.force_login(TeacherFactory(school=None))
    assert client.get(reverse("teacher_portal:home")).status_code == 403


def test_the_403_page_is_in_vietnamese(client, world):
    client.force_login(world["users"]["learner"])
    response = client.get(reverse("teacher_portal:home"))
    assert response.status_code == 403
    assert "Tài khoản của bạn không được xem trang này." in response.content.decode()


def test_progress_rows_of_other_schools_never_show(client, world):
    LearnerModuleProgress.objects.create(
        learner=world["other"]["learner"],
        module=world["other_assignment"].module,
        status=LearnerModuleProgress.Status.COMPLETED,
    )
    client.force_login(world["users"]["teacher"])
    text = client.get(
        reverse("teacher_portal:class_progress", args=[world["classroom"].pk])
    ).content.decode()
    assert "Học sinh Trường Khác" not in text
