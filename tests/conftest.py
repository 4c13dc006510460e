"""Shared fixtures. Tests use the small curriculum in tests/fixtures/ (every block and
question type); tests/curriculum/test_starter_content.py checks the real starter files."""

from pathlib import Path

import pytest

from lms.i18n_build import compile_catalogues

# The suite asserts the Vietnamese pages users see. pytest-django has set Django up before
# this file is read, and a catalogue may already be cached: reset it after compiling.
if compile_catalogues():
    from django.utils.translation.reloader import translation_file_changed

    translation_file_changed(sender=None, file_path=Path("compiled.mo"))

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CURRICULUM = FIXTURES / "curriculum"
FIXTURE_ILLUSTRATIONS = FIXTURES / "illustrations"


def load_fixture_curriculum(path: Path = FIXTURE_CURRICULUM):
    from content.schema import read_curriculum
    from curriculum.services import curriculum_load

    return curriculum_load(
        curriculum=read_curriculum(path, FIXTURE_ILLUSTRATIONS),
        illustrations_dir=FIXTURE_ILLUSTRATIONS,
    )


@pytest.fixture
def curriculum_tree(db):
    """The fixture curriculum, loaded and published; returns the pages by stable key."""
    from curriculum.models import AgeBandPage, CurriculumIndexPage, LessonPage, ModulePage

    load_fixture_curriculum()
    pages = {p.key: p for p in list(ModulePage.objects.all()) + list(LessonPage.objects.all())}
    pages["home"] = CurriculumIndexPage.objects.get()
    for band in AgeBandPage.objects.all():
        pages[f"band-{band.band}"] = band
    return pages


@pytest.fixture(autouse=True)
def background_tasks_must_not_fail():
    """Under test, tasks run at once (settings.TASKS); django-tasks records a task's error
    instead of raising it, so a failing task fails the test here, with its traceback."""
    from django_tasks.signals import task_finished

    failures = []

    def receiver(sender, task_result, **kwargs):
        if task_result.status == "FAILED":
            failures.append(task_result)

    task_finished.connect(receiver)
    yield
    task_finished.disconnect(receiver)
    if failures:
        errors = "\n".join(e.traceback for result in failures for e in result.errors)
        pytest.fail(f"{len(failures)} background task(s) failed:\n{errors}")
