"""Exports: CSV and XLSX of every table, with the Vietnamese headings and the figures seen on
screen under the same filters; the province's yearly report (XLSX and printable page)."""

import pytest
from bs4 import BeautifulSoup

from tests.analytics.dashboard_factories import (  # noqa: F401  (clear_dashboard_cache: fixture)
    clear_dashboard_cache,
    hanoi_dataset,
    make_unit,
    read_csv,
    read_xlsx,
)
from tests.factories import NationalOfficialFactory, ProvinceOfficialFactory, ward_in

pytestmark = pytest.mark.django_db

YEAR = "?year=2025-2026"
METRIC_HEADINGS = [
    "Đơn vị đăng ký",
    "Đơn vị đã triển khai",
    "Tỷ lệ triển khai (%)",
    "Số lớp có học sinh",
    "Lớp đã triển khai",
    "Số học sinh",
    "Học sinh hoàn thành ≥ 1 chủ đề",
    "Tỷ lệ học sinh hoàn thành (%)",
    "Lượt hoàn thành chủ đề",
    "Điểm cao nhất trung bình (thang 10)",
]


@pytest.fixture
def data():
    return hanoi_dataset()


@pytest.fixture
def official(client):
    client.force_login(ProvinceOfficialFactory())
    return client


def sheet_rows(sheet) -> list[dict]:
    """A sheet whose first row is its headings, as dicts."""
    headings = list(sheet.iloc[0])
    return [dict(zip(headings, list(row), strict=True)) for _, row in sheet.iloc[1:].iterrows()]


def test_levels_csv(official, data):
    response = official.get("/dashboard/01/export/levels.csv" + YEAR)
    assert response["Content-Disposition"] == 'attachment; filename="01-levels-2025-2026.csv"'
    rows = read_csv(response)
    assert list(rows[0]) == ["Cấp học", *METRIC_HEADINGS]
    by_level = {row["Cấp học"]: row for row in rows}
    assert list(by_level) == ["Tiểu học", "Trung học cơ sở", "Cơ sở trợ giúp trẻ em", "Tổng cộng"]
    assert by_level["Tiểu học"]["Tỷ lệ triển khai (%)"] == "100.0"
    assert by_level["Tổng cộng"]["Đơn vị đăng ký"] == "4"
    assert by_level["Tổng cộng"]["Tỷ lệ học sinh hoàn thành (%)"] == "44.8"
    assert by_level["Tổng cộng"]["Điểm cao nhất trung bình (thang 10)"] == "7.5"


def test_levels_xlsx_has_numbers_and_says_what_it_is(official, data):
    response = official.get("/dashboard/01/export/levels.xlsx" + YEAR)
    assert response["Content-Disposition"] == 'attachment; filename="01-levels-2025-2026.xlsx"'
    sheets = read_xlsx(response)
    assert list(sheets) == ["Theo cấp học", "Thông tin"]
    rows = {row["Cấp học"]: row for row in sheet_rows(sheets["Theo cấp học"])}
    assert rows["Tổng cộng"]["Đơn vị đăng ký"] == 4  # a number, not text
    assert rows["Tổng cộng"]["Tỷ lệ triển khai (%)"] == 50.0
    about = dict(zip(sheets["Thông tin"][0], sheets["Thông tin"][1], strict=True))
    assert about["Phạm vi"] == "Thành phố Hà Nội"
    assert about["Năm học"] == "2025-2026"
    assert about["Thời gian năm học"] == "05/09/2025 – 31/08/2026"
    assert "50%" in about["Lớp được tính là đã triển khai khi"]


def test_every_province_table_exports_in_both_formats(official, data):
    for table in ("summary", "levels", "wards", "trend", "uncovered", "schools"):
        csv_rows = read_csv(official.get(f"/dashboard/01/export/{table}.csv" + YEAR))
        sheets = read_xlsx(official.get(f"/dashboard/01/export/{table}.xlsx" + YEAR))
        first_sheet = next(iter(sheets.values()))
        assert list(first_sheet.iloc[0]) == list(csv_rows[0]), table
        assert len(first_sheet) - 1 == len(csv_rows), table


def test_wards_export_follows_the_screen_sort(official, data):
    rows = read_csv(official.get("/dashboard/01/export/wards.csv" + YEAR + "&sort=-reach"))
    assert [row["Xã, phường"] for row in rows] == [ward_in("01", 1).name, ward_in("01", 0).name]
    assert rows[0]["Mã"] == ward_in("01", 1).code


def test_uncovered_export_lists_every_unit_not_only_one_page(official, data):
    for n in range(60):
        make_unit(name=f"Trường chờ {n:02d}", ward_index=4, year=data["year"], rollup={})
    rows = read_csv(official.get("/dashboard/01/export/uncovered.csv" + YEAR))
    assert len(rows) == 62
    assert list(rows[0]) == [
        "Mã đơn vị",
        "Đơn vị",
        "Cấp học",
        "Xã, phường",
        "Số lớp đăng ký",
        "Số giáo viên đăng ký",
    ]
    facility = next(row for row in rows if row["Đơn vị"] == "Cơ sở trợ giúp trẻ em Hy Vọng")
    assert facility["Số lớp đăng ký"] == "2" and facility["Số giáo viên đăng ký"] == "1"


def test_filters_apply_to_exports_as_to_the_screen(official, data):
    ward = ward_in("01", 1)
    query = YEAR + f"&level=care_facility&ward={ward.code}&q=Hy"
    rows = read_csv(official.get("/dashboard/01/export/uncovered.csv" + query))
    assert [row["Đơn vị"] for row in rows] == ["Cơ sở trợ giúp trẻ em Hy Vọng"]
    levels = read_csv(official.get("/dashboard/01/export/levels.csv" + query))
    assert [row["Cấp học"] for row in levels] == ["Cơ sở trợ giúp trẻ em", "Tổng cộng"]
    schools = read_csv(official.get("/dashboard/01/export/schools.csv" + YEAR + "&level=primary"))
    assert {row["Đơn vị"] for row in schools} == {
        "Trường Tiểu học Ba Đình",
        "Trường Tiểu học Bạch Mai",
    }
    previous = read_csv(official.get("/dashboard/01/export/summary.csv?year=2024-2025"))
    assert {row["Chỉ tiêu"]: row["Giá trị"] for row in previous}["Tỷ lệ triển khai (%)"] == "25.0"
    # The page's export links carry its filters.
    page = official.get("/dashboard/01/" + query)
    links = [a["href"] for a in BeautifulSoup(page.content, "html.parser").select(".exports a")]
    assert links and all(
        "level=care_facility" in link and f"ward={ward.code}" in link for link in links
    )


def test_per_school_export(official, data):
    rows = {
        row["Đơn vị"]: row
        for row in read_csv(official.get("/dashboard/01/export/schools.csv" + YEAR))
    }
    assert set(rows) == {
        "Trường Tiểu học Ba Đình",
        "Trường THCS Ngọc Hà",
        "Trường Tiểu học Bạch Mai",
        "Cơ sở trợ giúp trẻ em Hy Vọng",
    }  # active units of Hà Nội only
    assert rows["Trường Tiểu học Ba Đình"]["Triển khai chương trình"] == "2025-10-03"
    assert rows["Cơ sở trợ giúp trẻ em Hy Vọng"]["Triển khai chương trình"] == "Chưa triển khai"
    assert rows["Trường Tiểu học Ba Đình"]["Số học sinh"] == "90"
    assert rows["Trường THCS Ngọc Hà"]["Học sinh hoàn thành ≥ 1 chủ đề"] == "<10"


def test_yearly_report_workbook(official, data):
    response = official.get("/dashboard/01/report.xlsx" + YEAR)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-01-2025-2026.xlsx"'
    sheets = read_xlsx(response)
    assert list(sheets) == [
        "Tổng hợp",
        "Theo xã, phường",
        "Theo đơn vị",
        "Đơn vị chưa triển khai",
        "Theo tháng",
    ]
    summary = sheets["Tổng hợp"]
    cells = [str(v) for v in summary.to_numpy().ravel() if str(v) != "nan"]
    assert "Thành phố Hà Nội" in cells
    assert "2025-2026" in cells
    assert "05/09/2025 – 31/08/2026" in cells
    assert "Chỉ tiêu" in cells and "Tỷ lệ triển khai (%)" in cells
    pairs = {row[0]: row[1] for row in summary.to_numpy() if isinstance(row[0], str)}
    assert pairs["Tỷ lệ triển khai (%)"] == 50
    assert pairs["Đơn vị chưa triển khai"] == 2
    assert "Cấp học" in cells and "Tiểu học" in cells  # the level table on the same sheet
    wards = sheet_rows(sheets["Theo xã, phường"])
    assert {row["Xã, phường"] for row in wards} == {ward_in("01", 0).name, ward_in("01", 1).name}
    schools = sheet_rows(sheets["Theo đơn vị"])
    assert len(schools) == 4
    uncovered = sheet_rows(sheets["Đơn vị chưa triển khai"])
    assert [row["Đơn vị"] for row in uncovered] == [
        "Trường THCS Ngọc Hà",
        "Cơ sở trợ giúp trẻ em Hy Vọng",
    ]
    months = sheet_rows(sheets["Theo tháng"])
    assert months[1]["Tháng"] == "10/2025" and months[1]["Tỷ lệ triển khai (%)"] == 25.0


def test_yearly_report_with_a_level_filter(official, data):
    sheets = read_xlsx(official.get("/dashboard/01/report.xlsx" + YEAR + "&level=primary"))
    assert len(sheet_rows(sheets["Theo đơn vị"])) == 2
    assert sheet_rows(sheets["Đơn vị chưa triển khai"]) == []
    cells = [str(v) for v in sheets["Tổng hợp"].to_numpy().ravel()]
    assert "Cấp học: Tiểu học" in cells


def test_printable_report_has_every_table_and_no_chart(official, data):
    response = official.get("/dashboard/01/report/" + YEAR)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Báo cáo năm học 2025-2026: Thành phố Hà Nội"
    for table in ("summary", "levels", "trend", "wards", "uncovered", "schools"):
        assert soup.find("table", id=f"table-{table}") is not None, table
    assert not soup.select("[data-figure]")
    assert "plotly" not in response.content.decode()
    assert soup.find("button", attrs={"data-print": True}).get_text(strip=True) == "In báo cáo"


def test_national_exports(client, data):
    client.force_login(NationalOfficialFactory())
    rows = read_csv(client.get("/dashboard/export/provinces.csv" + YEAR))
    assert len(rows) == 34
    assert list(rows[0])[:3] == ["Hạng", "Mã", "Tỉnh, thành phố"]
    assert [row["Tỉnh, thành phố"] for row in rows[:2]] == [
        "Thành phố Hồ Chí Minh",
        "Thành phố Hà Nội",
    ]
    assert rows[1]["Hạng"] == "2" and rows[1]["Tỷ lệ triển khai (%)"] == "50.0"
    sheets = read_xlsx(client.get("/dashboard/export/province_trends.xlsx" + YEAR))
    assert list(sheets) == ["Các tỉnh theo tháng", "Thông tin"]
    trend = {row["Tỉnh, thành phố"]: row for row in sheet_rows(sheets["Các tỉnh theo tháng"])}
    assert trend["Thành phố Hà Nội"]["11/2025"] == 50.0
    levels = read_csv(client.get("/dashboard/export/levels.csv" + YEAR + "&level=primary"))
    assert [row["Cấp học"] for row in levels] == ["Tiểu học", "Tổng cộng"]
    assert levels[0]["Đơn vị đăng ký"] == "3"
