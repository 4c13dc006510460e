"""Small counts outside the school: fewer than SMALL_COUNT_THRESHOLD (10) learners read
"<10", a small group's rates and averages read "ẩn" (hidden), on screen and in every export;
and no dashboard page or file names a child."""

from datetime import date

import pytest
from bs4 import BeautifulSoup

from analytics.dashboard.privacy import public_figures
from analytics.dashboard.selectors import Figures
from tests.analytics.dashboard_factories import (  # noqa: F401  (clear_dashboard_cache: fixture)
    ClassRollupFactory,
    ProvinceMonthRollupFactory,
    clear_dashboard_cache,
    make_unit,
    page_table,
    read_csv,
    read_xlsx,
)
from tests.factories import (
    ClassroomFactory,
    EnrollmentFactory,
    LearnerFactory,
    NationalOfficialFactory,
    ProvinceOfficialFactory,
    SchoolYearFactory,
    ward_in,
)

pytestmark = pytest.mark.django_db

YEAR = "?year=2025-2026"


@pytest.fixture
def small_ward():
    """Ward 0: a unit of 7 learners (a small group). Ward 1: 40 learners, 3 of them reached."""
    year = SchoolYearFactory()
    tiny = make_unit(
        name="Điểm trường Bản Nhỏ",
        year=year,
        rollup={
            "classes": 1,
            "classes_ran": 1,
            "learners_enrolled": 7,
            "learners_reached": 6,
            "modules_completed": 14,
            "best_score_sum": 5.1,
            "scores": 6,
            "covered_on": date(2025, 10, 2),
        },
    )
    make_unit(
        name="Trường Tiểu học Lớn",
        ward_index=1,
        year=year,
        rollup={
            "classes": 2,
            "learners_enrolled": 40,
            "learners_reached": 3,
            "modules_completed": 4,
            "best_score_sum": 2.4,
            "scores": 3,
        },
    )
    ProvinceMonthRollupFactory(school_year=year, month=date(2025, 10, 1), learners_newly_reached=6)
    return {"year": year, "tiny": tiny}


def test_the_rule_on_single_groups():
    small = public_figures(
        Figures(
            units=1,
            learners_enrolled=7,
            learners_reached=6,
            modules_completed=14,
            best_score_sum=5.0,
            scores=6,
        )
    )
    assert small["learners_enrolled"] == "<10"
    assert small["learners_reached"] == "<10"
    assert small["modules_completed"] == "ẩn"  # 14 is not "<10", but it is a small group's
    assert small["reach"] == "ẩn" and small["average_score"] == "ẩn"
    assert small["units"] == 1  # units are never withheld

    few_reached = public_figures(
        Figures(learners_enrolled=40, learners_reached=3, scores=3, best_score_sum=2.0)
    )
    assert few_reached["learners_enrolled"] == 40
    assert few_reached["learners_reached"] == "<10"
    assert few_reached["reach"] == "ẩn" and few_reached["average_score"] == "ẩn"

    at_threshold = public_figures(
        Figures(learners_enrolled=10, learners_reached=10, scores=10, best_score_sum=8.0)
    )
    assert at_threshold["learners_enrolled"] == 10 and at_threshold["learners_reached"] == 10
    assert at_threshold["reach"] == 1.0 and at_threshold["average_score"] == pytest.approx(8.0)

    nobody = public_figures(Figures(units=3))
    assert nobody["learners_enrolled"] == 0 and nobody["reach"] is None


def test_small_groups_on_the_province_dashboard(client, small_ward):
    client.force_login(ProvinceOfficialFactory())
    response = client.get("/dashboard/01/" + YEAR)
    wards = page_table(response, "wards")
    tiny = wards["rows"][ward_in("01", 0).name]
    assert tiny["Số học sinh"] == "<10"
    assert tiny["Học sinh hoàn thành ≥ 1 chủ đề"] == "<10"
    assert tiny["Tỷ lệ học sinh hoàn thành (%)"] == "ẩn"
    assert tiny["Lượt hoàn thành chủ đề"] == "ẩn"
    assert tiny["Điểm cao nhất trung bình (thang 10)"] == "ẩn"
    assert tiny["Tỷ lệ triển khai (%)"] == "100,0%"  # the unit's own coverage is not withheld
    large = wards["rows"][ward_in("01", 1).name]
    assert large["Số học sinh"] == "40"
    assert large["Học sinh hoàn thành ≥ 1 chủ đề"] == "<10"
    assert large["Tỷ lệ học sinh hoàn thành (%)"] == "ẩn"
    trend = page_table(response, "trend")
    assert trend["rows"]["10/2025"]["Học sinh mới hoàn thành"] == "<10"
    # The exact small numbers appear nowhere in the tables.
    soup = BeautifulSoup(response.content, "html.parser")
    cells = {td.get_text(strip=True) for td in soup.select("table.data-table td")}
    # (3 is the number of classes, not of learners.)
    assert not cells & {"7", "6", "14", "4", "17,5%", "7,5%", "85,7%", "8,5", "8,0"}


def test_the_legend_explains_the_marks(client, small_ward):
    client.force_login(ProvinceOfficialFactory())
    page = BeautifulSoup(client.get("/dashboard/01/" + YEAR).content, "html.parser").get_text(" ")
    assert "số học sinh dưới 10 được ghi là “<10”" in page
    assert "nhóm dưới 10 học sinh được ghi là “ẩn”" in page


def test_small_counts_are_withheld_in_exports_too(client, small_ward):
    client.force_login(ProvinceOfficialFactory())
    tiny_ward = ward_in("01", 0).name
    for row in read_csv(client.get("/dashboard/01/export/wards.csv" + YEAR)):
        if row["Xã, phường"] == tiny_ward:
            assert row["Số học sinh"] == "<10"
            assert row["Tỷ lệ học sinh hoàn thành (%)"] == "ẩn"
            break
    else:
        pytest.fail("ward missing from the export")

    schools = read_xlsx(client.get("/dashboard/01/export/schools.xlsx" + YEAR))
    sheet = schools["Theo đơn vị"]
    headings = list(sheet.iloc[0])
    tiny = next(
        list(row)
        for _, row in sheet.iterrows()
        if row[headings.index("Đơn vị")] == "Điểm trường Bản Nhỏ"
    )
    assert tiny[headings.index("Số học sinh")] == "<10"
    assert tiny[headings.index("Điểm cao nhất trung bình (thang 10)")] == "ẩn"

    report = read_xlsx(client.get("/dashboard/01/report.xlsx" + YEAR))
    values = {str(v) for sheet in report.values() for v in sheet.to_numpy().ravel()}
    assert "<10" in values and "ẩn" in values
    assert "7" not in values and "6" not in values


def test_small_classes_on_the_unit_page_and_its_export(client, small_ward):
    tiny = small_ward["tiny"]
    classroom = ClassroomFactory(school=tiny, school_year=small_ward["year"], name="Lớp ghép 1-2")
    ClassRollupFactory(
        classroom=classroom,
        learners_enrolled=7,
        learners_completed=6,
        modules_completed=14,
        ran_on=date(2025, 10, 2),
    )
    client.force_login(NationalOfficialFactory())
    classes = page_table(client.get(f"/dashboard/01/schools/{tiny.code}/" + YEAR), "classes")
    row = classes["rows"]["Lớp ghép 1-2"]
    assert row["Số học sinh"] == "<10"
    assert row["Học sinh hoàn thành ≥ 1 chủ đề"] == "<10"
    assert row["Tỷ lệ hoàn thành (%)"] == "ẩn"
    assert row["Triển khai chương trình"] == "Đã triển khai, ngày 02/10/2025"
    exported = read_csv(client.get(f"/dashboard/01/schools/{tiny.code}/export/classes.csv" + YEAR))
    assert exported[0]["Số học sinh"] == "<10"
    assert exported[0]["Tỷ lệ hoàn thành (%)"] == "ẩn"


def test_no_page_or_file_names_a_child(client, small_ward):
    tiny = small_ward["tiny"]
    classroom = ClassroomFactory(school=tiny, school_year=small_ward["year"], name="Lớp 2A")
    learner = LearnerFactory(
        school=tiny, username="be.lan.2017", display_name="Nguyễn Thị Bé Lan", first_name="Lan"
    )
    EnrollmentFactory(classroom=classroom, learner=learner)
    ClassRollupFactory(classroom=classroom, learners_enrolled=1, learners_completed=1)
    client.force_login(NationalOfficialFactory())
    for url in (
        "/dashboard/" + YEAR,
        "/dashboard/01/" + YEAR,
        f"/dashboard/01/schools/{tiny.code}/" + YEAR,
        "/dashboard/01/report/" + YEAR,
        "/dashboard/01/export/schools.csv" + YEAR,
        "/dashboard/01/export/uncovered.xlsx" + YEAR,
        "/dashboard/01/report.xlsx" + YEAR,
        f"/dashboard/01/schools/{tiny.code}/export/classes.xlsx" + YEAR,
        f"/dashboard/01/schools/{tiny.code}/export/classes.csv" + YEAR,
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(YEAR) and ".xlsx" in url:
            content = " ".join(
                str(v) for sheet in read_xlsx(response).values() for v in sheet.to_numpy().ravel()
            )
        else:
            content = response.content.decode("utf-8-sig")
        for secret in ("Bé Lan", "be.lan.2017", learner.xapi_id.hex, str(learner.xapi_id)):
            assert secret not in content, (url, secret)
