"""A write the database refuses gives a 503 page that keeps what was typed and names the request."""

from __future__ import annotations

import logging
import re
import sqlite3
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import create_engine, event, func, select, text

from tests.conftest import TEST_DATABASE_URL, make_config
from tests.factories import add_update, make_action, make_plan, make_user
from tracker import clock, create_app
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Action, Plan, Risk, StatusUpdate
from tracker.services.organisations import default_organisation

NOT_SAVED = "Your update was not saved — the text you typed is below"
COMMENTARY = "Caseload audits finished in nine of ten teams; the tenth starts Monday."
ONLY_SQLITE = pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="refusals of an SQLite file; the suite on SQLite runs it"
)
ONLY_POSTGRESQL = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="stops a PostgreSQL backend; the suite on PostgreSQL runs it"
)


@pytest.fixture
def lead(app):
    user = make_user(Role.LEAD)
    db.session.commit()
    return user


@pytest.fixture
def action(lead):
    action = make_action(make_plan(), ref="1.02", leads=[lead.person])
    add_update(action, as_at=date(2011, 3, 30), commentary="Audits started")
    db.session.commit()
    return action


def update_form(version: int) -> dict:
    today = clock.today()
    return {
        "version": str(version),
        "completion": "partially_completed",
        "rag": "amber",
        "direction": "improving",
        "current_performance": "90% (9/10)",
        "commentary": COMMENTARY,
        "completed_on": ["", "", ""],
        "as_at": [str(today.day), str(today.month), str(today.year)],
    }


def request_id_in(page: str) -> str:
    found = re.search(r'class="tracker-request-id">([0-9a-f]{16})<', page)
    assert found, "the page shows no request id"
    return found[1]


def failures_logged(caplog, request_id: str) -> list[logging.LogRecord]:
    # The request's own log line carries its id too; a failure is a warning or worse.
    return [
        record
        for record in caplog.records
        if record.levelno >= logging.WARNING and request_id in record.getMessage()
    ]


def stored_updates(action_id: int) -> tuple[int, int]:
    """Return how many updates the action has and its version, read afresh."""
    db.session.rollback()
    count = db.session.scalar(
        select(func.count()).select_from(StatusUpdate).where(StatusUpdate.action_id == action_id)
    )
    return count, db.session.scalar(select(Action.version).where(Action.id == action_id))


@contextmanager
def writes_refused(engine):
    """Make SQLite refuse every change on the app's connections, as a read-only file does."""

    def read_only(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("PRAGMA query_only=ON")

    db.session.rollback()
    # Open connections would still write: start afresh, each new transaction read-only.
    engine.dispose()
    event.listen(engine, "begin", read_only)
    try:
        yield
    finally:
        event.remove(engine, "begin", read_only)
        db.session.rollback()
        engine.dispose()


def assert_not_saved_page(response, caplog) -> str:
    """Check the page is the app's 503, and that the failure was logged once under its id."""
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert NOT_SAVED in page
    assert "Improvement Tracker" in page
    request_id = request_id_in(page)
    assert len(failures_logged(caplog, request_id)) == 1
    return page


@ONLY_SQLITE
def test_a_read_only_database_keeps_the_leads_update_in_the_form(
    client, sign_in, lead, action, caplog
):
    sign_in(client, lead)
    before = stored_updates(action.id)
    with writes_refused(db.engine):
        response = client.post(f"/actions/{action.id}/update", data=update_form(action.version))

    page = assert_not_saved_page(response, caplog)
    assert f">{COMMENTARY}</textarea>" in page
    assert ">90% (9/10)</textarea>" in page
    assert 'value="amber" checked' in page
    assert f'name="version" type="hidden" value="{before[1]}"' in page
    assert "readonly database" in caplog.text
    assert stored_updates(action.id) == before


@ONLY_SQLITE
def test_saving_the_kept_update_again_works_once_the_database_takes_writes(
    client, sign_in, lead, action, caplog
):
    sign_in(client, lead)
    count, version = stored_updates(action.id)
    with writes_refused(db.engine):
        refused = client.post(f"/actions/{action.id}/update", data=update_form(version))
    assert refused.status_code == 503

    again = client.post(f"/actions/{action.id}/update", data=update_form(version))

    assert again.status_code == 302
    assert stored_updates(action.id) == (count + 1, version + 1)


@ONLY_SQLITE
def test_a_database_locked_past_the_busy_timeout_keeps_what_was_typed(
    client, sign_in, lead, action, caplog
):
    sign_in(client, lead)
    action_id = action.id
    before = stored_updates(action_id)

    def short_wait(dbapi_connection, connection_record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA busy_timeout=200")

    db.session.rollback()
    db.engine.dispose()
    event.listen(db.engine, "connect", short_wait)
    holder = sqlite3.connect(db.engine.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = client.post(f"/actions/{action_id}/update", data=update_form(before[1]))
    finally:
        holder.rollback()
        holder.close()
        event.remove(db.engine, "connect", short_wait)
        db.engine.dispose()

    page = assert_not_saved_page(response, caplog)
    assert f">{COMMENTARY}</textarea>" in page
    assert "database is locked" in caplog.text
    assert stored_updates(action_id) == before


@ONLY_SQLITE
def test_a_read_only_database_keeps_an_admin_form_as_typed(app, sign_in, caplog):
    admin = make_user(Role.ADMIN)
    plan = make_plan()
    db.session.commit()
    client = app.test_client()
    sign_in(client, admin)
    form = {
        "description": "Agency staff leave before cases close",
        "likelihood": "High",
        "consequences": "Children wait for a second assessment",
        "mitigation": "Retention payments from April",
        "owner": "Head of Service",
        "status": "open",
        "raised_on": ["1", "3", "2011"],
        "closed_on": ["", "", ""],
    }
    with writes_refused(db.engine):
        response = client.post(f"/admin/plans/{plan.slug}/risks/new", data=form)

    page = assert_not_saved_page(response, caplog)
    assert ">Retention payments from April</textarea>" in page
    assert 'value="Head of Service"' in page
    assert db.session.scalar(select(func.count()).select_from(Risk)) == 0


@ONLY_POSTGRESQL
def test_postgresql_stopping_mid_request_keeps_the_update(client, sign_in, lead, action, caplog):
    sign_in(client, lead)
    before = stored_updates(action.id)
    session = db.session()
    killer = create_engine(TEST_DATABASE_URL)

    def stop_the_backend(session, flush_context, instances):  # type: ignore[no-untyped-def]
        pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with killer.connect() as connection:
            # Waits until the backend has ended, so the next statement meets a closed connection.
            connection.execute(text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": pid})

    event.listen(session, "before_flush", stop_the_backend)
    try:
        response = client.post(f"/actions/{action.id}/update", data=update_form(before[1]))
    finally:
        event.remove(session, "before_flush", stop_the_backend)
        killer.dispose()

    page = assert_not_saved_page(response, caplog)
    assert f">{COMMENTARY}</textarea>" in page
    assert "terminating connection" in caplog.text
    assert stored_updates(action.id) == before


def test_a_database_that_cannot_be_reached_still_shows_what_was_typed(
    database_url, sign_in, caplog
):
    # Nothing listens on port 1: every connection is refused, from the first query on.
    unreachable = create_app(
        make_config("postgresql+psycopg://postgres@127.0.0.1:1/tracker?connect_timeout=2")
    )
    client = unreachable.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = "1:0"
        cookie["_fresh"] = True

    response = client.post("/actions/1/update", data=update_form(3))

    page = assert_not_saved_page(response, caplog)
    assert f">{COMMENTARY}</textarea>" in page
    assert ">90% (9/10)</textarea>" in page


def test_a_page_read_when_the_database_cannot_be_reached_is_a_503(client, caplog):
    unreachable = create_app(
        make_config("postgresql+psycopg://postgres@127.0.0.1:1/tracker?connect_timeout=2")
    )
    with unreachable.test_client() as reader:
        with reader.session_transaction() as cookie:
            cookie["_user_id"] = "1:0"
        response = reader.get("/plans/")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in page
    assert len(failures_logged(caplog, request_id_in(page))) == 1


def test_an_unexpected_error_rolls_back_and_shows_the_apps_page_with_its_id(database_url, caplog):
    app = create_app(make_config(database_url, PROPAGATE_EXCEPTIONS=False))

    @app.post("/boom")
    def boom():
        organisation = default_organisation()
        db.session.add(Plan(slug="half-made", title="Half made", organisation_id=organisation.id))
        db.session.flush()
        raise RuntimeError("a bug after a write")

    with app.app_context():
        response = app.test_client().post("/boom")
        page = response.get_data(as_text=True)
        assert response.status_code == 500
        assert "Sorry, there is a problem with the service" in page
        records = failures_logged(caplog, request_id_in(page))
        assert len(records) == 1
        assert records[0].exc_info[1].args == ("a bug after a write",)
        db.session.remove()
        assert db.session.scalar(select(func.count()).select_from(Plan)) == 0
        db.session.remove()
        db.engine.dispose()
