"""Log one line per request, and write the app's log to standard error as text or JSON lines."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from sqlalchemy import inspect

from tracker.request_id import current_request_id

REQUEST_LOGGER = logging.getLogger("tracker.requests")
REQUEST_ID_HEADER = "X-Request-ID"

# An incoming id is kept only when it cannot disturb a log line or a header.
_INCOMING_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# URL arguments that carry secrets: such requests are logged with the rule, not the path.
_SECRET_ARGUMENTS = frozenset({"token"})
_MAX_PATH_LENGTH = 500
_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "account_id")


def init_app(app: Flask) -> None:
    """Send the app's log to standard error in LOG_FORMAT, and log each request once."""
    # The app factory has refused any other value (see configuration_problems).
    log_format = app.config.get("LOG_FORMAT", "text")
    _install_handler(JsonFormatter() if log_format == "json" else TextFormatter())
    logging.getLogger("tracker").setLevel(logging.DEBUG if app.debug else logging.INFO)
    # The root handler prints the app's records; Flask's own would print them a second time.
    app.logger.removeHandler(default_handler)
    app.before_request(_start_request)
    app.after_request(_finish_request)


class _AppLogHandler(logging.StreamHandler):
    """Write log records to standard error; one is installed on the root logger at a time."""


def _install_handler(formatter: logging.Formatter) -> None:
    # On the root logger, so that pytest's caplog and any other handler still see every record;
    # an app built again in the same process replaces the handler instead of adding another.
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _AppLogHandler)]:
        root.removeHandler(handler)
    # The standard error of the moment the app is built: click's test runner swaps sys.stderr
    # while a command runs, and log records are no part of a command's output.
    handler = _AppLogHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.addFilter(_add_request_id)
    root.addHandler(handler)


def _add_request_id(record: logging.LogRecord) -> bool:
    """Stamp a record written during a request with that request's id."""
    if not hasattr(record, "request_id"):
        record.request_id = current_request_id() if has_request_context() else None
    return True


def _start_request() -> None:
    # The app context, and g with it, can outlive a request (tests push one around many).
    g.pop("request_id", None)
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if _INCOMING_ID.fullmatch(incoming):
        g.request_id = incoming
    current_request_id()
    g.request_started = time.perf_counter()


def _finish_request(response):  # type: ignore[no-untyped-def]
    response.headers[REQUEST_ID_HEADER] = current_request_id()
    started = g.get("request_started")
    duration_ms = None if started is None else round((time.perf_counter() - started) * 1000, 1)
    fields = {
        "request_id": current_request_id(),
        "method": request.method,
        "path": _logged_path(),
        "status": response.status_code,
        "duration_ms": duration_ms,
        "account_id": _account_id(),
    }
    REQUEST_LOGGER.info(
        "%s",
        " ".join(f"{name}={_logfmt(fields[name])}" for name in _FIELDS),
        extra={"request_fields": fields, "request_id": fields["request_id"]},
    )
    return response


def _logged_path() -> str:
    """Return the request's path as it may be logged: no query string, no secret in the URL."""
    rule, arguments = request.url_rule, request.view_args or {}
    if rule is not None and _SECRET_ARGUMENTS & arguments.keys():
        return rule.rule
    return request.path[:_MAX_PATH_LENGTH]


def _account_id() -> int | None:
    """Return the id of the account this request was made as, without querying the database."""
    user = g.get("_login_user")
    if user is None or not user.is_authenticated:
        return None
    # The identity survives a commit or a rollback that expired the row's attributes.
    identity = inspect(user.user).identity
    return identity[0] if identity else None


def _logfmt(value: object) -> str:
    """Write a value for a key=value line: bare when it is plain, else quoted and escaped."""
    if value is None:
        return "-"
    text = str(value)
    if text and all(33 <= ord(c) <= 126 and c not in '"\\=' for c in text):
        return text
    return json.dumps(text)


class TextFormatter(logging.Formatter):
    """Format records as one line of text: time, level, logger, message and request id."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """Return the record's time in UTC, ISO 8601 to the millisecond."""
        return _utc_time(record)

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as text, ending with the request id of a record made in a request."""
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        if request_id and not hasattr(record, "request_fields"):
            line += f" request_id={_logfmt(request_id)}"
        return line


class JsonFormatter(logging.Formatter):
    """Format records as one JSON object per line; a request's fields become keys of their own."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as a single-line JSON object."""
        entry: dict[str, object] = {
            "time": _utc_time(record),
            "level": record.levelname,
            "logger": record.name,
        }
        fields = getattr(record, "request_fields", None)
        if fields is not None:
            entry.update(fields)
        else:
            entry["message"] = record.getMessage()
            request_id = getattr(record, "request_id", None)
            if request_id:
                entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def _utc_time(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
