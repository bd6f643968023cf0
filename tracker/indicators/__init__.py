"""Show performance indicators, record their readings, and import scorecards."""

from flask import Blueprint

from tracker.transactions import CommandGroup

bp = Blueprint("indicators", __name__, cli_group="indicators")
# Each command commits once at its end, or rolls back.
bp.cli = CommandGroup()

from tracker.indicators import cli, routes  # noqa: E402, F401
