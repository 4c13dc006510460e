"""What of a group's figures may be shown outside the school itself.

Counts of learners (and of their completions) from 1 to SMALL_COUNT_THRESHOLD - 1 are shown
as "<10", the most common threshold in public education statistics. In a group of fewer than
10 learners every learner-derived number is withheld ("<10" for a count, "hidden" for a count
that is not small, a rate or an average), so nothing can be worked out about a child.
Rates and averages built on a withheld count are hidden too. Numbers about units and classes
(registered, covered, classes that ran) are never withheld: they are what the target counts.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext

from .selectors import Figures


def threshold() -> int:
    return settings.SMALL_COUNT_THRESHOLD


def small_label() -> str:
    return f"<{threshold()}"


def hidden_label() -> str:
    return gettext("hidden")


def is_withheld(value) -> bool:
    return isinstance(value, str)


def public_count(value: int, *, small_group: bool = False):
    """A learner count as it may be shown: the number, "<10", or "hidden"."""
    limit = threshold()
    if small_group:
        return small_label() if value < limit else hidden_label()
    if 0 < value < limit:
        return small_label()
    return value


def public_figures(figures: Figures, *, suppress: bool = True) -> dict:
    """The figures of a group as they may be shown, keyed like the table columns.

    Rates are fractions (0..1), the average score is on the 10-point scale; a withheld value
    is a string ("<10" or "hidden"), a value that does not exist (no learners) is None.
    """
    values = {
        "units": figures.units,
        "covered": figures.covered,
        "coverage": figures.coverage,
        "classes": figures.classes,
        "classes_ran": figures.classes_ran,
        "learners_enrolled": figures.learners_enrolled,
        "learners_reached": figures.learners_reached,
        "reach": figures.reach,
        "modules_completed": figures.modules_completed,
        "average_score": figures.average_score,
    }
    if not suppress:
        return values
    limit = threshold()
    small_group = 0 < figures.learners_enrolled < limit
    enrolled = public_count(figures.learners_enrolled, small_group=small_group)
    reached = public_count(figures.learners_reached, small_group=small_group)
    values["learners_enrolled"] = enrolled
    values["learners_reached"] = reached
    values["modules_completed"] = public_count(figures.modules_completed, small_group=small_group)
    if figures.reach is not None and (is_withheld(enrolled) or is_withheld(reached)):
        values["reach"] = hidden_label()
    if figures.average_score is not None and (
        small_group or is_withheld(reached) or figures.scores < limit
    ):
        values["average_score"] = hidden_label()
    return values
