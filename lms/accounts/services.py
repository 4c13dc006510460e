"""Writes for people: learner accounts, their passwords and QR badges, consent, deletion."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import hooks

from .models import ConsentRecord, LoginBadge, User

# --- Usernames and passwords a young child can type ---------------------------------------

# Short, friendly Vietnamese words without accents (animals, fruit, things in the sky): a
# six-year-old reads them on the card and types them on any keyboard.
CHILD_PASSWORD_WORDS = (
    "meo", "cho", "ga", "vit", "ca", "tho", "gau", "voi", "khi", "ong", "buom", "heo",
    "de", "bo", "ngua", "cua", "oc", "sao", "trang", "may", "hoa", "la", "cam", "tao",
    "na", "mit", "dua", "xoai", "nho", "bi",
)  # fmt: skip
CHILD_PASSWORD_MIN_LENGTH = 6
USERNAME_MAX_GIVEN = 8


def child_password_generate() -> str:
    """A word and four digits, e.g. "voi3847": easy to read aloud and to type."""
    return f"{secrets.choice(CHILD_PASSWORD_WORDS)}{secrets.randbelow(10_000):04d}"


def adult_password_generate() -> str:
    """A first password for a teacher or administrator, changed at first sign-in."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def child_password_validate(*, password: str, username: str) -> None:
    """Rules for a learner's password set by their teacher. Simpler than adults' (a child
    types it), so Django's validators do not apply; allauth's rate limit protects it."""
    if len(password) < CHILD_PASSWORD_MIN_LENGTH:
        raise ValidationError(
            _("The password must have at least %(n)s characters.")
            % {"n": CHILD_PASSWORD_MIN_LENGTH}
        )
    if len(password) > 40:
        raise ValidationError(_("The password must have at most 40 characters."))
    if any(ch.isspace() for ch in password):
        raise ValidationError(_("The password cannot contain spaces."))
    if password.lower() == username.lower():
        raise ValidationError(_("The password cannot be the same as the username."))
    if len(set(password)) < 3:
        raise ValidationError(_("The password is too easy to guess."))


def username_base(display_name: str) -> str:
    """The child's given name (the last word, in Vietnamese order) without accents."""
    words = display_name.split()
    given = anyascii(words[-1] if words else "").lower()
    given = re.sub(r"[^a-z]", "", given)[:USERNAME_MAX_GIVEN]
    return given or "hs"


def usernames_generate(*, display_names: Sequence[str]) -> list[str]:
    """One new username per name: the given name and four digits ("an4821"), longer only
    when a name is very common. Checked against the database in one query per round."""
    result: list[str | None] = [None] * len(display_names)
    taken: set[str] = set()
    digits = 4
    pending = list(range(len(display_names)))
    for _round in range(8):
        candidates = {}
        for index in pending:
            base = username_base(display_names[index])
            candidate = f"{base}{secrets.randbelow(10**digits):0{digits}d}"
            if candidate not in taken and candidate not in candidates.values():
                candidates[index] = candidate
        existing = set(
            User.objects.filter(username__in=list(candidates.values())).values_list(
                "username", flat=True
            )
        )
        for index, candidate in candidates.items():
            if candidate not in existing:
                result[index] = candidate
                taken.add(candidate)
        pending = [i for i, name in enumerate(result) if name is None]
        if not pending:
            return [name for name in result if name]
        if _round >= 2:
            digits += 1
    raise RuntimeError("could not find free usernames")  # pragma: no cover


def login_lock_clear(*, request: HttpRequest | None, username: str) -> None:
    """Lift allauth's failed-login lock on one username (a child who mistyped five times
    and whose teacher has just helped)."""
    if request is None:
        return
    from allauth.core import ratelimit
    from django.contrib.sites.shortcuts import get_current_site

    key = f"{get_current_site(request).domain}:{username.lower()}"
    ratelimit.clear(request, action="login_failed", key=key)


# --- Learner accounts ----------------------------------------------------------------------


def learner_build(*, display_name: str, birth_year: int | None, school, username: str) -> User:
    """An unsaved learner: display name, username, birth year, school. Nothing else.
    No usable password until the teacher prints their login card or sets one."""
    learner = User(
        username=username,
        display_name=display_name,
        birth_year=birth_year,
        school=school,
        role=User.Role.LEARNER,
    )
    learner.set_unusable_password()
    return learner


def learner_update(*, learner: User, display_name: str, birth_year: int | None) -> User:
    learner.display_name = display_name
    learner.birth_year = birth_year
    learner.save(update_fields=["display_name", "birth_year"])
    return learner


def learner_password_set(
    *, learner: User, password: str, request: HttpRequest | None = None
) -> None:
    child_password_validate(password=password, username=learner.username)
    learner.set_password(password)
    learner.save(update_fields=["password"])
    login_lock_clear(request=request, username=learner.username)


@transaction.atomic
def learner_delete(*, learner: User) -> None:
    """Delete a learner for good, so that nothing about them remains (issue 11.7).

    Each app erases what it holds about the learner, through ``lms.hooks.learner_erase``
    (connected at start-up: analytics deletes their statements, learning records and practice,
    assessments their quiz attempts, ...). Then this service removes what accounts holds:
    every session of the account (signed out on every device), the admin log lines about it,
    and the account, with its enrolments, consent records and badges. Last, the classes they
    were in are recounted."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from lms.schools.models import Classroom

    from .sessions import sessions_end

    if learner.role != User.Role.LEARNER:
        raise ValidationError("only learner accounts are deleted this way")
    classrooms = list(Classroom.objects.filter(enrollments__learner=learner).distinct())
    hooks.learner_erase.send(learner=learner)
    sessions_end(user=learner)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(learner.pk)
    ).delete()
    learner.delete()
    for classroom in classrooms:
        hooks.classroom_changed.send(classroom=classroom)


# --- Printed login cards -------------------------------------------------------------------


@dataclass(frozen=True)
class Credentials:
    """What one printed card shows. Never stored: passwords and badge secrets exist in
    clear only in the response that prints them."""

    learner: User
    password: str | None
    badge_token: str | None


@transaction.atomic
def learner_credentials_issue(
    *,
    learners: Iterable[User],
    new_password: bool,
    with_badge: bool,
    issued_by: User,
    request: HttpRequest | None = None,
) -> list[Credentials]:
    """Credentials for a batch of cards. A learner without a usable password always gets a
    new one; a new badge replaces (revokes) the learner's earlier badges."""
    cards = []
    for learner in learners:
        password = None
        if new_password or not learner.has_usable_password():
            password = child_password_generate()
            learner.set_password(password)
            learner.save(update_fields=["password"])
            login_lock_clear(request=request, username=learner.username)
        token = badge_issue(learner=learner, created_by=issued_by) if with_badge else None
        cards.append(Credentials(learner=learner, password=password, badge_token=token))
    return cards


def _badge_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def badge_issue(*, learner: User, created_by: User | None) -> str:
    """A new QR badge for the learner; their earlier badges stop working. Returns the secret,
    which is printed on the card and never stored."""
    now = timezone.now()
    LoginBadge.objects.filter(learner=learner, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(18)
    LoginBadge.objects.create(
        learner=learner, secret_hash=_badge_hash(token), created_by=created_by
    )
    return token


def badge_revoke(*, badge: LoginBadge) -> None:
    if badge.revoked_at is None:
        badge.revoked_at = timezone.now()
        badge.save(update_fields=["revoked_at"])


def badge_learner(*, token: str) -> User | None:
    """The learner a badge signs in, if the badge is valid (not revoked, account active)."""
    if not token or len(token) > 64:
        return None
    badge = (
        LoginBadge.objects.select_related("learner")
        .filter(
            secret_hash=_badge_hash(token),
            revoked_at__isnull=True,
            learner__is_active=True,
            learner__role=User.Role.LEARNER,
        )
        .first()
    )
    return badge.learner if badge else None


def badge_used(*, token: str) -> None:
    LoginBadge.objects.filter(secret_hash=_badge_hash(token)).update(last_used_at=timezone.now())


# --- Consent -------------------------------------------------------------------------------

CHILD_CONSENT_AGE = 7


def child_consent_expected(*, learner: User, on: date | None = None) -> bool:
    """From age 7 a child's own consent is asked too (Law on Children 2016, art. 21;
    Decision 830/QĐ-TTg IV.9.c). Only the birth year is known, so a child who turns 7
    this year is asked: asking a six-year-old does no harm; not asking a seven-year-old would."""
    on = on or timezone.localdate()
    if learner.birth_year is None:
        return True
    return on.year - learner.birth_year >= CHILD_CONSENT_AGE


def consent_is_complete(*, record: ConsentRecord | None, child_expected: bool) -> bool:
    """``User.has_consent``: the newest record says the parent (or guardian, or the head of
    the care facility) agrees, and the child agrees too when they are 7 or older. A child
    who says no is not overruled. Without consent a learner still takes lessons; the
    platform then keeps only what teaching needs (docs/xapi-profile.md)."""
    if record is None or not record.parent_consent:
        return False
    if record.child_consent is False:
        return False
    return record.child_consent is True or not child_expected


@transaction.atomic
def consent_record(
    *,
    learner: User,
    parent_consent: bool,
    child_consent: bool | None,
    method: str,
    recorded_by: User,
    parent_name: str = "",
    parent_relation: str = "",
) -> ConsentRecord:
    """Add a consent record (records are never edited: a change or a withdrawal is a new
    one) and bring ``learner.has_consent`` in step with it."""
    if learner.role != User.Role.LEARNER:
        raise ValidationError("consent is recorded for learners only")
    if method not in ConsentRecord.Method.values:
        raise ValidationError(_("Choose how the consent was given."))
    if parent_relation and parent_relation not in ConsentRecord.Relation.values:
        raise ValidationError(_("Choose the person's relation to the child."))
    expected = child_consent_expected(learner=learner)
    if parent_consent and expected and child_consent is None:
        raise ValidationError(
            _(
                "%(name)s is 7 or older: record whether they agree themselves "
                "(the law asks for the child's own consent from age 7)."
            )
            % {"name": learner.display_name or learner.username}
        )
    record = ConsentRecord.objects.create(
        learner=learner,
        parent_consent=parent_consent,
        child_consent=child_consent,
        method=method,
        parent_name=parent_name.strip(),
        parent_relation=parent_relation,
        recorded_by=recorded_by,
    )
    has_consent = consent_is_complete(record=record, child_expected=expected)
    if learner.has_consent != has_consent:
        learner.has_consent = has_consent
        learner.save(update_fields=["has_consent"])
    return record


# --- Adults --------------------------------------------------------------------------------


@transaction.atomic
def teacher_create(
    *, school, username: str, display_name: str, email: str = "", role: str = User.Role.TEACHER
) -> tuple[User, str]:
    """A teacher (or school administrator) account at a school, with a first password that
    is shown once to whoever created it."""
    username = username.strip().lower()
    email = email.strip().lower()
    if role not in (User.Role.TEACHER, User.Role.SCHOOL_ADMIN):
        raise ValidationError("only school staff are created here")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("This username is taken. Choose another."))
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("Another account already uses this email address."))
    password = adult_password_generate()
    user = User(
        username=username,
        display_name=display_name.strip(),
        email=email,
        role=role,
        school=school,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user, password
