"""The reports area of the tracker: panel dashboard, highlight report, plan and exception PDFs."""

from flask import Blueprint

from tracker.transactions import CommandGroup

bp = Blueprint("reports", __name__, cli_group="report")
# Each command commits once at its end, or rolls back.
bp.cli = CommandGroup()

from tracker.reports import cli, routes  # noqa: E402, F401
