"""Refuse bad addresses before any view runs: ids beyond the id columns and control characters."""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

from tracker.domain.typed_text import control_character_problem

# The id columns are 32-bit integers on PostgreSQL; no row can have a larger id.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """Match a non-negative whole number no larger than an id column holds; others are 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register(app: Flask) -> None:
    """Make every <int:...> in a route an id, and check each request's address."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_control_characters_in_address)


def refuse_control_characters_in_address() -> None:
    """Answer 400, saying where, when the path or a query parameter holds a control character."""
    problem = control_character_problem("The web address", request.path, multiline=False)
    for name, value in request.args.items(multi=True):
        if problem:
            break
        shown = f"The query parameter '{name}'"
        problem = control_character_problem(
            "A query parameter's name", name, multiline=False
        ) or control_character_problem(shown, value, multiline=False)
    if problem:
        abort(400, description=problem)
