"""Every API route × method × persona × token scope gives the outcome written down for it.

The table is keyed by the route's rule as registered on the API blueprint, then by method. A
route added to the API without a row here fails test_every_api_route_has_a_row_in_the_matrix.
Each persona sends a token of its own, read only or read and write; "anonymous" sends none. A
write sends a body the description says is valid, so that what answers is who may write, not
what was sent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.api.conftest import bearer
from tests.auth.route_world import ANONYMOUS, PERSONAS, World, make_world
from tracker.domain.api_tokens import TokenScope

OK = 200
NO_TOKEN = 401
FORBIDDEN = 403
# A status update without If-Match, carrying the action's version, is refused before anything
# is written.
PRECONDITION_REQUIRED = 428
SCOPES = (TokenScope.READ, TokenScope.WRITE)


def row(anonymous: int, own_lead: int, other_lead: int, panel: int, admin: int) -> dict[str, int]:
    """Return one line of the matrix, persona by persona, the same for either scope."""
    return dict(zip(PERSONAS, (anonymous, own_lead, other_lead, panel, admin), strict=True))


def write_row(own_lead: int, other_lead: int, panel: int, admin: int) -> dict[str, Any]:
    """Return a line for a write: a read-only token is refused whoever holds it."""
    return {
        TokenScope.READ: row(NO_TOKEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        TokenScope.WRITE: row(NO_TOKEN, own_lead, other_lead, panel, admin),
    }


# Anything in the own lead's plan: the other plan's lead is refused, as on the pages.
READ_OWN_PLAN = row(NO_TOKEN, OK, FORBIDDEN, OK, OK)
# Lists across plans answer every account with the plans it may read.
READ_ANY_TOKEN = row(NO_TOKEN, OK, OK, OK, OK)

EXPECTED: dict[str, dict[str, Any]] = {
    # The description holds no data, and tells a client how to send a token.
    "/openapi.json": {"GET": row(OK, OK, OK, OK, OK)},
    "/me": {"GET": READ_ANY_TOKEN},
    "/plans": {"GET": READ_ANY_TOKEN},
    "/plans/<slug>": {"GET": READ_OWN_PLAN},
    "/plans/<slug>/themes": {"GET": READ_OWN_PLAN},
    "/plans/<slug>/objectives": {"GET": READ_OWN_PLAN},
    "/plans/<slug>/actions": {"GET": READ_OWN_PLAN},
    "/plans/<slug>/risks": {"GET": READ_OWN_PLAN},
    "/plans/<slug>/achievements": {"GET": READ_OWN_PLAN},
    "/plans/<slug>/tallies": {"GET": READ_OWN_PLAN},
    "/plans/<slug>/highlight": {"GET": READ_OWN_PLAN},
    # The world's plan has an indicator, so its scorecard is there to read.
    "/plans/<slug>/scorecard": {"GET": READ_OWN_PLAN},
    "/actions": {"GET": READ_ANY_TOKEN},
    "/actions/<int:action_id>": {"GET": READ_OWN_PLAN},
    "/actions/<int:action_id>/status-updates": {
        "GET": READ_OWN_PLAN,
        # The action's leads and administrators may record one; without If-Match it is refused.
        "POST": write_row(PRECONDITION_REQUIRED, FORBIDDEN, FORBIDDEN, PRECONDITION_REQUIRED),
    },
    "/status-updates": {"GET": READ_ANY_TOKEN},
    "/status-updates/<int:update_id>": {"GET": READ_OWN_PLAN},
    "/people": {"GET": row(NO_TOKEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)},
    # The tallies across plans are for the panel and administrators, as on the pages.
    "/portfolio": {"GET": row(NO_TOKEN, FORBIDDEN, FORBIDDEN, OK, OK)},
}


def api_routes(app) -> list[tuple[str, str, Any]]:
    """Return every (rule as registered on the API blueprint, method, rule) the app answers."""
    return sorted(
        (
            (rule.rule.removeprefix("/api/v1"), method, rule)
            for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("api.")
            for method in rule.methods - {"HEAD", "OPTIONS"}
        ),
        # Reads first: a write may change what later reads look at.
        key=lambda route: (route[1] != "GET", route[0]),
    )


def expected_outcome(address: str, method: str, persona: str, scope: TokenScope) -> int:
    """Return what the matrix says a persona with a token of this scope gets."""
    written = EXPECTED[address][method]
    return written[scope][persona] if scope in written else written[persona]


def valid_example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """Return a small value the JSON schema accepts: required fields only, first choices."""
    if "$ref" in schema:
        return valid_example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for choices in ("anyOf", "oneOf", "allOf"):
        if choices in schema:
            return valid_example(schema[choices][0], components)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        return {
            name: valid_example(schema["properties"][name], components)
            for name in schema.get("required", ())
        }
    if kind == "array":
        return [valid_example(schema["items"], components)] * schema.get("minItems", 0)
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return date(2011, 3, 30).isoformat()
    return "Checked by the permission matrix"[: schema.get("maxLength", 100)]


def request_body(client, address: str, method: str) -> Any:
    """Return a body the description accepts for this operation, or None when it takes none."""
    if method == "GET":
        return None
    document = client.get("/api/v1/openapi.json").json
    path = "/api/v1" + "/".join(
        "{" + part.split(":")[-1].strip("<>") + "}" if part.startswith("<") else part
        for part in address.split("/")
    )
    described = document["paths"][path][method.lower()]
    if "requestBody" not in described:
        return None
    schema = described["requestBody"]["content"]["application/json"]["schema"]
    return valid_example(schema, document["components"]["schemas"])


@pytest.fixture
def world(app) -> World:
    """Return the web matrix's two plans with a lead each, and one account per persona."""
    return make_world()


def test_every_api_route_has_a_row_in_the_matrix(app):
    missing = sorted(
        f"{method} {address} ({rule.endpoint})"
        for address, method, rule in api_routes(app)
        if method not in EXPECTED.get(address, {})
    )
    assert not missing, (
        "These API routes have no row in EXPECTED in tests/api/test_api_permission_matrix.py; "
        "add one saying what each persona and token scope should get: " + ", ".join(missing)
    )


def test_every_api_route_answers_each_persona_and_scope_as_the_matrix_says(
    app, client, world, make_token
):
    tokens = {
        (persona, scope): make_token(account, scope, name=f"{persona} {scope.value}")
        for persona, account in world.accounts.items()
        if account is not None
        for scope in SCOPES
    }
    samples = world.sample_arguments()
    surprises = []
    checked = 0
    for address, method, rule in api_routes(app):
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **{name: samples[name] for name in rule.arguments})
        body = request_body(client, address, method)
        for persona in PERSONAS:
            for scope in SCOPES:
                headers = {} if persona == ANONYMOUS else bearer(tokens[(persona, scope)])
                response = client.open(url, method=method, headers=headers, json=body)
                got = response.status_code
                response.close()
                expected = expected_outcome(address, method, persona, scope)
                checked += 1
                if got != expected:
                    surprises.append(
                        f"{method} {url} as {persona} with a {scope.value} token: "
                        f"got {got}, expected {expected}"
                    )
    assert checked, "the API should have routes to check"
    assert not surprises, "\n".join(surprises)
