"""Routes of the reminders area."""

from tracker.reminders import bp  # noqa: F401
