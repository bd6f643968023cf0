"""Register the API's operations with their schemas, and build the OpenAPI 3.1 description."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from flask import Response, json, request
from pydantic import BaseModel, Field, ValidationError
from pydantic.json_schema import models_json_schema

from tracker.api import bp
from tracker.api.problems import PROBLEM_TYPE, Problem, invalid
from tracker.domain.api_tokens import TokenScope
from tracker.domain.date_params import DAY_PATTERN
from tracker.domain.paging import LARGEST_PAGE, PER_PAGE

JSON_TYPE = "application/json"
CSV_TYPE = "text/csv"
_REF = "#/components/schemas/{model}"
# Text without control characters: the app refuses them in an address (tracker/web_input.py).
_PLAIN_TEXT = "^[^\\u0000-\\u001f\\u007f-\\u009f]+$"
_RULE_ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>[a-z_]+)>")

# What every operation can answer besides its own outcome, and why.
_COMMON_ERRORS = {
    400: "The request cannot be read, for example a control character in the address.",
    401: "No token was sent, or it is not valid: unknown, expired, revoked or deactivated.",
    429: "The token made too many requests; wait for the seconds Retry-After gives.",
    503: "The database could not be reached; nothing was changed.",
}
_ERRORS = {
    403: "The token's account or scope may not do this.",
    404: "Nothing is at this address, or the token's account may not read it.",
    409: "The record cannot take this change in its present state.",
    412: "The action changed since it was read: the version in If-Match is stale.",
    415: "The body is not JSON.",
    422: "Some values are not right: errors names each field with what to fix.",
    428: "If-Match, carrying the action's version, is required.",
}


class ProblemDetails(BaseModel):
    """An error, as RFC 9457 problem details, with each wrong field named."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldError] | None = None


class FieldError(BaseModel):
    """One wrong field: its name, a JSON pointer to it, and what to fix."""

    field: str
    pointer: str
    detail: str


ProblemDetails.model_rebuild()


class ListQuery(BaseModel):
    """The page of a list, and whether to answer CSV for spreadsheets and Power BI instead."""

    # parse_paging reads a page number of at most nine digits.
    page: int = Field(1, ge=1, le=999_999_999, description="The page to answer, counting from 1.")
    per_page: int = Field(
        PER_PAGE, ge=1, le=LARGEST_PAGE, description=f"Rows a page holds, at most {LARGEST_PAGE}."
    )
    format: Literal["json", "csv"] = Field(
        "json",
        description="csv answers every matching row, not a page, as a CSV file with a header.",
    )


Item = TypeVar("Item", bound=BaseModel)


class Page(BaseModel, Generic[Item]):
    """A page of a list, with the totals; the Link header names its neighbours."""

    items: list[Item]
    page: int
    per_page: int
    total: int
    pages: int


@dataclass(frozen=True)
class Operation:
    """One method on one address of the API, with what it takes and answers."""

    endpoint: str
    method: str
    rule: str
    summary: str
    description: str
    tag: str
    response: type[BaseModel] | None
    status: int
    query: type[BaseModel] | None
    body: type[BaseModel] | None
    errors: tuple[int, ...]
    listing: bool
    scope: TokenScope | None
    response_headers: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """Return the address as OpenAPI writes it: /plans/{slug}."""
        return _RULE_ARGUMENT.sub(lambda match: "{" + match["name"] + "}", "/api/v1" + self.rule)

    @property
    def path_arguments(self) -> list[tuple[str, str]]:
        """Return each argument of the address with its converter: int or string."""
        return [
            (match["name"], match["converter"] or "string")
            for match in _RULE_ARGUMENT.finditer(self.rule)
        ]


OPERATIONS: list[Operation] = []


def operation(
    rule: str,
    method: str = "GET",
    *,
    summary: str,
    tag: str,
    response: type[BaseModel] | None,
    status: int = 200,
    query: type[BaseModel] | None = None,
    body: type[BaseModel] | None = None,
    errors: Sequence[int] = (),
    listing: bool = False,
    description: str = "",
    response_headers: Sequence[str] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add a view to the API at this address and method, and describe it in the OpenAPI."""

    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        needed = TokenScope.READ if method == "GET" else TokenScope.WRITE
        found = Operation(
            endpoint=view.__name__,
            method=method,
            rule=rule,
            summary=summary,
            description=description or (view.__doc__ or "").strip(),
            tag=tag,
            response=response,
            status=status,
            query=query,
            body=body,
            # What can be wrong comes with it: a body (415, 422), query parameters (422), and an
            # address with arguments, which routing answers 404 when one is of the wrong kind.
            errors=tuple(
                sorted(
                    set(errors)
                    | ({415, 422} if body else set())
                    | ({422} if query is not None else set())
                    | ({404} if _RULE_ARGUMENT.search(rule) else set())
                )
            ),
            listing=listing,
            scope=needed,
            response_headers=tuple(response_headers),
        )
        OPERATIONS.append(found)

        @functools.wraps(view)
        def answer(**arguments: Any) -> Response:
            refuse_empty_parameters()
            if body is not None:
                arguments["body"] = read_body(body)
            return json_response(view(**arguments), status)

        bp.add_url_rule(rule, endpoint=view.__name__, view_func=answer, methods=[method])
        return answer

    return register


def refuse_empty_parameters() -> None:
    """Raise the 422 problem naming each query parameter given without a value."""
    empty = {
        name: "Give a value, or leave the parameter out."
        for name, value in request.args.items(multi=True)
        if value == ""
    }
    if empty:
        raise invalid(empty)


def read_body(model: type[BaseModel]) -> BaseModel:
    """Return the request's JSON body as the model, or raise the problem saying what is wrong."""
    if not request.is_json:
        raise Problem(
            415, "Send JSON", "Send the body as JSON with Content-Type: application/json."
        )
    data = request.get_json(silent=True)
    if data is None:
        raise Problem(400, "The request cannot be read", "The body is not valid JSON.")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise invalid(_validation_errors(error)) from None


def _validation_errors(error: ValidationError) -> dict[str, str]:
    """Return a message per field from pydantic's errors, the first one for each field."""
    messages: dict[str, str] = {}
    for item in error.errors(include_url=False):
        name = ".".join(str(part) for part in item["loc"]) or "body"
        messages.setdefault(name, _plain_message(item))
    return messages


def _plain_message(item: Any) -> str:
    """Return pydantic's message for a field as a sentence that says what to send instead."""
    kind = item["type"]
    if kind == "missing":
        return "Give this field; it is required."
    if kind == "extra_forbidden":
        return "This field is not one the API takes; leave it out."
    return str(item["msg"]).rstrip(".") + "."


def json_response(result: Any, status: int = 200) -> Response:
    """Return a view's result as JSON, unless it is already a response."""
    if isinstance(result, Response):
        return result
    headers: dict[str, str] = {}
    if isinstance(result, tuple):
        result, status, *rest = result
        headers = rest[0] if rest else {}
    if isinstance(result, BaseModel):
        result = result.model_dump(mode="json")
    response = Response(
        json.dumps(result, ensure_ascii=False),
        status=status,
        content_type=f"{JSON_TYPE}; charset=utf-8",
    )
    response.headers.update(headers)
    return response


def openapi_document(version: str) -> dict[str, Any]:
    """Return the OpenAPI 3.1 description of every registered operation."""
    models: list[tuple[type[BaseModel], Literal["validation", "serialization"]]] = [
        (ProblemDetails, "serialization")
    ]
    for found in OPERATIONS:
        if found.response is not None:
            models.append((found.response, "serialization"))
        if found.body is not None:
            models.append((found.body, "validation"))
        if found.query is not None:
            models.append((found.query, "validation"))
    references, schemas = models_json_schema(models, ref_template=_REF)
    components = schemas.get("$defs", {})
    query_schemas = {
        found.query: components.get(references[(found.query, "validation")]["$ref"].split("/")[-1])
        for found in OPERATIONS
        if found.query is not None
    }
    paths: dict[str, dict[str, Any]] = {}
    for found in OPERATIONS:
        paths.setdefault(found.path, {})[found.method.lower()] = _describe(
            found, references, query_schemas.get(found.query) if found.query else None
        )
    for found in OPERATIONS:
        # A query model is only the parameters: it is not a schema any body or answer uses.
        if found.query is not None:
            components.pop(found.query.__name__, None)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Improvement Tracker API",
            "version": f"1 ({version})",
            "description": (
                "Read an improvement plan's themes, objectives, actions, status updates, risks,"
                " achievements and reports, and record status updates. Send a personal access"
                " token, made on your account page, as Authorization: Bearer <token>."
            ),
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"token": []}],
    }


def _query_value(schema: dict[str, Any]) -> dict[str, Any]:
    """Return a query parameter's schema as a query can carry it: text, never null or empty."""
    schema = dict(schema)
    choices = [part for part in schema.pop("anyOf", ()) if part.get("type") != "null"]
    if len(choices) == 1:
        schema.update(choices[0])
    elif choices:
        schema["anyOf"] = choices
    if schema.get("default", "") is None:
        del schema["default"]
    if schema.get("format") == "date":
        schema["pattern"] = DAY_PATTERN
    elif schema.get("type") == "string" and not {"enum", "pattern", "const"} & schema.keys():
        schema["pattern"] = _PLAIN_TEXT
    return schema


def _describe(
    found: Operation, references: dict[Any, Any], query_schema: dict[str, Any] | None
) -> dict[str, Any]:
    """Return the OpenAPI operation object of one registered operation."""
    parameters: list[dict[str, Any]] = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
            if converter == "int"
            else {"type": "string", "maxLength": 200, "pattern": _PLAIN_TEXT},
        }
        for name, converter in found.path_arguments
    ]
    if query_schema is not None:
        required = set(query_schema.get("required", ()))
        for name, schema in query_schema.get("properties", {}).items():
            schema = _query_value(schema)
            description = schema.pop("description", None)
            schema.pop("title", None)
            parameter = {"name": name, "in": "query", "required": name in required}
            if description:
                parameter["description"] = description
            parameter["schema"] = schema
            parameters.append(parameter)
    if 412 in found.errors:
        parameters.append(
            {
                "name": "If-Match",
                "in": "header",
                "required": True,
                "description": 'The action\'s version as its ETag gives it, for example "7".',
                "schema": {"type": "string"},
            }
        )
    success: dict[str, Any] = {"description": found.summary}
    if found.response is not None:
        schema = references[(found.response, "serialization")]
        success["content"] = {JSON_TYPE: {"schema": schema}}
        if found.listing:
            success["content"][CSV_TYPE] = {"schema": {"type": "string"}}
    headers = {
        name: {"schema": {"type": "string"}}
        for name in (*found.response_headers, *(("Link", "X-Total-Count") if found.listing else ()))
    }
    if found.method == "GET":
        headers["ETag"] = {"schema": {"type": "string"}}
    if headers:
        success["headers"] = headers
    responses: dict[str, Any] = {str(found.status): success}
    if found.method == "GET":
        responses["304"] = {"description": "Not modified: the ETag in If-None-Match is current."}
    problem = {"$ref": _REF.format(model="ProblemDetails")}
    codes = {**_COMMON_ERRORS, **{code: _ERRORS[code] for code in found.errors}}
    if found.scope is TokenScope.WRITE:
        codes.setdefault(403, _ERRORS[403])
    for code in sorted(codes):
        responses[str(code)] = {
            "description": codes[code],
            "content": {PROBLEM_TYPE: {"schema": problem}},
        }
    described: dict[str, Any] = {
        "operationId": found.endpoint,
        "summary": found.summary,
        "tags": [found.tag],
        "parameters": parameters,
        "responses": responses,
    }
    if found.description:
        described["description"] = found.description
    if found.body is not None:
        described["requestBody"] = {
            "required": True,
            "content": {JSON_TYPE: {"schema": references[(found.body, "validation")]}},
        }
    return described
