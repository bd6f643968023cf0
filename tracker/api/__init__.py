"""The JSON API, version 1: other systems read the plans and record status updates with tokens."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from tracker.api import (  # noqa: E402,F401  (each module adds its routes to bp)
    access,
    action_routes,
    meta_routes,
    plan_routes,
    report_routes,
)
