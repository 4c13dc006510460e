"""The teacher portal (/teacher/): classes, rosters, login cards, consent, assignments,
progress, and the school administrator's pages. Views are thin: access through
lms.schools.access, reads through selectors, writes through services."""

from __future__ import annotations

from datetime import timedelta

import segno
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from analytics import selectors as analytics_selectors
from curriculum.models import ModulePage
from lms.accounts import services as account_services
from lms.accounts.models import User
from lms.collation import vietnamese
from lms.learn import services as learn_services
from lms.schools import access
from lms.schools import services as school_services
from lms.schools.access import PORTAL_ROLES, role_required
from lms.schools.models import Classroom, School
from lms.schools.roster import MAX_LEARNERS_PER_CLASS, RosterError, roster_parse

from . import guides as teacher_guides
from . import selectors
from .forms import (
    AssignmentForm,
    BulkConsentForm,
    CardsForm,
    ClassroomForm,
    ConsentForm,
    LearnerForm,
    LearnerPasswordForm,
    RosterConfirmForm,
    RosterUploadForm,
    StaffForm,
)

portal = role_required(*PORTAL_ROLES)
ROSTER_SALT = "teacher_portal.roster"
ROSTER_MAX_AGE = 60 * 60  # a preview is valid for an hour


# --- Helpers -------------------------------------------------------------------------------


def render_portal(request, template: str, context: dict | None = None, **kwargs) -> HttpResponse:
    """Render a portal page with the pending "undo" offer (one action back), if any."""
    context = dict(context or {})
    context["undo"] = request.session.pop("undo", None)
    context.setdefault("is_school_admin", access.is_school_admin(request.user))
    return render(request, template, context, **kwargs)


def offer_undo(request, *, message: str, url: str) -> None:
    messages.success(request, message)
    request.session["undo"] = {"url": url}


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _years(classroom: Classroom | None = None):
    today = timezone.localdate()
    current = school_services.school_year_for(day=today)
    years = [current]
    # From June, teachers prepare next year's classes.
    if today.month >= 6:
        years.append(school_services.school_year_for(day=current.ends_on + timedelta(days=1)))
    if classroom is not None and classroom.school_year not in years:
        years.insert(0, classroom.school_year)
    return years


def _classroom(request, classroom_id: int) -> Classroom:
    return access.classroom_for_user(request.user, classroom_id)


def _open_classroom(request, classroom: Classroom):
    """None if the class can be changed; otherwise a redirect with a message."""
    if classroom.archived_at is not None:
        messages.error(request, _("This class is archived. Restore it first to change it."))
        return redirect("teacher_portal:class_detail", classroom.pk)
    return None


def _roster_queryset(classroom: Classroom):
    return User.objects.filter(
        role=User.Role.LEARNER,
        enrollments__classroom=classroom,
        enrollments__left_at__isnull=True,
    ).order_by(vietnamese("display_name"), "username")


# --- My classes ----------------------------------------------------------------------------


@require_GET
@portal
def home(request):
    classrooms = access.classes_visible_to(request.user)
    if access.is_school_admin(request.user):
        # The school's full list is on the school page (paginated); here, what they teach.
        classrooms = classrooms.filter(teachers=request.user)
    open_classes, archived = selectors.teacher_classes(classrooms=classrooms)
    return render_portal(
        request,
        "teacher_portal/home.html",
        {"classes": open_classes, "archived": archived},
    )


@require_http_methods(["GET", "POST"])
@portal
def class_create(request):
    user = request.user
    school = School.objects.get(pk=user.school_id)
    years = _years()
    teachers_qs = access.teachers_visible_to(user) if access.is_school_admin(user) else None
    form = ClassroomForm(
        request.POST if request.method == "POST" else None,
        school=school,
        years=years,
        teachers_queryset=teachers_qs,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        teachers = list(data.get("teachers") or [])
        if access.is_teacher(user) and user not in teachers:
            teachers.append(user)
        try:
            classroom = school_services.classroom_create(
                school=school,
                school_year=next(y for y in years if str(y.pk) == data["school_year"]),
                name=data["name"],
                grade=data.get("grade"),
                age_min=data.get("age_min"),
                age_max=data.get("age_max"),
                age_band=data.get("age_band"),
                teachers=teachers,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Class %(name)s was created. Next: add its learners.") % {"name": classroom.name},
            )
            return redirect("teacher_portal:class_detail", classroom.pk)
    return render_portal(
        request, "teacher_portal/class_form.html", {"form": form, "school": school}
    )


@require_http_methods(["GET", "POST"])
@portal
def class_edit(request, classroom_id: int):
    classroom = _classroom(request, classroom_id)
    if blocked := _open_classroom(request, classroom):
        return blocked
    form = ClassroomForm(
        request.POST if request.method == "POST" else None,
        school=classroom.school,
        years=[classroom.school_year],
        teachers_queryset=access.teachers_visible_to(request.user),
        initial={
            "name": classroom.name,
            "school_year": str(classroom.school_year_id),
            "grade": classroom.grade,
            "age_min": classroom.age_min,
            "age_max": classroom.age_max,
            "age_band": classroom.age_band if classroom.grade is None else None,
            "teachers": list(classroom.teachers.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            school_services.classroom_update(
                classroom=classroom,
                name=data["name"],
                grade=data.get("grade"),
                age_min=data.get("age_min"),
                age_max=data.get("age_max"),
                age_band=data.get("age_band"),
                teachers=list(data["teachers"]),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The class was saved."))
            if not access.classes_visible_to(request.user).filter(pk=classroom.pk).exists():
                return redirect("teacher_portal:home")
            return redirect("teacher_portal:class_detail", classroom.pk)
    return render_portal(
        request,
        "teacher_portal/class_form.html",
        {"form": form, "classroom": classroom, "school": classroom.school},
    )


@require_POST
@portal
def class_archive(request, classroom_id: int):
    classroom = _classroom(request, classroom_id)
    school_services.classroom_archive(classroom=classroom)
    offer_undo(
        request,
        message=_("Class %(name)s was archived.") % {"name": classroom.name},
        url=reverse("teacher_portal:class_unarchive", args=[classroom.pk]),
    )
    return redirect("teacher_portal:home")


@require_POST
@portal
def class_unarchive(request, classroom_id: int):
    classroom = _classroom(request, classroom_id)
    school_services.classroom_unarchive(classroom=classroom)
    messages.success(request, _("Class %(name)s was restored.") % {"name": classroom.name})
    return redirect("teacher_portal:class_detail", classroom.pk)


@require_GET
@portal
def class_detail(request, classroom_id: int):
    classroom = _classroom(request, classroom_id)
    roster = selectors.class_roster(classroom=classroom)
    assignments = selectors.class_assignments(classroom=classroom)
    return render_portal(
        request,
        "teacher_portal/class_detail.html",
        {
            "classroom": classroom,
            "roster": roster,
            "without_card": sum(1 for learner in roster if not learner.has_card),
            "without_consent": sum(1 for learner in roster if not learner.has_consent),
            "assignments": assignments.active,
            "leavers": selectors.class_recent_leavers(classroom=classroom),
            "teachers": list(classroom.teachers.all()),
            "max_learners": MAX_LEARNERS_PER_CLASS,
        },
    )


# --- Learners ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal
def learner_add(request, classroom_id: int):
    classroom = _classroom(request, classroom_id)
    if blocked := _open_classroom(request, classroom):
        return blocked
    form = LearnerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            (learner,) = school_services.learners_enroll_new(
                classroom=classroom,
                people=[(form.cleaned_data["display_name"], form.cleaned_data["birth_year"])],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("%(name)s was added with the username %(username)s.")
                % {"name": learner.display_name, "username": learner.username},
            )
            if "again" in request.POST:
                return redirect("teacher_portal:learner_add", classroom.pk)
            return redirect("teacher_portal:class_detail", classroom.pk)
    return render_portal(
        request, "teacher_portal/learner_add.html", {"classroom": classroom, "form": form}
    )


@never_cache
@require_http_methods(["GET", "POST"])
@portal
def roster_import(request, classroom_id: int):
    """Step 1: upload; step 2 (same URL, POST): the preview, with nothing saved yet."""
    classroom = _classroom(request, classroom_id)
    if blocked := _open_classroom(request, classroom):
        return blocked
    form = RosterUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    context = {"classroom": classroom, "form": form, "max_learners": MAX_LEARNERS_PER_CLASS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parse = roster_parse(data=upload.read(), filename=upload.name)
        except RosterError as exc:
            form.add_error("file", str(exc))
        else:
            plan = school_services.roster_plan(classroom=classroom, parse=parse)
            context["plan"] = plan
            context["file_name"] = upload.name
            if plan.can_save:
                payload = {
                    "c": classroom.pk,
                    "u": request.user.pk,
                    "rows": [[row.name, row.birth_year] for row in plan.to_add],
                }
                context["confirm_form"] = RosterConfirmForm(
                    initial={"plan": signing.dumps(payload, salt=ROSTER_SALT, compress=True)}
                )
            return render_portal(request, "teacher_portal/roster_preview.html", context)
    return render_portal(request, "teacher_portal/roster_import.html", context)


@require_POST
@portal
def roster_confirm(request, classroom_id: int):
    """Step 3: save the previewed list, all or nothing, checked again against the class."""
    classroom = _classroom(request, classroom_id)
    if blocked := _open_classroom(request, classroom):
        return blocked
    form = RosterConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise signing.BadSignature
        payload = signing.loads(form.cleaned_data["plan"], salt=ROSTER_SALT, max_age=ROSTER_MAX_AGE)
        if payload.get("c") != classroom.pk or payload.get("u") != request.user.pk:
            raise signing.BadSignature
        people = [(str(name), int(year)) for name, year in payload["rows"]]
    except signing.SignatureExpired:
        messages.error(request, _("The preview is more than an hour old. Upload the file again."))
        return redirect("teacher_portal:roster_import", classroom.pk)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        messages.error(request, _("The preview could not be read. Upload the file again."))
        return redirect("teacher_portal:roster_import", classroom.pk)
    try:
        learners = school_services.learners_enroll_new(classroom=classroom, people=people)
    except ValidationError as exc:
        messages.error(request, _("Nothing was saved: %(reason)s") % {"reason": error_text(exc)})
        return redirect("teacher_portal:roster_import", classroom.pk)
    messages.success(
        request,
        _("%(n)s learners were added to %(name)s. Next: print their login cards.")
        % {"n": len(learners), "name": classroom.name},
    )
    return redirect("teacher_portal:class_detail", classroom.pk)


@require_http_methods(["GET", "POST"])
@portal
def learner_detail(request, classroom_id: int, learner_id: int):
    classroom = _classroom(request, classroom_id)
    learner = access.learner_in_classroom(request.user, classroom, learner_id)
    form = LearnerForm(
        request.POST if request.method == "POST" else None,
        initial={"display_name": learner.display_name, "birth_year": learner.birth_year},
    )
    if request.method == "POST":
        if blocked := _open_classroom(request, classroom):
            return blocked
        access.learner_in_classroom(request.user, classroom, learner_id, current=True)
        if form.is_valid():
            account_services.learner_update(
                learner=learner,
                display_name=form.cleaned_data["display_name"],
                birth_year=form.cleaned_data["birth_year"],
            )
            messages.success(request, _("Saved."))
            return redirect("teacher_portal:learner_detail", classroom.pk, learner.pk)
    return render_portal(
        request,
        "teacher_portal/learner_detail.html",
        _learner_context(request, classroom, learner, form=form),
    )


def _learner_context(request, classroom, learner, **extra) -> dict:
    in_class = learner.enrollments.filter(classroom=classroom, left_at__isnull=True).exists()
    context = {
        "classroom": classroom,
        "learner": learner,
        "in_class": in_class,
        "password_form": LearnerPasswordForm(),
        "consent_form": ConsentForm(initial={"method": "paper", "parent_consent": "yes"}),
        "consent_history": selectors.learner_consent_history(learner=learner),
        "child_consent_expected": account_services.child_consent_expected(learner=learner),
        "badges": selectors.learner_badges(learner=learner),
        "other_classes": selectors.learner_other_classes(learner=learner, classroom=classroom),
        "can_see_answers": access.can_see_answers_of(request.user, learner),
    }
    context.update(extra)
    return context


@require_POST
@portal
def learner_password(request, classroom_id: int, learner_id: int):
    classroom = _classroom(request, classroom_id)
    learner = access.learner_in_classroom(request.user, classroom, learner_id, current=True)
    form = LearnerPasswordForm(request.POST)
    if form.is_valid():
        try:
            account_services.learner_password_set(
                learner=learner, password=form.cleaned_data["password"], request=request
            )
        except ValidationError as exc:
            form.add_error("password", exc.messages)
        else:
            messages.success(
                request,
                _("The new password of %(name)s is saved. Tell it to the child or print a card.")
                % {"name": learner.display_name},
            )
            return redirect("teacher_portal:learner_detail", classroom.pk, learner.pk)
    return render_portal(
        request,
        "teacher_portal/learner_detail.html",
        _learner_context(
            request,
            classroom,
            learner,
            form=LearnerForm(
                initial={"display_name": learner.display_name, "birth_year": learner.birth_year}
            ),
            password_form=form,
        ),
        status=400,
    )


@require_POST
@portal
def learner_consent(request, classroom_id: int, learner_id: int):
    classroom = _classroom(request, classroom_id)
    learner = access.learner_in_classroom(request.user, classroom, learner_id, current=True)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            account_services.consent_record(
                learner=learner, recorded_by=request.user, **form.values()
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("teacher_portal:learner_detail", classroom.pk, learner.pk)
    return render_portal(
        request,
        "teacher_portal/learner_detail.html",
        _learner_context(
            request,
            classroom,
            learner,
            form=LearnerForm(
                initial={"display_name": learner.display_name, "birth_year": learner.birth_year}
            ),
            consent_form=form,
        ),
        status=400,
    )


@require_POST
@portal
def learner_remove(request, classroom_id: int, learner_id: int):
    classroom = _classroom(request, classroom_id)
    learner = access.learner_in_classroom(request.user, classroom, learner_id, current=True)
    try:
        school_services.enrollment_end(classroom=classroom, learner=learner)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        offer_undo(
            request,
            message=_("%(name)s was taken out of %(class)s.")
            % {"name": learner.display_name, "class": classroom.name},
            url=reverse("teacher_portal:learner_restore", args=[classroom.pk, learner.pk]),
        )
    return redirect("teacher_portal:class_detail", classroom.pk)


@require_POST
@portal
def learner_restore(request, classroom_id: int, learner_id: int):
    classroom = _classroom(request, classroom_id)
    learner = access.learner_in_classroom(request.user, classroom, learner_id)
    try:
        school_services.enrollment_restore(classroom=classroom, learner=learner)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("%(name)s is back in %(class)s.")
            % {"name": learner.display_name, "class": classroom.name},
        )
    return redirect("teacher_portal:class_detail", classroom.pk)


@require_http_methods(["GET", "POST"])
@portal
def learner_delete(request, classroom_id: int, learner_id: int):
    classroom = _classroom(request, classroom_id)
    learner = access.learner_in_classroom(request.user, classroom, learner_id, current=True)
    error = None
    elsewhere = list(access.learner_classes_outside_scope(request.user, learner))
    if elsewhere:
        messages.error(
            request,
            _(
                "%(name)s is also in class %(classes)s of another teacher, so the account "
                "cannot be deleted from here. Take them out of this class instead."
            )
            % {"name": learner.display_name, "classes": ", ".join(c.name for c in elsewhere)},
        )
        return redirect("teacher_portal:learner_detail", classroom.pk, learner.pk)
    if request.method == "POST":
        typed = " ".join(request.POST.get("confirm_name", "").split()).casefold()
        if typed != " ".join(learner.display_name.split()).casefold():
            error = _("Type the learner's full name exactly to confirm.")
        else:
            name = learner.display_name
            account_services.learner_delete(learner=learner)
            messages.success(
                request,
                _("The account of %(name)s and all its learning records were deleted.")
                % {"name": name},
            )
            return redirect("teacher_portal:class_detail", classroom.pk)
    return render_portal(
        request,
        "teacher_portal/learner_delete.html",
        {"classroom": classroom, "learner": learner, "error": error},
        status=400 if error else 200,
    )


@require_POST
@portal
def badge_revoke(request, classroom_id: int, learner_id: int, badge_id: int):
    classroom = _classroom(request, classroom_id)
    learner = access.learner_in_classroom(request.user, classroom, learner_id, current=True)
    badge = access.badge_for_user(request.user, learner, badge_id)
    account_services.badge_revoke(badge=badge)
    messages.success(
        request, _("The QR code of %(name)s no longer signs in.") % {"name": learner.display_name}
    )
    return redirect("teacher_portal:learner_detail", classroom.pk, learner.pk)


# --- Consent for the whole class -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal
def class_consent(request, classroom_id: int):
    classroom = _classroom(request, classroom_id)
    learners = _roster_queryset(classroom)
    form = BulkConsentForm(
        request.POST if request.method == "POST" else None,
        learners=learners,
        initial={"method": "paper", "learners": [u for u in learners if not u.has_consent]},
    )
    if request.method == "POST":
        if blocked := _open_classroom(request, classroom):
            return blocked
        if form.is_valid():
            chosen = list(form.cleaned_data["learners"])
            child_agrees = form.cleaned_data["child_agrees"]
            needs_child = [u for u in chosen if account_services.child_consent_expected(learner=u)]
            if needs_child and not child_agrees:
                form.add_error(
                    "child_agrees",
                    _(
                        "%(n)s of the chosen learners are 7 or older: confirm that they agreed "
                        "too, or record their consent one by one."
                    )
                    % {"n": len(needs_child)},
                )
            else:
                from django.db import transaction

                with transaction.atomic():
                    for learner in chosen:
                        account_services.consent_record(
                            learner=learner,
                            parent_consent=True,
                            child_consent=True if learner in needs_child else None,
                            method=form.cleaned_data["method"],
                            recorded_by=request.user,
                        )
                messages.success(
                    request,
                    _("Consent was recorded for %(n)s learners.") % {"n": len(chosen)},
                )
                return redirect("teacher_portal:class_detail", classroom.pk)
    return render_portal(
        request,
        "teacher_portal/class_consent.html",
        {"classroom": classroom, "form": form, "learners": list(learners)},
    )


# --- Login cards ---------------------------------------------------------------------------


def _qr_svg(url: str) -> str:
    """An inline SVG QR code, made on the server (no script, no outside service)."""
    return segno.make(url, error="m").svg_inline(scale=3, border=2, title=None)


@never_cache
@require_http_methods(["GET", "POST"])
@portal
def class_cards(request, classroom_id: int):
    """Choose learners (GET), then print their cards (POST). New passwords and QR secrets
    exist in clear only in the printed page: nothing readable is stored."""
    classroom = _classroom(request, classroom_id)
    learners = _roster_queryset(classroom)
    roster = list(learners)
    without = [u for u in roster if not u.has_usable_password()]
    selected = request.GET.getlist("learner")
    initial = [u for u in roster if str(u.pk) in selected] or without or roster
    form = CardsForm(
        request.POST if request.method == "POST" else None,
        learners=learners,
        initial={"learners": initial},
    )
    if request.method == "POST" and form.is_valid():
        if blocked := _open_classroom(request, classroom):
            return blocked
        cards = account_services.learner_credentials_issue(
            learners=list(form.cleaned_data["learners"]),
            new_password=form.cleaned_data["new_password"],
            with_badge=form.cleaned_data["with_badge"],
            issued_by=request.user,
            request=request,
        )
        login_url = request.build_absolute_uri(reverse("account_login"))
        printed = []
        for card in cards:
            qr = None
            if card.badge_token:
                qr = _qr_svg(
                    request.build_absolute_uri(
                        reverse("accounts:badge_login", args=[card.badge_token])
                    )
                )
            printed.append({"card": card, "qr": qr})
        response = render(
            request,
            "teacher_portal/cards_print.html",
            {"classroom": classroom, "cards": printed, "login_url": login_url},
        )
        response["Cache-Control"] = "no-store"
        return response
    return render_portal(
        request,
        "teacher_portal/cards_choose.html",
        {"classroom": classroom, "form": form, "without_card": len(without)},
    )


# --- Assignments ---------------------------------------------------------------------------


@require_GET
@portal
def assignments(request, classroom_id: int):
    classroom = _classroom(request, classroom_id)
    data = selectors.class_assignments(classroom=classroom)
    return render_portal(
        request,
        "teacher_portal/assignments.html",
        {
            "classroom": classroom,
            "assignments": data.active,
            "removed": data.recently_removed,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@portal
def assignment_create(request, classroom_id: int):
    classroom = _classroom(request, classroom_id)
    if blocked := _open_classroom(request, classroom):
        return blocked
    all_bands = request.GET.get("all") == "1" or request.POST.get("all") == "1"
    choices = selectors.published_modules(band=None if all_bands else classroom.age_band)
    module_ids = [c.module.pk for c in choices]
    modules = ModulePage.objects.filter(pk__in=module_ids)
    assigned = set(
        classroom.assignments.filter(removed_at__isnull=True).values_list("module_id", flat=True)
    )
    initial = {}
    if request.GET.get("module", "").isdigit():
        initial["module"] = int(request.GET["module"])
    form = AssignmentForm(
        request.POST if request.method == "POST" else None,
        modules=modules,
        learners=_roster_queryset(classroom),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignment = learn_services.assignment_create(
                classroom=classroom,
                module=form.cleaned_data["module"],
                learners=form.cleaned_data["learners"],
                due_on=form.cleaned_data["due_on"],
                assigned_by=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(module)s was assigned to %(class)s.")
                % {"module": assignment.module.title, "class": classroom.name},
            )
            return redirect("teacher_portal:assignments", classroom.pk)
    return render_portal(
        request,
        "teacher_portal/assignment_form.html",
        {
            "classroom": classroom,
            "form": form,
            "choices": choices,
            "assigned": assigned,
            "all_bands": all_bands,
        },
    )


@require_http_methods(["GET", "POST"])
@portal
def assignment_edit(request, classroom_id: int, assignment_id: int):
    classroom = _classroom(request, classroom_id)
    assignment = access.assignment_for_user(request.user, classroom, assignment_id)
    if blocked := _open_classroom(request, classroom):
        return blocked
    form = AssignmentForm(
        request.POST if request.method == "POST" else None,
        modules=None,
        learners=_roster_queryset(classroom),
        with_module=False,
        initial={"learners": list(assignment.learners.all()), "due_on": assignment.due_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            learn_services.assignment_update(
                assignment=assignment,
                learners=form.cleaned_data["learners"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The assignment was saved."))
            return redirect("teacher_portal:assignments", classroom.pk)
    return render_portal(
        request,
        "teacher_portal/assignment_edit.html",
        {"classroom": classroom, "assignment": assignment, "form": form},
    )


@require_POST
@portal
def assignment_remove(request, classroom_id: int, assignment_id: int):
    classroom = _classroom(request, classroom_id)
    assignment = access.assignment_for_user(request.user, classroom, assignment_id)
    try:
        learn_services.assignment_remove(assignment=assignment)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        offer_undo(
            request,
            message=_("%(module)s is no longer assigned to %(class)s.")
            % {"module": assignment.module.title, "class": classroom.name},
            url=reverse("teacher_portal:assignment_restore", args=[classroom.pk, assignment.pk]),
        )
    return redirect("teacher_portal:assignments", classroom.pk)


@require_POST
@portal
def assignment_restore(request, classroom_id: int, assignment_id: int):
    classroom = _classroom(request, classroom_id)
    assignment = access.assignment_for_user(request.user, classroom, assignment_id)
    try:
        learn_services.assignment_restore(assignment=assignment)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("%(module)s is assigned to %(class)s again.")
            % {"module": assignment.module.title, "class": classroom.name},
        )
    return redirect("teacher_portal:assignments", classroom.pk)


# --- Progress ------------------------------------------------------------------------------


@require_GET
@portal
def class_progress(request, classroom_id: int):
    classroom = _classroom(request, classroom_id)
    return render_portal(
        request,
        "teacher_portal/class_progress.html",
        {"classroom": classroom, "matrix": selectors.class_progress(classroom=classroom)},
    )


@require_GET
@portal
def class_module_progress(request, classroom_id: int, module_id: int):
    """One assigned module in one class: how far the class got, and how hard each quiz
    question was at the first try, so the teacher knows what to go over again."""
    classroom = _classroom(request, classroom_id)
    assignment = (
        classroom.assignments.filter(module_id=module_id, removed_at__isnull=True)
        .select_related("module")
        .first()
    )
    if assignment is None:
        raise Http404
    module = assignment.module
    return render_portal(
        request,
        "teacher_portal/class_module_progress.html",
        {
            "classroom": classroom,
            "assignment": assignment,
            "module": module,
            "rollup": analytics_selectors.class_module_rollups(classroom=classroom).get(module.pk),
            "difficulty": analytics_selectors.question_difficulty(
                classroom=classroom, module=module
            ),
        },
    )


# --- The school administrator --------------------------------------------------------------


@require_GET
@role_required(User.Role.SCHOOL_ADMIN)
def school(request):
    school = access.school_for_admin(request.user)
    year = school_services.school_year_for(day=timezone.localdate())
    overview = selectors.school_overview(school=school, school_year=year)
    query = request.GET.get("q", "").strip()
    classes = selectors.school_classes(school=school, school_year=year)
    if query:
        classes = classes.filter(
            Q(name__icontains=query) | Q(teachers__display_name__icontains=query)
        ).distinct()
    page = Paginator(classes, 50).get_page(request.GET.get("page"))
    return render_portal(
        request,
        "teacher_portal/school.html",
        {"overview": overview, "page": page, "query": query},
    )


@require_GET
@role_required(User.Role.SCHOOL_ADMIN)
def school_teachers(request):
    school = access.school_for_admin(request.user)
    page = Paginator(selectors.school_teachers(school=school), 100).get_page(
        request.GET.get("page")
    )
    return render_portal(
        request, "teacher_portal/school_teachers.html", {"school": school, "page": page}
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(User.Role.SCHOOL_ADMIN)
def school_teacher_add(request):
    school = access.school_for_admin(request.user)
    form = StaffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            teacher, password = account_services.teacher_create(
                school=school,
                username=form.cleaned_data["username"],
                display_name=form.cleaned_data["display_name"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            response = render_portal(
                request,
                "teacher_portal/school_teacher_created.html",
                {"school": school, "teacher": teacher, "password": password},
            )
            response["Cache-Control"] = "no-store"
            return response
    return render_portal(
        request, "teacher_portal/school_teacher_add.html", {"school": school, "form": form}
    )


# --- Teachers' guides ------------------------------------------------------------------------


@require_GET
@portal
def guides(request):
    return render_portal(
        request, "teacher_portal/guides.html", {"bands": teacher_guides.guides_by_band()}
    )


@require_GET
@portal
def guide_detail(request, module_key: str):
    module = ModulePage.objects.live().filter(key=module_key).first()
    if module is None:
        raise Http404
    return teacher_guides.guide_render(request, module)
