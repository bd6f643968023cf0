"""Show plans and move them in and out of the council layout."""

from flask import Blueprint

bp = Blueprint("plans", __name__, cli_group="plans")

from tracker.plans import cli, routes  # noqa: E402, F401
