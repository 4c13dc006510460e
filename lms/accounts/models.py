"""People: one user model with a role, consent records for learners, QR sign-in badges."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Every person who signs in.

    A learner's account holds the least data the school needs: a display name, a username,
    a birth year, their class (through enrolment). No email, no phone. Statements about a
    learner never carry any of this: their actor is the opaque ``xapi_id``.
    """

    class Role(models.TextChoices):
        LEARNER = "learner", _("Learner")
        TEACHER = "teacher", _("Teacher")
        SCHOOL_ADMIN = "school_admin", _("School administrator")
        PROVINCE_OFFICIAL = "province_official", _("Province official")
        NATIONAL_OFFICIAL = "national_official", _("National official")
        # Curriculum authors and reviewers are staff; what they may do comes from the
        # Wagtail groups "Tác giả" and "Biên tập viên".
        STAFF = "staff", _("Curriculum staff")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    # Teacher, school administrator and learner: their school. Province official: province.
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    province = models.ForeignKey(
        "schools.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
    )
    # The pseudonymous xAPI actor (account name); never shown, never derived from a name.
    xapi_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Kept in step with the newest ConsentRecord by the consent service; read on every
    # statement, so it lives here rather than in a query.
    has_consent = models.BooleanField(_("consent recorded"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["role", "school"])]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_learner(self) -> bool:
        return self.role == self.Role.LEARNER

    @property
    def name_for_display(self) -> str:
        return str(self)


class ConsentRecord(models.Model):
    """Consent to process a learner's data (Decision 830/QĐ-TTg IV.9.c; Law 91/2025/QH15).

    Append-only: the newest record is the current state; a withdrawal is a new record.
    The child's own consent is asked from age 7.
    """

    class Relation(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        GUARDIAN = "guardian", _("Guardian")
        FACILITY = "facility", _("Head of the care facility")

    class Method(models.TextChoices):
        PAPER = "paper", _("Signed paper form kept by the school")
        IN_PERSON = "in_person", _("In person, to the teacher")
        ELECTRONIC = "electronic", _("Electronic form")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_records"
    )
    parent_consent = models.BooleanField(_("parent or guardian consents"))
    parent_name = models.CharField(_("name of the parent or guardian"), max_length=100, blank=True)
    parent_relation = models.CharField(
        _("relation to the child"), max_length=20, choices=Relation.choices, blank=True
    )
    # None when the child is under 7 and was not asked.
    child_consent = models.BooleanField(_("the child consents"), null=True, blank=True)
    method = models.CharField(_("how it was given"), max_length=20, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")


class LoginBadge(models.Model):
    """A QR code on a learner's login card that signs them in on a school device.

    Only a hash of the secret is stored; the teacher can revoke a badge (a lost card) and
    print a new one.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_badges"
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Shown to the teacher ("last used"), so a card that is still in use is not revoked by mistake.
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("login badge")
        verbose_name_plural = _("login badges")


class AccountSession(AbstractBaseSession):
    """A session, with the account it is signed in to in a column of its own (Django's
    documented way to extend the database session engine, lms/accounts/sessions.py), so that
    deleting an account ends every session of it without reading every session."""

    account_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
