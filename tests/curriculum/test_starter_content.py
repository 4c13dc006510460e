"""The bundled starter curriculum: the real files in content/ load, and cover what MISSION.md asks."""

from io import StringIO

import pytest
from django.core.management import call_command

from content.schema import read_curriculum
from curriculum.models import AgeBandPage, LessonPage, ModulePage
from lms.bands import SKILL_AREAS


@pytest.fixture(scope="module")
def starter():
    return read_curriculum()


def test_every_band_has_three_or_more_modules_covering_all_five_skill_areas(starter):
    for band in starter.bands:
        modules = starter.modules_of(band.band)
        assert len(modules) >= 3, f"band {band.band}"
        areas = {area for module in modules for area in module.skill_areas}
        assert areas == set(SKILL_AREAS), f"band {band.band} misses {set(SKILL_AREAS) - areas}"
        for module in modules:
            assert 2 <= len(module.lessons) <= 4, module.path.name
            assert module.quiz is not None and 5 <= len(module.quiz.questions) <= 10, (
                module.path.name
            )


def _text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return ""


def test_every_band_teaches_where_to_get_help(starter):
    for band in starter.bands:
        lessons = [lesson for module in starter.modules_of(band.band) for lesson in module.lessons]
        text = " ".join(_text(lesson.body) for lesson in lessons)
        assert "111" in text, f"band {band.band} never names hotline 111"
        assert "tư vấn" in text, f"band {band.band} never names the school counselling room"
        assert any(block["type"] == "help" for lesson in lessons for block in lesson.body), (
            f"band {band.band}"
        )


@pytest.mark.django_db
def test_the_starter_curriculum_loads_and_every_page_renders(client):
    call_command("load_curriculum", stdout=StringIO())
    assert AgeBandPage.objects.count() == 4
    assert ModulePage.objects.live().count() >= 12
    for page in list(ModulePage.objects.live()) + list(LessonPage.objects.live()):
        assert client.get(page.url).status_code == 200, page.url
