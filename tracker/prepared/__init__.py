"""Pages that follow a big document being prepared outside the request, and hand it out."""

from flask import Blueprint

bp = Blueprint("prepared", __name__)

from tracker.prepared import routes  # noqa: E402, F401
