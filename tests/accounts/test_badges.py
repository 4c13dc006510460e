"""QR badges on login cards: scan, confirm, you are in. Revocable; a new card replaces the
old one; only a hash of the secret is stored; guessing is rate limited."""

import hashlib

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lms.accounts.models import LoginBadge
from lms.accounts.services import badge_issue, badge_revoke
from tests.teacher_portal.fixtures import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def badge_url(token: str) -> str:
    return reverse("accounts:badge_login", args=[token])


def test_scanning_a_badge_asks_then_signs_the_child_in(client, teacher, classroom):
    learner = enrol(classroom, display_name="Sùng Thị Mỷ")
    token = badge_issue(learner=learner, created_by=teacher)
    badge = LoginBadge.objects.get(learner=learner)
    assert badge.secret_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in badge.secret_hash

    page = client.get(badge_url(token))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Em có phải là Sùng Thị Mỷ không?"
    assert "_auth_user_id" not in client.session  # opening the link signs nobody in

    response = client.post(badge_url(token))
    assert response.status_code == 302 and response["Location"] == reverse("learn:home")
    assert int(client.session["_auth_user_id"]) == learner.pk
    assert client.session.get_expiry_age() <= 3 * 60 * 60
    badge.refresh_from_db()
    assert badge.last_used_at is not None


def test_a_badge_on_a_shared_device_replaces_whoever_was_signed_in(client, teacher, classroom):
    first, second = enrol(classroom), enrol(classroom)
    client.force_login(first)
    client.post(badge_url(badge_issue(learner=second, created_by=teacher)))
    assert int(client.session["_auth_user_id"]) == second.pk


def test_revoked_and_replaced_badges_stop_working(teacher, classroom):
    learner = enrol(classroom)
    old = badge_issue(learner=learner, created_by=teacher)
    new = badge_issue(learner=learner, created_by=teacher)  # a reprinted card
    client = Client()
    response = client.post(badge_url(old))
    assert response.status_code == 404
    assert "Thẻ này không còn dùng được" in response.content.decode()
    assert client.post(badge_url(new)).status_code == 302

    badge_revoke(badge=LoginBadge.objects.get(learner=learner, revoked_at__isnull=True))
    assert Client().post(badge_url(new)).status_code == 404


def test_the_teacher_revokes_a_lost_card(teacher_client, classroom):
    learner = enrol(classroom)
    token = badge_issue(learner=learner, created_by=None)
    badge = LoginBadge.objects.get(learner=learner)
    page = teacher_client.get(
        reverse("teacher_portal:learner_detail", args=[classroom.pk, learner.pk])
    )
    assert "Thu hồi (mất thẻ)" in page.content.decode()
    teacher_client.post(
        reverse("teacher_portal:badge_revoke", args=[classroom.pk, learner.pk, badge.pk])
    )
    badge.refresh_from_db()
    assert badge.revoked_at is not None
    assert Client().get(badge_url(token)).status_code == 404


def test_a_locked_account_cannot_use_its_badge(teacher, classroom):
    learner = enrol(classroom)
    token = badge_issue(learner=learner, created_by=teacher)
    learner.is_active = False
    learner.save(update_fields=["is_active"])
    assert Client().post(badge_url(token)).status_code == 404


def test_guessing_badges_is_rate_limited(teacher, classroom):
    client = Client()
    for i in range(30):
        assert client.get(badge_url(f"guess{i}")).status_code == 404
    assert client.get(badge_url("guess-more")).status_code == 429
    # Even a real badge waits a minute from that address.
    token = badge_issue(learner=enrol(classroom), created_by=teacher)
    assert client.get(badge_url(token)).status_code == 429
