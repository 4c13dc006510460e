"""Template filters of the dashboards: table cells, sort links."""

from django import template
from django.utils.http import urlencode

from analytics.dashboard.formatting import format_cell

register = template.Library()


@register.filter
def cell(row: dict, column) -> str:
    kind = row.get("kind", "number") if column.kind == "mixed" else column.kind
    return format_cell(row.get(column.key), kind)


@register.filter
def cell_kind(row: dict, column) -> str:
    return row.get("kind", "number") if column.kind == "mixed" else column.kind


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (None removes one); page is
    reset unless given, so a new sort or filter starts at the first page."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = urlencode(sorted(params.lists()), doseq=True)
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def sort_state(current: str, key: str) -> str:
    """aria-sort value of a column: ascending, descending or none."""
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"


@register.simple_tag
def next_sort(current: str, key: str) -> str:
    return f"-{key}" if current == key else key


@register.filter
def pct(value) -> str:
    return format_cell(value, "pct")


@register.filter
def count(value) -> str:
    return format_cell(value, "number")


@register.filter
def pct_width(value) -> str:
    """Width of a meter bar, 0-100, with a dot (CSS) whatever the language."""
    if value is None or isinstance(value, str):
        return "0"
    return f"{max(0.0, min(100.0, 100 * value)):.1f}"
