"""The province and national dashboards, their drill-down to one unit, and their exports.

Views stay thin: access through lms/schools/access.py, filters through dashboard/forms.py,
figures from dashboard/selectors.py (rollups only), tables and charts from dashboard/.
Everyone but officials, and every province or unit outside an official's scope, gets the same
404 page, so a guessed address reveals nothing.
"""

from __future__ import annotations

from functools import wraps

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from lms.schools.access import (
    is_national_official,
    is_province_official,
    province_for_official,
    schools_visible_to,
)
from lms.schools.models import Province, School

from .dashboard import charts, exports, tables
from .dashboard.cache import dashboard_cache_key, dashboard_cached
from .dashboard.formatting import DATE_FORMAT
from .dashboard.forms import DashboardFilterForm, ProvinceFilterForm, YearFilterForm
from .dashboard.privacy import threshold
from .dashboard.selectors import (
    default_school_year,
    national_figures,
    province_figures,
    school_figures,
    school_lines,
    school_years,
    uncovered_units,
)
from .dashboard.tables import level_label, month_label

UNCOVERED_PER_PAGE = 50
FORMATS = ("csv", "xlsx")


class NotFound(Http404):
    """A 404 with a message for the reader (used only where the scope is already visible)."""


def _not_found(request, message: str = ""):
    return render(
        request,
        "analytics/not_found.html",
        {"message": message, "page_title": gettext("Page not found")},
        status=404,
    )


# Dashboards run no inline script: charts are JSON drawn by a static file (charts.js).
strict_scripts = csp_replace({"script-src": ["'self'"]})


def official_view(view):
    """Signed-in province and national officials only. Anyone else, and anything outside the
    official's scope (Http404 from the access module), gets the dashboards' 404 page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (is_province_official(user) or is_national_official(user)):
            return _not_found(request)
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            return _not_found(request, str(error))
        except Http404:
            return _not_found(request)

    return strict_scripts(login_required(require_safe(wrapped)))


@strict_scripts
def not_found(request, *args, **kwargs):
    return _not_found(request)


# --- Shared pieces ------------------------------------------------------------------------


def _filters(request, form_class, **kwargs):
    """The bound filter form, or the page that explains what is wrong with the filters."""
    data = request.GET.copy()
    if not data.get("year"):
        data["year"] = default_school_year().name  # before listing: it may create the year
    form = form_class(data, years=school_years(), **kwargs)
    if form.is_valid():
        return form, None
    response = render(
        request,
        "analytics/bad_filters.html",
        {
            "form": form,
            "reset_url": request.path,
            "page_title": gettext("The filters are not valid"),
        },
        status=400,
    )
    return form, response


def _rule(year, computed_at) -> dict:
    share = settings.COVERAGE_CLASS_SHARE * 100
    return {
        "year": year,
        "share": f"{share:g}".replace(".", ","),
        "threshold": threshold(),
        "computed_at": timezone.localtime(computed_at),
        "cache_minutes": max(1, round(settings.DASHBOARD_CACHE_SECONDS / 60)),
    }


def _about(*, scope: str, year, filters: list[str], computed_at) -> list[tuple[str, str]]:
    rule = _rule(year, computed_at)
    return [
        (gettext("Scope"), scope),
        (gettext("School year"), year.name),
        (
            gettext("Dates of the school year"),
            f"{date_format(year.starts_on, DATE_FORMAT)} – "
            f"{date_format(year.ends_on, DATE_FORMAT)}",
        ),
        (gettext("Filters"), "; ".join(filters) or gettext("none")),
        (
            gettext("A class has run the programme when"),
            gettext(
                "at least %(share)s%% of its learners completed at least one module assigned to it"
            )
            % {"share": rule["share"]},
        ),
        (
            gettext("A unit has run the programme when"),
            gettext("at least one of its classes has run it"),
        ),
        (
            gettext("Coverage"),
            gettext("units that ran the programme / registered active units; target 100%"),
        ),
        (
            gettext("Small groups"),
            gettext(
                "counts under %(n)s learners read “<%(n)s”; “hidden”: withheld to protect learners"
            )
            % {"n": rule["threshold"]},
        ),
        (
            gettext("Figures computed at"),
            date_format(rule["computed_at"], "H:i d/m/Y"),
        ),
    ]


def _filter_labels(form) -> list[str]:
    labels = []
    data = form.cleaned_data
    if data.get("level"):
        labels.append(gettext("School level") + ": " + level_label(data["level"]))
    ward = getattr(form, "selected_ward", None)
    if ward is not None:
        labels.append(gettext("Commune / ward") + ": " + ward.name)
    if data.get("q"):
        labels.append(gettext("Search") + ": " + data["q"])
    return labels


def _filename(*parts: str) -> str:
    """An ASCII file name from its parts (codes, year, filters), empty parts left out."""
    return "-".join(slugify(part) for part in parts if part)


def _export_links(base_url: str, slug: str, params: dict) -> dict:
    query = urlencode(params)
    return {fmt: f"{base_url}{slug}.{fmt}" + (f"?{query}" if query else "") for fmt in FORMATS}


# --- National -----------------------------------------------------------------------------


@strict_scripts
@login_required
@require_safe
def home(request):
    """/dashboard/: the nation for national officials, their province for province officials."""
    user = request.user
    if is_national_official(user):
        return national(request)
    if is_province_official(user) and user.province_id:
        return redirect("analytics:province", code=user.province.code)
    return _not_found(request)


def _national_tables(request, form) -> dict:
    year = form.cleaned_data["year"]
    level = form.cleaned_data["level"]
    figures = national_figures(year=year, level=level)
    query = urlencode({"year": year.name})

    def url_for_province(code):
        return reverse("analytics:province", kwargs={"code": code}) + f"?{query}"

    return {
        "figures": figures,
        "summary": tables.headline_table(figures.totals),
        "provinces": tables.province_ranking(figures, url_for_province=url_for_province),
        "levels": tables.level_table(figures.by_level(), figures.totals),
        "trend": tables.trend_table(figures.trend(), with_learners=not level),
        "province_trends": tables.province_trend_table(figures),
    }


@official_view
def national(request):
    if not is_national_official(request.user):
        raise Http404
    form, error = _filters(request, DashboardFilterForm)
    if error:
        return error
    data = _national_tables(request, form)
    figures = data["figures"]
    provinces = data["provinces"]
    ranked = [row for row in provinces.rows if row["units"]]
    level = form.cleaned_data["level"]

    def build_charts() -> dict:
        trends = figures.province_trends()
        return {
            "provinces": charts.coverage_bars(
                labels=[charts.short_place_name(row["name"]) for row in ranked],
                covered=[row["covered"] for row in ranked],
                units=[row["units"] for row in ranked],
                div_id="chart-provinces",
            )
            if ranked
            else "",
            "levels": _level_chart(figures.by_level()),
            "province_trends": charts.province_heatmap(
                provinces=[charts.short_place_name(name) for _, name, _ in trends],
                months=[month_label(month) for month in figures.months],
                coverages=[[point.coverage for point in points] for _, _, points in trends],
                div_id="chart-province-trends",
            )
            if figures.months
            else "",
        }

    chart_html = _cached_charts(("nation", figures.year_id, level), build_charts)
    params = form.active_filters()
    base = reverse("analytics:home") + "export/"
    return render(
        request,
        "analytics/national.html",
        {
            "form": form,
            "year": form.cleaned_data["year"],
            "totals": figures.totals,
            "public": data["summary"],
            "tables": data,
            "charts": chart_html,
            "exports": {slug: _export_links(base, slug, params) for slug in NATIONAL_TABLES},
            "rule": _rule(form.cleaned_data["year"], figures.computed_at),
            "with_plotly": True,
            "page_title": gettext("Nationwide"),
        },
    )


NATIONAL_TABLES = ("summary", "provinces", "levels", "trend", "province_trends")


def _cached_charts(scope: tuple, build) -> dict:
    """Charts cost more to build than the figures (plotly validates every property): they
    are cached with the figures, per scope, filters and language."""
    return dashboard_cached(dashboard_cache_key("charts", get_language(), *scope), build)


def _level_chart(levels) -> str:
    if not levels:
        return ""
    return charts.coverage_bars(
        labels=[level_label(level) for level, _ in levels],
        covered=[figures.covered for _, figures in levels],
        units=[figures.units for _, figures in levels],
        div_id="chart-levels",
    )


@official_view
def national_export(request, table: str, fmt: str):
    if not is_national_official(request.user) or table not in NATIONAL_TABLES:
        raise Http404
    if fmt not in FORMATS:
        raise Http404
    form, error = _filters(request, DashboardFilterForm)
    if error:
        return error
    data = _national_tables(request, form)
    year = form.cleaned_data["year"]
    about = _about(
        scope=gettext("Nationwide"),
        year=year,
        filters=_filter_labels(form),
        computed_at=data["figures"].computed_at,
    )
    level = form.cleaned_data["level"]
    filename = _filename("toan-quoc", table, year.name, level)
    return exports.table_response(data[table], fmt=fmt, filename=filename, about=about)


# --- A province ---------------------------------------------------------------------------


PROVINCE_TABLES = ("summary", "levels", "wards", "trend", "uncovered", "schools")


def _province_filters(request, province: Province):
    return _filters(request, ProvinceFilterForm, province=province)


def _province_tables(request, province: Province, form, *, with_schools: bool = False) -> dict:
    data = form.cleaned_data
    year, level, ward = data["year"], data["level"], form.selected_ward
    figures = province_figures(province=province, year=year, level=level, ward=ward)
    year_query = urlencode({"year": year.name})
    province_url = reverse("analytics:province", kwargs={"code": province.code})

    def url_for_ward(code):
        params = {**form.active_filters(), "ward": code}
        params.pop("q", None)
        return f"{province_url}?{urlencode(params)}#uncovered"

    def url_for_school(school_code):
        url = reverse(
            "analytics:school", kwargs={"code": province.code, "school_code": school_code}
        )
        return f"{url}?{year_query}"

    result = {
        "figures": figures,
        "summary": tables.headline_table(figures.totals),
        "levels": tables.level_table(figures.by_level(), figures.totals),
        "wards": tables.ward_table(figures, sort=data["sort"], url_for_ward=url_for_ward),
        "trend": tables.trend_table(figures.trend, with_learners=not level and ward is None),
        "url_for_school": url_for_school,
    }
    if with_schools:
        result["schools"] = tables.school_list_table(
            school_lines(province=province, year=year, level=level, ward=ward)
        )
        result["uncovered"] = tables.uncovered_table(
            uncovered_units(province=province, year=year, level=level, ward=ward, search=data["q"]),
            url_for_school=url_for_school,
        )
    return result


def _province_about(province: Province, form, computed_at) -> list[tuple[str, str]]:
    return _about(
        scope=province.name,
        year=form.cleaned_data["year"],
        filters=_filter_labels(form),
        computed_at=computed_at,
    )


@official_view
def province(request, code: str):
    province = province_for_official(request.user, code)
    form, error = _province_filters(request, province)
    if error:
        return error
    data = _province_tables(request, province, form)
    figures = data["figures"]
    cleaned = form.cleaned_data
    year = cleaned["year"]
    uncovered = uncovered_units(
        province=province,
        year=year,
        level=cleaned["level"],
        ward=form.selected_ward,
        search=cleaned["q"],
    )
    page = Paginator(uncovered, UNCOVERED_PER_PAGE).get_page(cleaned["page"] or 1)
    data["uncovered"] = tables.uncovered_table(page, url_for_school=data["url_for_school"])
    trend = figures.trend
    chart_html = _cached_charts(
        ("province", province.code, year.pk, cleaned["level"], cleaned["ward"]),
        lambda: {
            "levels": _level_chart(figures.by_level()),
            "trend": charts.coverage_trend(
                months=[month_label(point.month) for point in trend],
                coverages=[point.coverage for point in trend],
                div_id="chart-trend",
            )
            if trend
            else "",
        },
    )
    params = form.active_filters()
    base = reverse("analytics:province", kwargs={"code": province.code}) + "export/"
    report_params = urlencode({k: v for k, v in params.items() if k != "q"})
    return render(
        request,
        "analytics/province.html",
        {
            "province": province,
            "form": form,
            "year": year,
            "totals": figures.totals,
            "tables": data,
            "charts": chart_html,
            "page_obj": page,
            "exports": {slug: _export_links(base, slug, params) for slug in PROVINCE_TABLES},
            "report_xlsx": reverse("analytics:province_report_xlsx", kwargs={"code": code})
            + f"?{report_params}",
            "report_print": reverse("analytics:province_report", kwargs={"code": code})
            + f"?{report_params}",
            "rule": _rule(year, figures.computed_at),
            "filter_labels": _filter_labels(form),
            "with_plotly": True,
            "page_title": province.name,
            "is_national": is_national_official(request.user),
        },
    )


@official_view
def province_export(request, code: str, table: str, fmt: str):
    province = province_for_official(request.user, code)
    if table not in PROVINCE_TABLES or fmt not in FORMATS:
        raise Http404
    form, error = _province_filters(request, province)
    if error:
        return error
    data = _province_tables(request, province, form, with_schools=True)
    year = form.cleaned_data["year"]
    filename = _filename(
        province.code, table, year.name, form.cleaned_data["level"], form.cleaned_data["ward"]
    )
    about = _province_about(province, form, data["figures"].computed_at)
    return exports.table_response(data[table], fmt=fmt, filename=filename, about=about)


@official_view
def province_report_xlsx(request, code: str):
    province = province_for_official(request.user, code)
    form, error = _province_filters(request, province)
    if error:
        return error
    data = _province_tables(request, province, form, with_schools=True)
    year = form.cleaned_data["year"]
    filename = _filename(
        "bao-cao", province.code, year.name, form.cleaned_data["level"], form.cleaned_data["ward"]
    )
    return exports.yearly_report_response(
        filename=filename,
        about=_province_about(province, form, data["figures"].computed_at),
        summary=data["summary"],
        levels=data["levels"],
        wards=data["wards"],
        schools=data["schools"],
        uncovered=data["uncovered"],
        trend=data["trend"],
    )


@official_view
def province_report(request, code: str):
    """The yearly report as a printable page: every table, no chart, no pagination."""
    province = province_for_official(request.user, code)
    form, error = _province_filters(request, province)
    if error:
        return error
    data = _province_tables(request, province, form, with_schools=True)
    year = form.cleaned_data["year"]
    return render(
        request,
        "analytics/report.html",
        {
            "province": province,
            "year": year,
            "tables": data,
            "about": _province_about(province, form, data["figures"].computed_at),
            "rule": _rule(year, data["figures"].computed_at),
            "page_title": gettext("Yearly report: %(province)s, %(year)s")
            % {"province": province.name, "year": year.name},
            "dashboard_url": reverse("analytics:province", kwargs={"code": code})
            + "?"
            + urlencode(form.active_filters()),
            "is_national": is_national_official(request.user),
        },
    )


# --- One unit -----------------------------------------------------------------------------


def _school_in(request, province: Province, school_code: str) -> School:
    school = (
        schools_visible_to(request.user)
        .filter(province=province, code=school_code)
        .select_related("ward", "province")
        .first()
    )
    if school is None:
        raise NotFound(
            gettext("There is no unit with the code “%(code)s” in %(province)s.")
            % {"code": school_code, "province": province.name}
        )
    return school


@official_view
def school(request, code: str, school_code: str):
    province = province_for_official(request.user, code)
    school = _school_in(request, province, school_code)
    form, error = _filters(request, YearFilterForm)
    if error:
        return error
    year = form.cleaned_data["year"]
    detail = school_figures(school=school, year=year)
    params = form.active_filters()
    base = reverse("analytics:school", kwargs={"code": province.code, "school_code": school.code})
    return render(
        request,
        "analytics/school.html",
        {
            "province": province,
            "school": school,
            "level": level_label(school.level),
            "form": form,
            "year": year,
            "detail": detail,
            "summary": tables.headline_table(detail.figures, units=False),
            "classes": tables.class_table(detail.classes),
            "exports": {"classes": _export_links(base + "export/", "classes", params)},
            "rule": _rule(year, timezone.now()),
            "province_url": reverse("analytics:province", kwargs={"code": province.code})
            + "?"
            + urlencode({"year": year.name}),
            "page_title": school.name,
            "is_national": is_national_official(request.user),
        },
    )


@official_view
def school_export(request, code: str, school_code: str, table: str, fmt: str):
    province = province_for_official(request.user, code)
    school = _school_in(request, province, school_code)
    if table != "classes" or fmt not in FORMATS:
        raise Http404
    form, error = _filters(request, YearFilterForm)
    if error:
        return error
    year = form.cleaned_data["year"]
    detail = school_figures(school=school, year=year)
    about = _about(
        scope=f"{school.name} ({school.code}), {province.name}",
        year=year,
        filters=[],
        computed_at=timezone.now(),
    )
    filename = _filename(province.code, school.code, "lop", year.name)
    return exports.table_response(
        tables.class_table(detail.classes), fmt=fmt, filename=filename, about=about
    )
