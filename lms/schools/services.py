"""Writes for schools and school years, classes, enrolment and roster imports."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import hooks
from lms.accounts.models import User
from lms.bands import band_for_age, band_for_grade

from .models import Classroom, Enrollment, School, SchoolYear
from .roster import MAX_LEARNERS_PER_CLASS, RosterParse, RosterRow, name_key


def school_year_bounds(day: date) -> tuple[date, date]:
    """The school year containing ``day`` under SCHOOL_YEAR_START (1 September by default)."""
    month, first_day = settings.SCHOOL_YEAR_START
    start_year = day.year if (day.month, day.day) >= (month, first_day) else day.year - 1
    starts_on = date(start_year, month, first_day)
    ends_on = date(start_year + 1, month, first_day) - timedelta(days=1)
    return starts_on, ends_on


def school_year_for(*, day: date) -> SchoolYear:
    """The school year that contains ``day``, made with the default dates if none exists.

    A year whose dates were changed by an administrator (the 2025-26 year opened on
    5 September) is found by its dates, not recomputed."""
    existing = SchoolYear.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
    if existing:
        return existing
    starts_on, ends_on = school_year_bounds(day)
    name = f"{starts_on.year}-{starts_on.year + 1}"
    try:
        with transaction.atomic():
            year, _created = SchoolYear.objects.get_or_create(
                name=name, defaults={"starts_on": starts_on, "ends_on": ends_on}
            )
    except IntegrityError:  # made by a concurrent request
        year = SchoolYear.objects.get(name=name)
    return year


# --- Classes -------------------------------------------------------------------------------

GRADES_BY_LEVEL = {
    School.Level.PRIMARY: range(1, 6),
    School.Level.LOWER_SECONDARY: range(6, 10),
    School.Level.UPPER_SECONDARY: range(10, 13),
    School.Level.MULTI_LEVEL: range(1, 13),
    School.Level.CARE_FACILITY: range(1, 13),
}
MIN_GROUP_AGE, MAX_GROUP_AGE = 3, 18


def classroom_band(*, grade: int | None, age_min: int | None, age_band: int | None) -> int:
    """A class's age band: from its grade; for an age group, the band chosen, else the band
    of its youngest children (the curriculum must be readable by all of them)."""
    if grade is not None:
        return band_for_grade(grade)
    if age_band:
        return age_band
    if age_min is None:
        raise ValidationError(_("Give the class a grade or an age range."))
    return band_for_age(age_min)


def _classroom_validate(
    *,
    school: School,
    school_year: SchoolYear,
    name: str,
    grade: int | None,
    age_min: int | None,
    age_max: int | None,
    exclude_pk: int | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not name:
        errors.setdefault("name", []).append(_("Give the class a name, e.g. 3A."))
    if grade is None and (age_min is None or age_max is None):
        errors.setdefault("grade", []).append(
            _("Choose the grade.")
            if school.level != School.Level.CARE_FACILITY
            else _("Choose a grade, or give the age range of the group.")
        )
    if grade is not None and grade not in GRADES_BY_LEVEL[school.level]:
        allowed = GRADES_BY_LEVEL[school.level]
        errors.setdefault("grade", []).append(
            _("A %(level)s has grades %(first)s to %(last)s.")
            % {"level": school.get_level_display(), "first": allowed[0], "last": allowed[-1]}
        )
    if grade is None and age_min is not None and age_max is not None:
        if school.level != School.Level.CARE_FACILITY:
            errors.setdefault("grade", []).append(_("A school class has a grade."))
        if not (MIN_GROUP_AGE <= age_min <= age_max <= MAX_GROUP_AGE):
            errors.setdefault("age_min", []).append(
                _("The age range must be between %(min)s and %(max)s, youngest first.")
                % {"min": MIN_GROUP_AGE, "max": MAX_GROUP_AGE}
            )
    clash = Classroom.objects.filter(school=school, school_year=school_year, name__iexact=name)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if name and clash.exists():
        errors.setdefault("name", []).append(
            _("The school already has a class %(name)s in %(year)s.")
            % {"name": name, "year": school_year.name}
        )
    if errors:
        raise ValidationError(errors)


def _teachers_validate(*, school: School, teachers) -> list:
    teachers = list(teachers)
    for teacher in teachers:
        if teacher.school_id != school.pk or teacher.role not in (
            User.Role.TEACHER,
            User.Role.SCHOOL_ADMIN,
        ):
            raise ValidationError({"teachers": [_("Only teachers of this school can teach it.")]})
    return teachers


@transaction.atomic
def classroom_create(
    *,
    school: School,
    school_year: SchoolYear,
    name: str,
    grade: int | None = None,
    age_min: int | None = None,
    age_max: int | None = None,
    age_band: int | None = None,
    teachers=(),
) -> Classroom:
    name = " ".join(name.split())
    if grade is not None:
        age_min = age_max = None
    _classroom_validate(
        school=school,
        school_year=school_year,
        name=name,
        grade=grade,
        age_min=age_min,
        age_max=age_max,
    )
    teachers = _teachers_validate(school=school, teachers=teachers)
    classroom = Classroom.objects.create(
        school=school,
        school_year=school_year,
        name=name,
        grade=grade,
        age_min=age_min,
        age_max=age_max,
        age_band=classroom_band(grade=grade, age_min=age_min, age_band=age_band),
    )
    classroom.teachers.set(teachers)
    return classroom


@transaction.atomic
def classroom_update(
    *,
    classroom: Classroom,
    name: str,
    grade: int | None = None,
    age_min: int | None = None,
    age_max: int | None = None,
    age_band: int | None = None,
    teachers=None,
) -> Classroom:
    name = " ".join(name.split())
    if grade is not None:
        age_min = age_max = None
    _classroom_validate(
        school=classroom.school,
        school_year=classroom.school_year,
        name=name,
        grade=grade,
        age_min=age_min,
        age_max=age_max,
        exclude_pk=classroom.pk,
    )
    classroom.name = name
    classroom.grade = grade
    classroom.age_min = age_min
    classroom.age_max = age_max
    classroom.age_band = classroom_band(grade=grade, age_min=age_min, age_band=age_band)
    classroom.save(update_fields=["name", "grade", "age_min", "age_max", "age_band"])
    if teachers is not None:
        teachers = _teachers_validate(school=classroom.school, teachers=teachers)
        if not teachers:
            raise ValidationError({"teachers": [_("A class needs at least one teacher.")]})
        classroom.teachers.set(teachers)
    return classroom


def classroom_archive(*, classroom: Classroom) -> None:
    """Archive a class (end of year, or made by mistake): it leaves the teacher's list and its
    assignments leave its learners' pages; nothing is deleted, so it can be restored."""
    if classroom.archived_at is None:
        classroom.archived_at = timezone.now()
        classroom.save(update_fields=["archived_at"])


def classroom_unarchive(*, classroom: Classroom) -> None:
    if classroom.archived_at is not None:
        classroom.archived_at = None
        classroom.save(update_fields=["archived_at"])


def _require_open(classroom: Classroom) -> None:
    if classroom.archived_at is not None:
        raise ValidationError(_("This class is archived. Restore it first to change it."))


# --- Learners in a class -------------------------------------------------------------------


def enrolled_count(*, classroom: Classroom) -> int:
    return Enrollment.objects.filter(classroom=classroom, left_at__isnull=True).count()


def _room_check(*, classroom: Classroom, adding: int) -> None:
    present = enrolled_count(classroom=classroom)
    if present + adding > MAX_LEARNERS_PER_CLASS:
        raise ValidationError(
            _(
                "A class holds at most %(max)s learners. %(name)s has %(present)s; "
                "%(adding)s more would make %(total)s."
            )
            % {
                "max": MAX_LEARNERS_PER_CLASS,
                "name": classroom.name,
                "present": present,
                "adding": adding,
                "total": present + adding,
            }
        )


def classroom_learner_keys(*, classroom: Classroom) -> dict[tuple[str, int | None], User]:
    """Learners now in the class, by (name as compared, birth year): duplicate detection."""
    learners = User.objects.filter(
        enrollments__classroom=classroom, enrollments__left_at__isnull=True
    ).only("id", "display_name", "birth_year", "username")
    return {(name_key(u.display_name), u.birth_year): u for u in learners}


@transaction.atomic
def learners_enroll_new(
    *, classroom: Classroom, people: Sequence[tuple[str, int | None]]
) -> list[User]:
    """Create learner accounts for (display name, birth year) pairs and enrol them in the
    class, all or nothing. Learners already in the class (same name, same year) must be
    filtered out by the caller; finding one here is an error."""
    from lms.accounts.services import learner_build, usernames_generate

    _require_open(classroom)
    # Lock the class row so two imports into one class cannot both pass the limit.
    Classroom.objects.select_for_update().filter(pk=classroom.pk).first()
    _room_check(classroom=classroom, adding=len(people))
    existing = classroom_learner_keys(classroom=classroom)
    for name, year in people:
        if (found := existing.get((name_key(name), year))) is not None:
            raise ValidationError(
                _("%(name)s (born %(year)s) is already in this class.")
                % {"name": found.display_name, "year": year or "?"}
            )
    usernames = usernames_generate(display_names=[name for name, _year in people])
    learners = [
        learner_build(
            display_name=name, birth_year=year, school=classroom.school, username=username
        )
        for (name, year), username in zip(people, usernames, strict=True)
    ]
    for learner in learners:
        learner.save()
    Enrollment.objects.bulk_create(
        Enrollment(classroom=classroom, learner=learner) for learner in learners
    )
    hooks.classroom_changed.send(classroom=classroom)
    return learners


@dataclass
class RosterPlan:
    """What a roster import will do, shown to the teacher before anything is saved."""

    to_add: list[RosterRow]
    already_in_class: list[tuple[RosterRow, User]]
    errors: list[tuple[int, str]]
    ignored_columns: list[str]
    notes: list[str]

    @property
    def can_save(self) -> bool:
        return not self.errors and bool(self.to_add)


def roster_plan(*, classroom: Classroom, parse: RosterParse) -> RosterPlan:
    """Compare a parsed list with the class: who is new, who is already there, and whether
    the class has room. Any error means nothing will be saved."""
    existing = classroom_learner_keys(classroom=classroom)
    to_add, already = [], []
    for row in parse.rows:
        match = existing.get(row.key)
        if match is not None:
            already.append((row, match))
        else:
            to_add.append(row)
    errors = list(parse.errors)
    present = len(existing)
    if not errors and present + len(to_add) > MAX_LEARNERS_PER_CLASS:
        errors.append(
            (
                0,
                _(
                    "A class holds at most %(max)s learners. %(name)s has %(present)s and the "
                    "file adds %(adding)s, which would make %(total)s."
                )
                % {
                    "max": MAX_LEARNERS_PER_CLASS,
                    "name": classroom.name,
                    "present": present,
                    "adding": len(to_add),
                    "total": present + len(to_add),
                },
            )
        )
    return RosterPlan(
        to_add=to_add,
        already_in_class=already,
        errors=errors,
        ignored_columns=parse.ignored_columns,
        notes=parse.notes,
    )


@transaction.atomic
def enrollment_end(*, classroom: Classroom, learner: User) -> Enrollment:
    """Take a learner out of a class (they moved, or were added by mistake). The account and
    its history stay; ``enrollment_restore`` undoes it."""

    _require_open(classroom)
    enrollment = Enrollment.objects.filter(
        classroom=classroom, learner=learner, left_at__isnull=True
    ).first()
    if enrollment is None:
        raise ValidationError(_("This learner is not in the class."))
    enrollment.left_at = timezone.now()
    enrollment.save(update_fields=["left_at"])
    hooks.classroom_changed.send(classroom=classroom)
    return enrollment


@transaction.atomic
def enrollment_restore(*, classroom: Classroom, learner: User) -> Enrollment:

    _require_open(classroom)
    if Enrollment.objects.filter(
        classroom=classroom, learner=learner, left_at__isnull=True
    ).exists():
        raise ValidationError(_("This learner is already in the class."))
    enrollment = (
        Enrollment.objects.filter(classroom=classroom, learner=learner, left_at__isnull=False)
        .order_by("-left_at")
        .first()
    )
    if enrollment is None:
        raise ValidationError(_("This learner was never in the class."))
    _room_check(classroom=classroom, adding=1)
    enrollment.left_at = None
    enrollment.save(update_fields=["left_at"])
    hooks.classroom_changed.send(classroom=classroom)
    return enrollment
