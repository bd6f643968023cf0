"""Expose the app for gunicorn and the flask command: `tracker.wsgi:app`."""

import importlib
import pkgutil
import sys

import click

import tracker
from tracker import create_app
from tracker.config import ConfigError

# Gunicorn's exit status for a worker that failed to boot: its master then stops, where after
# any other status it would start the worker again, forever, while listening on its port.
REFUSED_TO_START = 3


def import_every_module() -> None:
    """Import every module of the tracker package, the ones imported at first use included."""
    for module in pkgutil.walk_packages(tracker.__path__, f"{tracker.__name__}."):
        importlib.import_module(module.name)


try:
    app = create_app()
except ConfigError as error:
    # Plain messages, not a traceback, for whoever starts the app with a missing setting.
    for problem in error.problems:
        print(f"Improvement Tracker cannot start: {problem}", file=sys.stderr)
    raise SystemExit(REFUSED_TO_START) from None

# The flask command loads the app inside its click context, and a command imports ReportLab,
# openpyxl, python-docx or the scheduler only when it uses them, so it starts in a fraction of
# the time. A server (gunicorn) loads everything now, so no request pays for an import.
if click.get_current_context(silent=True) is None:
    import_every_module()
