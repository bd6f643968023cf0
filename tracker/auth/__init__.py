"""Sign people in and out, decide what each role may do, and manage accounts: flask users."""

from flask import Blueprint

from tracker.transactions import CommandGroup

bp = Blueprint("auth", __name__, cli_group="users")
# Each command commits once at its end, or rolls back.
bp.cli = CommandGroup()

from tracker.auth import cli, routes  # noqa: E402, F401
