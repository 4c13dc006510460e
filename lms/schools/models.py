"""Places, schools and child-care facilities, school years, classes and enrolment."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.bands import BAND_CHOICES


class Province(models.Model):
    """One of the 34 provinces and centrally-governed cities (2025 structure)."""

    code = models.CharField(_("code"), max_length=2, unique=True)  # official, two digits
    name = models.CharField(_("name"), max_length=100)
    codename = models.CharField(max_length=100)
    division_type = models.CharField(max_length=40)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    """A commune, ward or special zone (xã, phường, đặc khu): 3,321 after the 2025 reform."""

    code = models.CharField(_("code"), max_length=5, unique=True)  # official, five digits
    name = models.CharField(_("name"), max_length=100)
    codename = models.CharField(max_length=100)
    division_type = models.CharField(max_length=40)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="wards")

    class Meta:
        ordering = ["province__code", "name"]
        verbose_name = _("ward")
        verbose_name_plural = _("wards")

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """A unit counted by the 100% target: a school or a child-care facility."""

    class Level(models.TextChoices):
        PRIMARY = "primary", _("Primary school")
        LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
        MULTI_LEVEL = "multi_level", _("Multi-level school")
        CARE_FACILITY = "care_facility", _("Child-care facility")

    code = models.CharField(_("official code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="schools")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="schools")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school or facility")
        verbose_name_plural = _("schools and facilities")
        indexes = [
            models.Index(fields=["province", "level"]),
            models.Index(fields=["ward"]),
        ]

    def __str__(self) -> str:
        return self.name


class SchoolYear(models.Model):
    """The period of the 100% target: 1 September – 31 August by default."""

    name = models.CharField(_("name"), max_length=20, unique=True)  # "2025-2026"
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="school_year_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Classroom(models.Model):
    """A class (lớp) of a school in one school year, or a group in a child-care facility."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classrooms")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="classrooms")
    name = models.CharField(_("class name"), max_length=50)
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    # Facilities group children by age rather than grade.
    age_min = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    age_band = models.PositiveSmallIntegerField(_("age band"), choices=BAND_CHOICES)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="taught_classrooms", blank=True
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["grade", "name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="unique_class_name_per_school_year"
            ),
            models.CheckConstraint(
                condition=models.Q(grade__isnull=False)
                | (models.Q(age_min__isnull=False) & models.Q(age_max__isnull=False)),
                name="class_has_grade_or_age_range",
            ),
        ]
        indexes = [models.Index(fields=["school", "school_year"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Enrollment(models.Model):
    """A learner's membership of a class. Ending it (left_on) keeps the history, so a learner
    who moves class does not rewrite what the old class did."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="enrollments")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "learner"],
                condition=models.Q(left_at__isnull=True),
                name="one_active_enrollment_per_class",
            )
        ]
        indexes = [
            models.Index(fields=["learner", "left_at"]),
            models.Index(fields=["classroom", "left_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} in {self.classroom_id}"
