"""Back up and restore the SQLite database: flask backup create and flask backup restore."""

from flask import Blueprint

bp = Blueprint("backup", __name__, cli_group="backup")

from tracker.backup import cli  # noqa: E402, F401
