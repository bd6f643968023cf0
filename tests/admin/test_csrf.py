"""With CSRF protection on, as in production, admin changes need the form's token."""

import re

import pytest

from tests.conftest import make_config
from tests.factories import make_plan
from tracker.extensions import db
from tracker.models import AuditEvent, Plan


@pytest.fixture
def app_config(database_url):
    """Build the app with CSRF protection switched on."""
    return make_config(database_url, WTF_CSRF_ENABLED=True)


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]


def test_a_change_without_the_token_is_refused_and_one_with_it_is_saved(admin_client):
    make_plan(slug="p", title="Plan")
    db.session.commit()
    refused = admin_client.post("/admin/plans/p/archive")
    assert refused.status_code == 400
    assert db.session.scalar(db.select(Plan.archived_at)) is None

    page = admin_client.get("/admin/plans/p").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    assert (
        admin_client.post("/admin/plans/p/archive", data={"csrf_token": token}).status_code == 302
    )
    db.session.expire_all()
    assert db.session.scalar(db.select(Plan.archived_at)) is not None


def test_a_form_posted_without_the_token_writes_nothing(admin_client):
    form = {"name": "Deb Johnson", "email": "", "active": "y"}
    assert admin_client.post("/admin/people/new", data=form).status_code == 400
    assert db.session.query(AuditEvent).count() == 0
    token = _token(admin_client.get("/admin/people/new").get_data(as_text=True))
    response = admin_client.post("/admin/people/new", data={**form, "csrf_token": token})
    assert response.status_code == 302
    assert db.session.query(AuditEvent).count() == 1


def test_the_status_key_is_changed_only_with_the_token(admin_client):
    plan = make_plan(slug="p", title="Plan")
    db.session.commit()
    entry = {"label": "Paused", "colour": "grey", "completion": "not_known", "words": ""}
    assert admin_client.post("/admin/plans/p/status-key/new", data=entry).status_code == 400
    removal = {"label": "Red"}
    assert admin_client.post("/admin/plans/p/status-key/1/delete", data=removal).status_code == 400
    assert db.session.get(Plan, plan.id).status_key is None

    page = admin_client.get("/admin/plans/p/status-key").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    removed = admin_client.post(
        "/admin/plans/p/status-key/1/delete", data={**removal, "csrf_token": token}
    )
    assert removed.status_code == 302
    db.session.expire_all()
    assert [entry["label"] for entry in db.session.get(Plan, plan.id).status_key] == [
        "Amber",
        "Green",
        "Complete",
    ]
