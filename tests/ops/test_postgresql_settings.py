"""The app's PostgreSQL connections run queries without JIT compilation."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import TEST_DATABASE_URL, make_config
from tracker import create_app
from tracker.extensions import db

ONLY_POSTGRESQL = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="JIT is a PostgreSQL setting; the suite on PostgreSQL runs it"
)


@ONLY_POSTGRESQL
def test_postgresql_connections_have_jit_off(app):
    assert db.session.scalar(text("SHOW jit")) == "off"
    # Every connection, not only the first: the pool's next one is set up the same way.
    with db.engine.connect() as connection:
        assert connection.scalar(text("SHOW jit")) == "off"


@ONLY_POSTGRESQL
def test_the_database_urls_own_options_still_apply():
    separator = "&" if "?" in TEST_DATABASE_URL else "?"
    url = f"{TEST_DATABASE_URL}{separator}options=-cstatement_timeout%3D4321"
    app = create_app(make_config(url))
    with app.app_context():
        assert db.session.scalar(text("SHOW statement_timeout")) == "4321ms"
        assert db.session.scalar(text("SHOW jit")) == "off"
        db.session.remove()
        db.engine.dispose()
