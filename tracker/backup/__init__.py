"""Back up and restore the SQLite database: flask backup create and flask backup restore."""

from flask import Blueprint

from tracker.transactions import CommandGroup

bp = Blueprint("backup", __name__, cli_group="backup")
# Each command commits once at its end, or rolls back.
bp.cli = CommandGroup()

from tracker.backup import cli  # noqa: E402, F401
