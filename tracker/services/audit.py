"""Record who changed what and when, and read the audit trail back page by page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from math import ceil
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import raiseload

from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.changes import field_changes
from tracker.extensions import db
from tracker.models import ApiToken, AuditEvent, Person, User

AUDIT_PAGE_SIZE = 50
# The API token the changes of this request are made with, which the trail names beside the account.
_ACTING_TOKEN: ContextVar[int | None] = ContextVar("acting_token", default=None)


def record_token(token_id: int | None) -> None:
    """Record the changes made from now on as made with this API token, or with none."""
    _ACTING_TOKEN.set(token_id)


def snapshot(record: object, fields: Iterable[str]) -> dict[str, Any]:
    """Return the current values of these attributes of a row."""
    return {name: getattr(record, name) for name in fields}


def record_change(
    *,
    user_id: int | None,
    verb: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    before: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event whose details are the fields that differ between before and after."""
    recorded: dict[str, Any] = field_changes(before or {}, after or {})
    recorded.update(details or {})
    event = AuditEvent(
        user_id=user_id,
        verb=verb,
        entity=entity,
        entity_id=entity_id,
        summary=summary,
        details=recorded,
        api_token_id=_ACTING_TOKEN.get(),
    )
    db.session.add(event)
    return event


def update_and_record(
    record: Any,
    values: Mapping[str, object],
    *,
    user_id: int | None,
    entity: str,
    summary: str,
) -> dict[str, Any]:
    """Set these attributes on a row, record the ones that changed, and return those changes."""
    before = snapshot(record, values)
    changes = field_changes(before, values)
    if not changes:
        return {}
    for name, value in values.items():
        setattr(record, name, value)
    record_change(
        user_id=user_id,
        verb="update",
        entity=entity,
        entity_id=record.id,
        summary=summary,
        details=changes,
    )
    db.session.flush()
    return changes


@dataclass
class AuditEntry:
    """One audit event with the name of whoever made it, and of the API token they used."""

    event: AuditEvent
    who: str
    token_name: str | None = None

    @property
    def verb(self) -> str:
        """Return the words for what was done."""
        return AuditVerb(self.event.verb).label

    @property
    def entity(self) -> str:
        """Return the words for the kind of record it was done to."""
        return AuditEntity(self.event.entity).label


@dataclass
class AuditPage:
    """One page of the audit trail, newest first."""

    entries: list[AuditEntry]
    page: int
    pages: int
    total: int


def audit_entities() -> list[AuditEntity]:
    """Return the kinds of record the trail mentions, in the alphabetical order of their labels."""
    stored = db.session.scalars(select(AuditEvent.entity).distinct())
    return sorted((AuditEntity(entity) for entity in stored), key=lambda entity: entity.label)


def audit_page(entity: str | None, page: int, per_page: int = AUDIT_PAGE_SIZE) -> AuditPage:
    """Return one page of events, newest first, optionally only about one kind of record."""
    count = select(func.count(AuditEvent.id))
    query = (
        select(AuditEvent, Person.name, User.email, ApiToken.name.label("token_name"))
        .outerjoin(User, User.id == AuditEvent.user_id)
        .outerjoin(Person, Person.id == User.person_id)
        .outerjoin(ApiToken, ApiToken.id == AuditEvent.api_token_id)
        .options(raiseload("*"))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    if entity:
        count = count.where(AuditEvent.entity == entity)
        query = query.where(AuditEvent.entity == entity)
    total = db.session.scalar(count) or 0
    pages = max(1, ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page))
    entries = [
        AuditEntry(
            event=row.AuditEvent,
            who=row.name or row.email or ("the system" if row.AuditEvent.user_id is None else ""),
            token_name=row.token_name,
        )
        for row in rows
    ]
    return AuditPage(entries, page, pages, total)
