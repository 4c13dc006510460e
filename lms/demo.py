"""The demo: accounts for every role and a little data, created idempotently.

Each part lives with the app it belongs to; this module calls them in order.

The demo province is Tuyên Quang (code 08), which since the 2025 reorganisation runs from
the lowland city wards of Minh Xuân to the mountain communes of Đồng Văn and Lũng Cú. The
schools and facility below are examples with DEMO codes, not the real registry.
"""

from datetime import timedelta

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
    return (
        f"{User.objects.count()} accounts, {len(schools)} demo schools, {len(classes)} demo classes"
    )
