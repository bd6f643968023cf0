"""Responses to signed-in accounts are never stored by browsers or shared caches."""

from tests.auth.route_world import ADMIN, ANONYMOUS, OWN_LEAD, PANEL, routes, url_for_rule

ROUTE_KINDS = {
    "page": "plans.show",
    "report": "reports.dashboard",
    "PDF": "reports.highlight_pdf",
    "plan PDF": "reports.plan_pdf",
    "JSON": "reports.highlight_json",
    "download": "static",
    "redirect": "main.index",
}


def get_as(app, sign_in, world, persona, endpoint):
    client = app.test_client()
    if world.accounts[persona] is not None:
        sign_in(client, world.accounts[persona])
    rule = next(rule for name, _, rule in routes(app, ("GET",)) if name == endpoint)
    return client.get(url_for_rule(app, world, endpoint, rule))


def test_every_kind_of_response_to_a_signed_in_account_says_no_store(app, sign_in, world):
    for persona in (OWN_LEAD, PANEL, ADMIN):
        for kind, endpoint in ROUTE_KINDS.items():
            response = get_as(app, sign_in, world, persona, endpoint)
            assert response.status_code in (200, 302), (persona, kind)
            assert response.headers.get("Cache-Control") == "no-store", (persona, kind)
            response.close()


def test_every_get_route_answered_to_an_administrator_says_no_store(app, sign_in, world):
    missing = []
    for endpoint, _, _ in routes(app, ("GET",)):
        response = get_as(app, sign_in, world, ADMIN, endpoint)
        if response.headers.get("Cache-Control") != "no-store":
            missing.append(f"{endpoint}: {response.status_code}")
        response.close()
    assert not missing


def test_public_pages_for_an_anonymous_visitor_may_be_cached(app, sign_in, world):
    for endpoint in ("auth.sign_in", "static"):
        response = get_as(app, sign_in, world, ANONYMOUS, endpoint)
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")
        response.close()
