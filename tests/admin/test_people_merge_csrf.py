"""With CSRF protection on, as in production, a merge needs the confirmation page's token."""

import re

import pytest
from sqlalchemy import select

from tests.conftest import make_config
from tests.factories import make_person
from tracker.extensions import db
from tracker.models import Person


@pytest.fixture
def app_config(database_url):
    """Build the app with CSRF protection switched on."""
    return make_config(database_url, WTF_CSRF_ENABLED=True)


def test_a_merge_without_the_token_is_refused_and_one_with_it_is_done(admin_client):
    keep, remove = make_person("Lyn Burns"), make_person("Lynn Burns")
    db.session.commit()
    address = f"/admin/people/{keep.id}/merge/{remove.id}"

    assert admin_client.post(address).status_code == 400
    db.session.expire_all()
    assert db.session.get(Person, remove.id) is not None

    page = admin_client.get(address).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    assert admin_client.post(address, data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert "Lynn Burns" not in db.session.scalars(select(Person.name)).all()
