"""The reminders area of the tracker: the outbox pages and the reminder commands."""

from flask import Blueprint

bp = Blueprint("reminders", __name__, cli_group="reminders")

from tracker.reminders import cli, routes  # noqa: E402, F401
