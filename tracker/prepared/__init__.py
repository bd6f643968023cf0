"""Pages that follow a big document being prepared outside the request, and hand it out."""

from flask import Blueprint

from tracker.transactions import CommandGroup

bp = Blueprint("prepared", __name__, cli_group="prepared")
# Each command commits once at its end, or rolls back; the builder also commits its own steps.
bp.cli = CommandGroup()

from tracker.prepared import cli, routes  # noqa: E402, F401
