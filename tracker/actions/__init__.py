"""Show key actions and their history."""

from flask import Blueprint

bp = Blueprint("actions", __name__)

from tracker.actions import evidence_routes, revisions, routes, sign_off_views  # noqa: E402, F401
