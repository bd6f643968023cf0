"""Fixtures for the operator's tools: a migrated SQLite file whichever database the suite uses."""

from pathlib import Path

import pytest

from tests.conftest import make_config
from tracker import create_app
from tracker.extensions import db


@pytest.fixture
def sqlite_url(database_url: str, tmp_path: Path) -> str:
    """Return the URL of a migrated SQLite file for this test alone."""
    if database_url.startswith("sqlite"):
        return database_url
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    app = create_app(make_config(url))
    with app.app_context():
        assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
        db.engine.dispose()
    return url
