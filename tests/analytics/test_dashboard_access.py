"""Who may open each dashboard page and export (the role × page matrix): officials only;
a province official their own province only; a national official every province. Anything
else is the same 404 page, so a guessed address reveals nothing; anonymous visitors sign in."""

import pytest

from lms.accounts.models import User
from tests.analytics.dashboard_factories import (  # noqa: F401  (clear_dashboard_cache: fixture)
    clear_dashboard_cache,
    make_unit,
)
from tests.factories import (
    LearnerFactory,
    NationalOfficialFactory,
    ProvinceOfficialFactory,
    SchoolAdminFactory,
    SchoolYearFactory,
    TeacherFactory,
    UserFactory,
    province,
)

pytestmark = pytest.mark.django_db

HANOI_PAGES = [
    "/dashboard/01/",
    "/dashboard/01/?year=2025-2026&level=primary",
    "/dashboard/01/schools/{school}/",
    "/dashboard/01/report/",
    "/dashboard/01/report.xlsx",
    "/dashboard/01/export/summary.csv",
    "/dashboard/01/export/levels.xlsx",
    "/dashboard/01/export/wards.csv",
    "/dashboard/01/export/trend.xlsx",
    "/dashboard/01/export/uncovered.csv",
    "/dashboard/01/export/schools.xlsx",
    "/dashboard/01/schools/{school}/export/classes.csv",
    "/dashboard/01/schools/{school}/export/classes.xlsx",
]
NATIONAL_PAGES = [
    "/dashboard/",
    "/dashboard/export/summary.csv",
    "/dashboard/export/provinces.xlsx",
    "/dashboard/export/levels.csv",
    "/dashboard/export/trend.csv",
    "/dashboard/export/province_trends.xlsx",
]


@pytest.fixture
def school():
    year = SchoolYearFactory()
    return make_unit(year=year, rollup={"classes": 1, "learners_enrolled": 30})


def urls(pages, school):
    return [page.format(school=school.code) for page in pages]


def assert_not_found(response, url):
    assert response.status_code == 404, url
    assert "Không tìm thấy trang" in response.content.decode(), url


def test_anonymous_visitors_are_asked_to_sign_in(client, school):
    for url in urls(HANOI_PAGES + NATIONAL_PAGES, school):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize(
    "make_user",
    [
        lambda school: LearnerFactory(school=school),
        lambda school: TeacherFactory(school=school),
        lambda school: SchoolAdminFactory(school=school),
        lambda school: UserFactory(role=User.Role.STAFF, is_staff=True, is_superuser=True),
    ],
    ids=["learner", "teacher", "school admin", "superuser"],
)
def test_people_who_are_not_officials_get_404_everywhere(client, school, make_user):
    client.force_login(make_user(school))
    for url in urls(HANOI_PAGES + NATIONAL_PAGES, school):
        assert_not_found(client.get(url), url)


def test_province_official_sees_their_province_and_nothing_else(client, school):
    official = ProvinceOfficialFactory(province=province("01"))
    client.force_login(official)
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/01/"
    for url in urls(HANOI_PAGES, school):
        assert client.get(url).status_code == 200, url
    for url in NATIONAL_PAGES[1:]:
        assert_not_found(client.get(url), url)
    # Another province, and a unit of another province reached through their own.
    other = make_unit(province_code="79")
    for url in (
        "/dashboard/79/",
        "/dashboard/79/report/",
        "/dashboard/79/report.xlsx",
        "/dashboard/79/export/wards.csv",
        f"/dashboard/79/schools/{other.code}/",
        f"/dashboard/01/schools/{other.code}/",
        f"/dashboard/79/schools/{other.code}/export/classes.csv",
    ):
        assert_not_found(client.get(url), url)


def test_official_of_another_province_gets_404_for_this_one(client, school):
    client.force_login(ProvinceOfficialFactory(province=province("79")))
    assert client.get("/dashboard/")["Location"] == "/dashboard/79/"
    assert client.get("/dashboard/79/").status_code == 200
    for url in urls(HANOI_PAGES + NATIONAL_PAGES[1:], school):
        assert_not_found(client.get(url), url)


def test_province_official_without_a_province_sees_nothing(client, school):
    client.force_login(ProvinceOfficialFactory(province=None))
    for url in urls(HANOI_PAGES + NATIONAL_PAGES, school):
        assert_not_found(client.get(url), url)


def test_national_official_sees_every_province(client, school):
    client.force_login(NationalOfficialFactory())
    for url in urls(HANOI_PAGES + NATIONAL_PAGES, school):
        assert client.get(url).status_code == 200, url
    other = make_unit(province_code="96")
    assert client.get("/dashboard/96/").status_code == 200
    assert client.get(f"/dashboard/96/schools/{other.code}/").status_code == 200


def test_officials_start_at_their_dashboard_after_signing_in(client, school):
    client.force_login(ProvinceOfficialFactory(province=province("01")))
    response = client.get("/start/", follow=True)
    assert response.redirect_chain[-1][0] == "/dashboard/01/"
    client.force_login(NationalOfficialFactory())
    assert client.get("/start/")["Location"] == "/dashboard/"


def test_dashboards_only_answer_get_and_head(client, school):
    client.force_login(NationalOfficialFactory())
    assert client.head("/dashboard/01/").status_code == 200
    assert client.post("/dashboard/01/").status_code == 405
    assert client.post("/dashboard/export/provinces.csv").status_code == 405


def test_dashboards_run_no_inline_script(client, school):
    client.force_login(NationalOfficialFactory())
    for url in ("/dashboard/", "/dashboard/01/", "/dashboard/01/report/", "/dashboard/99/"):
        policy = client.get(url).headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'", url
