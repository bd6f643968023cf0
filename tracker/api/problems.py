"""Answer the API's errors as problem details (RFC 9457), with the forms' field messages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Response, current_app, json, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

PROBLEM_TYPE = "application/problem+json"
# Where the documentation page explains each kind of problem, by its anchor.
PROBLEM_BASE = "/help/api#problem-"


class Problem(Exception):
    """An error the API answers as problem details, with its status, words and field errors."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str = "",
        *,
        kind: str | None = None,
        errors: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ):
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.kind = kind
        self.errors = dict(errors or {})
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})

    def response(self) -> Response:
        """Return the problem as an application/problem+json response."""
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.kind if self.kind else "about:blank",
            "title": self.title,
            "status": self.status,
            "detail": self.detail or self.title,
            "instance": request.path,
        }
        if self.errors:
            body["errors"] = [
                {"field": name, "pointer": field_pointer(name), "detail": message}
                for name, message in self.errors.items()
            ]
        body.update(self.extra)
        response = Response(
            json.dumps(body, ensure_ascii=False),
            status=self.status,
            content_type=f"{PROBLEM_TYPE}; charset=utf-8",
        )
        response.headers.update(self.headers)
        return response


def field_pointer(name: str) -> str:
    """Return the JSON pointer (RFC 6901) of a field of the request body or query, by its name."""
    return "/" + name.replace("~", "~0").replace("/", "~1")


def invalid(errors: Mapping[str, str], detail: str = "") -> Problem:
    """Return the 422 problem for fields that are wrong, each with what to fix."""
    return Problem(
        422,
        "Some values are not right",
        detail or "Fix the values named in errors and send the request again.",
        kind="invalid",
        errors=errors,
    )


# Titles of the HTTP errors raised with abort(), as the API words them.
_TITLES = {
    400: "The request cannot be read",
    401: "Sign in with a token",
    403: "Your token may not do this",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "The request is too large",
    415: "Send JSON",
    429: "Too many requests",
    500: "Something went wrong on our side",
    503: "The database could not be reached",
}


def http_problem(error: HTTPException) -> Problem:
    """Return the problem an HTTP error raised by the app, or by routing, answers with."""
    status = error.code or 500
    headers = {}
    if isinstance(error, MethodNotAllowed) and not _exists_for_any(error.valid_methods or ()):
        # Werkzeug compares the method before an id's range, so an id beyond the id columns
        # at an address with several methods seems to lack the method rather than the record.
        return http_problem(NotFound())
    if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
        headers["Allow"] = ", ".join(sorted(error.valid_methods))  # type: ignore[attr-defined]
    own_words = error.description if error.description != type(error).description else ""
    return Problem(status, _TITLES.get(status, error.name), own_words or "", headers=headers)


def _exists_for_any(methods: Iterable[str]) -> bool:
    """Say whether the request's address leads to a view for any of these methods."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    for method in methods:
        try:
            adapter.match(method=method)
        except HTTPException:
            continue
        return True
    return False


def server_problem(status: int, detail: str, headers: Mapping[str, str] | None = None) -> Response:
    """Return the response for a failure on our side: 500, or 503 when the database failed."""
    return Problem(status, _TITLES[status], detail, headers=headers).response()


def is_api_request() -> bool:
    """Say whether this request is for the API, so its errors are problem details, not pages."""
    return request.path == "/api/v1" or request.path.startswith("/api/v1/")
