"""Make one-time password-reset tokens, keeping only a hash of each."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

# A link an administrator makes and passes on by hand may wait a day to be read.
RESET_LINK_LIFETIME = timedelta(hours=24)
# A link emailed to whoever asked for it at the sign-in page: its owner is reading mail now.
EMAILED_LINK_LIFETIME = timedelta(hours=1)
TOKEN_BYTES = 32


def hash_reset_token(token: str) -> str:
    """Return the SHA-256 hex digest stored in place of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_reset_token(
    now: datetime, lifetime: timedelta = RESET_LINK_LIFETIME
) -> tuple[str, str, datetime]:
    """Return a fresh random token, its hash and the moment it stops working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_reset_token(token), now + lifetime


def reset_token_matches(
    token: str, stored_hash: str | None, expires_at: datetime | None, now: datetime
) -> bool:
    """Tell whether a token is the one stored and has not expired."""
    if not stored_hash or expires_at is None or now >= expires_at:
        return False
    return hmac.compare_digest(hash_reset_token(token), stored_hash)
