"""Bad addresses and filters: unknown province, ward or unit codes, a school year that does not
exist, values that are not choices. A 404 page or a clear Vietnamese message; never a 500,
never figures shown under a filter the official did not ask for."""

import pytest
from bs4 import BeautifulSoup

from tests.analytics.dashboard_factories import (  # noqa: F401  (clear_dashboard_cache: fixture)
    clear_dashboard_cache,
    make_unit,
)
from tests.factories import NationalOfficialFactory, SchoolYearFactory, ward_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(client):
    SchoolYearFactory()
    client.force_login(NationalOfficialFactory())
    return client


def messages(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(strip=True) for li in soup.select("[role=alert] li")]


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/99/",
        "/dashboard/1/",
        "/dashboard/abc/",
        "/dashboard/01%27%20OR%201=1/",
        "/dashboard/99/report/",
        "/dashboard/99/report.xlsx",
        "/dashboard/99/export/wards.csv",
        "/dashboard/01/export/nothing.csv",
        "/dashboard/01/export/wards.pdf",
        "/dashboard/01/export/wards",
        "/dashboard/export/provinces.pdf",
        "/dashboard/export/secrets.csv",
        "/dashboard/01/schools/KHONG-CO/export/classes.csv",
        "/dashboard/01/nothing/",
    ],
)
def test_unknown_addresses_get_the_404_page(national, url):
    response = national.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_unknown_unit_code_says_which(national):
    response = national.get("/dashboard/01/schools/KHONG-CO/")
    assert response.status_code == 404
    assert "Không có đơn vị mã “KHONG-CO” tại Thành phố Hà Nội." in response.content.decode()


def test_a_unit_of_another_province_is_not_found_under_this_one(national):
    other = make_unit(province_code="79")
    assert national.get(f"/dashboard/01/schools/{other.code}/").status_code == 404
    assert national.get(f"/dashboard/79/schools/{other.code}/").status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=1999-2000", "Không có năm học “1999-2000” trong hệ thống."),
        ("year=%3Cscript%3E", "Không có năm học “<script>” trong hệ thống."),
        ("level=kindergarten", "“kindergarten” không phải là một cấp học."),
        ("ward=99999", "“99999” không phải là mã của một xã, phường thuộc tỉnh, thành phố này."),
        ("sort=password", "Không thể sắp xếp bảng theo “password”."),
        ("page=abc", "Số trang phải là một số nguyên."),
        ("page=0", "Số trang phải từ 1 trở lên."),
        ("page=99999999999", "Không có trang này."),
        ("q=" + "x" * 101, "Vui lòng nhập tối đa 100 ký tự để tìm."),
    ],
)
def test_bad_filters_get_a_clear_message_and_no_figures(national, query, message):
    response = national.get(f"/dashboard/01/?{query}")
    assert response.status_code == 400
    assert messages(response) == [message]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Bộ lọc không hợp lệ"
    assert not soup.select("table.data-table")
    assert soup.find("a", string="Xem năm học hiện tại, không lọc")["href"] == "/dashboard/01/"


def test_a_ward_of_another_province_is_a_bad_filter(national):
    response = national.get(f"/dashboard/01/?ward={ward_in('79', 0).code}")
    assert response.status_code == 400


def test_bad_filters_on_exports_and_other_pages(national):
    unit = make_unit()
    for url in (
        "/dashboard/?year=1999-2000",
        "/dashboard/?level=nope",
        "/dashboard/export/provinces.csv?year=1999-2000",
        "/dashboard/01/export/wards.xlsx?ward=abc",
        "/dashboard/01/report.xlsx?level=nope",
        "/dashboard/01/report/?year=nope",
        f"/dashboard/01/schools/{unit.code}/?year=1999-2000",
        f"/dashboard/01/schools/{unit.code}/export/classes.csv?year=1999-2000",
    ):
        response = national.get(url)
        assert response.status_code == 400, url
        assert response["Content-Type"].startswith("text/html"), url
        assert "Bộ lọc không hợp lệ" in response.content.decode(), url


def test_several_bad_values_are_all_reported(national):
    response = national.get("/dashboard/01/?year=x&level=y")
    assert messages(response) == [
        "Không có năm học “x” trong hệ thống.",
        "“y” không phải là một cấp học.",
    ]


def test_empty_filters_mean_no_filter(national):
    response = national.get("/dashboard/01/?year=&level=&ward=&sort=&q=&page=")
    assert response.status_code == 200
