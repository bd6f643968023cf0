"""A plan with actions in many states, and clients that may read it."""

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from tests.factories import make_user
from tracker.domain.enums import Role
from tracker.extensions import db


@pytest.fixture
def reader(app, sign_in):
    """Return a client signed in as a panel member, who may read every plan."""
    user = make_user(Role.PANEL)
    db.session.commit()
    client = app.test_client()
    sign_in(client, user)
    return client


@pytest.fixture
def statements(app) -> Iterator[list[str]]:
    """Collect the SQL statements sent while the test runs."""
    sent: list[str] = []

    def _count(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)
