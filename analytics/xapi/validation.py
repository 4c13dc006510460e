"""Checking a statement once, on the way in: limits, xAPI 1.0.3, and the platform's own rules.

xAPI 1.0.3 conformance is checked with ralph-malph's pydantic models
(``ralph.models.xapi.base.statements.BaseXapiStatement``); bench/xapi_validation.py measures
their cost per statement (docs/xapi-profile.md quotes it). Before they run, cheap limits keep
hostile input small: a statement is a JSON object, at most ``MAX_STATEMENT_BYTES`` long and
``MAX_DEPTH`` containers deep. Errors name the property at fault, for API clients.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

from . import profile

MAX_STATEMENT_BYTES = 16 * 1024
MAX_DEPTH = 12
MAX_BATCH = 100
MAX_REQUEST_BYTES = 512 * 1024
# Device clocks drift; a statement further ahead than this is refused.
FUTURE_TOLERANCE = timedelta(minutes=5)
# Properties the LRS sets itself (xAPI 1.0.3, 2.4.8 and 2.4.9): a client's value is replaced.
SET_BY_LRS = ("stored", "authority")


class StatementError(Exception):
    """A statement (or request) the store refuses. ``code`` is stable for API clients,
    ``message`` says precisely what is wrong, ``status`` is the HTTP status to answer with."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        if status is not None:
            self.status = status

    def at(self, index: int | None) -> StatementError:
        """The same error, naming the statement's place in a batch."""
        if index is not None:
            self.message = f"statement [{index}]: {self.message}"
        return self


class StatementConflict(StatementError):
    status = 409

    def __init__(self, message: str):
        super().__init__(message, code="conflict")


class StatementForbidden(StatementError):
    status = 403

    def __init__(self, message: str):
        super().__init__(message, code="forbidden")


@dataclass
class PreparedStatement:
    """A checked statement, with the columns the store and rollups read."""

    id: uuid.UUID
    payload: dict
    actor: str
    verb: str
    activity: str
    registration: uuid.UUID | None
    timestamp: datetime
    stored: datetime
    authority: str
    province_code: str
    school_code: str
    classroom_id: int | None

    @property
    def result(self) -> dict:
        return self.payload.get("result") or {}

    @property
    def context(self) -> dict:
        return self.payload.get("context") or {}


def json_depth(value: Any, level: int = 0) -> int:
    """Nesting depth of containers. Stops descending past MAX_DEPTH, so hostile input of any
    depth costs no more than a legal statement (and no deep recursion)."""
    if isinstance(value, dict):
        children = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return level
    level += 1
    if level > MAX_DEPTH:
        return level
    deepest = level
    for child in children:
        if isinstance(child, (dict, list)):
            depth = json_depth(child, level)
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
    return deepest


def check_shape(statement: Any) -> None:
    """Limits that hold before any xAPI rule is read."""
    if not isinstance(statement, dict):
        raise StatementError(
            f"a statement must be a JSON object, not {type(statement).__name__}", code="malformed"
        )
    if json_depth(statement) > MAX_DEPTH:
        raise StatementError(
            f"the statement is nested more than {MAX_DEPTH} levels deep", code="too_deep"
        )
    try:
        size = len(json.dumps(statement, ensure_ascii=False, allow_nan=False).encode())
    except (TypeError, ValueError) as exc:
        raise StatementError(f"the statement is not plain JSON: {exc}", code="malformed") from exc
    if size > MAX_STATEMENT_BYTES:
        raise StatementError(
            f"the statement is {size} bytes; the limit is {MAX_STATEMENT_BYTES}",
            code="too_large",
            status=413,
        )


def _location(loc: tuple) -> str:
    parts = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif isinstance(part, str) and part[:1].isupper() and "Xapi" in part:
            continue  # a pydantic union branch name, not a property
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "statement"


def _explain(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    messages: list[str] = []
    seen: set[str] = set()
    for error in errors:
        where = _location(error["loc"])
        top = where.split(".")[0].split("[")[0]
        if top in ("actor", "authority") and len(errors) > 3:
            # Every branch of the Agent/Group union failed: say what an actor must be.
            message = (
                f"{top}: must be an Agent or Group identified by exactly one of mbox, "
                "mbox_sha1sum, openid or account {homePage, name}"
            )
        else:
            message = f"{where}: {error['msg']}"
        if message not in seen:
            seen.add(message)
            messages.append(message)
        if len(messages) == 4:
            break
    return "; ".join(messages)


def check_xapi(statement: dict) -> None:
    try:
        BaseXapiStatement.model_validate(statement)
    except ValidationError as exc:
        raise StatementError(_explain(exc)) from exc
    except (ValueError, TypeError) as exc:  # a validator that raised outside pydantic
        raise StatementError(str(exc)) from exc


def parse_timestamp(value: str, *, field: str) -> datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise StatementError(f"{field}: not an ISO 8601 date and time")
    if timezone.is_naive(parsed):
        # xAPI 1.0.3 lets an LRS read a timestamp without an offset as UTC.
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def comparable(payload: dict) -> str:
    """The form two statements are compared in for idempotence (xAPI 1.0.3, "Statement
    comparison"): without what the LRS sets, ids in lower case, the timestamp as an instant."""
    data = {k: v for k, v in payload.items() if k not in ("stored", "authority", "version")}
    data["id"] = str(data.get("id", "")).lower()
    if isinstance(data.get("timestamp"), str):
        data["timestamp"] = parse_timestamp(data["timestamp"], field="timestamp").isoformat()
    context = data.get("context")
    if isinstance(context, dict) and isinstance(context.get("registration"), str):
        data["context"] = dict(context, registration=context["registration"].lower())
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _named_accounts(value: Any, found: list[str], depth: int = 0) -> None:
    """The names of the platform's own accounts (homePage = XAPI_BASE_IRI) anywhere in
    ``value``. Bounded by MAX_DEPTH, which check_shape has enforced."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        account = value.get("account")
        if isinstance(account, dict) and account.get("homePage") == profile.base():
            found.append(str(account.get("name", "")))
        for child in value.values():
            if isinstance(child, (dict, list)):
                _named_accounts(child, found, depth + 1)
    elif isinstance(value, list):
        for child in value:
            if isinstance(child, (dict, list)):
                _named_accounts(child, found, depth + 1)


def check_no_other_learner(payload: dict) -> None:
    """A statement may name one of the platform's learners only as its actor: not as the
    object, not inside a SubStatement, not as an instructor, a team member or a group member.
    So every statement about a child is one of their own, found (and erased) by its actor,
    and nobody can write records about another child (issue 11.7)."""
    elsewhere: list[str] = []
    for key, value in payload.items():
        if key not in ("actor", "authority") and isinstance(value, (dict, list)):
            _named_accounts(value, elsewhere)
    actor = payload.get("actor")
    if isinstance(actor, dict) and isinstance(actor.get("member"), list):
        _named_accounts(actor["member"], elsewhere)
    if elsewhere:
        raise StatementForbidden(
            "a statement may name one of this platform's accounts only as its actor; "
            f"found account '{elsewhere[0][:64]}' elsewhere (object, context or a SubStatement)"
        )


def _extension(context: dict, key: str) -> Any:
    extensions = context.get("extensions") or {}
    return extensions.get(key) if isinstance(extensions, dict) else None


def statement_prepare(
    statement: Any, *, authority: dict, now: datetime | None = None, check: bool = True
) -> PreparedStatement:
    """Check one statement and fill what the store sets: id (when absent), timestamp (when
    absent), stored, authority, version. Raises StatementError.

    ``check=False`` leaves out the size and xAPI schema checks (the costly part), for
    statements built by the platform's own builders in bulk (analytics/rebuild.py,
    ``statements_import_trusted``); everything else, and the row, is the same."""
    if check:
        check_shape(statement)
    if "attachments" in statement:
        # Attachments travel as multipart/mixed with their content; this store keeps
        # learning records only, and nothing the platform emits has any.
        raise StatementError("attachments: this LRS does not accept attachments", code="invalid")
    now = now or timezone.now()
    payload = {k: v for k, v in statement.items() if k not in SET_BY_LRS}
    payload.setdefault("id", str(uuid.uuid4()))
    if "version" not in payload:
        payload["version"] = profile.XAPI_VERSION
    if check:
        check_xapi(payload)
        check_no_other_learner(payload)
    statement_id = uuid.UUID(str(payload["id"]))
    payload["id"] = str(statement_id)

    if "timestamp" in payload:
        timestamp = parse_timestamp(payload["timestamp"], field="timestamp")
        if timestamp > now + FUTURE_TOLERANCE:
            raise StatementError(
                f"timestamp: {payload['timestamp']} is in the future (the server's time is "
                f"{now.isoformat(timespec='seconds')})",
                code="future_timestamp",
            )
    else:
        timestamp = now
        payload["timestamp"] = now.isoformat()
    payload["stored"] = now.isoformat()
    payload["authority"] = authority

    actor = payload["actor"]
    account = actor.get("account") or {}
    actor_name = account.get("name") if account.get("homePage") == profile.base() else None
    if actor_name is None:
        # Actors from elsewhere are stored under a hash of their identifier, never in clear.
        actor_name = uuid.uuid5(uuid.NAMESPACE_URL, json.dumps(actor, sort_keys=True)).hex
    context = payload.get("context") or {}
    registration = context.get("registration")
    classroom = _extension(context, profile.ext_class())
    if classroom is not None and (isinstance(classroom, bool) or not isinstance(classroom, int)):
        raise StatementError(
            f"context.extensions[{profile.ext_class()}]: must be an integer class id"
        )
    school = _extension(context, profile.ext_school())
    province = _extension(context, profile.ext_province())
    for name, value, limit in (("school", school, 32), ("province", province, 2)):
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            raise StatementError(
                f"context.extensions[{profile.base()}/extensions/{name}]: must be a code of at "
                f"most {limit} characters"
            )
    verb = payload["verb"]["id"]
    activity = str(payload["object"].get("id", ""))
    if len(verb) > 200:
        raise StatementError("verb.id: longer than 200 characters", code="too_large")
    if len(activity) > 500:
        raise StatementError("object.id: longer than 500 characters", code="too_large")
    authority_name = (authority.get("account") or {}).get("name", "")
    return PreparedStatement(
        id=statement_id,
        payload=payload,
        actor=actor_name[:64],
        verb=verb,
        activity=activity,
        registration=uuid.UUID(registration) if registration else None,
        timestamp=timestamp,
        stored=now,
        authority=authority_name[:64],
        province_code=province or "",
        school_code=school or "",
        classroom_id=classroom,
    )
