"""With CSRF protection on, every state-changing route refuses a request without a token."""

import re

import pytest

from tests.api.conftest import bearer, make_token  # noqa: F401  (a fixture by name)
from tests.auth.route_world import ADMIN, STATE_CHANGING_METHODS, routes
from tests.conftest import make_config
from tests.factories import PASSWORD, make_user
from tracker.api.spec import OPERATIONS
from tracker.domain.api_tokens import TokenScope
from tracker.domain.enums import Role
from tracker.extensions import db

# The API's writes, as registered: each is checked for its token, never for a form's.
API_WRITES = sorted(
    {(found.method, found.endpoint) for found in OPERATIONS if found.method != "GET"}
)


@pytest.fixture
def app_config(database_url):
    return make_config(database_url, WTF_CSRF_ENABLED=True)


def csrf_token_on(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def any_url_for(app, endpoint: str, rule) -> str:
    """Build a URL for the rule with 1 for every argument: the token is checked before ids."""
    with app.test_request_context():
        return app.url_for(endpoint, **dict.fromkeys(rule.arguments, 1))


def test_every_state_changing_route_gets_400_without_a_token(app, sign_in, world):
    # The API's routes take a bearer token instead: the tests below check them.
    changing = [
        route
        for route in routes(app, methods=STATE_CHANGING_METHODS)
        if not route[0].startswith("api.")
    ]
    assert changing, "the app should have state-changing routes"
    answered = {}
    for endpoint, method, rule in changing:
        url = any_url_for(app, endpoint, rule)
        for account in (None, world.accounts[ADMIN]):
            client = app.test_client()
            if account is not None:
                sign_in(client, account)
            response = client.open(url, method=method, data={})
            answered[(method, url, account is not None)] = response.status_code
            response.close()
    refused = {key: status for key, status in answered.items() if status != 400}
    assert not refused, f"answered without a CSRF token: {refused}"


def test_a_wrong_token_is_refused_too(app, sign_in, world):
    client = app.test_client()
    sign_in(client, world.accounts[ADMIN])
    response = client.post("/auth/sign-out", data={"csrf_token": "forged"})
    assert response.status_code == 400


def test_sign_in_form_with_its_token_works(app, client):
    make_user(Role.LEAD, email="lead@example.org")
    db.session.commit()
    token = csrf_token_on(client.get("/auth/sign-in").get_data(as_text=True))
    response = client.post(
        "/auth/sign-in",
        data={"email": "lead@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def test_sign_out_button_carries_the_token_and_works(app, client):
    make_user(Role.LEAD, email="lead@example.org")
    db.session.commit()
    token = csrf_token_on(client.get("/auth/sign-in").get_data(as_text=True))
    client.post(
        "/auth/sign-in",
        data={"email": "lead@example.org", "password": PASSWORD, "csrf_token": token},
    )
    page = client.get("/actions/mine").get_data(as_text=True)
    sign_out_form = page[page.index('action="/auth/sign-out"') :]
    token = re.search(r'name="csrf_token" value="([^"]+)"', sign_out_form).group(1)
    assert client.post("/auth/sign-out", data={"csrf_token": token}).status_code == 302
    assert client.get("/actions/mine").status_code == 302


@pytest.mark.parametrize(
    ("method", "endpoint"), API_WRITES, ids=[f"{m} api.{e}" for m, e in API_WRITES]
)
def test_an_api_write_without_a_bearer_token_is_refused_even_when_signed_in(
    app, sign_in, world, method, endpoint
):
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == f"api.{endpoint}")
    url = any_url_for(app, rule.endpoint, rule)
    for account in (None, world.accounts[ADMIN]):
        client = app.test_client()
        if account is not None:
            # A browser's session cookie gives the API no one, so it cannot be forged across sites.
            sign_in(client, account)
        response = client.open(url, method=method, json={})
        assert response.status_code == 401, response.get_data(as_text=True)
        assert response.json["type"] == "/help/api#problem-no-token"


@pytest.mark.parametrize(
    ("method", "endpoint"), API_WRITES, ids=[f"{m} api.{e}" for m, e in API_WRITES]
)
def test_an_api_write_with_a_token_is_not_checked_for_a_form_token(
    app,
    world,
    make_token,  # noqa: F811
    method,
    endpoint,
):
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == f"api.{endpoint}")
    url = any_url_for(app, rule.endpoint, rule)
    token = make_token(world.accounts[ADMIN], TokenScope.WRITE)
    response = app.test_client().open(url, method=method, headers=bearer(token), json={})
    assert response.status_code != 400, response.get_data(as_text=True)
    assert "CSRF" not in response.get_data(as_text=True)
