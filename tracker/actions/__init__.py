"""Show key actions and their history."""

from flask import Blueprint

bp = Blueprint("actions", __name__)

from tracker.actions import revisions, routes  # noqa: E402, F401
