"""The one way into the statement store.

Every statement, made by the platform (a lesson viewed, a quiz scored) or sent by a client
through ``/xapi/statements``, enters through ``statements_record``: checked once
(validation.py), stored once (idempotent by id: the same id with the same content is a no-op,
with different content a conflict), ``stored`` and ``authority`` set here, and, for the
platform's own statements, the rollups updated in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lms import hooks

from . import profile
from .models import Statement
from .validation import (
    MAX_BATCH,
    PreparedStatement,
    StatementConflict,
    StatementError,
    StatementForbidden,
    comparable,
    statement_prepare,
)


def _row(prepared: PreparedStatement) -> Statement:
    return Statement(
        id=prepared.id,
        actor=prepared.actor,
        verb=prepared.verb,
        activity=prepared.activity,
        registration=prepared.registration,
        timestamp=prepared.timestamp,
        stored=prepared.stored,
        province_code=prepared.province_code,
        school_code=prepared.school_code,
        classroom_id=prepared.classroom_id,
        authority=prepared.authority,
        payload=prepared.payload,
    )


def _new_only(prepared: list[PreparedStatement]) -> list[PreparedStatement]:
    """Drop statements already stored with the same content; refuse a changed one."""
    stored = {
        row.id: row.payload
        for row in Statement.objects.filter(id__in=[p.id for p in prepared]).only("id", "payload")
    }
    new = []
    for item in prepared:
        if item.id in stored:
            if comparable(stored[item.id]) != comparable(item.payload):
                raise StatementConflict(
                    f"statement {item.id} is already stored with different content"
                )
            continue
        new.append(item)
    return new


def _apply_voiding(voiding: list[PreparedStatement], authority_name: str) -> None:
    for item in voiding:
        if item.payload["object"].get("objectType") != "StatementRef":
            raise StatementError("object: a voiding statement's object must be a StatementRef")
    targets = {
        row.id: row
        for row in Statement.objects.select_for_update().filter(
            id__in=[uuid.UUID(str(v.payload["object"]["id"])) for v in voiding]
        )
    }
    for item in voiding:
        target_id = uuid.UUID(str(item.payload["object"]["id"]))
        target = targets.get(target_id)
        if target is None:
            raise StatementError(f"object.id: statement {target_id} is not in the store")
        if target.verb == profile.VERB_VOIDED:
            raise StatementError(
                f"object.id: statement {target_id} voids another; it cannot be voided"
            )
        if target.authority == profile.PLATFORM_ACCOUNT or target.authority != authority_name:
            raise StatementForbidden(
                f"statement {target_id} was not sent by you; only its sender may void it"
            )
    Statement.objects.filter(id__in=list(targets)).update(voided=True)


def statements_record(
    *, statements: Sequence[dict], authority: dict | None = None, now: datetime | None = None
) -> list[uuid.UUID]:
    """Record statements, all or none. Returns their ids, in order.

    ``authority`` is who vouches for them: ``None`` for the platform itself (quiz scoring,
    lesson views; these update the rollups), else the agent of the signed-in client that sent
    them (stored and returned, never counted). Raises ``StatementError`` (400/413),
    ``StatementForbidden`` (403) or ``StatementConflict`` (409); nothing is written then.
    """
    return _record(statements, authority=authority, now=now, apply_rollups=authority is None)


def platform_statements_store(*, statements: Sequence[dict], now: datetime | None = None) -> None:
    """For the rollups' own statements (a class "ran the programme"): checked and stored
    exactly like any other platform statement, but their effect on the rollups is applied by
    the caller, which is making that change as it records them."""
    _record(statements, authority=None, now=now, apply_rollups=False)


def _record(
    statements: Sequence[dict], *, authority: dict | None, now: datetime | None, apply_rollups: bool
) -> list[uuid.UUID]:
    if not isinstance(statements, (list, tuple)):
        raise StatementError("expected a statement or a list of statements", code="malformed")
    if not statements:
        raise StatementError("the list of statements is empty", code="malformed")
    if len(statements) > MAX_BATCH:
        raise StatementError(
            f"{len(statements)} statements in one request; the limit is {MAX_BATCH}",
            code="too_many",
            status=413,
        )
    trusted = authority is None
    authority = authority or profile.platform_account()
    authority_name = (authority.get("account") or {}).get("name", "")
    now = now or timezone.now()
    prepared = []
    for index, statement in enumerate(statements):
        try:
            prepared.append(statement_prepare(statement, authority=authority, now=now))
        except StatementError as exc:
            raise exc.at(index if len(statements) > 1 else None) from exc
    ids = [p.id for p in prepared]
    if len(set(ids)) != len(ids):
        raise StatementError("two statements in the request have the same id", code="duplicate_id")

    with transaction.atomic():
        new = _new_only(prepared)
        if not new:
            return ids
        try:
            with transaction.atomic():
                Statement.objects.bulk_create([_row(p) for p in new])
        except IntegrityError:
            # The same id was stored by a concurrent request: decide again on what is there.
            new = _new_only(new)
            if new:
                Statement.objects.bulk_create([_row(p) for p in new])
        voiding = [p for p in new if p.verb == profile.VERB_VOIDED]
        if voiding:
            if trusted:
                raise StatementForbidden("the platform does not void statements")
            _apply_voiding(voiding, authority_name)
        hooks.statements_stored.send(statements=new, counts=apply_rollups, trusted=trusted)
    return ids


def statement_record(
    *, statement: dict, authority: dict | None = None, now: datetime | None = None
) -> uuid.UUID:
    """Record one statement (see ``statements_record``)."""
    return statements_record(statements=[statement], authority=authority, now=now)[0]
