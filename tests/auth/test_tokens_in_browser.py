"""The API tokens page in Chromium at 320 and 1280 px: a token made and revoked by keyboard, shown
once, axe finding nothing and nothing scrolling sideways."""

from __future__ import annotations

import json

import pytest

from tests.actions.test_lead_journey_in_browser import (  # noqa: F401  (fixtures by name)
    Pages,
    app_config,
    browser,
    live_server,
    pytestmark,
)
from tests.actions.test_milestones_in_browser import check
from tests.factories import make_person, make_user
from tracker.domain.api_tokens import PREFIX
from tracker.domain.enums import Role
from tracker.extensions import db

EMAIL = "deb.johnson@example.org"
LONG_NAME = "Power-BI-dashboard-for-the-improvement-board-" * 2


@pytest.fixture
def lead(app) -> None:
    make_user(Role.LEAD, person=make_person("Deb Johnson"), email=EMAIL)
    db.session.commit()
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_a_token_is_made_shown_once_and_revoked_by_keyboard_at_any_width(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    lead,
    width,
):
    problems: list[dict] = []
    widths: list[tuple[str, int]] = []
    context = browser.new_context(viewport={"width": width, "height": 900})
    pages = Pages(context, live_server)
    page = pages.page
    pages.sign_in(EMAIL)
    pages.open("/auth/tokens")
    assert "You have no tokens." in page.locator("main").inner_text()
    check(pages, problems, widths)

    # Refused without a name: the error summary takes the focus and links to the field.
    page.get_by_label("Read only").focus()
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.get_by_role("button", name="Make token").press("Enter")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a name for the token" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    check(pages, problems, widths)

    page.get_by_label("Name", exact=True).focus()
    page.keyboard.type(LONG_NAME)
    assert page.get_by_label("Read only").is_checked()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    panel = page.locator(".govuk-panel").inner_text()
    assert f"Token ‘{LONG_NAME}’ made" in panel
    token = page.locator("#made-token").inner_text()
    assert token.startswith(PREFIX)
    assert page.locator("#made-header").inner_text() == f"Authorization: Bearer {token}"
    assert "it cannot be shown again" in page.locator(".govuk-warning-text").inner_text()
    check(pages, problems, widths)

    sent = {"Authorization": f"Bearer {token}"}
    api = context.request.get(f"{live_server}/api/v1/me", headers=sent)
    assert api.status == 200 and api.json()["token"]["name"] == LONG_NAME
    # The browser's own cookie is no way in.
    assert context.request.get(f"{live_server}/api/v1/me").status == 401

    pages.open("/auth/tokens")
    assert token not in page.content()
    card = page.locator(".govuk-summary-card").first
    assert "Active" in card.inner_text()
    assert "Never used" not in card.inner_text()
    check(pages, problems, widths)

    revoke = page.get_by_role("button", name=f"Revoke token {LONG_NAME}")
    revoke.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert f"The token ‘{LONG_NAME}’ is revoked" in banner
    assert "Revoked" in page.locator(".govuk-summary-card").first.inner_text()
    assert page.get_by_role("button", name=f"Revoke token {LONG_NAME}").count() == 0
    check(pages, problems, widths)
    assert context.request.get(f"{live_server}/api/v1/me", headers=sent).status == 401

    assert not problems, json.dumps(problems, indent=2)
    assert [(url, extra) for url, extra in widths if extra > 0] == []
    assert not pages.csp_reports
