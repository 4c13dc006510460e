"""The rules of MISSION.md on hand-built cases, and what the statements carry
(docs/coverage.md, docs/xapi-profile.md)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.models import (
    ClassModuleRollup,
    ClassRollup,
    LearnerModuleProgress,
    ProvinceMonthRollup,
    ProvinceYearRollup,
    QuestionRollup,
    SchoolYearRollup,
)
from analytics.rollups import class_meets_share
from analytics.xapi import profile
from analytics.xapi.models import Statement
from lms.schools.models import School
from tests.analytics.helpers import assign, enrol, leave, make_class, take_quiz, unassign
from tests.assessments.quizzes import add_quiz
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(curriculum_tree):
    return curriculum_tree["t1-mat-khau"]


def rollup(classroom):
    return ClassRollup.objects.get(classroom=classroom)


def school_rollup(classroom):
    return SchoolYearRollup.objects.get(school=classroom.school, school_year=classroom.school_year)


def test_share_arithmetic_is_exact(settings):
    assert class_meets_share(learners_completed=2, learners_enrolled=4)
    assert not class_meets_share(learners_completed=1, learners_enrolled=3)
    assert not class_meets_share(learners_completed=0, learners_enrolled=0)
    settings.COVERAGE_CLASS_SHARE = 0.3
    assert class_meets_share(learners_completed=3, learners_enrolled=10)  # 0.3 × 10 is 3, exactly


def test_a_class_runs_the_programme_exactly_at_the_share(module):
    classroom = make_class()
    learners = [enrol(classroom) for _ in range(4)]
    assign(classroom, module)
    take_quiz(learners[0], module)
    take_quiz(learners[1], module, right="none")  # failed: not completed
    row = rollup(classroom)
    assert (row.learners_enrolled, row.learners_completed, row.ran_on) == (4, 1, None)
    assert school_rollup(classroom).covered_on is None

    take_quiz(learners[1], module)  # 2 of 4 = 50%: the class has run the programme
    row = rollup(classroom)
    today = timezone.localdate()
    assert (row.learners_completed, row.modules_completed, row.ran_on) == (2, 2, today)
    school = school_rollup(classroom)
    assert (
        school.classes,
        school.classes_ran,
        school.learners_enrolled,
        school.learners_reached,
    ) == (1, 1, 4, 2)
    assert school.covered_on == today
    province = ProvinceYearRollup.objects.get(
        province=classroom.school.province, school_year=classroom.school_year
    )
    assert (
        province.units_covered,
        province.classes_ran,
        province.learners_reached,
        province.modules_completed,
    ) == (1, 1, 2, 2)
    month = ProvinceMonthRollup.objects.get(
        province=classroom.school.province, month=today.replace(day=1)
    )
    assert (
        month.units_newly_covered,
        month.classes_newly_ran,
        month.learners_newly_reached,
        month.modules_completed,
    ) == (1, 1, 2, 2)
    ran = Statement.objects.get(verb=profile.verb_ran_programme())
    assert ran.payload["actor"] == profile.class_group(classroom.pk)
    assert ran.classroom_id == classroom.pk and ran.school_code == classroom.school.code
    assert ran.activity == profile.programme_year_iri(classroom.school_year.name)


def test_completing_a_module_before_it_is_assigned_counts_once_it_is(module):
    classroom = make_class()
    learner = enrol(classroom)
    enrol(classroom)
    take_quiz(learner, module)
    assert (rollup(classroom).learners_completed, rollup(classroom).modules_completed) == (0, 1)
    assignment = assign(classroom, module)
    assert rollup(classroom).learners_completed == 1
    assert rollup(classroom).ran_on == timezone.localdate()
    unassign(assignment)
    row = rollup(classroom)
    assert row.learners_completed == 0
    assert row.ran_on == timezone.localdate()  # once ran, it stays ran for the school year
    assert school_rollup(classroom).covered_on == timezone.localdate()


def test_a_learner_who_moves_class_does_not_rewrite_history(module):
    school = SchoolFactory()
    old = make_class(school=school, name="3A")
    new = make_class(school=school, name="3B")
    mover = enrol(old)
    enrol(old)
    for classroom in (old, new):
        assign(classroom, module)
    for _ in range(3):
        enrol(new)
    take_quiz(mover, module)
    assert rollup(old).ran_on == timezone.localdate()  # 1 of 2

    leave(old, mover)
    enrol(new, mover)
    old_row, new_row = rollup(old), rollup(new)
    assert (old_row.learners_enrolled, old_row.learners_completed) == (1, 0)
    assert old_row.ran_on == timezone.localdate() and old_row.modules_completed == 1
    assert (new_row.learners_enrolled, new_row.learners_completed, new_row.ran_on) == (4, 0, None)
    assert new_row.modules_completed == 0  # the completion belongs to the old class
    assert ClassModuleRollup.objects.get(classroom=old, module=module).learners_completed == 1
    assert not ClassModuleRollup.objects.filter(classroom=new).exists()
    # The learner's own record still says completed, wherever they are.
    assert LearnerModuleProgress.objects.get(learner=mover).status == "completed"
    school = school_rollup(old)
    assert (
        school.classes,
        school.classes_ran,
        school.learners_enrolled,
        school.learners_reached,
    ) == (2, 1, 5, 0)
    assert school.covered_on == timezone.localdate()

    # Passing it again in the new class counts there.
    take_quiz(mover, module)
    assert rollup(new).learners_completed == 1 and rollup(new).modules_completed == 1


def test_learners_leaving_can_make_a_class_reach_the_share(module):
    classroom = make_class()
    finisher = enrol(classroom)
    others = [enrol(classroom) for _ in range(3)]
    assign(classroom, module)
    take_quiz(finisher, module)
    assert rollup(classroom).ran_on is None  # 1 of 4
    leave(classroom, others[0])
    assert rollup(classroom).ran_on is None  # 1 of 3
    leave(classroom, others[1])
    assert rollup(classroom).ran_on == timezone.localdate()  # 1 of 2
    assert Statement.objects.filter(verb=profile.verb_ran_programme()).count() == 1


def test_a_learner_in_no_class_has_progress_but_counts_nowhere(module):
    from tests.factories import LearnerFactory

    learner = LearnerFactory()
    take_quiz(learner, module)
    assert LearnerModuleProgress.objects.get(learner=learner).status == "completed"
    assert not ClassRollup.objects.exists() and not SchoolYearRollup.objects.exists()
    statement = Statement.objects.get(verb=profile.VERB_PASSED)
    assert "extensions" not in statement.payload["context"] and statement.classroom_id is None


def test_a_child_care_facility_is_covered_like_a_school(module):
    facility = SchoolFactory(level=School.Level.CARE_FACILITY, name="Làng trẻ em SOS")
    group = make_class(
        school=facility, grade=None, age_min=6, age_max=8, age_band=1, name="Nhóm Sơn Ca"
    )
    learner = enrol(group)
    assign(group, module)
    take_quiz(learner, module)
    assert school_rollup(group).covered_on == timezone.localdate()


def test_question_difficulty_counts_first_tries_only(module):
    classroom = make_class()
    learners = [enrol(classroom) for _ in range(3)]
    take_quiz(learners[0], module, right={"q1", "q2"})
    take_quiz(learners[1], module, right={"q1"})
    take_quiz(learners[2], module, right="all")
    take_quiz(learners[1], module, right="all")  # a second try changes nothing here
    rows = {
        r.question_key: (r.first_try_answered, r.first_try_correct)
        for r in QuestionRollup.objects.filter(classroom=classroom)
    }
    assert rows == {"q1": (3, 3), "q2": (3, 2), "q3": (3, 1), "q4": (3, 1), "q5": (3, 1)}
    module_row = ClassModuleRollup.objects.get(classroom=classroom, module=module)
    assert (
        module_row.learners_started,
        module_row.learners_completed,
        module_row.learners_scored,
    ) == (3, 2, 3)
    assert module_row.best_score_sum == pytest.approx(0.4 + 1.0 + 1.0)


def test_a_question_added_later_counts_from_its_own_first_answer(module, curriculum_tree):
    classroom = make_class()
    learner = enrol(classroom)
    take_quiz(learner, module, right="none")
    quiz = module.quiz()
    quiz.questions.append(
        (
            "true_false",
            {
                "key": "q6",
                "prompt": "Câu mới.",
                "answer": True,
                "feedback_true": "Đúng.",
                "feedback_false": "Sai.",
            },
        )
    )
    quiz.save_revision().publish()
    take_quiz(learner, module, right="all")
    rows = {
        r.question_key: r.first_try_correct
        for r in QuestionRollup.objects.filter(classroom=classroom)
    }
    assert rows["q1"] == 0 and rows["q6"] == 1


def test_statements_carry_registration_context_and_band(module):
    classroom = make_class()
    learner = enrol(classroom)
    assignment = assign(classroom, module)
    take_quiz(learner, module)
    for statement in Statement.objects.filter(actor=learner.xapi_id.hex):
        context = statement.payload["context"]
        assert statement.registration == assignment.registration
        assert context["registration"] == str(assignment.registration)
        assert context["extensions"] == {
            profile.ext_class(): classroom.pk,
            profile.ext_school(): classroom.school.code,
            profile.ext_province(): classroom.school.province.code,
            profile.ext_school_year(): classroom.school_year.name,
        }
        grouping = [a["id"] for a in context["contextActivities"]["grouping"]]
        assert profile.band_iri(1) in grouping
        assert statement.payload["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": profile.base(), "name": learner.xapi_id.hex},
        }
        assert learner.username not in str(statement.payload) and learner.display_name not in str(
            statement.payload
        )


def test_an_assignment_for_other_learners_gives_no_registration(module):
    classroom = make_class()
    learner, chosen = enrol(classroom), enrol(classroom)
    assign(classroom, module, learners=[chosen])
    take_quiz(learner, module)
    take_quiz(chosen, module)
    assert (
        Statement.objects.filter(actor=learner.xapi_id.hex, registration__isnull=False).count() == 0
    )
    assert (
        Statement.objects.filter(actor=chosen.xapi_id.hex, registration__isnull=True).count() == 0
    )
    # The module is still assigned to the class: both completions count for coverage.
    assert rollup(classroom).learners_completed == 2


def test_without_consent_only_what_teaching_needs_is_stored(module):
    classroom = make_class()
    learner = enrol(classroom, has_consent=False)
    assign(classroom, module)
    take_quiz(learner, module, right={"q1"})
    answered = Statement.objects.filter(actor=learner.xapi_id.hex, verb=profile.VERB_ANSWERED)
    assert answered.count() == 5
    for statement in answered:
        assert set(statement.payload["result"]) == {"success"}  # no response
    result = Statement.objects.get(actor=learner.xapi_id.hex, verb=profile.VERB_FAILED).payload[
        "result"
    ]
    assert "duration" not in result and result["score"]["raw"] == 1
    # What the teacher needs is there: the class, and the question difficulty.
    assert set(
        Statement.objects.filter(actor=learner.xapi_id.hex).values_list("classroom_id", flat=True)
    ) == {classroom.pk}
    assert QuestionRollup.objects.get(classroom=classroom, question_key="q1").first_try_correct == 1

    consenting = enrol(classroom)
    take_quiz(consenting, module, right={"q1"})
    payloads = [
        s.payload
        for s in Statement.objects.filter(actor=consenting.xapi_id.hex, verb=profile.VERB_ANSWERED)
    ]
    assert all("response" in p["result"] for p in payloads)


def test_best_score_sums_are_exact_through_many_changes(module, curriculum_tree):
    quiz = add_quiz(curriculum_tree["t3-tin-gia"])  # two questions: scores 0, 0.5, 1
    band3 = curriculum_tree["t3-tin-gia"]
    classroom = make_class(grade=7, age_band=3)
    learners = [enrol(classroom) for _ in range(7)]
    for i, learner in enumerate(learners):
        take_quiz(learner, band3, right={"nguon"} if i % 2 else "none")
        take_quiz(learner, band3, right="all" if i % 3 == 0 else {"anh-sua"})
    school = school_rollup(classroom)
    assert school.best_score_sum == sum(1.0 if i % 3 == 0 else 0.5 for i in range(7))
    assert school.scores == 7
    assert ClassModuleRollup.objects.get(classroom=classroom, module=band3).learners_scored == 7
    assert quiz.live


def test_timestamps_decide_the_month(module):
    classroom = make_class()
    learner = enrol(classroom)
    assign(classroom, module)
    earlier = timezone.now() - timedelta(days=40)
    take_quiz(learner, module, at=earlier)
    months = rollup(classroom).months
    key = timezone.localtime(earlier).strftime("%Y-%m")
    assert months[key] == {"modules": 1, "reached": 1}
