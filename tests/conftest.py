"""Give every test a fresh, migrated database: SQLite by default, PostgreSQL when asked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from tracker import create_app
from tracker.config import Config
from tracker.extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


class TestConfig(Config):
    """Settings for tests: CSRF off unless a test turns it on, a fixed secret."""

    TESTING = True
    SECRET_KEY = "test-secret-key-of-at-least-32-bytes"
    WTF_CSRF_ENABLED = False
    SERVER_NAME = None
    TRACKER_BASE_URL = "http://tracker.test"
    MAIL_SERVER = "localhost"
    MAIL_DEFAULT_SENDER = "tracker@tracker.test"


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


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    """Return the URL of an empty migrated database for this test alone."""
    if TEST_DATABASE_URL:
        engine = create_engine(TEST_DATABASE_URL)
        tables = [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return TEST_DATABASE_URL
    path = tmp_path / "tracker.db"
    shutil.copyfile(database_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app_config(database_url: str) -> type:
    """Return the configuration the test's app is built with."""
    return make_config(database_url)


@pytest.fixture
def app(app_config: type):
    """Return an app on a fresh database, with an app context pushed."""
    app = create_app(app_config)
    with app.app_context():
        yield app
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
