"""The LRS endpoint (xAPI 1.0.3 Statement Resource) for signed-in learners.

``/xapi/statements``: POST (one statement or a list), PUT (?statementId=), GET (one by
statementId or voidedStatementId, or a filtered, paged list of the learner's own statements).
``/xapi/about``: the version. The session authenticates (Django's CSRF token is required on
POST and PUT, as on every form); the server sets the actor to the signed-in learner, and the
learner is the authority of what they send, so nothing sent here counts in any rollup.
Errors are JSON: ``{"error": {"code": "...", "message": "..."}}``.
"""

from __future__ import annotations

import json
import uuid

from django.core import signing
from django.core.exceptions import RequestDataTooBig
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from lms.schools.access import is_learner

from . import profile
from .models import Statement
from .services import statements_record
from .validation import (
    MAX_REQUEST_BYTES,
    StatementError,
    StatementForbidden,
    parse_timestamp,
)

VERSION_HEADER = "X-Experience-API-Version"
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
CURSOR_SALT = "analytics.xapi.more"


def _respond(response: HttpResponse) -> HttpResponse:
    response[VERSION_HEADER] = profile.XAPI_VERSION
    return response


def _error(status: int, code: str, message: str) -> HttpResponse:
    return _respond(JsonResponse({"error": {"code": code, "message": message}}, status=status))


@require_GET
def about(request):
    return _respond(JsonResponse({"version": [profile.XAPI_VERSION]}))


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed in JSON")


def parse_json_body(request):
    """The request's JSON body, refusing what is not JSON, too large or too deep (StatementError
    with the status to answer). Shared by every endpoint that takes statements."""
    return _parse_body(request)


def _parse_body(request):
    content_type = request.content_type or ""
    if content_type != "application/json":
        raise StatementError(
            f"Content-Type must be application/json, not '{content_type or 'none'}'",
            code="unsupported_media_type",
            status=415,
        )
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > MAX_REQUEST_BYTES:
        raise StatementError(
            f"the request is {declared} bytes; the limit is {MAX_REQUEST_BYTES}",
            code="too_large",
            status=413,
        )
    try:
        body = request.body
    except RequestDataTooBig as exc:
        raise StatementError("the request is too large", code="too_large", status=413) from exc
    if len(body) > MAX_REQUEST_BYTES:
        raise StatementError(
            f"the request is {len(body)} bytes; the limit is {MAX_REQUEST_BYTES}",
            code="too_large",
            status=413,
        )
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except RecursionError as exc:
        raise StatementError("the JSON is nested too deeply", code="too_deep") from exc
    except UnicodeDecodeError as exc:
        raise StatementError("the body is not UTF-8", code="malformed") from exc
    except ValueError as exc:
        raise StatementError(f"the body is not valid JSON: {exc}", code="malformed") from exc


def _own(statement, agent: dict):
    """Set the actor to the signed-in learner; refuse a statement about someone else."""
    if not isinstance(statement, dict):
        return statement
    given = statement.get("actor")
    if given is not None and given != agent:
        same_account = isinstance(given, dict) and given.get("account") == agent["account"]
        if not same_account:
            raise StatementForbidden(
                "actor: must be the signed-in learner; leave it out and the server sets it"
            )
    return {**statement, "actor": agent}


def _check_registrations(statements: list, user) -> None:
    """A registration names an assignment: it must be one of this learner's."""
    from lms.assignments.models import Assignment

    wanted = set()
    for statement in statements:
        context = statement.get("context") if isinstance(statement, dict) else None
        registration = context.get("registration") if isinstance(context, dict) else None
        if registration is None:
            continue
        try:
            wanted.add(uuid.UUID(str(registration)))
        except ValueError:
            continue  # the xAPI check names this error
    if not wanted:
        return
    mine = set(
        Assignment.objects.filter(
            registration__in=wanted,
            removed_at__isnull=True,
            classroom__enrollments__learner=user,
            classroom__enrollments__left_at__isnull=True,
        )
        .filter(Q(learners=None) | Q(learners=user))
        .values_list("registration", flat=True)
    )
    unknown = wanted - mine
    if unknown:
        raise StatementForbidden(
            f"context.registration: {sorted(map(str, unknown))[0]} is not an assignment of yours"
        )


def _record(request, statements: list) -> list[uuid.UUID]:
    user = request.user
    if not user.has_consent:
        raise StatementForbidden(
            "no consent is recorded for this learner: the platform stores only what teaching "
            "needs, and takes no statements from the browser"
        )
    agent = profile.learner_agent(user.xapi_id.hex)
    statements = [_own(s, agent) for s in statements]
    _check_registrations(statements, user)
    return statements_record(statements=statements, authority=agent)


def _uuid_param(request, name: str) -> uuid.UUID | None:
    value = request.GET.get(name)
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise StatementError(f"{name}: not a UUID") from exc


def _post(request):
    if request.GET:
        raise StatementError(
            f"POST takes no query parameters (got {', '.join(sorted(request.GET))})"
        )
    body = _parse_body(request)
    statements = body if isinstance(body, list) else [body]
    ids = _record(request, statements)
    return _respond(JsonResponse([str(i) for i in ids], safe=False))


def _put(request):
    statement_id = _uuid_param(request, "statementId")
    if statement_id is None:
        raise StatementError("PUT needs the statementId query parameter")
    body = _parse_body(request)
    if not isinstance(body, dict):
        raise StatementError("PUT takes one statement (a JSON object)", code="malformed")
    if "id" in body:
        try:
            same = uuid.UUID(str(body["id"])) == statement_id
        except ValueError:
            same = False
        if not same:
            raise StatementError("id: differs from the statementId parameter")
    _record(request, [{**body, "id": str(statement_id)}])
    return _respond(HttpResponse(status=204))


def _visible(request):
    return Statement.objects.filter(actor=request.user.xapi_id.hex)


def _get(request):
    statement_id = _uuid_param(request, "statementId")
    voided_id = _uuid_param(request, "voidedStatementId")
    if statement_id and voided_id:
        raise StatementError("give statementId or voidedStatementId, not both")
    if statement_id or voided_id:
        row = _visible(request).filter(id=statement_id or voided_id, voided=bool(voided_id)).first()
        if row is None:
            return _error(404, "not_found", "no such statement")
        return _respond(JsonResponse(row.payload))

    params = request.GET.copy()
    cursor = params.pop("more", [None])[0]
    after = None
    if cursor:
        try:
            data = signing.loads(cursor, salt=CURSOR_SALT, max_age=3600)
        except signing.BadSignature as exc:
            raise StatementError("more: not a valid or recent cursor") from exc
        params = data["params"]
        after = (parse_timestamp(data["stored"], field="more"), uuid.UUID(data["id"]))
    rows = _visible(request).filter(voided=False)
    if "agent" in params:
        try:
            agent = json.loads(params["agent"])
        except ValueError as exc:
            raise StatementError("agent: not JSON") from exc
        if agent != profile.learner_agent(request.user.xapi_id.hex):
            raise StatementForbidden("agent: you can read only your own statements")
    if "verb" in params:
        rows = rows.filter(verb=params["verb"])
    if "activity" in params:
        rows = rows.filter(activity=params["activity"])
    if "registration" in params:
        try:
            rows = rows.filter(registration=uuid.UUID(params["registration"]))
        except ValueError as exc:
            raise StatementError("registration: not a UUID") from exc
    for name, lookup in (("since", "stored__gt"), ("until", "stored__lte")):
        if name in params:
            rows = rows.filter(**{lookup: parse_timestamp(params[name], field=name)})
    try:
        limit = int(params.get("limit", PAGE_SIZE)) or MAX_PAGE_SIZE
    except ValueError as exc:
        raise StatementError("limit: not a number") from exc
    if limit < 0:
        raise StatementError("limit: must be 0 or more")
    limit = min(limit, MAX_PAGE_SIZE)
    ascending = str(params.get("ascending", "false")).lower() == "true"
    order = ("stored", "id") if ascending else ("-stored", "-id")
    if after:
        stored, last_id = after
        if ascending:
            rows = rows.filter(Q(stored__gt=stored) | Q(stored=stored, id__gt=last_id))
        else:
            rows = rows.filter(Q(stored__lt=stored) | Q(stored=stored, id__lt=last_id))
    page = list(rows.order_by(*order).values("id", "stored", "payload")[: limit + 1])
    more = ""
    if len(page) > limit:
        page = page[:limit]
        last = page[-1]
        token = signing.dumps(
            {
                "params": {k: v for k, v in params.items()},
                "stored": last["stored"].isoformat(),
                "id": str(last["id"]),
            },
            salt=CURSOR_SALT,
        )
        more = f"{request.path}?more={token}"
    response = JsonResponse({"statements": [row["payload"] for row in page], "more": more})
    response["X-Experience-API-Consistent-Through"] = timezone.now().isoformat()
    return _respond(response)


def _csrf_failed(request) -> bool:
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None


@csrf_exempt  # checked below, so that a missing token gets a JSON error like any other
@never_cache
def statements(request):
    if request.method not in ("GET", "HEAD", "POST", "PUT"):
        return _error(405, "method_not_allowed", f"{request.method} is not supported here")
    version = request.headers.get(VERSION_HEADER, "")
    if not version.startswith("1.0"):
        return _error(
            400,
            "version",
            f"send the header {VERSION_HEADER}: 1.0.3" + (f" (got '{version}')" if version else ""),
        )
    if not request.user.is_authenticated:
        return _error(401, "unauthenticated", "sign in first: this endpoint uses the session")
    if not is_learner(request.user):
        return _error(403, "forbidden", "only learners send and read statements here")
    if request.method in ("POST", "PUT") and _csrf_failed(request):
        return _error(
            403, "csrf", "send the CSRF token in the X-CSRFToken header, with the session cookie"
        )
    try:
        if request.method == "POST":
            return _post(request)
        if request.method == "PUT":
            return _put(request)
        return _get(request)
    except StatementError as exc:
        return _error(exc.status, exc.code, exc.message)
