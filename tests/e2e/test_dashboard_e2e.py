"""The province dashboard in real Chromium on a 360-px phone: the charts draw (plotly.js from
our own static files, under the strict Content-Security-Policy), nothing is requested from
another host, no console error, nothing wider than the screen."""

from datetime import date
from urllib.parse import urlparse

import pytest

from lms.schools.models import School
from tests.analytics.dashboard_factories import (  # noqa: F401  (fixture)
    ProvinceMonthRollupFactory,
    clear_dashboard_cache,
    make_unit,
)
from tests.e2e.conftest import assert_accessible, fits_width, sign_in
from tests.factories import NationalOfficialFactory, ProvinceOfficialFactory, SchoolYearFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def province_data():
    year = SchoolYearFactory()
    for index in range(6):
        make_unit(
            ward_index=index % 3,
            level=[School.Level.PRIMARY, School.Level.LOWER_SECONDARY][index % 2],
            year=year,
            rollup={
                "classes": 4,
                "classes_ran": 1 if index < 4 else 0,
                "learners_enrolled": 120,
                "learners_reached": 60 if index < 4 else 3,
                "modules_completed": 80,
                "best_score_sum": 50.0,
                "scores": 70,
                "covered_on": date(2025, 9 + index, 15) if index < 4 else None,
            },
        )
    ProvinceMonthRollupFactory(school_year=year, month=date(2025, 10, 1), learners_newly_reached=60)
    return year


def test_province_dashboard_draws_its_charts_on_a_phone(phone, live_server):
    province_data()
    sign_in(phone, live_server, ProvinceOfficialFactory())
    page = phone

    response = page.goto(f"{live_server.url}/dashboard/01/?year=2025-2026")
    assert response.status == 200
    assert "script-src 'self';" in response.headers["content-security-policy"] + ";"
    page.wait_for_selector("#chart-levels .main-svg")
    page.wait_for_selector("#chart-trend .main-svg")

    assert page.evaluate("typeof window.Plotly") == "object"
    plotly_url = page.evaluate(
        "[...document.scripts].map(s => s.src).find(s => s.includes('plotly'))"
    )
    assert urlparse(plotly_url).path == "/static/analytics/vendor/plotly.min.js"
    # Four primary units, two covered... the level chart has one bar per level present.
    bars = page.locator("#chart-levels .bars .point").count()
    assert bars == 2
    chart_width = page.evaluate(
        "document.querySelector('#chart-levels').getBoundingClientRect().width"
    )
    assert 200 < chart_width <= 360
    assert fits_width(page)
    # The table beside the chart says the same in words.
    assert page.locator("#table-levels").is_visible()
    assert "66,7%" in page.locator("#table-levels").inner_text()

    assert page.foreign_requests == []
    assert page.console_errors == []
    assert_accessible(page)


def test_national_dashboard_draws_the_province_ranking(phone, live_server):
    province_data()
    sign_in(phone, live_server, NationalOfficialFactory())
    page = phone

    assert page.goto(f"{live_server.url}/dashboard/?year=2025-2026").status == 200
    page.wait_for_selector("#chart-provinces .main-svg")
    page.wait_for_selector("#chart-province-trends .main-svg")
    assert page.locator("#chart-provinces .bars .point").count() == 1  # only Hà Nội has units
    assert fits_width(page)
    assert page.foreign_requests == []
    assert page.console_errors == []
    assert_accessible(page)
