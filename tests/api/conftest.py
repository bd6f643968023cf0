"""Fixtures for the API: tokens made as the account page and the command line make them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from tracker import clock
from tracker.domain.api_tokens import TokenScope
from tracker.extensions import db
from tracker.models import User
from tracker.services.api_tokens import create_token


@pytest.fixture
def make_token(app) -> Callable[..., str]:
    """Return a function that makes a committed token for an account and returns its text."""

    def _make(
        user: User,
        scope: TokenScope = TokenScope.WRITE,
        *,
        name: str = "Power BI",
        expires_on: date | None = None,
    ) -> str:
        _token, text = create_token(
            user.id,
            name,
            scope,
            expires_on or clock.today() + timedelta(days=90),
            acting_user_id=user.id,
            now=clock.now(),
        )
        db.session.commit()
        return text

    return _make


def bearer(token: str) -> dict[str, str]:
    """Return the header that sends a token."""
    return {"Authorization": f"Bearer {token}"}
