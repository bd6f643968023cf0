"""Signed-in clients for the admin tests."""

import pytest

from tests.factories import make_user
from tracker.domain.enums import Role
from tracker.extensions import db


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
def staging(app, tmp_path):
    """Keep checked import files in the test's own folder."""
    folder = tmp_path / "staging"
    app.config["IMPORT_STAGING_DIR"] = str(folder)
    return folder
