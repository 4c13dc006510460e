"""Signing in with the QR code on a learner's login card (like Clever Badges)."""

from allauth.account.adapter import get_adapter
from django.contrib.auth import login, logout
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import services
from .models import User

# A school's devices share one address; a secret is 144 random bits, so this only stops a
# script from trying codes, not a class scanning its cards.
BADGE_FAILURES_PER_MINUTE = 30
# A badge sign-in lasts a school session on a shared device.
BADGE_SESSION_SECONDS = 3 * 60 * 60


def _failure_key(request) -> str:
    return f"badge-failures:{get_adapter().get_client_ip(request)}"


@never_cache
@require_http_methods(["GET", "POST"])
def badge_login(request, token: str):
    """GET shows whose card it is, POST signs in. A GET never signs anyone in, so a link
    preview or a scanner app that opens the address does nothing."""
    key = _failure_key(request)
    if cache.get(key, 0) >= BADGE_FAILURES_PER_MINUTE:
        return render(request, "429.html", status=429)
    learner = services.badge_learner(token=token)
    if learner is None:
        cache.add(key, 0, timeout=60)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=60)
        return render(request, "accounts/badge_invalid.html", status=404)
    if request.method == "POST":
        if request.user.is_authenticated:
            logout(request)  # someone else was signed in on this shared device
        login(request, learner, backend="django.contrib.auth.backends.ModelBackend")
        request.session.set_expiry(BADGE_SESSION_SECONDS)
        services.badge_used(token=token)
        return redirect("learn:home")
    return render(request, "accounts/badge_confirm.html", {"learner": learner})


def password_change(request, *args, **kwargs):
    """allauth's password change, except for learners: their password is set by their
    teacher (a child who changes it and forgets it is locked out of the class's lesson)."""
    from allauth.account.views import PasswordChangeView

    if request.user.is_authenticated and request.user.role == User.Role.LEARNER:
        return render(request, "accounts/learner_password.html", status=403)
    return PasswordChangeView.as_view()(request, *args, **kwargs)
