from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from lms.accounts.models import User
from lms.schools.access import is_learner, role_required

from .selectors import learner_home


@never_cache
@require_GET
@role_required(User.Role.LEARNER)
def home(request):
    """The learner's page after signing in: assignments first, then the band's modules."""
    return render(request, "learn/home.html", {"home": learner_home(learner=request.user)})


def _practice_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


@csrf_exempt  # checked below, so that a missing token gets a JSON error like any other
@never_cache
def practice(request, lesson_key: str):
    """``POST /learn/practice/<lesson key>``: a learner's browser reports practice in a lesson
    (a practice activity, an H5P package). Body: a statement or a list, without actor or
    context (the server sets them). Answers ``{"ids": [...]}`` or
    ``{"error": {"code", "message"}}`` (docs/xapi-profile.md, "Practice")."""
    from analytics.practice import practice_statements_record
    from analytics.xapi.validation import StatementError
    from analytics.xapi.views import parse_json_body
    from curriculum.models import LessonPage

    if request.method != "POST":
        return _practice_error(405, "method_not_allowed", "send practice with POST")
    if not request.user.is_authenticated:
        return _practice_error(401, "unauthenticated", "sign in first")
    if not is_learner(request.user):
        return _practice_error(403, "forbidden", "only learners record practice")
    if CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None:
        return _practice_error(403, "csrf", "send the CSRF token in the X-CSRFToken header")
    lesson = LessonPage.objects.live().public().filter(key=lesson_key).first()
    if lesson is None:
        return _practice_error(404, "not_found", f"no published lesson '{lesson_key}'")
    try:
        body = parse_json_body(request)
        ids = practice_statements_record(learner=request.user, lesson=lesson, statements=body)
    except StatementError as exc:
        return _practice_error(exc.status, exc.code, exc.message)
    return JsonResponse({"ids": [str(i) for i in ids]})
