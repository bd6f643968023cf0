"""Expose the app for gunicorn and the flask command."""

from tracker import create_app

app = create_app()
