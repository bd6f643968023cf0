"""Fixtures for the access-control tests."""

import pytest

from tests.auth.route_world import World, make_world


@pytest.fixture
def world(app) -> World:
    """Return two plans with a lead each, and one account per persona."""
    return make_world()
