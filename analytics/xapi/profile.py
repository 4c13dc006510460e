"""The platform's xAPI profile: the IRIs of its verbs, activities and extensions
(docs/xapi-profile.md describes every statement the platform emits).

Every IRI the platform mints lives under ``settings.XAPI_BASE_IRI``, never under the host a
request came in on, so the same lesson has the same id whichever server recorded it. Pages are
named by their stable ``key`` (curriculum/models.py), which survives renames and moves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings

XAPI_VERSION = "1.0.3"

# ADL verbs (the xAPI vocabulary everyone reads).
VERB_EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"
VERB_ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"
VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
VERB_PASSED = "http://adlnet.gov/expapi/verbs/passed"
VERB_FAILED = "http://adlnet.gov/expapi/verbs/failed"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERB_VOIDED = "http://adlnet.gov/expapi/verbs/voided"

VERB_DISPLAY = {
    VERB_EXPERIENCED: {"en-US": "experienced", "vi": "đã học"},
    VERB_ATTEMPTED: {"en-US": "attempted", "vi": "đã bắt đầu làm"},
    VERB_ANSWERED: {"en-US": "answered", "vi": "đã trả lời"},
    VERB_PASSED: {"en-US": "passed", "vi": "đã đạt"},
    VERB_FAILED: {"en-US": "failed", "vi": "chưa đạt"},
    VERB_COMPLETED: {"en-US": "completed", "vi": "đã hoàn thành"},
}

# ADL activity types.
TYPE_MODULE = "http://adlnet.gov/expapi/activities/module"
TYPE_LESSON = "http://adlnet.gov/expapi/activities/lesson"
TYPE_ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
TYPE_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"


def base() -> str:
    return settings.XAPI_BASE_IRI


def verb_ran_programme() -> str:
    """The platform's own verb: a class reached the share of MISSION.md's rule."""
    return f"{base()}/verbs/ran-programme"


def type_age_band() -> str:
    return f"{base()}/activity-types/age-band"


def type_programme_year() -> str:
    return f"{base()}/activity-types/programme-year"


def ext_school() -> str:
    return f"{base()}/extensions/school"


def ext_class() -> str:
    return f"{base()}/extensions/class"


def ext_province() -> str:
    return f"{base()}/extensions/province"


def ext_school_year() -> str:
    return f"{base()}/extensions/school-year"


def module_iri(key: str) -> str:
    return f"{base()}/activities/module/{key}"


def quiz_iri(module_key: str) -> str:
    # A module has at most one quiz (QuizPage.max_count_per_parent), so the module key names it.
    return f"{module_iri(module_key)}/quiz"


def question_iri(module_key: str, question_key: str) -> str:
    return f"{quiz_iri(module_key)}/{question_key}"


def lesson_iri(key: str) -> str:
    return f"{base()}/activities/lesson/{key}"


def practice_iri(lesson_key: str, activity_key: str) -> str:
    """A practice activity (a sort, a spot-the-clue, a branching scenario) in a lesson: its
    block's stable key names it (docs/xapi-profile.md, "Practice")."""
    return f"{lesson_iri(lesson_key)}/activity/{activity_key}"


def h5p_iri(lesson_key: str, package_key: str, sub_content: str = "") -> str:
    """An H5P package placed in a lesson, or one part of it (H5P's subContentId)."""
    iri = f"{lesson_iri(lesson_key)}/h5p/{package_key}"
    return f"{iri}/{sub_content}" if sub_content else iri


def band_iri(band: int) -> str:
    return f"{base()}/activities/band/{band}"


def programme_year_iri(school_year_name: str) -> str:
    return f"{base()}/activities/programme/{school_year_name}"


def platform_account() -> dict:
    """The authority of every statement the platform itself makes (quiz scores, lesson
    views, a class running the programme): only these count in rollups."""
    return {"objectType": "Agent", "account": {"homePage": base(), "name": PLATFORM_ACCOUNT}}


PLATFORM_ACCOUNT = "platform"


def learner_agent(xapi_id_hex: str) -> dict:
    """A learner as an xAPI actor: an opaque account name, never a name, email or username."""
    return {"objectType": "Agent", "account": {"homePage": base(), "name": xapi_id_hex}}


def class_group(classroom_id: int) -> dict:
    """A class as an identified xAPI group (for the "ran the programme" statement)."""
    return {
        "objectType": "Group",
        "account": {"homePage": base(), "name": f"class-{classroom_id}"},
    }


@dataclass(frozen=True)
class ActivityRef:
    """What a platform activity id points at."""

    kind: str  # "module", "quiz", "question", "lesson", "practice", "h5p", "band", "programme"
    key: str  # module or lesson key, band number, school-year name
    question_key: str = ""
    # For "practice" and "h5p": the block's or package's key in the lesson, and for a part of
    # an H5P package its subContentId.
    target_key: str = ""
    sub_content: str = ""


@cache
def _activity_pattern(base_iri: str) -> re.Pattern:
    key = r"[a-z0-9]+(?:-[a-z0-9]+)*"
    return re.compile(
        rf"^{re.escape(base_iri)}/activities/(?:"
        rf"module/(?P<module>{key})(?P<quiz>/quiz(?:/(?P<question>{key}))?)?"
        rf"|lesson/(?P<lesson>{key})"
        rf"(?:/(?:activity/(?P<practice>{key})|h5p/(?P<h5p>{key})(?:/(?P<sub>[A-Za-z0-9-]{{1,64}}))?))?"
        rf"|band/(?P<band>[1-4])"
        rf"|programme/(?P<programme>\d{{4}}-\d{{4}})"
        rf")$"
    )


def activity_parse(iri: str) -> ActivityRef | None:
    """The platform activity an id names, or None for any other id."""
    if not iri.startswith(base()):
        return None
    match = _activity_pattern(base()).match(iri)
    if not match:
        return None
    if match["module"]:
        if match["question"]:
            return ActivityRef("question", match["module"], match["question"])
        if match["quiz"]:
            return ActivityRef("quiz", match["module"])
        return ActivityRef("module", match["module"])
    if match["practice"]:
        return ActivityRef("practice", match["lesson"], target_key=match["practice"])
    if match["h5p"]:
        return ActivityRef(
            "h5p", match["lesson"], target_key=match["h5p"], sub_content=match["sub"] or ""
        )
    if match["lesson"]:
        return ActivityRef("lesson", match["lesson"])
    if match["band"]:
        return ActivityRef("band", match["band"])
    if match["programme"]:
        return ActivityRef("programme", match["programme"])
    return None
