"""The coverage rule from the first statement to the province official's screen: quizzes
taken through the recording service, then the dashboard read as the official reads it.

Hand-built province (Cao Bằng, code 04) for the current school year:
- a primary school whose class reaches the share exactly (2 of 4): covered;
- a lower secondary school where a learner passed and then moved to another school's class:
  the first class keeps the completion (it ran), the new class gets nothing from it;
- the school the learner moved to: its class has 3 learners, none completed in it: not covered;
- a child-care facility whose group of 2 reached the share: covered, like a school;
- a school registered with no classes yet: counted as registered and listed as not covered.
"""

import pytest

from analytics.models import ClassRollup
from lms.schools.models import School
from tests.analytics.dashboard_factories import page_table
from tests.analytics.helpers import assign, enrol, leave, make_class, take_quiz
from tests.analytics.test_dashboard_numbers import headline
from tests.factories import ProvinceOfficialFactory, SchoolFactory, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def cao_bang(curriculum_tree):
    module = curriculum_tree["t1-mat-khau"]
    cb = province("04")

    def school(name, level=School.Level.PRIMARY):
        return SchoolFactory(name=name, level=level, province=cb)

    at_share = make_class(school=school("Trường Tiểu học Sông Hiến"), grade=3, name="3A")
    learners = [enrol(at_share) for _ in range(4)]
    assign(at_share, module)
    take_quiz(learners[0], module)
    take_quiz(learners[1], module, right="none")
    take_quiz(learners[1], module)  # second try: 2 of 4 exactly
    take_quiz(learners[2], module, right="none")  # failed, not completed

    left = make_class(
        school=school("Trường THCS Hòa Chung", School.Level.LOWER_SECONDARY), grade=6, name="6A"
    )
    mover = enrol(left)
    stayer = enrol(left)
    assign(left, module)
    take_quiz(mover, module)  # 1 of 2: 6A ran while the mover was in it
    joined = make_class(school=school("Trường Tiểu học Đề Thám"), grade=5, name="5A")
    assign(joined, module)
    for _ in range(2):
        enrol(joined)
    leave(left, mover)
    enrol(joined, mover)  # 3 in 5A, none completed there

    facility = school("Làng trẻ SOS Cao Bằng", School.Level.CARE_FACILITY)
    group = make_class(school=facility, grade=None, age_min=6, age_max=8, name="Nhóm Họa Mi")
    children = [enrol(group) for _ in range(2)]
    assign(group, module)
    take_quiz(children[0], module)

    school("Trường Tiểu học Hưng Đạo (mới thành lập)")  # registered, no classes yet
    return {"left": left, "joined": joined, "stayer": stayer}


@pytest.fixture
def official(client):
    client.force_login(ProvinceOfficialFactory(province=province("04")))
    return client


def test_the_province_headline_and_the_units_not_yet_covered(official, cao_bang):
    response = official.get("/dashboard/04/")
    assert response.status_code == 200
    assert headline(response)["headline"] == "60,0%"  # 3 of 5 registered units
    # Same ward, so by name in Vietnamese order: Đ comes before H.
    assert page_table(response, "uncovered")["order"] == [
        "Trường Tiểu học Đề Thám",
        "Trường Tiểu học Hưng Đạo (mới thành lập)",
    ]
    levels = page_table(response, "levels")["rows"]
    assert levels["Cơ sở trợ giúp trẻ em"]["Đơn vị đã triển khai"] == "1"
    assert levels["Tiểu học"]["Đơn vị đăng ký"] == "3"
    assert levels["Tiểu học"]["Đơn vị đã triển khai"] == "1"


def test_a_learner_who_moved_counts_where_they_completed(official, cao_bang):
    left = ClassRollup.objects.get(classroom=cao_bang["left"])
    joined = ClassRollup.objects.get(classroom=cao_bang["joined"])
    # 6A ran while the mover was there; now it has one learner, who has not completed.
    assert left.ran_on is not None and left.learners_enrolled == 1
    assert (joined.learners_enrolled, joined.learners_completed, joined.ran_on) == (3, 0, None)
    school = cao_bang["left"].school
    page = official.get(f"/dashboard/04/schools/{school.code}/")
    classes = page_table(page, "classes")["rows"]
    assert classes["6A"]["Triển khai chương trình"].startswith("Đã triển khai")


def test_a_school_with_no_classes_says_so(official, cao_bang):
    school = School.objects.get(name="Trường Tiểu học Hưng Đạo (mới thành lập)")
    response = official.get(f"/dashboard/04/schools/{school.code}/")
    assert response.status_code == 200
    assert page_table(response, "classes")["rows"] == {}
    uncovered = page_table(official.get("/dashboard/04/"), "uncovered")["rows"]
    assert uncovered[school.name]["Số lớp đăng ký"] == "0"
