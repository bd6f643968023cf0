"""Name the current request with a short id that logs and error pages share."""

import secrets

from flask import g


def current_request_id() -> str:
    """Return this request's id, making one when no earlier step has."""
    if "request_id" not in g:
        g.request_id = secrets.token_hex(8)
    return g.request_id
