"""The reports area of the tracker."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from tracker.reports import routes  # noqa: E402, F401
