"""Expose the app to `flask --app wsgi` and `gunicorn wsgi:app` run from a checkout."""

from tracker.wsgi import app

__all__ = ["app"]
