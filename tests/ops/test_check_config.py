"""`flask check-config` lists every setting with its source and refuses what cannot work.

Each case runs the command as an administrator would, in a process of its own with only the
settings given, and compares its refusals with what the app itself says when it will not start.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_config
from tracker import create_app
from tracker.config import SETTINGS
from tracker.extensions import db

ROOT = Path(__file__).resolve().parents[2]
REFUSAL = "Improvement Tracker cannot start: "
SECRET = "s3cr3t" * 8
DEPLOYMENT = {
    "SECRET_KEY": SECRET,
    "TRACKER_BASE_URL": "https://tracker.example.gov.uk",
    "TRACKER_PROXIES": "1",
    "MAIL_SERVER": "smtp.example.gov.uk",
}


def environment(database_url: str | None, **settings: str | None) -> dict[str, str]:
    """Return this process's environment without any tracker setting, then the given ones."""
    ours = {setting.name for setting in SETTINGS} | {"FLASK_APP"}
    chosen = {"DATABASE_URL": database_url, **DEPLOYMENT, **settings}
    return {name: value for name, value in os.environ.items() if name not in ours} | {
        name: value for name, value in chosen.items() if value is not None
    }


def run_flask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def refusals(output: str) -> list[str]:
    return [line.removeprefix(REFUSAL) for line in output.splitlines() if line.startswith(REFUSAL)]


def test_a_complete_deployment_lists_every_setting_with_its_source_and_passes(database_url):
    finished = run_flask(environment(database_url), "check-config")
    assert finished.returncode == 0, finished.stdout + finished.stderr
    rows = {line.split()[0]: line for line in finished.stdout.splitlines() if line[:1].isupper()}
    for setting in SETTINGS:
        assert setting.name in rows
    assert rows["SECRET_KEY"].endswith("environment")
    assert "hidden" in rows["SECRET_KEY"]
    assert SECRET not in finished.stdout
    assert rows["TRACKER_PROXIES"].split()[-2:] == ["1", "environment"]
    assert rows["LOG_FORMAT"].split()[-2:] == ["text", "default"]
    assert "Running as: deployment" in finished.stdout
    assert "its schema is at revision" in finished.stdout
    assert "The configuration is complete" in finished.stdout


def test_a_database_password_is_hidden():
    env = environment("postgresql+psycopg://tracker:hunter2hunter2@127.0.0.1:1/tracker")
    finished = run_flask(env, "check-config")
    assert "postgresql+psycopg://tracker:***@127.0.0.1:1/tracker" in finished.stdout
    assert "hunter2" not in finished.stdout + finished.stderr


SETTING_PROBLEMS = [
    pytest.param(
        {"DATABASE_URL": None},
        "DATABASE_URL is not set; outside local development the app needs the address of its "
        "PostgreSQL database",
        id="no DATABASE_URL",
    ),
    pytest.param({"SECRET_KEY": None}, "SECRET_KEY is not set", id="no SECRET_KEY"),
    pytest.param(
        {"SECRET_KEY": "short-key"}, "SECRET_KEY is only 9 bytes long", id="short SECRET_KEY"
    ),
    pytest.param(
        {"TRACKER_BASE_URL": "http://tracker.internal"},
        "TRACKER_BASE_URL is http://tracker.internal, plain HTTP, but cookies are sent over "
        "HTTPS only",
        id="http base URL with secure cookies",
    ),
    pytest.param(
        {"MAIL_SERVER": None},
        "MAIL_SERVER is not set, and reminders are on",
        id="no MAIL_SERVER with reminders on",
    ),
    pytest.param(
        {"TRACKER_PROXIES": "nginx"},
        "TRACKER_PROXIES must be the number of trusted proxies",
        id="TRACKER_PROXIES not a number",
    ),
    pytest.param(
        {"TRACKER_REMINDER_SEND_TIME": "7am"},
        "TRACKER_REMINDER_SEND_TIME must be the time of day (Europe/London) to send the reminders",
        id="TRACKER_REMINDER_SEND_TIME not a time of day",
    ),
]


@pytest.mark.parametrize(("settings", "problem"), SETTING_PROBLEMS)
def test_a_missing_or_unsafe_setting_is_refused_in_the_words_the_app_starts_with(
    database_url, settings, problem
):
    env = environment(database_url, **settings)
    checked = run_flask(env, "check-config")
    started = run_flask(env, "--app", "wsgi", "routes")

    assert checked.returncode == 1
    assert [line for line in refusals(checked.stdout) if line.startswith(problem)]
    assert "Database: not checked until the settings are fixed" in checked.stdout
    assert started.returncode == 3
    assert refusals(started.stderr) == refusals(checked.stdout)
    assert "Traceback" not in checked.stderr + started.stderr
    for missing in (name for name, value in settings.items() if value is None):
        row = next(line for line in checked.stdout.splitlines() if line.startswith(missing))
        assert row.endswith("not set")


def test_reminders_off_need_no_mail_server(database_url):
    finished = run_flask(
        environment(database_url, MAIL_SERVER=None, TRACKER_REMINDERS="off"), "check-config"
    )
    assert finished.returncode == 0, finished.stdout
    # The name column is as wide as the longest setting's name.
    assert re.search(r"^TRACKER_REMINDERS +off +environment$", finished.stdout, re.MULTILINE)


def test_an_unreachable_database_is_refused():
    # Nothing listens on port 1, as when PostgreSQL is stopped.
    env = environment("postgresql+psycopg://tracker@127.0.0.1:1/tracker")
    finished = run_flask(env, "check-config")
    assert finished.returncode == 1
    assert refusals(finished.stdout) == [
        "The database is not ready: the database cannot be reached"
    ]


def test_a_database_behind_the_migrations_is_refused(tmp_path):
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    finished = run_flask(environment(f"sqlite:///{empty}"), "check-config")
    assert finished.returncode == 1
    assert refusals(finished.stdout) == [
        "The database is not ready: the database has no schema revision; "
        "run 'flask --app wsgi db upgrade'"
    ]


def test_local_development_needs_no_mail_server_or_site_address(tmp_path):
    env = environment(
        f"sqlite:///{tmp_path / 'none.db'}",
        TRACKER_BASE_URL=None,
        TRACKER_PROXIES=None,
        MAIL_SERVER=None,
    )
    finished = run_flask(env, "check-config")
    assert "Running as: local development (TRACKER_BASE_URL is http://127.0.0.1:5000" in (
        finished.stdout
    )
    assert "On a server, set TRACKER_BASE_URL to the site's https:// address" in finished.stdout
    # Only the database file is missing.
    assert refusals(finished.stdout) == [
        "The database is not ready: the database cannot be reached"
    ]


def test_reminders_off_refuse_to_send_but_still_dry_run(database_url):
    app = create_app(make_config(database_url, TRACKER_REMINDERS=False))
    with app.app_context():
        runner = app.test_cli_runner()
        sent = runner.invoke(args=["reminders", "send"])
        dry_run = runner.invoke(args=["reminders", "send", "--dry-run"])
        scheduler = runner.invoke(args=["scheduler", "run"])
        db.engine.dispose()
    assert sent.exit_code == 1
    assert "Reminders are off (TRACKER_REMINDERS=off): nothing is sent." in sent.output
    assert scheduler.exit_code == 1
    assert dry_run.exit_code == 0
