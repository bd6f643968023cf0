"""One log line per request with its id, and nothing secret in any log record."""

import io
import json
import logging
import re
import sys
from datetime import date

import pytest

from tests.auth.test_sign_in import post_sign_in
from tests.conftest import make_config
from tests.factories import PASSWORD, add_update, make_action, make_plan, make_user
from tracker import clock, create_app
from tracker.config import ConfigError
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.request_log import TextFormatter
from tracker.services import accounts

GENERATED_ID = re.compile(r"[0-9a-f]{16}")


def request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "tracker.requests"]


@pytest.fixture
def lead(app):
    user = make_user(Role.LEAD, email="lead@example.org")
    db.session.commit()
    return user


def test_a_request_gives_exactly_one_line_with_its_fields(client, sign_in, lead, caplog):
    sign_in(client, lead)
    caplog.set_level(logging.INFO, logger="tracker.requests")
    caplog.clear()
    response = client.get("/actions/mine", headers={"X-Request-ID": "lb-7f3a.42:1"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "lb-7f3a.42:1"
    [record] = request_records(caplog)
    assert re.fullmatch(
        rf"request_id=lb-7f3a\.42:1 method=GET path=/actions/mine status=200 "
        rf"duration_ms=\d+\.\d account_id={lead.id}",
        record.getMessage(),
    )
    assert record.levelno == logging.INFO


def test_an_anonymous_request_gets_an_id_of_its_own_and_no_account(client, caplog):
    caplog.set_level(logging.INFO, logger="tracker.requests")
    first = client.get("/auth/sign-in")
    second = client.get("/auth/sign-in")
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert all(GENERATED_ID.fullmatch(request_id) for request_id in ids)
    assert ids[0] != ids[1]
    messages = [record.getMessage() for record in request_records(caplog)]
    assert messages[0].startswith(f"request_id={ids[0]} method=GET path=/auth/sign-in status=200")
    assert messages[0].endswith(" account_id=-")


@pytest.mark.parametrize(
    "incoming",
    ["a" * 129, "two words", "line\r\nbreak", "<script>", "id=1", "\u202eid", ""],
    ids=["too long", "space", "line break", "markup", "equals sign", "rtl override", "empty"],
)
def test_an_incoming_request_id_that_is_not_sane_is_replaced(client, caplog, incoming):
    caplog.set_level(logging.INFO, logger="tracker.requests")
    # Through the WSGI environment, which holds what a client sent even where a header could not.
    response = client.get("/health/live", environ_base={"HTTP_X_REQUEST_ID": incoming})
    assert GENERATED_ID.fullmatch(response.headers["X-Request-ID"])
    [record] = request_records(caplog)
    assert record.getMessage().startswith(f"request_id={response.headers['X-Request-ID']} ")


def test_the_query_string_and_a_reset_token_in_the_path_are_not_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="tracker.requests")
    client.get("/health/live?token=query-secret-1234&next=/x")
    client.get("/auth/reset-password/path-secret-5678")
    paths = [record.request_fields["path"] for record in request_records(caplog)]
    assert paths == ["/health/live", "/auth/reset-password/<token>"]
    assert "secret" not in caplog.text


def test_a_path_with_a_line_break_stays_on_one_quoted_line(client, caplog):
    caplog.set_level(logging.INFO, logger="tracker.requests")
    client.get("/plans/x%0AINFO%20forged%20line")
    [record] = request_records(caplog)
    line = TextFormatter().format(record)
    assert "\n" not in line
    assert 'path="/plans/x\\nINFO forged line"' in line


def app_logging_to(stream: io.StringIO, monkeypatch, database_url: str, log_format: str):
    """Build an app while stream stands in for standard error, so that its log can be read."""
    # Set here, not in a fixture: pytest swaps standard error back between setup and the test.
    monkeypatch.setattr(sys, "stderr", stream)
    return create_app(make_config(database_url, LOG_FORMAT=log_format))


def test_json_mode_writes_one_object_per_line_on_standard_error(database_url, monkeypatch):
    standard_error = io.StringIO()
    app = app_logging_to(standard_error, monkeypatch, database_url, "json")
    client = app.test_client()
    response = client.get("/health/live?month=2011-03", headers={"X-Request-ID": "abc-123"})
    with app.app_context():
        app.logger.warning("Something to say")
        db.engine.dispose()
    lines = standard_error.getvalue().splitlines()
    entries = [json.loads(line) for line in lines]
    requests = [entry for entry in entries if entry["logger"] == "tracker.requests"]
    assert len(requests) == 1
    [request] = requests
    assert set(request) == {
        "time",
        "level",
        "logger",
        "request_id",
        "method",
        "path",
        "status",
        "duration_ms",
        "account_id",
    }
    assert request["request_id"] == "abc-123" == response.headers["X-Request-ID"]
    assert (request["method"], request["path"], request["status"]) == ("GET", "/health/live", 200)
    assert request["account_id"] is None
    assert isinstance(request["duration_ms"], float)
    assert request["time"].endswith("Z")
    assert {"logger": "tracker", "level": "WARNING", "message": "Something to say"}.items() <= (
        entries[-1].items()
    )


def test_text_mode_writes_one_line_per_request_on_standard_error(database_url, monkeypatch):
    standard_error = io.StringIO()
    app = app_logging_to(standard_error, monkeypatch, database_url, "text")
    app.test_client().get("/health/live", headers={"X-Request-ID": "abc-123"})
    with app.app_context():
        db.engine.dispose()
    [line] = standard_error.getvalue().splitlines()
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO tracker\.requests request_id=abc-123 "
        r"method=GET path=/health/live status=200 duration_ms=\d+\.\d account_id=-",
        line,
    )


def test_an_unknown_log_format_stops_the_app_from_starting(database_url):
    with pytest.raises(ConfigError, match="LOG_FORMAT must be 'text' or 'json', not 'xml'"):
        create_app(make_config(database_url, LOG_FORMAT="xml"))


def test_passwords_tokens_and_commentary_never_reach_a_log_record(app, client, lead, caplog):
    caplog.set_level(logging.DEBUG)
    plan = make_plan()
    action = make_action(plan, leads=[lead.person], target_date=date(2011, 3, 31))
    add_update(action, as_at=date(2010, 8, 20), commentary="Baseline")
    admin = make_user(Role.ADMIN, email="admin@example.org")
    token = accounts.issue_password_reset(admin, now=clock.now())
    db.session.commit()
    wrong_password = "wrong-Password-4417"
    new_password = "fresh-Passphrase-9902"
    commentary = "Commentary-8861 about a named child"

    post_sign_in(client, "lead@example.org", wrong_password)
    post_sign_in(client, "lead@example.org", PASSWORD)
    today = clock.today()
    response = client.post(
        f"/actions/{action.id}/update",
        data={
            "version": str(action.version),
            "completion": "not_completed",
            "rag": "red",
            "direction": "worsening",
            "commentary": commentary,
            "as_at": [str(today.day), str(today.month), str(today.year)],
        },
    )
    assert response.status_code == 302
    anonymous = app.test_client()
    anonymous.get(f"/auth/reset-password/{token}")
    reset = anonymous.post(
        f"/auth/reset-password/{token}",
        data={"new_password": new_password, "confirm_password": new_password},
    )
    assert reset.status_code == 302

    assert len(request_records(caplog)) == 5
    for record in caplog.records:
        written = " ".join(
            [record.getMessage(), repr(record.args), repr(vars(record).get("request_fields"))]
        )
        for secret in (PASSWORD, wrong_password, new_password, token, commentary):
            assert secret not in written, f"{secret!r} logged by {record.name}"
