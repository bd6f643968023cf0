"""Answer load balancers and monitors: is the process up, and can it serve."""

from flask import Blueprint

bp = Blueprint("health", __name__)

from tracker.health import routes  # noqa: E402, F401
