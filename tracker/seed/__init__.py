"""Load the demo plan: flask seed demo."""

from flask import Blueprint

bp = Blueprint("seed", __name__, cli_group="seed")

from tracker.seed import cli  # noqa: E402, F401
