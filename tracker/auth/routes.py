"""Sign-in, sign-out and password pages."""

from tracker.auth import bp  # noqa: F401
