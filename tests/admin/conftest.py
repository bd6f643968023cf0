"""Signed-in clients for the admin tests."""

import pytest
from sqlalchemy import func, select

from tests.factories import make_user
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import StagedImport


@pytest.fixture
def admin(app):
    """Return an administrator account, committed."""
    user = make_user(Role.ADMIN)
    db.session.commit()
    return user


@pytest.fixture
def admin_client(app, admin, sign_in):
    """Return a client signed in as the administrator."""
    client = app.test_client()
    sign_in(client, admin)
    return client


@pytest.fixture
def staged(app):
    """Return a function that counts the checked import files waiting in the database."""

    def count() -> int:
        db.session.rollback()
        return db.session.scalar(select(func.count()).select_from(StagedImport))

    return count
