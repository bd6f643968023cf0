"""Show plans and move them in and out of the council layout."""

from flask import Blueprint

from tracker.transactions import CommandGroup

bp = Blueprint("plans", __name__, cli_group="plans")
# Each command commits once at its end, or rolls back.
bp.cli = CommandGroup()

from tracker.plans import cli, routes, sign_off_views  # noqa: E402, F401
