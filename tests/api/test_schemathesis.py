"""Schemathesis fuzzes every operation of the served OpenAPI description against a live app.

The app answers on loopback over real HTTP, on the test database (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), filled with the demo seed, and every request carries an
administrator's read and write token. Each operation is one test, so that pytest-xdist spreads
them; the examples are derandomised and bounded so that the run takes the same time every time.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import jsonschema_rs
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.live_api import DESCRIPTION, LiveApi, app_config, live_api  # noqa: F401
from tracker import clock
from tracker.api.spec import OPERATIONS

# Per operation, with as many again where the address holds real plans and actions: about
# twenty operations fuzz in under a minute on SQLite with two workers.
EXAMPLES = 60
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)


AN_UPDATE_THAT_STANDS = {
    "completion": "partially_completed",
    "status": "Amber",
    "commentary": "Two of the three teams audited.",
}


def registered_operations() -> list[tuple[str, str]]:
    """Return each registered operation as (method, OpenAPI path)."""
    return sorted({(found.method, found.path) for found in OPERATIONS}, key=lambda m: m[::-1])


def real_values(api: LiveApi, operation: Any) -> dict[str, dict[str, list[Any]]]:
    """Return, by parameter location, demo values for the parameters an operation takes."""
    known: dict[str, list[Any]] = {
        "slug": list(api.plan_slugs),
        "plan": list(api.plan_slugs),
        "action_id": list(api.action_ids),
        # One in three matches its action's version, so that some status updates are recorded.
        "If-Match": [f'"{version}"' for version in api.action_versions],
    }
    return {
        location: {
            parameter.name: known[parameter.name]
            for parameter in parameters
            if parameter.name in known
        }
        for location, parameters in (
            ("path", operation.path_parameters),
            ("query", operation.query),
            ("header", operation.headers),
        )
    }


def cases_for(api: LiveApi, operation: Any) -> st.SearchStrategy:
    """Return cases from the description, right and wrong, and as many with the demo's values."""
    from_description = st.one_of(
        operation.as_strategy(),
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
    )
    values = real_values(api, operation)
    if not any(values.values()):
        return from_description
    choices = st.fixed_dictionaries(
        {
            location: st.fixed_dictionaries(
                {name: st.sampled_from(options) for name, options in named.items()}
            )
            for location, named in values.items()
        }
    )
    with_real_values = choices.flatmap(
        lambda chosen: operation.as_strategy(
            path_parameters=chosen["path"] or None,
            query=chosen["query"] or None,
            headers=chosen["header"] or None,
        )
    )
    if operation.method.upper() != "POST":
        return st.one_of(from_description, with_real_values)
    # A body the plan's rules take, so that some updates are recorded, not only refused.
    with_an_update_that_stands = choices.flatmap(
        lambda chosen: operation.as_strategy(
            path_parameters=chosen["path"] or None,
            headers=chosen["header"] or None,
            body=AN_UPDATE_THAT_STANDS | {"as_at": clock.today().isoformat()},
        )
    )
    return st.one_of(from_description, with_real_values, with_an_update_that_stands)


@pytest.mark.parametrize(
    ("method", "path"),
    registered_operations(),
    ids=[f"{method} {path}" for method, path in registered_operations()],
)
def test_every_operation_answers_as_its_description_says(live_api, method, path):  # noqa: F811
    schema = schemathesis.openapi.from_url(live_api.base_url + DESCRIPTION, timeout=30)
    operation = schema[path][method]
    statuses: Counter[int] = Counter()

    @FUZZ_SETTINGS
    @given(case=cases_for(live_api, operation))
    def fuzz(case) -> None:
        response = case.call(base_url=live_api.base_url, headers=live_api.authorization, timeout=30)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    fuzz()
    print(f"{method} {path}: {sum(statuses.values())} requests, statuses {dict(statuses)}")
    assert sum(statuses.values()) >= EXAMPLES, f"only {statuses} were sent"
    if method == "POST":
        assert statuses[201], f"no update was recorded: {dict(statuses)}"


def test_the_description_is_valid_openapi_3_1(live_api):  # noqa: F811
    document = live_api.description()
    assert document["openapi"].startswith("3.1")
    schemathesis.openapi.from_dict(document).validate()
    for name, schema in document["components"]["schemas"].items():
        assert jsonschema_rs.meta.is_valid(schema), f"{name} is not a valid JSON Schema"
    json.dumps(document, allow_nan=False)


def test_every_registered_api_route_is_in_the_description(app, live_api):  # noqa: F811
    described = {
        (method.upper(), path)
        for path, methods in live_api.description()["paths"].items()
        for method in methods
    }
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api.") or rule.endpoint == "api.openapi":
            continue
        path = "/" + "/".join(
            "{" + part.split(":")[-1].strip("<>") + "}" if part.startswith("<") else part
            for part in rule.rule.strip("/").split("/")
        )
        served |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served, "the API should have routes besides its description"
    assert served - described == set(), "routes missing from the OpenAPI description"
    assert described - served == set(), "described operations the app does not serve"


def test_the_fuzz_fails_loudly_when_the_server_cannot_be_reached(live_api):  # noqa: F811
    nowhere = LiveApi("http://127.0.0.1:9", live_api.token, (), (), ())
    with pytest.raises(requests.ConnectionError):
        nowhere.description()
    with pytest.raises(Exception, match=r"(?i)connect|refused"):
        schemathesis.openapi.from_url(nowhere.base_url + DESCRIPTION, timeout=5)
