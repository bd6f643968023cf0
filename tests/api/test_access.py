"""A request to the API gets in with a valid token, and is answered as problem details without."""

from tests.api.conftest import bearer
from tests.factories import make_person, make_user
from tracker.domain.enums import Role


def test_the_description_is_served_without_a_token(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    assert answer.json["openapi"] == "3.1.0"


def test_a_request_without_a_token_is_refused_as_problem_details(client):
    answer = client.get("/api/v1/me")
    assert answer.status_code == 401
    assert answer.mimetype == "application/problem+json"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert answer.json["status"] == 401


def test_an_unknown_address_with_a_token_is_a_404_problem(client, make_token):
    user = make_user(Role.PANEL, person=make_person("Pat Panel"))
    answer = client.get("/api/v1/no-such-thing", headers=bearer(make_token(user)))
    assert answer.status_code == 404
    assert answer.json == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "detail": "Not found",
        "instance": "/api/v1/no-such-thing",
    }


def test_a_token_says_whose_it_is(client, make_token):
    user = make_user(Role.PANEL, person=make_person("Pat Panel"))
    answer = client.get("/api/v1/me", headers=bearer(make_token(user)))
    assert answer.status_code == 200
    assert answer.json["role"] == "panel"
    assert answer.json["token"]["name"] == "Power BI"
    assert "ETag" in answer.headers
    again = client.get(
        "/api/v1/me",
        headers={**bearer(make_token(user)), "If-None-Match": answer.headers["ETag"]},
    )
    assert again.status_code == 304


def test_a_parameter_given_without_a_value_is_refused_naming_it(client, make_token):
    user = make_user(Role.ADMIN, person=make_person("Ada Admin"))
    answer = client.get("/api/v1/plans?archived=&page=1", headers=bearer(make_token(user)))
    assert answer.status_code == 422
    assert answer.json["errors"] == [
        {
            "field": "archived",
            "pointer": "/archived",
            "detail": "Give a value, or leave the parameter out.",
        }
    ]


def test_query_parameters_are_described_as_text_without_control_characters_or_nulls(client):
    described = client.get("/api/v1/openapi.json").json["paths"]
    for path, methods in described.items():
        for method, operation in methods.items():
            for parameter in operation["parameters"]:
                schema = parameter["schema"]
                where = f"{method.upper()} {path} {parameter['name']}"
                assert "anyOf" not in schema and schema.get("default", "") is not None, where
                if schema.get("type") == "string" and parameter["in"] != "header":
                    assert {"enum", "const", "pattern"} & schema.keys(), where
