"""The owner records a reading on a phone, by keyboard: the pages fit, axe finds nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.actions.test_lead_journey_in_browser import (  # noqa: F401  (fixtures by name)
    Pages,
    app_config,
    browser,
    live_server,
    pytestmark,
)
from tests.indicators.conftest import Scorecard
from tracker.extensions import db

WIDTH = 390


@pytest.fixture
def owner_card(card: Scorecard) -> tuple[str, int]:
    """Return the owner's email and the indicator's id, with no transaction held open."""
    email, indicator_id = card.owner.email, card.indicator.id
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return email, indicator_id


def fits(pages: Pages) -> int:
    """Return how far the document is wider than the viewport; 0 when it fits."""
    return max(0, pages.page.evaluate("document.documentElement.scrollWidth") - WIDTH)


def test_the_owner_records_and_corrects_a_reading_by_keyboard_on_a_phone(
    app,
    live_server,  # noqa: F811
    browser,  # noqa: F811
    owner_card,
):
    email, indicator_id = owner_card
    pages = Pages(browser.new_context(viewport={"width": WIDTH, "height": 844}), live_server)
    pages.sign_in(email)
    problems: list[dict] = []
    too_wide: dict[str, int] = {}

    def check(name: str) -> None:
        if overflow := fits(pages):
            too_wide[name] = overflow
        problems.extend(pages.accessibility_violations())

    pages.open(f"/indicators/{indicator_id}")
    check("indicator page")
    pages.follow(pages.page.get_by_role("button", name="Record a reading"))
    check("reading form")

    # A reading that cannot be read is refused, the reason linked from the error summary.
    page = pages.page
    page.get_by_role("textbox", name="Reading").fill("12..3")
    page.keyboard.press("Tab")
    page.keyboard.type("Two vacancies in the front door team.")
    with page.expect_navigation():
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    check("refused form")

    page.get_by_role("textbox", name="Reading").fill("77.8% (1767/2270)")
    page.get_by_role("textbox", name="Reading").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server}/indicators/{indicator_id}"
    assert page.get_by_text("Your reading for Nov-16 has been recorded.").is_visible()
    assert (
        page.get_by_role("region", name="Readings")
        .get_by_role("cell", name="77.8% (1767/2270)")
        .is_visible()
    )
    check("after recording")

    # Someone records meanwhile: the correction is refused with 409, keeping what was typed.
    pages.follow(page.get_by_role("button", name="Record a reading"))
    assert page.get_by_text("This corrects the reading of Nov-16").is_visible()
    with app.app_context():
        db.session.execute(
            text("UPDATE indicator SET version = version + 1 WHERE id = :id"), {"id": indicator_id}
        )
        db.session.commit()
        db.session.close()
    page.get_by_role("textbox", name="Reading").fill("78.1% (1773/2270)")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Record reading").click()
    assert posted.value.status == 409
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Your reading was not saved yet").is_visible()
    assert page.get_by_role("textbox", name="Reading").input_value() == "78.1% (1773/2270)"
    check("409 page")

    pages.follow(page.get_by_role("button", name="Record my reading on top"))
    assert (
        page.get_by_role("region", name="Readings")
        .get_by_role("cell", name="78.1% (1773/2270)")
        .is_visible()
    )
    assert page.get_by_text("Superseded").is_visible()
    check("history with a correction")

    assert not too_wide, too_wide
    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports


@pytest.mark.parametrize("width", [320, 1280])
def test_the_indicator_administration_pages_fit_and_pass_axe(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    card: Scorecard,
    width: int,
):
    email, indicator_id = card.admin.email, card.indicator.id
    db.session.close()
    pages = Pages(browser.new_context(viewport={"width": width, "height": 844}), live_server)
    pages.sign_in(email)
    problems: list[dict] = []
    too_wide: dict[str, int] = {}
    base = "/admin/plans/cyps/indicators"

    for path in (
        base,
        f"{base}/new",
        f"{base}/{indicator_id}",
        f"{base}/{indicator_id}/edit",
        "/indicators/?plan=cyps",
    ):
        pages.open(path)
        if overflow := max(0, pages.page.evaluate("document.documentElement.scrollWidth") - width):
            too_wide[path] = overflow
        problems += pages.accessibility_violations()

    # A tolerance the rules cannot read comes back with the reason, linked from the summary.
    pages.open(f"{base}/{indicator_id}")
    pages.page.get_by_role("textbox", name="Amber").fill("about ninety")
    pages.follow(pages.page.get_by_role("button", name="Save tolerances"))
    assert pages.page.get_by_role("heading", name="There is a problem").is_visible()
    problems += pages.accessibility_violations()

    assert not too_wide, too_wide
    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports
