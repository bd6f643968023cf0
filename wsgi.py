"""Expose the app for gunicorn and the flask command."""

from tracker import create_app
from tracker.config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    # A plain message, not a traceback, for whoever starts the app with a missing setting.
    raise SystemExit(f"Improvement Tracker cannot start: {error}") from None
