"""The reminders area of the tracker: the outbox pages and the reminder commands."""

from flask import Blueprint

from tracker.transactions import CommandGroup

bp = Blueprint("reminders", __name__, cli_group="reminders")
# Each command commits once at its end, or rolls back.
bp.cli = CommandGroup()

from tracker.reminders import cli, routes  # noqa: E402, F401
