"""Load a plan's status key, and save an administrator's change to it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from tracker.domain.status_key import (
    StatusKey,
    StatusKeyEntry,
    entry_problems,
    key_problems,
    stored_status_key,
)
from tracker.extensions import db
from tracker.models import Action, Plan
from tracker.services.audit import record_change
from tracker.services.validation import Invalid


def plan_status_key(plan_id: int) -> StatusKey:
    """Return the plan's own status key, or the default key when it has none."""
    data = db.session.scalar(select(Plan.status_key).where(Plan.id == plan_id))
    return stored_status_key(data)


def stored_key(status_key: StatusKey) -> list[dict[str, object]] | None:
    """Return the key as Plan.status_key stores it: nothing for the default key."""
    return None if status_key.is_default else status_key.to_json()


def actions_showing(plan_id: int) -> dict[str, int]:
    """Count the plan's live actions by the status label they show now."""
    rows = db.session.execute(
        select(Action.current_status_label, func.count())
        .where(
            Action.plan_id == plan_id,
            Action.archived_at.is_(None),
            Action.current_status_label.is_not(None),
        )
        .group_by(Action.current_status_label)
    )
    return {label: count for label, count in rows if label is not None}


def add_entry(plan: Plan, entry: StatusKeyEntry, *, user_id: int | None) -> None:
    """Add an entry at the end of the plan's key; raise Invalid naming the field at fault."""
    key = plan_status_key(plan.id)
    _check(key.entries, entry)
    _store(plan, key, (*key.entries, entry), user_id, f"Added '{entry.label}' to")


def change_entry(plan: Plan, number: int, entry: StatusKeyEntry, *, user_id: int | None) -> bool:
    """Replace the entry at a 1-based position; return whether anything changed."""
    key = plan_status_key(plan.id)
    old = _entry_at(key, number)
    others = [other for other in key.entries if other is not old]
    _check(others, entry)
    if entry == old:
        return False
    entries = tuple(entry if other is old else other for other in key.entries)
    _store(plan, key, entries, user_id, f"Changed '{old.label}' in")
    return True


def move_entry(plan: Plan, number: int, step: int, *, user_id: int | None) -> None:
    """Move the entry at a 1-based position one place up (-1) or down (+1)."""
    key = plan_status_key(plan.id)
    entry = _entry_at(key, number)
    entries = list(key.entries)
    place = number - 1
    target = min(max(place + step, 0), len(entries) - 1)
    entries.insert(target, entries.pop(place))
    _store(plan, key, tuple(entries), user_id, f"Moved '{entry.label}' in")


def remove_entry(plan: Plan, number: int, *, user_id: int | None) -> StatusKeyEntry:
    """Take the entry at a 1-based position out of the key; updates keep their label."""
    key = plan_status_key(plan.id)
    entry = _entry_at(key, number)
    if len(key.entries) == 1:
        raise Invalid({"entry": "The status key needs at least one entry; add another first"})
    entries = tuple(other for other in key.entries if other is not entry)
    _store(plan, key, entries, user_id, f"Removed '{entry.label}' from")
    return entry


def _entry_at(key: StatusKey, number: int) -> StatusKeyEntry:
    if not 1 <= number <= len(key.entries):
        raise Invalid({"entry": "That entry is no longer in the status key; look at it again"})
    return key.entries[number - 1]


def _check(others: Sequence[StatusKeyEntry], entry: StatusKeyEntry) -> None:
    problems = entry_problems(others, entry)
    if problems:
        raise Invalid(problems)


def _store(
    plan: Plan,
    old: StatusKey,
    entries: tuple[StatusKeyEntry, ...],
    user_id: int | None,
    doing: str,
) -> None:
    new = StatusKey(entries)
    # Entries are checked one by one; this catches anything they missed before it is kept.
    problems = key_problems(new.entries)
    if problems:
        raise Invalid({"entry": "; ".join(problems)})
    plan.status_key = stored_key(new)
    record_change(
        user_id=user_id,
        verb="update",
        entity="plan",
        entity_id=plan.id,
        summary=f"{doing} the status key of '{plan.title}'",
        before={"status_key": [_described(entry) for entry in old.entries]},
        after={"status_key": [_described(entry) for entry in new.entries]},
    )
    db.session.flush()


def _described(entry: StatusKeyEntry) -> str:
    """Describe an entry in one line for the audit trail."""
    parts = [entry.colour.label.lower(), entry.completion.label.lower()]
    if entry.exception:
        parts.append("exception")
    if entry.signed_off:
        parts.append("for signed-off actions")
    words = f"; words: {' / '.join(entry.words)}" if entry.words else ""
    return f"{entry.label} ({', '.join(parts)}{words})"
