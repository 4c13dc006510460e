"""The demo: accounts for every role and a little data, created idempotently.

Each part lives with the app it belongs to; this module calls them in order.

The demo province is Tuyên Quang (code 08), which since the 2025 reorganisation runs from
the lowland city wards of Minh Xuân to the mountain communes of Đồng Văn and Lũng Cú. The
schools and facility below are examples with DEMO codes, not the real registry.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from lms.accounts.models import ConsentRecord, User

DEMO_PASSWORD = "demo-2026"  # noqa: S105  (printed in the README; DEBUG only)
DEMO_PROVINCE = "08"

# (code, name, level, ward code)
DEMO_SCHOOLS = [
    ("DEMO-08-TH01", "Trường Tiểu học Minh Xuân", "primary", "02215"),
    ("DEMO-08-THCS01", "Trường THCS Đồng Văn", "lower_secondary", "00721"),
    ("DEMO-08-THPT01", "Trường THPT Na Hang", "upper_secondary", "02221"),
    ("DEMO-08-LC01", "Trường PTDTBT Tiểu học và THCS Lũng Cú", "multi_level", "00715"),
    ("DEMO-08-BT01", "Cơ sở Bảo trợ xã hội trẻ em Sơn Dương", "care_facility", "02536"),
]
# (school code, class name, grade or None, age range or None, teacher username or None)
DEMO_CLASSES = [
    ("DEMO-08-TH01", "3A", 3, None, "giaovien"),
    ("DEMO-08-TH01", "5B", 5, None, "giaovien2"),
    ("DEMO-08-THCS01", "7A", 7, None, None),
    ("DEMO-08-THPT01", "10A1", 10, None, None),
    ("DEMO-08-LC01", "4A", 4, None, None),
    ("DEMO-08-BT01", "Nhóm 6–10 tuổi", None, (6, 10), None),
]
# Class 3A of the demo teacher: Kinh, Tày, Dao, H'Mông and Nùng names, as in Tuyên Quang.
DEMO_LEARNERS = [
    ("hs3a01", "Nguyễn Văn An"),
    ("hs3a02", "Hoàng Thị Mai"),
    ("hs3a03", "Ma Văn Tùng"),
    ("hs3a04", "Triệu Thị Hoa"),
    ("hs3a05", "Giàng A Páo"),
    ("hs3a06", "Sùng Thị Mỷ"),
    ("hs3a07", "Lý Văn Minh"),
    ("hs3a08", "Nông Thị Huyền"),
    ("hs3a09", "Trần Đức Anh"),
    ("hs3a10", "Lò Thị Lan"),
    ("hs3a11", "Phạm Minh Khôi"),
    ("hs3a12", "Vàng Thị Dung"),
]
# What the learners of 3A have done so far, so that every page has something true to show:
# (username, days ago they read the lessons, [(days ago, passed?) for each quiz attempt]).
# Seven of twelve passed (one after a second try), so 3A has run the programme and its school
# counts as covered in Tuyên Quang; one failed and has not tried again, two only read the
# lessons, two have not started. Dates are counted back from the day the demo is loaded.
DEMO_RECORDS = [
    ("hs3a01", 44, [(44, True)]),
    ("hs3a02", 40, [(40, True)]),
    ("hs3a03", 33, [(33, True)]),
    ("hs3a04", 27, [(26, True)]),
    ("hs3a05", 20, [(20, False), (19, True)]),
    ("hs3a06", 15, [(15, True)]),
    ("hs3a07", 10, [(9, True)]),
    ("hs3a08", 6, [(6, False)]),
    ("hs3a09", 4, []),
    ("hs3a10", 2, []),
]


def _staff(
    username: str, display_name: str, *, group: str | None = None, superuser: bool = False
) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "display_name": display_name,
            "role": User.Role.STAFF,
            "is_staff": True,
            "is_superuser": superuser,
            "email": f"{username}@demo.kynangso.vn",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _person(username: str, display_name: str, role: str, **fields) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"display_name": display_name, "role": role, **fields},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _schools():
    from lms.schools.models import Province, School, Ward

    province = Province.objects.get(code=DEMO_PROVINCE)
    schools = {}
    for code, name, level, ward_code in DEMO_SCHOOLS:
        schools[code], _created = School.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "province": province,
                "ward": Ward.objects.get(code=ward_code, province=province),
            },
        )
    return province, schools


def _classes(schools, teachers, school_year):
    from lms.schools.models import Classroom
    from lms.schools.services import classroom_create

    classes = {}
    for school_code, name, grade, ages, teacher in DEMO_CLASSES:
        school = schools[school_code]
        classroom = Classroom.objects.filter(
            school=school, school_year=school_year, name=name
        ).first()
        if classroom is None:
            classroom = classroom_create(
                school=school,
                school_year=school_year,
                name=name,
                grade=grade,
                age_min=ages[0] if ages else None,
                age_max=ages[1] if ages else None,
                teachers=[teachers[teacher]] if teacher else [],
            )
        classes[(school_code, name)] = classroom
    return classes


def _class_3a(classroom, teacher, school_year):
    from analytics.rollups import classroom_enrollment_changed
    from lms.accounts.services import consent_record
    from lms.schools.models import Enrollment

    birth_year = school_year.starts_on.year - 8  # grade 3: eight this school year
    added = False
    for username, name in DEMO_LEARNERS:
        learner = _person(
            username,
            name,
            User.Role.LEARNER,
            birth_year=birth_year,
            school=classroom.school,
        )
        _enrollment, created = Enrollment.objects.get_or_create(
            classroom=classroom, learner=learner, left_at=None
        )
        added = added or created
        if not learner.consent_records.exists():
            consent_record(
                learner=learner,
                parent_consent=True,
                child_consent=True,
                method=ConsentRecord.Method.PAPER,
                recorded_by=teacher,
            )
    if added:
        classroom_enrollment_changed(classroom=classroom)


def _assignment(classroom, teacher):
    from curriculum.models import AgeBandPage, ModulePage
    from lms.learn.services import assignment_create

    if classroom.assignments.filter(removed_at__isnull=True).exists():
        return
    band_page = AgeBandPage.objects.live().filter(band=classroom.age_band).first()
    module = ModulePage.objects.child_of(band_page).live().first() if band_page else None
    if module is None:
        return  # the curriculum is not loaded (load_curriculum runs first in `make run`)
    assignment_create(
        classroom=classroom,
        module=module,
        assigned_by=teacher,
        due_on=timezone.localdate() + timedelta(days=14),
    )


def _answers(quiz, *, passing: bool) -> dict:
    """Answers to every question of ``quiz``: all right, or wrong from the first question on
    until the attempt fails."""
    from assessments.scoring import CHOICE_TYPES

    def right(value, kind):
        if kind in CHOICE_TYPES:
            return [i for i, c in enumerate(value["choices"]) if c["correct"]]
        if kind == "true_false":
            return bool(value["answer"])
        return {i: i + 1 for i in range(len(value["items"]))}

    def wrong(value, kind):
        if kind in CHOICE_TYPES:
            wrong_ones = [i for i, c in enumerate(value["choices"]) if not c["correct"]]
            return wrong_ones[:1] or [0]
        if kind == "true_false":
            return not value["answer"]
        count = len(value["items"])
        return {i: count - i for i in range(count)}

    blocks = [(block.value, block.block_type) for block in quiz.questions]
    answers = {value["key"]: right(value, kind) for value, kind in blocks}
    if not passing:
        # Enough wrong answers to fall below the pass mark, the later ones right.
        wrong_needed = len(blocks) - (quiz.pass_mark * len(blocks) - 1) // 100
        for value, kind in blocks[: max(1, wrong_needed)]:
            answers[value["key"]] = wrong(value, kind)
    return answers


def _class_3a_records(classroom, school_year) -> None:
    """Lessons read and quizzes taken by 3A, recorded through the same functions as a
    learner's clicks (statements, then rollups). Once only: skipped when 3A has records."""
    from analytics.models import LearnerClassModule
    from analytics.services import lesson_experienced_record
    from assessments.services import quiz_attempt_import

    assignment = classroom.assignments.filter(removed_at__isnull=True).first()
    if assignment is None or LearnerClassModule.objects.filter(classroom=classroom).exists():
        return
    module = assignment.module.specific
    lessons, quiz = list(module.lessons()), module.quiz()
    if quiz is None:
        return
    today = timezone.localdate()
    first_day = max(school_year.starts_on, today - timedelta(days=60))

    def moment(days_ago: int, hour: int) -> datetime:
        day = min(today, max(first_day, today - timedelta(days=days_ago)))
        at = timezone.make_aware(datetime.combine(day, time(hour, 0)))
        return min(at, timezone.now() - timedelta(minutes=30))

    # The teacher gave the module at the start of this story, not on the day of loading.
    type(assignment).objects.filter(pk=assignment.pk).update(created_at=moment(48, 7))
    learners = {u.username: u for u in User.objects.filter(enrollments__classroom=classroom)}
    for username, read_days_ago, attempts in DEMO_RECORDS:
        learner = learners.get(username)
        if learner is None:  # deleted by hand since an earlier load
            continue
        for minute, lesson in enumerate(lessons):
            lesson_experienced_record(
                learner=learner,
                lesson=lesson,
                module=module,
                at=moment(read_days_ago, 8) + timedelta(minutes=5 * minute),
            )
        for days_ago, passing in attempts:
            submitted_at = moment(days_ago, 9)
            quiz_attempt_import(
                learner=learner,
                quiz=quiz,
                answers=_answers(quiz, passing=passing),
                started_at=submitted_at - timedelta(minutes=6),
                submitted_at=submitted_at,
            )


@transaction.atomic
def demo_load() -> str:
    from curriculum.services import AUTHORS_GROUP, REVIEWERS_GROUP
    from lms.schools.services import school_year_for

    _staff("quantri", "Quản trị hệ thống", superuser=True)
    _staff("tacgia", "Tác giả Nguyễn Thu Hà", group=AUTHORS_GROUP)
    _staff("bientap", "Biên tập viên Trần Minh Đức", group=REVIEWERS_GROUP)

    province, schools = _schools()
    primary = schools["DEMO-08-TH01"]
    teachers = {
        "giaovien": _person(
            "giaovien",
            "Hoàng Thị Lan",
            User.Role.TEACHER,
            school=primary,
            email="giaovien@demo.kynangso.vn",
        ),
        "giaovien2": _person(
            "giaovien2",
            "Nông Văn Thành",
            User.Role.TEACHER,
            school=primary,
            email="giaovien2@demo.kynangso.vn",
        ),
    }
    _person(
        "hieutruong",
        "Phạm Văn Hùng",
        User.Role.SCHOOL_ADMIN,
        school=primary,
        email="hieutruong@demo.kynangso.vn",
    )
    _person(
        "sogd",
        "Sở GD&ĐT Tuyên Quang",
        User.Role.PROVINCE_OFFICIAL,
        province=province,
        email="sogd@demo.kynangso.vn",
    )
    _person("bogd", "Bộ GD&ĐT", User.Role.NATIONAL_OFFICIAL, email="bogd@demo.kynangso.vn")

    school_year = school_year_for(day=timezone.localdate())
    classes = _classes(schools, teachers, school_year)
    class_3a = classes[("DEMO-08-TH01", "3A")]
    _class_3a(class_3a, teachers["giaovien"], school_year)
    _assignment(class_3a, teachers["giaovien"])
    _class_3a_records(class_3a, school_year)
    return (
        f"{User.objects.count()} accounts, {len(schools)} demo schools, {len(classes)} demo classes"
    )
