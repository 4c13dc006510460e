"""How a table cell reads on screen, in the active language (Vietnamese: 1.234 and 45,3%)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.utils.formats import date_format, get_format
from django.utils.translation import get_language, gettext, pgettext

EMPTY = "—"
DATE_FORMAT = "d/m/Y"  # how Vietnamese offices write dates


@lru_cache(maxsize=16)
def _separators(language: str) -> tuple[str, str]:
    return get_format("THOUSAND_SEPARATOR", language), get_format("DECIMAL_SEPARATOR", language)


def format_number(value, decimals: int = 0) -> str:
    """Like number_format with grouping, but rounded (number_format cuts decimals off) and
    quick: tables of thousands of units format every cell through here."""
    thousands, decimal = _separators(get_language() or "vi")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_cell(value, kind: str) -> str:
    if value is None or value == "":
        if kind == "ran":
            return pgettext("programme", "Not yet")
        return EMPTY
    if isinstance(value, str):  # text, or a withheld value ("<10", "hidden")
        return value
    if kind in ("count", "number"):
        return format_number(value)
    if kind == "pct":
        return f"{format_number(100 * value, 1)}%"
    if kind == "score":
        return format_number(value, 1)
    if kind == "month" and isinstance(value, date):
        return f"{value.month:02d}/{value.year}"
    if kind == "ran" and isinstance(value, date):
        return gettext("Ran on %(date)s") % {"date": date_format(value, DATE_FORMAT)}
    if kind == "date" and isinstance(value, date):
        return date_format(value, DATE_FORMAT)
    return str(value)
