"""Routes of the admin area."""

from tracker.admin import bp  # noqa: F401
