"""Check the settings, the database and its schema before the app serves: `flask check-config`.

The command is registered as a Flask plugin command (see pyproject.toml), so the flask command
runs it without loading the app first: the app refuses to start with settings this command
exists to report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import click
from flask.helpers import get_debug_flag
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from tracker.config import (
    SETTINGS,
    Config,
    ConfigError,
    Setting,
    configuration_problems,
    development_reason,
)

FROM_ENVIRONMENT = "environment"
FROM_DEFAULT = "default"
NOT_SET = "not set"


@dataclass(frozen=True)
class SettingReading:
    """One setting as the app reads it: the value to show and where it came from."""

    name: str
    shown: str
    source: str


@dataclass(frozen=True)
class ConfigurationCheck:
    """Every setting with its source, the mode it makes, the database's state and the problems."""

    version: str
    development_reason: str | None
    readings: tuple[SettingReading, ...]
    database: str
    problems: tuple[str, ...]


def settings_from_environment() -> dict[str, Any]:
    """Return the configuration the app would be built with, as Flask would read it."""
    config = {name: getattr(Config, name) for name in dir(Config) if name.isupper()}
    config["DEBUG"] = get_debug_flag()
    return config


def read_setting(setting: Setting, *, local: bool) -> SettingReading:
    """Show one setting's value, hiding secrets, with its source."""
    value = os.environ.get(setting.name)
    if value is None:
        if setting.required and not local:
            return SettingReading(setting.name, "(none)", NOT_SET)
        return SettingReading(setting.name, setting.default, FROM_DEFAULT)
    if setting.name == "DATABASE_URL":
        shown = _database_url_without_password(value)
    elif setting.secret:
        shown = f"set, {len(value)} characters (hidden)"
    else:
        shown = value
    return SettingReading(setting.name, shown, FROM_ENVIRONMENT)


def _database_url_without_password(value: str) -> str:
    try:
        return make_url(value).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a database address)"


def check_configuration() -> ConfigurationCheck:
    """Read every setting, check them, and when they work check the database and its schema."""
    from tracker import VERSION

    config = settings_from_environment()
    problems = configuration_problems(config)
    reason = development_reason(config)
    readings = tuple(read_setting(setting, local=reason is not None) for setting in SETTINGS)
    if problems:
        database = "not checked until the settings are fixed"
    else:
        database, database_problem = _database_state()
        if database_problem:
            problems.append(database_problem)
    return ConfigurationCheck(VERSION, reason, readings, database, tuple(problems))


def _database_state() -> tuple[str, str | None]:
    from tracker import create_app
    from tracker.extensions import db
    from tracker.services.health import readiness

    try:
        app = create_app()
    except ConfigError as error:
        return "not checked", "\n".join(error.problems)
    with app.app_context():
        state = readiness()
        url = db.engine.url.render_as_string(hide_password=True)
        db.engine.dispose()
    if state.ready:
        return f"{url} answers; its schema is at revision {state.revision}, the latest", None
    return f"{url}: {state.reason}", f"The database is not ready: {state.reason}"


def render_check(check: ConfigurationCheck) -> str:
    """Lay the check out as text for a terminal or the journal."""
    mode = (
        f"local development ({check.development_reason})"
        if check.development_reason
        else "deployment (not local development)"
    )
    name_width = max(len(reading.name) for reading in check.readings)
    value_width = max(len(reading.shown) for reading in check.readings)
    lines = [f"Improvement Tracker {check.version}", f"Running as: {mode}"]
    base_url = next(reading for reading in check.readings if reading.name == "TRACKER_BASE_URL")
    if check.development_reason and base_url.source == FROM_DEFAULT:
        lines.append(
            "On a server, set TRACKER_BASE_URL to the site's https:// address: without it the "
            "app runs as local development, with cookies sent over plain HTTP and the links in "
            "emails pointing at this machine."
        )
    lines.append("")
    lines += [
        f"{reading.name:<{name_width}}  {reading.shown:<{value_width}}  {reading.source}"
        for reading in check.readings
    ]
    lines += ["", f"Database: {check.database}", ""]
    if check.problems:
        lines += [f"Improvement Tracker cannot start: {problem}" for problem in check.problems]
    else:
        lines.append("The configuration is complete: the app can start.")
    return "\n".join(lines)


@click.command("check-config")
def check_config_command() -> None:
    """Print every setting with its source; exit 1 if something required is missing or unsafe."""
    check = check_configuration()
    click.echo(render_check(check))
    if check.problems:
        raise SystemExit(1)
