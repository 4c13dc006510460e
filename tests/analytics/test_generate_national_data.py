"""``manage.py generate_national_data``: synthetic units in the real provinces and wards, with
statements whose rollups equal a rebuild from the store; the same seed gives the same data;
``--delete`` removes exactly what was generated; the fast store writes the same rows as the
documented bulk path (statements_import) and so gives the same rollups."""

import pytest
from django.core.management import CommandError, call_command

from analytics.generate import PREFIX, USER_PREFIX, national_data_generate
from analytics.models import ProvinceMonthRollup, ProvinceYearRollup, SchoolYearRollup
from analytics.rebuild import rollups_rebuild, rollups_snapshot, snapshot_diff, statements_import
from analytics.xapi import profile
from analytics.xapi.models import Statement
from lms.accounts.models import User
from lms.assignments.models import Assignment
from lms.schools.models import Classroom, Enrollment, School
from lms.schools.services import GRADES_BY_LEVEL
from tests.analytics.helpers import assign, enrol, make_class, take_quiz
from tests.assessments.quizzes import add_quiz
from tests.factories import SchoolFactory, province

pytestmark = pytest.mark.django_db

SMALL = ["--schools", "12", "--classes-per-school", "2", "--learners-per-class", "5"]


@pytest.fixture
def curriculum(curriculum_tree):
    """The fixture curriculum with a quiz in bands 1 and 3 (bands 2 and 4 have none)."""
    add_quiz(curriculum_tree["t3-tin-gia"])
    return curriculum_tree


def generate(*args: str, seed: int = 7) -> None:
    call_command("generate_national_data", *SMALL, "--seed", str(seed), *args)


def figures() -> dict:
    """What the dashboards show about the generated units, by code (no database ids)."""
    fields = [
        "classes",
        "classes_ran",
        "learners_enrolled",
        "learners_reached",
        "modules_completed",
        "best_score_sum",
        "scores",
    ]
    return {
        "units": sorted(
            School.objects.filter(code__startswith=PREFIX).values_list(
                "code", "name", "level", "province__code", "ward__code"
            )
        ),
        "users": sorted(
            User.objects.filter(username__startswith=USER_PREFIX).values_list(
                "username", "display_name", "role", "birth_year", "has_consent", "xapi_id"
            )
        ),
        "schools": sorted(
            SchoolYearRollup.objects.filter(school__code__startswith=PREFIX).values_list(
                "school__code", *fields, "covered_on"
            )
        ),
        "provinces": sorted(
            ProvinceYearRollup.objects.values_list("province__code", *fields, "units_covered")
        ),
        "months": sorted(
            ProvinceMonthRollup.objects.values_list(
                "province__code",
                "month",
                "units_newly_covered",
                "classes_newly_ran",
                "learners_newly_reached",
                "modules_completed",
            )
        ),
    }


def learner_statement_ids() -> set[str]:
    return {
        str(pk)
        for pk in Statement.objects.exclude(verb=profile.verb_ran_programme()).values_list(
            "id", flat=True
        )
    }


def test_a_small_run_makes_realistic_units_and_rollups_equal_to_a_rebuild(curriculum):
    generate()
    units = School.objects.filter(code__startswith=PREFIX).select_related("ward", "province")
    assert units.count() == 12
    # One unit in each of the first provinces, each in a real ward of its province.
    assert units.values("province").distinct().count() == 12
    assert all(unit.ward.province_id == unit.province_id for unit in units)
    assert {unit.level for unit in units} <= set(School.Level.values)
    for classroom in Classroom.objects.filter(school__in=units).select_related("school"):
        if classroom.grade is not None:
            assert classroom.grade in GRADES_BY_LEVEL[classroom.school.level]
        else:
            assert classroom.school.level == School.Level.CARE_FACILITY
    learners = User.objects.filter(role=User.Role.LEARNER, username__startswith=USER_PREFIX)
    assert learners.count() == 12 * 2 * 5
    assert Enrollment.objects.filter(learner__in=learners).count() == 120
    assert not any(user.has_usable_password() for user in learners)
    assert User.objects.filter(role=User.Role.TEACHER, username__startswith=USER_PREFIX).count()
    assert Assignment.objects.filter(classroom__school__in=units).exists()
    assert Statement.objects.filter(school_code__startswith=PREFIX).count() > 100
    # Coverage differs: some units covered, some not (the seed is fixed).
    rows = SchoolYearRollup.objects.filter(school__in=units)
    assert rows.filter(covered_on__isnull=False).exists()
    assert rows.filter(covered_on__isnull=True).exists()
    assert ProvinceYearRollup.objects.filter(units_covered__gt=0).exists()
    assert ProvinceYearRollup.objects.filter(units_covered=0).exists()
    # The rollups are exactly what a rebuild from the store gives.
    call_command("rebuild_rollups", "--check")


def test_the_same_seed_gives_the_same_data_and_more_statements_change_no_figure(curriculum):
    generate()
    first, first_ids = figures(), learner_statement_ids()
    call_command("generate_national_data", "--delete")
    assert not School.objects.filter(code__startswith=PREFIX).exists()
    generate()
    assert figures() == first
    assert learner_statement_ids() == first_ids
    # Three times the statements (lessons seen again): the same units, learners and figures.
    call_command("generate_national_data", "--delete")
    generate("--statements-factor", "3")
    assert figures() == first
    assert learner_statement_ids() > first_ids
    assert 2.5 * len(first_ids) < len(learner_statement_ids()) < 3.5 * len(first_ids)
    call_command("rebuild_rollups", "--check")
    # Another seed, other data.
    call_command("generate_national_data", "--delete")
    generate(seed=8)
    assert figures()["units"] != first["units"]


def test_the_fast_store_writes_the_rows_statements_import_writes(curriculum):
    """The generator stores statements with statements_import_trusted (COPY on PostgreSQL).
    Storing the same statements through the documented bulk path gives the same rows and,
    rebuilt, the same rollups."""
    national_data_generate(schools=12, classes_per_school=2, learners_per_class=5, seed=7)
    fast_snapshot = rollups_snapshot()
    columns = [
        "id",
        "actor",
        "verb",
        "activity",
        "registration",
        "timestamp",
        "province_code",
        "school_code",
        "classroom_id",
        "authority",
        "voided",
    ]
    learner_rows = Statement.objects.exclude(verb=profile.verb_ran_programme())

    def rows():
        found = {}
        for row in learner_rows.values(*columns, "payload"):
            payload = {k: v for k, v in row.pop("payload").items() if k != "stored"}
            found[row["id"]] = (row, payload)
        return found

    fast_rows = rows()
    assert len(fast_rows) > 100
    payloads = [payload for _row, payload in fast_rows.values()]
    Statement.objects.all().delete()
    assert statements_import(statements=payloads) == len(payloads)
    assert rows() == fast_rows
    rollups_rebuild()
    assert snapshot_diff(fast_snapshot, rollups_snapshot()) == []


def test_delete_removes_the_generated_data_and_nothing_else(curriculum):
    band1 = curriculum["t1-mat-khau"]
    other = make_class(school=SchoolFactory(province=province("01")), name="3A")
    learners = [enrol(other) for _ in range(3)]
    assign(other, band1)
    take_quiz(learners[0], band1)
    take_quiz(learners[1], band1, right="none")
    before = rollups_snapshot()
    statements_before = set(Statement.objects.values_list("id", flat=True))
    users_before = set(User.objects.values_list("id", flat=True))
    generate()
    assert Statement.objects.count() > len(statements_before)

    call_command("generate_national_data", "--delete")
    assert not School.objects.filter(code__startswith=PREFIX).exists()
    assert not User.objects.filter(username__startswith=USER_PREFIX).exists()
    assert not Statement.objects.filter(school_code__startswith=PREFIX).exists()
    assert set(Statement.objects.values_list("id", flat=True)) == statements_before
    assert set(User.objects.values_list("id", flat=True)) == users_before
    assert snapshot_diff(before, rollups_snapshot()) == []
    # Nothing generated left: a second --delete removes nothing.
    call_command("generate_national_data", "--delete")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--schools", "0", "--learners-per-class", "5"], "--schools"),
        (["--schools", "-3", "--learners-per-class", "5"], "--schools"),
        (["--schools", "2", "--learners-per-class", "0"], "--learners-per-class"),
        (["--schools", "2", "--learners-per-class", "500"], "--learners-per-class"),
        (["--schools", "2", "--learners-per-class", "5", "--classes-per-school", "0"], "class"),
        (["--schools", "2", "--learners-per-class", "5", "--statements-factor", "0.5"], "factor"),
        (["--learners-per-class", "5"], "--schools"),
    ],
)
def test_bad_arguments_are_refused_clearly(curriculum, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_national_data", *args)
    assert not School.objects.filter(code__startswith=PREFIX).exists()


def test_without_the_curriculum_it_says_to_load_it(db):
    with pytest.raises(CommandError, match="load_curriculum"):
        call_command("generate_national_data", "--schools", "2", "--learners-per-class", "5")
    assert not School.objects.filter(code__startswith=PREFIX).exists()


def test_it_refuses_to_generate_twice(curriculum):
    generate()
    with pytest.raises(CommandError, match="--delete"):
        generate()
