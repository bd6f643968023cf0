"""Decide whether a record may be deleted or must be archived to keep its history."""

from enum import StrEnum


class Removal(StrEnum):
    """Say how a record can be taken out of use."""

    DELETE = "delete"
    ARCHIVE = "archive"
    KEEP = "keep"


def removal_for(*, has_history: bool, archivable: bool) -> Removal:
    """Delete what has no history; archive what has; keep what has history but cannot archive."""
    if not has_history:
        return Removal.DELETE
    return Removal.ARCHIVE if archivable else Removal.KEEP
