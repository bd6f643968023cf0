"""Compare a record's field values before and after a change, for the audit trail."""

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from enum import Enum

from tracker.domain.as_at import long_day

AuditValue = str | int | float | bool | list | dict | None


def audit_value(value: object) -> AuditValue:
    """Return a value as JSON keeps it: dates and times as ISO text, enums as their value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, (list, tuple)):
        return [audit_value(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): audit_value(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2})?")


def shown_value(value: AuditValue) -> AuditValue:
    """Return a stored value as the audit page shows it: ISO dates as "2 November 2009"."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return long_day(date.fromisoformat(value))
    if isinstance(value, str) and _ISO_DATETIME.fullmatch(value):
        moment = datetime.fromisoformat(value)
        # The tracker stores times in UTC; one written with an offset is shown in UTC too.
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return f"{long_day(moment)}, {moment:%H:%M} UTC"
    return value


def field_changes(
    before: Mapping[str, object], after: Mapping[str, object]
) -> dict[str, dict[str, AuditValue]]:
    """Return {field: {"old": ..., "new": ...}} for each field of after whose value differs."""
    changes: dict[str, dict[str, AuditValue]] = {}
    for name, new_value in after.items():
        old, new = audit_value(before.get(name)), audit_value(new_value)
        if old != new:
            changes[name] = {"old": old, "new": new}
    return changes
