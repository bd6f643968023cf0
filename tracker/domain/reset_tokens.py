"""Make one-time password-reset tokens, keeping only a hash of each."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

RESET_LINK_LIFETIME = timedelta(hours=24)
TOKEN_BYTES = 32


def hash_reset_token(token: str) -> str:
    """Return the SHA-256 hex digest stored in place of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_reset_token(now: datetime) -> tuple[str, str, datetime]:
    """Return a fresh random token, its hash and the moment it stops working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_reset_token(token), now + RESET_LINK_LIFETIME


def reset_token_matches(
    token: str, stored_hash: str | None, expires_at: datetime | None, now: datetime
) -> bool:
    """Tell whether a token is the one stored and has not expired."""
    if not stored_hash or expires_at is None or now >= expires_at:
        return False
    return hmac.compare_digest(hash_reset_token(token), stored_hash)
