"""Factories for tests (factory_boy). Provinces and wards are the real ones, loaded by a
migration; factories pick from them rather than inventing codes."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from lms.accounts.models import User
from lms.schools.models import Classroom, Enrollment, Province, School, SchoolYear, Ward

DEFAULT_PASSWORD = "mat-khau-thu-9"  # noqa: S105


def province(code: str = "01") -> Province:
    return Province.objects.get(code=code)


def ward_in(province_code: str = "01", index: int = 0) -> Ward:
    return Ward.objects.filter(province__code=province_code).order_by("code")[index]


class SchoolYearFactory(DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ("name",)

    name = "2025-2026"
    starts_on = date(2025, 9, 5)
    ends_on = date(2026, 8, 31)


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    code = factory.Sequence(lambda n: f"TEST{n:05d}")
    name = factory.Sequence(lambda n: f"Trường Tiểu học Thử Nghiệm số {n}")
    level = School.Level.PRIMARY
    province = factory.LazyFunction(lambda: province("01"))
    ward = factory.LazyAttribute(
        lambda o: Ward.objects.filter(province=o.province).order_by("code").first()
    )


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    display_name = factory.Sequence(lambda n: f"Người dùng {n}")
    role = User.Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TeacherFactory(UserFactory):
    username = factory.Sequence(lambda n: f"giaovien{n}")
    display_name = factory.Sequence(lambda n: f"Cô giáo {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@truong.edu.vn")
    role = User.Role.TEACHER
    school = factory.SubFactory(SchoolFactory)


class SchoolAdminFactory(TeacherFactory):
    username = factory.Sequence(lambda n: f"hieutruong{n}")
    role = User.Role.SCHOOL_ADMIN


class ProvinceOfficialFactory(UserFactory):
    username = factory.Sequence(lambda n: f"so{n}")
    role = User.Role.PROVINCE_OFFICIAL
    province = factory.LazyFunction(lambda: province("01"))
    school = None


class NationalOfficialFactory(UserFactory):
    username = factory.Sequence(lambda n: f"bo{n}")
    role = User.Role.NATIONAL_OFFICIAL


class LearnerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"hs{n:04d}")
    display_name = factory.Sequence(lambda n: f"Học sinh {n}")
    role = User.Role.LEARNER
    birth_year = 2017
    school = factory.SubFactory(SchoolFactory)
    has_consent = True


class ClassroomFactory(DjangoModelFactory):
    class Meta:
        model = Classroom
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    name = factory.Sequence(lambda n: f"3A{n}")
    grade = 3
    age_band = 1

    @factory.post_generation
    def teachers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.teachers.add(*extracted)


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrollment

    classroom = factory.SubFactory(ClassroomFactory)
    learner = factory.SubFactory(LearnerFactory, school=factory.SelfAttribute("..classroom.school"))
