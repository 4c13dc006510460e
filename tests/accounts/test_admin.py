"""The system administrator's Django admin: accounts, schools and read-only places."""

import pytest

from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_open_for_the_system_administrator(client, classroom, learners):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in (
        "/django-admin/accounts/user/",
        f"/django-admin/accounts/user/{learners[0].pk}/change/",
        "/django-admin/accounts/user/add/",
        "/django-admin/schools/school/",
        "/django-admin/schools/ward/?province__id__exact=1",
        "/django-admin/schools/classroom/",
        "/django-admin/schools/schoolyear/",
    ):
        assert client.get(url).status_code == 200, url
    province = SchoolFactory().province
    assert client.get(f"/django-admin/schools/province/{province.pk}/change/").status_code == 200
    assert client.post(f"/django-admin/schools/province/{province.pk}/delete/").status_code == 403


def test_others_are_kept_out(client, teacher):
    client.force_login(teacher)
    assert client.get("/django-admin/accounts/user/").status_code == 302
