"""The four age bands of the curriculum (MISSION.md), aligned with Vietnamese school grades
so that a teacher's class maps to exactly one band."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AgeBand:
    number: int
    age_min: int
    age_max: int
    grade_min: int
    grade_max: int
    label: str


AGE_BANDS: dict[int, AgeBand] = {
    1: AgeBand(1, 6, 8, 1, 3, _("Ages 6–8 (grades 1–3)")),
    2: AgeBand(2, 9, 10, 4, 5, _("Ages 9–10 (grades 4–5)")),
    3: AgeBand(3, 11, 14, 6, 9, _("Ages 11–14 (grades 6–9)")),
    4: AgeBand(4, 15, 17, 10, 12, _("Ages 15–17 (grades 10–12)")),
}
BAND_CHOICES = [(band.number, band.label) for band in AGE_BANDS.values()]


def band_for_grade(grade: int) -> int:
    for band in AGE_BANDS.values():
        if band.grade_min <= grade <= band.grade_max:
            return band.number
    raise ValueError(f"grade {grade} is outside 1–12")


def band_for_age(age: int) -> int:
    """The band of a child of this age; younger than 6 counts as band 1, older than 17 as 4."""
    for band in AGE_BANDS.values():
        if band.age_min <= age <= band.age_max:
            return band.number
    return 1 if age < AGE_BANDS[1].age_min else 4


# The five skill areas every band teaches (MISSION.md), by stable key.
SKILL_AREAS: dict[str, str] = {
    "internet": _("Internet and social networks"),
    "security": _("Minimal information security"),
    "privacy": _("Protecting personal information"),
    "protection": _("Recognising exploitation and abuse, and getting help"),
    "wellbeing": _("Healthy, kind, responsible use"),
}
