"""Only administrators reach the admin area; everyone else is refused on the server."""

import re

import pytest

from tests.factories import make_action, make_plan, make_user
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import AuditEvent, Plan


def _admin_routes(app) -> list[tuple[str, str]]:
    """Return every admin URL with each method it answers, ids filled with 1 and slug 'p'."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        url = re.sub(r"<int:[a-z_]+>", "1", rule.rule)
        url = re.sub(r"<[a-z_]+>", "p", url)
        routes.extend((method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"}))
    return routes


def test_the_admin_area_has_routes_for_every_subject(app):
    urls = {url for _, url in _admin_routes(app)}
    for expected in (
        "/admin/",
        "/admin/plans",
        "/admin/plans/new",
        "/admin/plans/p/edit",
        "/admin/plans/p/archive",
        "/admin/plans/p/bands",
        "/admin/plans/p/themes",
        "/admin/plans/p/actions",
        "/admin/plans/p/risks",
        "/admin/plans/p/achievements",
        "/admin/people",
        "/admin/people/1/edit",
        "/admin/accounts",
        "/admin/audit",
        "/admin/import",
    ):
        assert expected in urls


@pytest.mark.parametrize("role", [Role.LEAD, Role.PANEL])
def test_leads_and_panel_members_are_refused_every_admin_route(app, sign_in, role):
    plan = make_plan(slug="p", bands=1)
    make_action(plan)
    user = make_user(role)
    db.session.commit()
    client = app.test_client()
    sign_in(client, user)
    for method, url in _admin_routes(app):
        response = client.open(url, method=method, data={"title": "Taken over", "slug": "p"})
        assert response.status_code == 403, (method, url)
    assert db.session.get(Plan, plan.id).title == plan.title
    assert db.session.query(AuditEvent).count() == 0


def test_anonymous_visitors_are_refused_every_admin_route(app):
    make_plan(slug="p")
    db.session.commit()
    client = app.test_client()
    for method, url in _admin_routes(app):
        response = client.open(url, method=method)
        assert not 200 <= response.status_code < 300, (method, url)
        if response.status_code in (301, 302, 303):
            assert "/auth/" in response.headers["Location"], (method, url)


def test_an_administrator_reaches_every_admin_page(admin_client):
    plan = make_plan(slug="p", bands=1)
    make_action(plan)
    db.session.commit()
    for method, url in _admin_routes(admin_client.application):
        # The import's steps work on an uploaded file; with none waiting they send to the upload.
        if method == "GET" and "/1" not in url and not url.startswith("/admin/import/"):
            response = admin_client.get(url)
            assert response.status_code == 200, url


def test_a_deactivated_administrator_is_refused(app, sign_in):
    admin = make_user(Role.ADMIN)
    admin.active = False
    db.session.commit()
    client = app.test_client()
    sign_in(client, admin)
    assert not 200 <= client.get("/admin/").status_code < 300
