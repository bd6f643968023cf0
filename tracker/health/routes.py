"""The liveness and readiness checks: no sign-in, no rate limit, and nothing written."""

from flask import jsonify

from tracker import VERSION
from tracker.health import bp
from tracker.services.health import readiness


def _uncached(response, status: int):  # type: ignore[no-untyped-def]
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/live")
def live():
    """Say that the process is up and answering."""
    return _uncached(jsonify(status="live"), 200)


@bp.get("/ready")
def ready():
    """Say whether the database answers and its schema is at the latest migration, else 503."""
    state = readiness()
    if state.ready:
        return _uncached(jsonify(status="ready", version=VERSION, revision=state.revision), 200)
    return _uncached(jsonify(status="not ready", version=VERSION, reason=state.reason), 503)
