"""Expose the app for gunicorn and the flask command: `tracker.wsgi:app`."""

import sys

from tracker import create_app
from tracker.config import ConfigError

# Gunicorn's exit status for a worker that failed to boot: its master then stops, where after
# any other status it would start the worker again, forever, while listening on its port.
REFUSED_TO_START = 3

try:
    app = create_app()
except ConfigError as error:
    # Plain messages, not a traceback, for whoever starts the app with a missing setting.
    for problem in error.problems:
        print(f"Improvement Tracker cannot start: {problem}", file=sys.stderr)
    raise SystemExit(REFUSED_TO_START) from None
