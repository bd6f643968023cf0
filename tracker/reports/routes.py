"""Routes of the reports area."""

from tracker.reports import bp  # noqa: F401
