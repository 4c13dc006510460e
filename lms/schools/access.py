"""Who may see what: the one place every view asks (Zulip's access_*_by_* style).

Rules (README, issue 3): a teacher sees only their classes; a school administrator only their
school; a province official only their province; a national official every province; nobody
sees a learner's answers except that learner and their teachers. Views call these functions
and answer 404 for anything outside the result, so a guessed URL reveals nothing.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lms.accounts.models import User
from lms.collation import vietnamese

from .models import Classroom, Province, School


def _role(user) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated else None


def is_teacher(user) -> bool:
    return _role(user) == User.Role.TEACHER


def is_school_admin(user) -> bool:
    return _role(user) == User.Role.SCHOOL_ADMIN


def is_province_official(user) -> bool:
    return _role(user) == User.Role.PROVINCE_OFFICIAL


def is_national_official(user) -> bool:
    return _role(user) == User.Role.NATIONAL_OFFICIAL


def is_learner(user) -> bool:
    return _role(user) == User.Role.LEARNER


def provinces_visible_to(user) -> QuerySet[Province]:
    if is_national_official(user):
        return Province.objects.all()
    if is_province_official(user) and user.province_id:
        return Province.objects.filter(pk=user.province_id)
    return Province.objects.none()


def province_for_official(user, code: str) -> Province:
    """The province with this official code, if the user may see it; else 404."""
    province = provinces_visible_to(user).filter(code=code).first()
    if province is None:
        raise Http404
    return province


def schools_visible_to(user) -> QuerySet[School]:
    if is_national_official(user):
        return School.objects.all()
    if is_province_official(user) and user.province_id:
        return School.objects.filter(province_id=user.province_id)
    if (is_school_admin(user) or is_teacher(user)) and user.school_id:
        return School.objects.filter(pk=user.school_id)
    return School.objects.none()


def classes_visible_to(user) -> QuerySet[Classroom]:
    """Classes whose learners (names included) the user may see: their own as a teacher,
    their school's as a school administrator. Officials see classes only as numbers,
    through the dashboards, never through this function."""
    if is_teacher(user):
        return Classroom.objects.filter(teachers=user)
    if is_school_admin(user) and user.school_id:
        return Classroom.objects.filter(school_id=user.school_id)
    return Classroom.objects.none()


def classroom_for_user(user, classroom_id: int) -> Classroom:
    classroom = (
        classes_visible_to(user)
        .filter(pk=classroom_id)
        .select_related("school", "school_year")
        .first()
    )
    if classroom is None:
        raise Http404
    return classroom


def learners_visible_to(user) -> QuerySet[User]:
    """Learners enrolled (now or before) in a class the user may see."""
    if is_learner(user):
        return User.objects.filter(pk=user.pk)
    return User.objects.filter(
        role=User.Role.LEARNER, enrollments__classroom__in=classes_visible_to(user)
    ).distinct()


def learner_classes_outside_scope(user, learner: User) -> QuerySet[Classroom]:
    """Open classes the learner is in that the user may not see: deleting the account would
    take the learner away from another teacher."""
    return Classroom.objects.filter(
        enrollments__learner=learner, enrollments__left_at__isnull=True
    ).exclude(pk__in=classes_visible_to(user).values("pk"))


def can_see_answers_of(user, learner: User) -> bool:
    """A learner's own answers: the learner, and the teachers of a class they are in."""
    if not user.is_authenticated:
        return False
    if user.pk == learner.pk:
        return True
    return (
        is_teacher(user)
        and Classroom.objects.filter(teachers=user, enrollments__learner=learner).exists()
    )


# --- Pages: who may open them at all (403), then which objects (404) ------------------------

PORTAL_ROLES = (User.Role.TEACHER, User.Role.SCHOOL_ADMIN)


def role_required(*roles: str):
    """A view for these roles only: anonymous visitors are sent to sign in, anyone else gets
    403. Which objects the user may see inside is then decided by the functions below (404)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if _role(user) not in roles or not user.is_active:
                raise PermissionDenied
            if _role(user) in PORTAL_ROLES and not user.school_id:
                raise PermissionDenied  # a teacher not yet placed in a school sees nothing
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def can_manage_classes(user) -> bool:
    """Teachers manage their own classes; a school administrator manages every class of the
    school (a teacher leaves, a class needs another teacher)."""
    return (is_teacher(user) or is_school_admin(user)) and bool(user.school_id)


def school_for_admin(user) -> School:
    """The school a school administrator runs; 403 for anyone else."""
    if not is_school_admin(user) or not user.school_id:
        raise PermissionDenied
    return School.objects.select_related("province", "ward").get(pk=user.school_id)


def teachers_visible_to(user) -> QuerySet[User]:
    """Colleagues a user may name as a class's teachers: the staff of their own school."""
    if not can_manage_classes(user):
        return User.objects.none()
    return User.objects.filter(
        school_id=user.school_id,
        role__in=PORTAL_ROLES,
        is_active=True,
    ).order_by(vietnamese("display_name"), "username")


def learner_in_classroom(
    user, classroom: Classroom, learner_id: int, *, current: bool = False
) -> User:
    """A learner who is (or, unless ``current``, was) in this class, which the user may see;
    else 404. Changing a learner (password, consent, badges, deletion) needs ``current``:
    a teacher keeps the history of a child who moved on, not a hold on their account."""
    if not classes_visible_to(user).filter(pk=classroom.pk).exists():
        raise Http404
    enrolled = Q(enrollments__classroom=classroom)
    if current:
        enrolled &= Q(enrollments__left_at__isnull=True)
    learner = (
        User.objects.filter(enrolled, pk=learner_id, role=User.Role.LEARNER).distinct().first()
    )
    if learner is None:
        raise Http404
    return learner


def assignment_for_user(user, classroom: Classroom, assignment_id: int):
    from lms.assignments.models import Assignment

    if not classes_visible_to(user).filter(pk=classroom.pk).exists():
        raise Http404
    assignment = (
        Assignment.objects.filter(pk=assignment_id, classroom=classroom)
        .select_related("module", "classroom")
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def badge_for_user(user, learner: User, badge_id: int):
    from lms.accounts.models import LoginBadge

    if not learners_visible_to(user).filter(pk=learner.pk).exists():
        raise Http404
    badge = LoginBadge.objects.filter(pk=badge_id, learner=learner).first()
    if badge is None:
        raise Http404
    return badge
