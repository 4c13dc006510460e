from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from lms.accounts.models import User


@login_required
def home_for_role(request):
    """Where each role starts after signing in."""
    user = request.user
    role = user.role
    if role == User.Role.LEARNER:
        return redirect("learn:home")
    if role == User.Role.TEACHER:
        return redirect("teacher_portal:home")
    if role == User.Role.SCHOOL_ADMIN:
        return redirect("teacher_portal:school")
    if role in (User.Role.PROVINCE_OFFICIAL, User.Role.NATIONAL_OFFICIAL):
        return redirect("analytics:home")
    if user.is_staff or user.is_superuser:
        return redirect("wagtailadmin_home")
    return redirect("/")


@require_GET
@cache_control(public=True, max_age=3600)
def help_page(request):
    return render(request, "help.html")


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
