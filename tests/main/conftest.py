"""Fixtures for the help page's tests: the browser journeys' live server and Chromium."""

from tests.actions.test_lead_journey_in_browser import browser, live_server  # noqa: F401
