"""Fixtures for the access-control tests."""

import pytest

from tests.api.conftest import make_token  # noqa: F401  (the API's tokens, for the tokens page)
from tests.auth.route_world import World, make_world

# The real SMTP servers of the reminder tests, for the emailed password links.
from tests.reminders.conftest import smtp_server, start_smtp  # noqa: F401


@pytest.fixture
def world(app) -> World:
    """Return two plans with a lead each, and one account per persona."""
    return make_world()
