"""Charts: plotly figures built on the server, drawn by plotly.js served by the platform
itself, each beside a table with the same figures. And the cost of a dashboard: a fixed
number of queries whatever the number of units, and figures cached between requests."""

import json
from datetime import date
from pathlib import Path

import plotly
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext

from analytics.dashboard.cache import dashboard_cache_invalidate
from analytics.models import SchoolYearRollup
from tests.analytics.dashboard_factories import (  # noqa: F401  (clear_dashboard_cache: fixture)
    clear_dashboard_cache,
    hanoi_dataset,
    make_unit,
)
from tests.factories import NationalOfficialFactory, ProvinceOfficialFactory, SchoolYearFactory

pytestmark = pytest.mark.django_db

YEAR = "?year=2025-2026"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@pytest.fixture
def data():
    return hanoi_dataset()


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def figure(soup, chart_id: str) -> dict:
    placeholder = soup.find(id=chart_id)
    return json.loads(soup.find(id=placeholder["data-figure"]).string)


def test_province_charts_are_plotly_figures_beside_tables(client, data):
    client.force_login(ProvinceOfficialFactory())
    soup = soup_of(client.get("/dashboard/01/" + YEAR))
    scripts = [tag["src"] for tag in soup.find_all("script", src=True)]
    assert static("analytics/vendor/plotly.min.js") in scripts
    assert scripts.index(static("analytics/vendor/plotly.min.js")) < scripts.index(
        static("analytics/charts.js")
    )
    # No inline script: every <script> without src is a JSON data block.
    assert all(tag.get("type") == "application/json" for tag in soup.find_all("script", src=False))

    placeholders = soup.select("[data-figure]")
    assert [p["id"] for p in placeholders] == ["chart-levels", "chart-trend"]
    for placeholder in placeholders:
        block = placeholder.find_parent(class_="chart-and-table")
        assert block.select_one("table.data-table") is not None, placeholder["id"]
        assert placeholder.find_parent(attrs={"aria-hidden": "true"}) is not None

    levels = figure(soup, "chart-levels")
    bar = levels["data"][0]
    assert bar["type"] == "bar"
    assert bar["y"] == ["Tiểu học", "Trung học cơ sở", "Cơ sở trợ giúp trẻ em"]
    assert bar["x"] == [100.0, 0.0, 0.0]
    target = levels["layout"]["shapes"][0]
    assert (target["x0"], target["x1"]) == (100, 100)
    assert levels["layout"]["annotations"][0]["text"] == "Mục tiêu 100%"
    assert levels["config"]["displayModeBar"] is False

    trend = figure(soup, "chart-trend")
    assert trend["data"][0]["y"][:3] == [0.0, 25.0, 50.0]
    assert trend["data"][0]["x"][:3] == ["9/25", "10/25", "11/25"]


def test_national_charts(client, data):
    client.force_login(NationalOfficialFactory())
    soup = soup_of(client.get("/dashboard/" + YEAR))
    assert [p["id"] for p in soup.select("[data-figure]")] == [
        "chart-provinces",
        "chart-levels",
        "chart-province-trends",
    ]
    ranking = figure(soup, "chart-provinces")["data"][0]
    assert ranking["y"] == ["TP Hồ Chí Minh", "TP Hà Nội"]  # provinces with units, ranked
    assert ranking["x"] == [100.0, 50.0]
    heatmap = figure(soup, "chart-province-trends")["data"][0]
    assert heatmap["type"] == "heatmap"
    assert len(heatmap["y"]) == 34
    hanoi = heatmap["y"].index("TP Hà Nội")
    assert heatmap["z"][hanoi][:3] == [0.0, 25.0, 50.0]


def test_plotly_js_is_served_by_the_platform_from_the_package(client, db):
    response = client.get(static("analytics/vendor/plotly.min.js"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(("text/javascript", "application/javascript"))
    body = b"".join(response.streaming_content)
    assert body == PLOTLY_JS.read_bytes()
    # Only that file of the package's data folder is exposed.
    assert client.get("/static/analytics/vendor/widgetbundle.js").status_code == 404


def test_collectstatic_copies_plotly_js(tmp_path, settings):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", verbosity=0)
    copied = tmp_path / "analytics" / "vendor" / "plotly.min.js"
    assert copied.read_bytes() == PLOTLY_JS.read_bytes()


def test_learner_pages_do_not_load_plotly(client, db):
    assert "plotly" not in client.get("/help/").content.decode()


def test_dashboard_pages_load_nothing_from_another_host(client, data):
    client.force_login(NationalOfficialFactory())
    for url in ("/dashboard/", "/dashboard/01/", "/dashboard/01/report/"):
        soup = soup_of(client.get(url + YEAR))
        for tag in soup.find_all(["script", "link", "img", "iframe"]):
            address = tag.get("src") or tag.get("href") or ""
            assert not address.startswith(("http:", "https:", "//")), (url, address)


def count_queries(client, url) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_units(client, db):
    year = SchoolYearFactory()
    client.force_login(NationalOfficialFactory())

    def add_units(n):
        for i in range(n):
            make_unit(
                ward_index=i % 7,
                level=["primary", "lower_secondary", "care_facility"][i % 3],
                year=year,
                rollup={
                    "classes": 3,
                    "classes_ran": i % 2,
                    "learners_enrolled": 90,
                    "learners_reached": 30,
                    "covered_on": date(2025, 10, 1) if i % 2 else None,
                },
            )

    add_units(5)
    small = {
        url: count_queries(client, url + YEAR)
        for url in ("/dashboard/", "/dashboard/01/", "/dashboard/01/report/")
    }
    add_units(60)
    for url, queries in small.items():
        assert count_queries(client, url + YEAR) == queries, url
    assert small["/dashboard/01/"] <= 16


def test_figures_are_cached_and_invalidated(client, data):
    client.force_login(ProvinceOfficialFactory())
    url = "/dashboard/01/" + YEAR
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) < len(first)

    # A rollup changes: the cached figures stand until they expire or are invalidated.
    SchoolYearRollup.objects.filter(school=data["u2"], school_year=data["year"]).update(
        covered_on=date(2025, 12, 1)
    )
    assert "2/4 đơn vị" in client.get(url).content.decode()
    dashboard_cache_invalidate()
    assert "3/4 đơn vị" in client.get(url).content.decode()
    # The list of units not yet covered is never cached.
    assert "Trường THCS Ngọc Hà" not in str(soup_of(client.get(url)).find(id="table-uncovered"))


def test_cache_is_kept_per_filter(client, data):
    client.force_login(ProvinceOfficialFactory())
    assert "2/4 đơn vị" in client.get("/dashboard/01/" + YEAR).content.decode()
    assert "2/2 đơn vị" in client.get("/dashboard/01/" + YEAR + "&level=primary").content.decode()
    assert "1/4 đơn vị" in client.get("/dashboard/01/?year=2024-2025").content.decode()
