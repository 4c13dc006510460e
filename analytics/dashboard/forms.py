"""Filters of the dashboards (school year, level, ward; sort, page, search), from the query
string. A value that is not one of the choices is an error with a clear Vietnamese message,
never a silent fallback: an official must not read one year's figures as another's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.collation import vietnamese_sort_key
from lms.schools.models import Province, SchoolYear, Ward

from .selectors import LEVELS
from .tables import WARD_SORTS, level_label


def ward_choices(wards: dict[str, Ward]) -> list[tuple[str, str]]:
    return sorted(
        ((code, ward.name) for code, ward in wards.items()),
        key=lambda item: vietnamese_sort_key(item[1]),
    )


class YearFilterForm(forms.Form):
    year = forms.ChoiceField(
        label=_("School year"),
        error_messages={
            "invalid_choice": _("There is no school year “%(value)s”."),
            "required": _("Choose a school year."),
        },
    )

    def __init__(self, data, *, years: list[SchoolYear], **kwargs):
        """``data`` always names a year: the view puts the default one in when the query
        string has none, so the form shows the year whose figures are on the page."""
        super().__init__(data, **kwargs)
        self.years = {year.name: year for year in years}
        self.fields["year"].choices = [(name, name) for name in self.years]

    def clean_year(self) -> SchoolYear:
        return self.years[self.cleaned_data["year"]]

    def active_filters(self) -> dict:
        """The filters as query parameters, for export links (empty values left out)."""
        params = {"year": self.cleaned_data["year"].name}
        for key in ("level", "ward", "q"):
            value = self.cleaned_data.get(key)
            if value:
                params[key] = value
        return params


class DashboardFilterForm(YearFilterForm):
    level = forms.ChoiceField(
        label=_("School level"),
        required=False,
        error_messages={"invalid_choice": _("“%(value)s” is not a school level.")},
    )

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["level"].choices = [("", _("All levels"))] + [
            (level, level_label(level)) for level in LEVELS
        ]


class ProvinceFilterForm(DashboardFilterForm):
    ward = forms.ChoiceField(
        label=_("Commune / ward"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not the code of a commune or ward of this province."
            )
        },
    )
    sort = forms.ChoiceField(
        required=False,
        error_messages={"invalid_choice": _("The table cannot be sorted by “%(value)s”.")},
    )
    q = forms.CharField(
        label=_("Find a unit by name or code"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Search with at most %(limit_value)d characters.")},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=1_000_000,
        error_messages={
            "invalid": _("The page number must be a whole number."),
            "min_value": _("The page number must be 1 or more."),
            "max_value": _("There is no such page."),
        },
    )

    def __init__(self, data, *, province: Province, **kwargs):
        super().__init__(data, **kwargs)
        self.wards = {ward.code: ward for ward in Ward.objects.filter(province=province)}
        self.fields["ward"].choices = [("", _("All communes and wards")), *ward_choices(self.wards)]
        self.fields["sort"].choices = [(key, key) for key in WARD_SORTS] + [
            (f"-{key}", key) for key in WARD_SORTS
        ]

    def clean_ward(self) -> str:
        return self.cleaned_data.get("ward") or ""

    @property
    def selected_ward(self) -> Ward | None:
        code = self.cleaned_data.get("ward")
        return self.wards.get(code) if code else None
