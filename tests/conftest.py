"""Give every test a fresh, migrated database: SQLite by default, PostgreSQL when asked."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import pytest
from flask import Flask, current_app, g, request_started
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from tracker import create_app
from tracker.auth.reset_mail import wait_for_links
from tracker.config import Config
from tracker.extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
T = TypeVar("T")


class TestConfig(Config):
    """Settings for tests: CSRF off unless a test turns it on, a fixed secret, cheap hashes."""

    TESTING = True
    SECRET_KEY = "test-secret-key-of-at-least-32-bytes"
    WTF_CSRF_ENABLED = False
    SERVER_NAME = None
    TRACKER_BASE_URL = "http://tracker.test"
    MAIL_SERVER = "localhost"
    MAIL_DEFAULT_SENDER = "tracker@tracker.test"
    # Production's scrypt cost takes tens of milliseconds a hash, and most tests make accounts.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"


def make_config(database_url: str, **overrides) -> type:
    """Return a config class bound to a database, with any settings overridden."""
    return type(
        "BoundTestConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, **overrides}
    )


def _migrate(database_url: str) -> None:
    app = create_app(make_config(database_url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _empty_g(sender: Flask, **extra) -> None:
    for name in list(g):
        g.pop(name)


@pytest.fixture(scope="session", autouse=True)
def each_request_starts_with_an_empty_g() -> Iterator[None]:
    """Empty g as each request starts, as the request's own app context would have it."""
    # Tests keep an app context pushed across the test client's requests, so Flask reuses it and
    # its g: without this an account, a form or a token from one request would answer the next.
    request_started.connect(_empty_g)
    yield
    request_started.disconnect(_empty_g)


@pytest.fixture(scope="session")
def database_template(tmp_path_factory) -> str:
    """Run the migrations once: into a template SQLite file, or into the PostgreSQL database."""
    if TEST_DATABASE_URL:
        engine = create_engine(TEST_DATABASE_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        _migrate(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    path = tmp_path_factory.mktemp("template") / "template.db"
    _migrate(f"sqlite:///{path}")
    return str(path)


def _empty_postgresql(database_url: str) -> None:
    engine = create_engine(database_url)
    tables = [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    """Return the URL of an empty migrated database for this test alone."""
    if TEST_DATABASE_URL:
        _empty_postgresql(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    path = tmp_path / "tracker.db"
    shutil.copyfile(database_template, path)
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class DatabaseSnapshot(Generic[T]):
    """What a build wrote into an empty migrated database, and what it returned."""

    built: T
    # An SQLite file holding the rows, or on PostgreSQL each table's rows in COPY's text format
    # and each sequence's last value.
    sqlite_file: Path | None = None
    tables: tuple[tuple[str, bytes], ...] = ()
    sequences: tuple[tuple[str, int | None], ...] = ()

    def load(self) -> T:
        """Write the rows, with their ids, into the test's empty database; return what was built."""
        db.session.remove()
        if self.sqlite_file is None:
            _copy_postgresql_rows_in(self.tables, self.sequences)
        else:
            with (
                closing(sqlite3.connect(self.sqlite_file)) as source,
                closing(sqlite3.connect(db.engine.url.database)) as target,
            ):
                source.backup(target)
        return self.built


def take_snapshot(
    database_template: str, directory: Path, build: Callable[[], T]
) -> DatabaseSnapshot[T]:
    """Run the build once in an empty migrated database and keep what it wrote and returned."""
    if TEST_DATABASE_URL:
        # The suite's one PostgreSQL database is emptied, built in, copied out and emptied again.
        _empty_postgresql(TEST_DATABASE_URL)
        app = create_app(make_config(TEST_DATABASE_URL))
        with app.app_context():
            built = build()
            db.session.commit()
            tables, sequences = _copy_postgresql_rows_out()
            db.session.remove()
            db.engine.dispose()
        _empty_postgresql(TEST_DATABASE_URL)
        return DatabaseSnapshot(built, tables=tables, sequences=sequences)
    path = directory / "snapshot.db"
    shutil.copyfile(database_template, path)
    app = create_app(make_config(f"sqlite:///{path}"))
    with app.app_context():
        built = build()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return DatabaseSnapshot(built, sqlite_file=path)


def _copy_postgresql_rows_out() -> tuple[
    tuple[tuple[str, bytes], ...], tuple[tuple[str, int | None], ...]
]:
    connection = db.session.connection()
    # Parents before children, so that loading the rows in this order meets every foreign key.
    names = [
        name
        for name, _ in inspect(connection).get_sorted_table_and_fkc_names()
        if name is not None and name != "alembic_version"
    ]
    tables = []
    with connection.connection.driver_connection.cursor() as cursor:
        for name in names:
            with cursor.copy(f'COPY "{name}" TO STDOUT') as copy:
                tables.append((name, b"".join(bytes(block) for block in copy)))
    sequences = connection.execute(
        text(
            "SELECT sequencename, last_value FROM pg_sequences "
            "WHERE schemaname = current_schema() ORDER BY sequencename"
        )
    ).all()
    return tuple(tables), tuple((name, value) for name, value in sequences)


def _copy_postgresql_rows_in(
    tables: tuple[tuple[str, bytes], ...], sequences: tuple[tuple[str, int | None], ...]
) -> None:
    connection = db.session.connection()
    with connection.connection.driver_connection.cursor() as cursor:
        for name, rows in tables:
            if rows:
                with cursor.copy(f'COPY "{name}" FROM STDIN') as copy:
                    copy.write(rows)
    # Each sequence goes on from where the build left it, so later rows get the ids they had.
    for name, last_value in sequences:
        if last_value is not None:
            connection.execute(
                text("SELECT setval(CAST(:name AS regclass), :value)"),
                {"name": f'"{name}"', "value": last_value},
            )
    db.session.commit()


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> type:
    """Return the configuration the test's app is built with, keeping evidence in tmp_path."""
    return make_config(database_url, EVIDENCE_FOLDER=str(tmp_path / "evidence"))


@pytest.fixture
def app(app_config: type):
    """Return an app on a fresh database, with an app context pushed."""
    app = create_app(app_config)
    with app.app_context():
        yield app
        # A password link a request handed to the background sender must not outlive its test
        # and write to the next test's database.
        wait_for_links()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """Return a test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Return a CLI runner for the app's commands."""
    return app.test_cli_runner()


def _load_demo_seed() -> None:
    result = current_app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def demo_seed_snapshot(database_template: str, tmp_path_factory) -> DatabaseSnapshot[None]:
    """Load the demo seed once for the whole session."""
    return take_snapshot(database_template, tmp_path_factory.mktemp("demo_seed"), _load_demo_seed)


@pytest.fixture
def demo_seed(app, demo_seed_snapshot: DatabaseSnapshot[None]) -> None:
    """Fill the test's empty database as `flask seed demo` does; ask for it before other rows."""
    demo_seed_snapshot.load()


@pytest.fixture
def seed_dir() -> Path:
    """Return the repository's demo seed folder."""
    return Path(__file__).resolve().parent.parent / "seed"


@pytest.fixture
def sign_in():
    """Return a function that signs a test client in as an account, without the sign-in form."""

    def _sign_in(client, user) -> None:
        with client.session_transaction() as session:
            session["_user_id"] = f"{user.id}:{user.session_version}"
            session["_fresh"] = True

    return _sign_in
