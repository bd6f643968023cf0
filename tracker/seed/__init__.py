"""Load the demo plan: flask seed demo."""

from flask import Blueprint

from tracker.transactions import CommandGroup

bp = Blueprint("seed", __name__, cli_group="seed")
# Each command commits once at its end, or rolls back.
bp.cli = CommandGroup()

from tracker.seed import cli  # noqa: E402, F401
