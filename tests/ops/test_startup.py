"""A `flask` command loads no document, spreadsheet or scheduler library it does not use.

Each case starts a process of its own, as an administrator or gunicorn would, and reads which
modules it loaded: a command such as `plans list` leaves ReportLab, openpyxl, python-docx and
APScheduler out, while the server's import of the app loads them all before the first request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("reportlab", "openpyxl", "docx", "apscheduler")
# Runs the code, then prints which of the heavy libraries the process has loaded.
REPORT_LOADED = f"""
import json, sys
try:
    {{code}}
finally:
    print(json.dumps(sorted(set({HEAVY!r}) & set(sys.modules))))
"""


def loaded_after(code: str, database_url: str) -> list[str]:
    """Run the code in a new process on the database and return the heavy libraries it loaded."""
    finished = subprocess.run(
        [sys.executable, "-c", REPORT_LOADED.format(code=code)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return json.loads(finished.stdout.splitlines()[-1])


def test_the_plans_list_command_loads_no_document_spreadsheet_or_scheduler_library(sqlite_url):
    command = (
        "from flask.cli import cli; "
        "cli.main(['--app', 'wsgi', 'plans', 'list'], prog_name='flask', standalone_mode=False)"
    )
    assert loaded_after(command, sqlite_url) == []


def test_the_servers_import_of_the_app_loads_every_library_before_the_first_request(sqlite_url):
    # Gunicorn imports the module named in tracker.wsgi:app with importlib, outside any command.
    command = "import importlib; importlib.import_module('tracker.wsgi')"
    assert loaded_after(command, sqlite_url) == sorted(HEAVY)
