"""Make personal access tokens for the API, and check and count each request made with one."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.domain.api_tokens import (
    SHOWN_LENGTH,
    TokenScope,
    counted_request,
    retry_after,
    token_digest,
    token_text,
)
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.extensions import db
from tracker.models import ApiToken, User
from tracker.services.audit import record_change


@dataclass(frozen=True)
class TokenUse:
    """A request made with a valid token: the token and the account it acts for."""

    token_id: int
    token_name: str
    scope: TokenScope
    user: User


class TokenRefused(Exception):
    """Say why a token sent with a request is not accepted."""


class TooManyRequests(Exception):
    """Say that the token has made its requests for this window, and when to try again."""

    def __init__(self, retry_after: int):
        super().__init__(f"Try again in {retry_after} seconds.")
        self.retry_after = retry_after


def create_token(
    user_id: int,
    name: str,
    scope: TokenScope,
    expires_on: date,
    *,
    acting_user_id: int | None,
    now: datetime,
) -> tuple[ApiToken, str]:
    """Add a token for the account and return it with its text, which is never kept."""
    text = token_text(secrets.token_urlsafe(32))
    token = ApiToken(
        user_id=user_id,
        name=name,
        token_hash=token_digest(text),
        shown_prefix=text[:SHOWN_LENGTH],
        scope=scope,
        expires_on=expires_on,
        created_at=now,
    )
    db.session.add(token)
    db.session.flush()
    record_change(
        user_id=acting_user_id,
        verb=AuditVerb.CREATE,
        entity=AuditEntity.API_TOKEN,
        entity_id=token.id,
        summary=f"Created the API token '{name}'",
        details={"scope": scope.label, "expires_on": expires_on.isoformat()},
    )
    return token, text


def use_token(presented: str, *, now: datetime, limit: int) -> TokenUse:
    """Return the token's use for this request, counted; raise if refused or over its limit."""
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == token_digest(presented)).with_for_update()
    )
    if token is None:
        raise TokenRefused("The token is not one this tracker made.")
    if token.revoked_at is not None:
        raise TokenRefused("The token has been revoked.")
    if token.expires_on <= now.date():
        raise TokenRefused(f"The token expired on {token.expires_on.isoformat()}.")
    user = db.session.get(User, token.user_id, options=[joinedload(User.person)])
    if user is None or not user.active:
        raise TokenRefused("The token's account has been deactivated.")
    started, count = counted_request(token.window_started_at, token.window_count, now)
    if count > limit:
        raise TooManyRequests(retry_after(started, now))
    token.window_started_at, token.window_count = started, count
    token.last_used_at = now
    db.session.flush()
    return TokenUse(token_id=token.id, token_name=token.name, scope=token.scope, user=user)
