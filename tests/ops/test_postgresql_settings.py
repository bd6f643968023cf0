"""The app's PostgreSQL connections run queries without JIT compilation."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import TEST_DATABASE_URL
from tracker.extensions import db


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="JIT is a PostgreSQL setting; SQLite has none")
def test_postgresql_connections_have_jit_off(app):
    assert db.session.scalar(text("SHOW jit")) == "off"


def test_only_postgresql_connections_are_given_the_jit_option(app):
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    if TEST_DATABASE_URL:
        assert options["connect_args"] == {"options": "-c jit=off"}
    else:
        assert "connect_args" not in options
