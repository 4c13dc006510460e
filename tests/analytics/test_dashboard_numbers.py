"""What the province and national dashboards say, on rollup rows built by hand
(dashboard_factories.hanoi_dataset): coverage against registered units, the figures by level
and ward, the trend, the units not yet covered, one unit's classes, and the filters."""

from datetime import date

import pytest
from bs4 import BeautifulSoup

from analytics.dashboard.selectors import default_school_year, month_axis
from lms.schools.models import SchoolYear
from tests.analytics.dashboard_factories import (  # noqa: F401  (clear_dashboard_cache: fixture)
    ClassRollupFactory,
    clear_dashboard_cache,
    hanoi_dataset,
    make_unit,
    page_table,
)
from tests.factories import (
    ClassroomFactory,
    EnrollmentFactory,
    NationalOfficialFactory,
    ProvinceOfficialFactory,
    SchoolYearFactory,
    TeacherFactory,
    ward_in,
)

pytestmark = pytest.mark.django_db

YEAR = "?year=2025-2026"


@pytest.fixture
def data():
    return hanoi_dataset()


@pytest.fixture
def official(client):
    client.force_login(ProvinceOfficialFactory())
    return client


@pytest.fixture
def national(client):
    client.force_login(NationalOfficialFactory())
    return client


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def headline(response) -> dict:
    soup = BeautifulSoup(response.content, "html.parser")
    figures = {
        kpi.dt.get_text(strip=True): kpi.dd.get_text(strip=True) for kpi in soup.select(".kpi")
    }
    figures["headline"] = soup.select_one(".headline-value").get_text(strip=True)
    return figures


def test_province_headline_counts_active_registered_units_of_the_year(official, data):
    response = official.get("/dashboard/01/" + YEAR)
    assert response.status_code == 200
    figures = headline(response)
    # U1 and U3 covered out of U1-U4; U5 is inactive, U6 is in another province.
    assert figures["headline"] == "50,0%"
    assert figures["Đơn vị đăng ký"] == "4"
    assert figures["Đơn vị đã triển khai"] == "2"
    assert figures["Đơn vị chưa triển khai"] == "2"
    assert figures["Số lớp có học sinh"] == "6"
    assert figures["Lớp đã triển khai"] == "2"
    assert figures["Số học sinh"] == "145"
    assert figures["Học sinh hoàn thành ≥ 1 chủ đề"] == "65"
    assert figures["Tỷ lệ học sinh hoàn thành (%)"] == "44,8%"
    assert figures["Lượt hoàn thành chủ đề"] == "81"
    assert figures["Điểm cao nhất trung bình (thang 10)"] == "7,5"  # 49 / 65 on 10
    assert "2/4 đơn vị đăng ký đã triển khai chương trình" in text(response)


def test_the_rule_and_its_parameters_are_on_every_dashboard(official, national, data, settings):
    settings.COVERAGE_CLASS_SHARE = 0.6
    for client, url in (
        (official, "/dashboard/01/" + YEAR),
        (official, f"/dashboard/01/schools/{data['u1'].code}/" + YEAR),
        (official, "/dashboard/01/report/" + YEAR),
        (national, "/dashboard/" + YEAR),
    ):
        page = text(client.get(url))
        assert "Năm học 2025-2026: từ ngày 05/09/2025 đến ngày 31/08/2026." in page, url
        assert "khi ít nhất 60% học sinh của lớp đã hoàn thành" in page, url
        assert "khi có ít nhất một lớp đã triển khai" in page, url
        assert "Mục tiêu: 100%" in page, url
        assert "số học sinh dưới 10 được ghi là “<10”" in page, url


def test_another_school_year_has_its_own_figures(official, data):
    response = official.get("/dashboard/01/?year=2024-2025")
    figures = headline(response)
    assert figures["headline"] == "25,0%"  # U1 only, of today's 4 registered units
    assert figures["Số học sinh"] == "60"
    assert "Năm học 2024-2025: từ ngày 05/09/2024" in text(response)


def test_coverage_by_school_level(official, data):
    table = page_table(official.get("/dashboard/01/" + YEAR), "levels")
    assert table["order"] == ["Tiểu học", "Trung học cơ sở", "Cơ sở trợ giúp trẻ em", "Tổng cộng"]
    primary = table["rows"]["Tiểu học"]
    assert primary["Đơn vị đăng ký"] == "2"
    assert primary["Đơn vị đã triển khai"] == "2"
    assert primary["Tỷ lệ triển khai (%)"] == "100,0%"
    assert primary["Số học sinh"] == "120"
    assert primary["Tỷ lệ học sinh hoàn thành (%)"] == "50,0%"
    assert primary["Điểm cao nhất trung bình (thang 10)"] == "7,7"
    facility = table["rows"]["Cơ sở trợ giúp trẻ em"]
    assert facility["Tỷ lệ triển khai (%)"] == "0,0%"
    assert facility["Số học sinh"] == "0"
    assert facility["Tỷ lệ học sinh hoàn thành (%)"] == "—"  # nobody enrolled: no rate
    assert table["rows"]["Tổng cộng"]["Tỷ lệ triển khai (%)"] == "50,0%"


def test_ward_table_and_its_sorting(official, data):
    ba_dinh, ngoc_ha = ward_in("01", 0).name, ward_in("01", 1).name
    table = page_table(official.get("/dashboard/01/" + YEAR), "wards")
    assert set(table["order"]) == {ba_dinh, ngoc_ha}
    assert table["rows"][ba_dinh]["Đơn vị đăng ký"] == "2"
    assert table["rows"][ba_dinh]["Tỷ lệ triển khai (%)"] == "50,0%"
    assert table["rows"][ba_dinh]["Tỷ lệ học sinh hoàn thành (%)"] == "39,1%"  # 45 / 115
    assert table["rows"][ngoc_ha]["Tỷ lệ học sinh hoàn thành (%)"] == "66,7%"  # 20 / 30

    by_reach = page_table(official.get("/dashboard/01/" + YEAR + "&sort=-reach"), "wards")
    assert by_reach["order"] == [ngoc_ha, ba_dinh]
    by_reach = page_table(official.get("/dashboard/01/" + YEAR + "&sort=reach"), "wards")
    assert by_reach["order"] == [ba_dinh, ngoc_ha]
    by_learners = page_table(
        official.get("/dashboard/01/" + YEAR + "&sort=-learners_enrolled"), "wards"
    )
    assert by_learners["order"] == [ba_dinh, ngoc_ha]


def test_sort_links_keep_the_filters_and_say_the_order(official, data):
    response = official.get("/dashboard/01/" + YEAR + "&level=primary&sort=-reach")
    soup = BeautifulSoup(response.content, "html.parser")
    header = soup.find("table", id="table-wards").find("th", attrs={"aria-sort": "descending"})
    assert header.get_text(strip=True).startswith("Tỷ lệ học sinh hoàn thành (%)")
    link = header.a["href"]
    assert "sort=reach" in link and "level=primary" in link and "year=2025-2026" in link


def test_wards_without_units_are_counted_not_listed(official, data):
    page = text(official.get("/dashboard/01/" + YEAR))
    # Hà Nội has 126 wards; only two have active units here.
    assert "124 xã, phường của tỉnh, thành phố chưa có đơn vị nào đăng ký" in page


def test_month_by_month_trend(official, data):
    table = page_table(official.get("/dashboard/01/" + YEAR), "trend")
    months = [m.strftime("%m/%Y") for m in month_axis(SchoolYear.objects.get(name="2025-2026"))]
    assert table["order"] == months
    assert table["rows"]["09/2025"]["Đơn vị đã triển khai (lũy kế)"] == "0"
    assert table["rows"]["10/2025"]["Đơn vị mới triển khai"] == "1"
    assert table["rows"]["10/2025"]["Tỷ lệ triển khai (%)"] == "25,0%"
    assert table["rows"]["11/2025"]["Tỷ lệ triển khai (%)"] == "50,0%"
    assert table["rows"]["10/2025"]["Học sinh mới hoàn thành"] == "40"
    assert table["rows"]["11/2025"]["Lượt hoàn thành chủ đề"] == "20"
    if "12/2025" in table["rows"]:
        assert table["rows"]["12/2025"]["Tỷ lệ triển khai (%)"] == "50,0%"


def test_units_not_yet_covered_with_classes_and_teachers_registered(official, data):
    table = page_table(official.get("/dashboard/01/" + YEAR), "uncovered")
    assert table["order"] == ["Trường THCS Ngọc Hà", "Cơ sở trợ giúp trẻ em Hy Vọng"]
    facility = table["rows"]["Cơ sở trợ giúp trẻ em Hy Vọng"]
    assert facility["Cấp học"] == "Cơ sở trợ giúp trẻ em"
    assert facility["Xã, phường"] == ward_in("01", 1).name
    assert facility["Số lớp đăng ký"] == "2"  # this year's classes only
    assert facility["Số giáo viên đăng ký"] == "1"
    assert facility["Mã đơn vị"] == data["u4"].code


def test_uncovered_list_is_paginated_searchable_and_links_to_each_unit(official, data):
    year = data["year"]
    for n in range(55):
        make_unit(name=f"Trường Mầm Non Chờ {n:02d}", ward_index=3, year=year, rollup={})
    response = official.get("/dashboard/01/" + YEAR)
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.find("table", id="table-uncovered").tbody.find_all("tr")) == 50
    assert "Trang 1/2" in text(response)
    second = official.get("/dashboard/01/" + YEAR + "&page=2")
    assert len(page_table(second, "uncovered")["rows"]) == 7
    beyond = official.get("/dashboard/01/" + YEAR + "&page=99")  # the last page, not an error
    assert beyond.status_code == 200 and "Trang 2/2" in text(beyond)

    found = page_table(official.get("/dashboard/01/" + YEAR + "&q=Hy+Vọng"), "uncovered")
    assert found["order"] == ["Cơ sở trợ giúp trẻ em Hy Vọng"]
    by_code = page_table(official.get(f"/dashboard/01/{YEAR}&q={data['u2'].code}"), "uncovered")
    assert by_code["order"] == ["Trường THCS Ngọc Hà"]

    link = BeautifulSoup(response.content, "html.parser").find("a", string="Trường THCS Ngọc Hà")
    assert link["href"] == f"/dashboard/01/schools/{data['u2'].code}/?year=2025-2026"


def test_level_and_ward_filters(official, data):
    primary = official.get("/dashboard/01/" + YEAR + "&level=primary")
    assert headline(primary)["headline"] == "100,0%"
    assert page_table(primary, "uncovered")["rows"] == {}
    assert "Tất cả đơn vị đăng ký đã triển khai chương trình." in text(primary)

    ngoc_ha = ward_in("01", 1)
    in_ward = official.get("/dashboard/01/" + YEAR + f"&ward={ngoc_ha.code}")
    assert headline(in_ward)["Đơn vị đăng ký"] == "2"
    assert page_table(in_ward, "uncovered")["order"] == ["Cơ sở trợ giúp trẻ em Hy Vọng"]
    assert page_table(in_ward, "wards")["order"] == [ngoc_ha.name]
    # Per-month learner figures are province-wide only: a filtered trend says so.
    assert "chỉ có cho toàn tỉnh, thành phố hoặc toàn quốc" in text(in_ward)
    assert "Học sinh mới hoàn thành" not in page_table(in_ward, "trend")["headings"]
    # A ward's row in the ward table opens that ward's units not yet covered.
    soup = BeautifulSoup(official.get("/dashboard/01/" + YEAR).content, "html.parser")
    link = soup.find("table", id="table-wards").find("a", string=ngoc_ha.name)
    assert f"ward={ngoc_ha.code}" in link["href"] and link["href"].endswith("#uncovered")


def test_one_unit_and_its_classes(official, data):
    u1 = data["u1"]
    teacher = TeacherFactory(school=u1)
    ran = ClassroomFactory(school=u1, school_year=data["year"], name="3A", teachers=[teacher])
    ClassRollupFactory(
        classroom=ran,
        learners_enrolled=30,
        learners_completed=20,
        modules_completed=35,
        ran_on=date(2025, 10, 3),
    )
    waiting = ClassroomFactory(school=u1, school_year=data["year"], name="4B", grade=4)
    for _ in range(12):  # a class nobody has worked in yet: its roster counts
        EnrollmentFactory(classroom=waiting)
    ClassroomFactory(school=u1, school_year=data["previous"], name="Lớp năm ngoái")

    response = official.get(f"/dashboard/01/schools/{u1.code}/" + YEAR)
    assert response.status_code == 200
    page = text(response)
    assert "Trường Tiểu học Ba Đình" in page
    assert "Đơn vị đã triển khai chương trình trong năm học 2025-2026 (từ ngày 03/10/2025)." in page
    classes = page_table(response, "classes")
    assert classes["order"] == ["3A", "4B"]
    assert classes["rows"]["3A"]["Triển khai chương trình"] == "Đã triển khai, ngày 03/10/2025"
    assert classes["rows"]["3A"]["Tỷ lệ hoàn thành (%)"] == "66,7%"
    assert classes["rows"]["3A"]["Giáo viên"] == "1"
    assert classes["rows"]["4B"]["Triển khai chương trình"] == "Chưa triển khai"
    assert classes["rows"]["4B"]["Số học sinh"] == "12"
    assert classes["rows"]["4B"]["Khối lớp hoặc độ tuổi"] == "Lớp 4"


def test_a_unit_that_has_not_started(official, data):
    response = official.get(f"/dashboard/01/schools/{data['u4'].code}/" + YEAR)
    assert "Đơn vị chưa triển khai chương trình trong năm học 2025-2026." in text(response)
    classes = page_table(response, "classes")
    assert classes["order"] == ["Nhóm A", "Nhóm B"]
    assert classes["rows"]["Nhóm A"]["Khối lớp hoặc độ tuổi"] == "6–10 tuổi"


def test_an_inactive_unit_says_it_is_not_counted(official, data):
    page = text(official.get(f"/dashboard/01/schools/{data['u5'].code}/" + YEAR))
    assert "Đã ngừng hoạt động: không tính vào số đơn vị đăng ký" in page


def test_national_ranking_levels_and_links(national, data):
    response = national.get("/dashboard/" + YEAR)
    assert response.status_code == 200
    assert headline(response)["headline"] == "60,0%"  # 3 of 5 units nationwide
    ranking = page_table(response, "provinces")
    assert len(ranking["rows"]) == 34
    assert ranking["order"][:2] == ["Thành phố Hồ Chí Minh", "Thành phố Hà Nội"]
    assert ranking["rows"]["Thành phố Hồ Chí Minh"]["Hạng"] == "1"
    assert ranking["rows"]["Thành phố Hà Nội"]["Tỷ lệ triển khai (%)"] == "50,0%"
    assert ranking["rows"]["Cà Mau"]["Tỷ lệ triển khai (%)"] == "—"  # no unit registered
    assert ranking["rows"]["Cà Mau"]["Hạng"] == "—"
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.find("table", id="table-provinces").find("a", string="Thành phố Hà Nội")
    assert link["href"] == "/dashboard/01/?year=2025-2026"

    levels = page_table(response, "levels")
    assert levels["rows"]["Tiểu học"]["Đơn vị đăng ký"] == "3"
    assert levels["rows"]["Tiểu học"]["Đơn vị đã triển khai"] == "3"
    assert levels["rows"]["Tổng cộng"]["Đơn vị đăng ký"] == "5"

    trends = page_table(response, "province_trends")
    assert trends["rows"]["Thành phố Hồ Chí Minh"]["09/2025"] == "100,0%"
    assert trends["rows"]["Thành phố Hà Nội"]["10/2025"] == "25,0%"
    assert trends["rows"]["Thành phố Hà Nội"]["11/2025"] == "50,0%"


def test_national_level_filter(national, data):
    response = national.get("/dashboard/" + YEAR + "&level=care_facility")
    assert headline(response)["headline"] == "0,0%"
    assert page_table(response, "provinces")["rows"]["Thành phố Hà Nội"]["Đơn vị đăng ký"] == "1"


def test_default_school_year_is_the_current_one_else_the_latest_with_figures(data):
    from django.utils import timezone

    today = timezone.localdate()
    # No registered year contains today (the data is 2024-26): the latest with figures.
    if not SchoolYear.objects.filter(starts_on__lte=today, ends_on__gte=today).exists():
        assert default_school_year().name == "2025-2026"
    current = SchoolYearFactory(
        name="hien-tai", starts_on=date(today.year - 1, 1, 1), ends_on=date(today.year + 1, 1, 1)
    )
    assert default_school_year() == current


def test_the_dashboard_shows_the_default_year_without_a_year_parameter(official, data):
    response = official.get("/dashboard/01/")
    assert response.status_code == 200
    year = default_school_year()
    assert f"năm học {year.name}" in text(response)
