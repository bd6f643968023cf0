"""The liveness and readiness checks answer without sign-in, write nothing and are never limited."""

import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text

from tests.auth.test_sign_in import post_sign_in
from tests.conftest import make_config
from tests.factories import make_user
from tracker import VERSION, create_app
from tracker.domain.enums import Role
from tracker.domain.sign_in_limits import PER_ACCOUNT_AND_ADDRESS
from tracker.extensions import db
from tracker.models import RateLimitEvent
from tracker.services import schema_revisions


def test_live_answers_200_with_a_small_json_body_without_sign_in(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.get_json() == {"status": "live"}
    assert response.headers["Cache-Control"] == "no-store"


def test_ready_answers_200_when_the_schema_is_at_the_latest_migration(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    head = ", ".join(sorted(schema_revisions.expected_heads()))
    assert response.get_json() == {"status": "ready", "version": VERSION, "revision": head}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.fixture
def recorded_revision(app):
    """Let a test change alembic_version, and put the recorded revision back afterwards."""
    before = db.session.scalars(text("SELECT version_num FROM alembic_version")).all()
    db.session.commit()
    yield
    db.session.rollback()
    db.session.execute(text("DELETE FROM alembic_version"))
    for revision in before:
        db.session.execute(text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})
    db.session.commit()


def test_ready_is_503_when_the_database_records_an_unknown_revision(client, recorded_revision):
    db.session.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    db.session.commit()
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "not ready"
    head = ", ".join(sorted(schema_revisions.expected_heads()))
    assert body["reason"] == (
        f"the database schema is at revision ffffffffffff but this app needs {head}; "
        "run 'flask --app wsgi db upgrade'"
    )


def test_ready_is_503_when_the_database_is_behind_every_migration(client, recorded_revision):
    db.session.execute(text("DELETE FROM alembic_version"))
    db.session.commit()
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "not ready",
        "version": VERSION,
        "reason": "the database has no schema revision; run 'flask --app wsgi db upgrade'",
    }


@pytest.mark.parametrize(
    "unreachable_url",
    [
        # A folder where the database file should be: SQLite cannot open it.
        "sqlite:///{tmp}",
        # Nothing listens on port 1, as when PostgreSQL is stopped.
        "postgresql+psycopg://postgres@127.0.0.1:1/tracker",
    ],
    ids=["sqlite file cannot be opened", "postgresql refuses the connection"],
)
def test_ready_is_503_when_the_database_cannot_be_reached(tmp_path, unreachable_url, caplog):
    app = create_app(make_config(unreachable_url.format(tmp=tmp_path)))
    with app.app_context():
        live = app.test_client().get("/health/live")
        ready = app.test_client().get("/health/ready")
        db.engine.dispose()
    assert live.status_code == 200
    assert ready.status_code == 503
    assert ready.get_json() == {
        "status": "not ready",
        "version": VERSION,
        "reason": "the database cannot be reached",
    }
    assert "Readiness check: the database cannot be reached" in caplog.text


def test_ready_does_not_create_a_missing_sqlite_file(tmp_path):
    missing = tmp_path / "tracker.db"
    app = create_app(make_config(f"sqlite:///{missing}"))
    with app.app_context():
        response = app.test_client().get("/health/ready")
        db.engine.dispose()
    assert response.status_code == 503
    assert response.get_json()["reason"] == "the database cannot be reached"
    assert list(tmp_path.iterdir()) == []


FAILURE_LIMIT = PER_ACCOUNT_AND_ADDRESS.free_failures


def test_health_checks_only_read_and_are_not_refused_when_the_address_is_limited(app, client):
    make_user(Role.LEAD, email="lead@example.org")
    db.session.commit()
    address = "198.51.100.9"
    for _ in range(FAILURE_LIMIT):
        post_sign_in(client, "lead@example.org", "wrong password", address=address)
    assert post_sign_in(client, "lead@example.org", "wrong", address=address).status_code == 429
    events_before = db.session.scalar(select(func.count()).select_from(RateLimitEvent))
    db.session.commit()

    statements: list[str] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        for _ in range(FAILURE_LIMIT * 3):
            for path in ("/health/live", "/health/ready"):
                response = client.get(path, environ_base={"REMOTE_ADDR": address})
                assert response.status_code == 200, path
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)

    assert statements, "the readiness check read nothing"
    writes = [
        s for s in statements if re.match(r"\s*(INSERT|UPDATE|DELETE|BEGIN IMMEDIATE)", s, re.I)
    ]
    assert writes == []
    assert db.session.scalar(select(func.count()).select_from(RateLimitEvent)) == events_before


def test_ready_answers_while_another_process_holds_the_write_lock(sqlite_url):
    app = create_app(make_config(sqlite_url))
    writer = sqlite3.connect(Path(sqlite_url.removeprefix("sqlite:///")), timeout=0)
    try:
        writer.isolation_level = None
        # The write lock, as an import in progress holds it.
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM rate_limit_event")
        with app.app_context():
            response = app.test_client().get("/health/ready")
            db.engine.dispose()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert response.status_code == 200
