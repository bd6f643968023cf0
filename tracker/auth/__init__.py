"""Sign people in and out, decide what each role may do, and manage accounts: flask users."""

from flask import Blueprint

bp = Blueprint("auth", __name__, cli_group="users")

from tracker.auth import cli, routes  # noqa: E402, F401
