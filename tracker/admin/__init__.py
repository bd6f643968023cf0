"""The admin area of the tracker."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from tracker.admin import routes  # noqa: E402, F401
