"""Make personal access tokens for the API, and check and count each request made with one."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from tracker.clock import LONDON
from tracker.domain.api_tokens import (
    SHOWN_LENGTH,
    TokenScope,
    TokenStatus,
    counted_request,
    retry_after,
    token_digest,
    token_status,
    token_text,
)
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.extensions import db
from tracker.models import ApiToken, User
from tracker.services.accounts import normalise_email
from tracker.services.audit import record_change


@dataclass(frozen=True)
class TokenUse:
    """A request made with a valid token: the token and the account it acts for."""

    token_id: int
    token_name: str
    scope: TokenScope
    user: User


@dataclass(frozen=True)
class TokenRow:
    """A token as its owner and the command line list it: never its text, only its prefix."""

    id: int
    account_email: str
    account_active: bool
    name: str
    scope: TokenScope
    shown_prefix: str
    created_at: datetime
    expires_on: date
    last_used_at: datetime | None
    revoked_at: datetime | None
    status: TokenStatus


@dataclass(frozen=True)
class Revoked:
    """A revoked token's name, and whether it had been revoked before this request."""

    token_id: int
    name: str
    account_email: str
    already: bool


class TokenNotFound(Exception):
    """Say that no token answers to what was asked for, or that it is someone else's."""


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
    # Expiry dates are UK dates, as the account page shows them.
    today = now.astimezone(LONDON).date()
    status = token_status(revoked_at=token.revoked_at, expires_on=token.expires_on, today=today)
    if status is TokenStatus.REVOKED:
        raise TokenRefused("The token has been revoked.")
    if status is TokenStatus.EXPIRED:
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


def _listed() -> Select:
    return (
        select(
            ApiToken.id,
            User.email,
            User.active,
            ApiToken.name,
            ApiToken.scope,
            ApiToken.shown_prefix,
            ApiToken.created_at,
            ApiToken.expires_on,
            ApiToken.last_used_at,
            ApiToken.revoked_at,
        )
        .join(User, User.id == ApiToken.user_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )


def _rows(query: Select, today: date) -> list[TokenRow]:
    return [
        TokenRow(
            id=row.id,
            account_email=row.email,
            account_active=row.active,
            name=row.name,
            scope=row.scope,
            shown_prefix=row.shown_prefix,
            created_at=row.created_at,
            expires_on=row.expires_on,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
            status=token_status(revoked_at=row.revoked_at, expires_on=row.expires_on, today=today),
        )
        for row in db.session.execute(query)
    ]


def account_tokens(user_id: int, *, today: date) -> list[TokenRow]:
    """Return the account's tokens, newest first, each with whether it is still accepted."""
    return _rows(_listed().where(ApiToken.user_id == user_id), today)


def listed_tokens(email: str | None, *, today: date) -> list[TokenRow]:
    """Return every account's tokens, or those of the account with this email, newest first."""
    query = _listed()
    if email is not None:
        query = query.where(func.lower(User.email) == normalise_email(email))
    return _rows(query, today)


def token_named(email: str, name: str) -> int:
    """Return the id of the account's one unrevoked token with this name; raise if not one."""
    ids = db.session.scalars(
        select(ApiToken.id)
        .join(User, User.id == ApiToken.user_id)
        .where(
            func.lower(User.email) == normalise_email(email),
            ApiToken.name == name.strip(),
            ApiToken.revoked_at.is_(None),
        )
        .order_by(ApiToken.id)
    ).all()
    if not ids:
        raise TokenNotFound(f"{email.strip()} has no unrevoked token named '{name.strip()}'.")
    if len(ids) > 1:
        listed = ", ".join(str(token_id) for token_id in ids)
        raise TokenNotFound(
            f"{email.strip()} has {len(ids)} tokens named '{name.strip()}': "
            f"revoke one by its id ({listed})."
        )
    return ids[0]


def revoke_token(
    token_id: int, *, owner_user_id: int | None, acting_user_id: int | None, now: datetime
) -> Revoked:
    """Revoke a token of the owner's, or anyone's when no owner is given; once is enough."""
    found = db.session.execute(
        select(ApiToken, User.email)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.id == token_id)
        .with_for_update(of=ApiToken)
    ).first()
    if found is None or owner_user_id not in (None, found.ApiToken.user_id):
        raise TokenNotFound(f"There is no token {token_id}.")
    token = found.ApiToken
    if token.revoked_at is not None:
        return Revoked(token.id, token.name, found.email, already=True)
    token.revoked_at = now
    record_change(
        user_id=acting_user_id,
        verb=AuditVerb.REVOKE,
        entity=AuditEntity.API_TOKEN,
        entity_id=token.id,
        summary=f"Revoked the API token '{token.name}' of {found.email}",
    )
    db.session.flush()
    return Revoked(token.id, token.name, found.email, already=False)
