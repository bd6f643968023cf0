"""Give each request an id that logs and error pages can quote."""

import secrets

from flask import g


def current_request_id() -> str:
    """Return this request's id, making one if it has none yet."""
    if "request_id" not in g:
        g.request_id = secrets.token_hex(8)
    return g.request_id
