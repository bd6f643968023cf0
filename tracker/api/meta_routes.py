"""Serve the API's OpenAPI description, and say who a token acts for."""

from datetime import date
from importlib import metadata

from flask import g, json
from flask_login import current_user
from pydantic import BaseModel

from tracker.api import bp
from tracker.api.spec import openapi_document, operation
from tracker.domain.api_tokens import TokenScope
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import ApiToken


@bp.get("/openapi.json")
def openapi():
    """Return the OpenAPI 3.1 description of the API, which needs no token."""
    document = openapi_document(metadata.version("improvement-tracker"))
    return (
        json.dumps(document, ensure_ascii=False),
        200,
        {"Content-Type": "application/json; charset=utf-8"},
    )


class TokenOut(BaseModel):
    """The token a request was made with."""

    name: str
    scope: TokenScope
    expires_on: date


class AccountOut(BaseModel):
    """The account a token acts for, and the token itself."""

    name: str
    email: str
    role: Role
    token: TokenOut


@operation(
    "/me",
    summary="Say which account and token the request is made with",
    tag="Account",
    response=AccountOut,
)
def me():
    """Return the token's account, role, scope and expiry: a first request to try a token."""
    token = db.session.get(ApiToken, g.api_token_id)
    assert token is not None
    return AccountOut(
        name=current_user.name,
        email=current_user.email,
        role=current_user.role,
        token=TokenOut(name=token.name, scope=token.scope, expires_on=token.expires_on),
    )
