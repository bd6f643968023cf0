"""Answer errors with the app's own pages, rolling back first and keeping what the user typed."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from flask_login import AnonymousUserMixin
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from tracker.api.problems import http_problem, is_api_request, server_problem
from tracker.request_id import current_request_id
from tracker.transactions import OneTransactionPerRequest, form_refused, roll_back

HTTP_ERRORS = (400, 403, 404, 405, 409, 413, 429)
# Fields never shown again: the form token is made afresh, and passwords are never echoed.
_NOT_SHOWN_AGAIN = ("csrf_token",)
RETRY_AFTER_SECONDS = 60


class TrackerApp(OneTransactionPerRequest):
    """Flask in one transaction per request, logging an unexpected error once with its id."""

    def log_exception(self, exc_info) -> None:  # type: ignore[no-untyped-def]
        """Log the error with the method, path and request id the error page shows."""
        self.logger.error(
            "Exception on %s %s (request %s)",
            request.method,
            request.path,
            current_request_id(),
            exc_info=exc_info,
        )


def register(app: Flask) -> None:
    """Register the error pages: HTTP errors, a failed database and an unexpected error."""
    for code in HTTP_ERRORS:
        app.register_error_handler(code, _http_error)
    app.register_error_handler(DBAPIError, _database_failed)
    app.register_error_handler(500, _server_error)
    app.before_request(_forget_submitted_form)
    app.after_request(_refused_form_is_unprocessable)


def _forget_submitted_form() -> None:
    """Start each request without a form: tests push one app context, and g, around many."""
    g.pop("submitted_form", None)


def _refused_form_is_unprocessable(response):  # type: ignore[no-untyped-def]
    """Answer 422, not 200, when a posted form is shown again with what to fix."""
    if form_refused() and response.status_code == 200:
        response.status_code = 422
    return response


def _forget_account() -> None:
    """Show the page as to no one: loading the account would use the database that failed."""
    # Flask-Login keeps the request's account in g._login_user and loads it only when absent.
    g._login_user = AnonymousUserMixin()


def _http_error(error: HTTPException):
    roll_back()
    if is_api_request():
        return http_problem(error).response()
    code = error.code or 500
    return render_template("errors/error.html", code=code, error=error), code


def _server_error(error: HTTPException):
    roll_back()
    _forget_account()
    if is_api_request():
        return server_problem(
            500, f"Quote request {current_request_id()} to your administrator; it was logged."
        )
    return (
        render_template(
            "errors/error.html", code=500, error=error, request_id=current_request_id()
        ),
        500,
    )


def _database_failed(error: DBAPIError):
    """Say the change was not saved, show the form again as typed, and log the failure once."""
    roll_back()
    _forget_account()
    request_id = current_request_id()
    current_app.logger.error(
        "Database failure on %s %s (request %s): %s",
        request.method,
        request.path,
        request_id,
        type(error.orig).__name__ if error.orig is not None else type(error).__name__,
        exc_info=error,
    )
    if is_api_request():
        return server_problem(
            503,
            f"Nothing was changed. Try again in a minute (request {request_id}).",
            {"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    posted = request.method == "POST"
    form = g.get("submitted_form") if posted else None
    page = render_template(
        "errors/not_saved.html",
        posted=posted,
        form=form,
        typed=[] if form is not None or not posted else _typed_values(),
        request_id=request_id,
    )
    return page, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def _typed_values() -> list[tuple[str, str, list[str]]]:
    """Return each posted field as its name, a label made from it, and its values."""
    return [
        (name, name.replace("_", " ").capitalize(), request.form.getlist(name))
        for name in request.form
        if name not in _NOT_SHOWN_AGAIN and "password" not in name
    ]
