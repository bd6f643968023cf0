"""An administrator imports a published plan through the import's steps in a real Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.actions.test_lead_journey_in_browser import (
    Pages,
    app_config,  # noqa: F401 - the browser tests' app: CSRF on, cookies over plain HTTP
    browser,  # noqa: F401 - Debian's Chromium driven by Playwright
    live_server,  # noqa: F401 - the app served from a background thread
    pytestmark,  # noqa: F401 - skipped, with the reason, without Chromium or built assets
)
from tests.admin.test_import_wizard import plan_table
from tests.factories import make_user
from tests.table_files import write_xlsx
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Action, Plan

EMAIL = "admin@example.org"


@pytest.fixture
def tracker_file(app, tmp_path: Path) -> Path:
    """Return a children's services tracker as published, and an administrator to import it."""
    make_user(Role.ADMIN, email=EMAIL)
    db.session.commit()
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return write_xlsx(tmp_path / "Improvement tracker.xlsx", plan_table())


def press(pages: Pages, name: str) -> None:
    """Move the focus to a button and press Enter, as a keyboard user does."""
    pages.page.get_by_role("button", name=name).focus()
    with pages.page.expect_navigation():
        pages.page.keyboard.press("Enter")


def check_page(pages: Pages, problems: list) -> None:
    """Collect what axe finds and any sideways scroll of the page at this width."""
    problems += pages.accessibility_violations()
    wide = pages.page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    if wide:
        problems.append({"page": pages.page.url, "rule": "the page scrolls sideways"})


@pytest.mark.parametrize("width", [320, 1280])
def test_an_administrator_maps_columns_places_status_words_previews_and_imports(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    tracker_file,
    width,
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pages = Pages(context, live_server)
    problems: list[dict] = []
    pages.sign_in(EMAIL)

    pages.open("/admin/import")
    check_page(pages, problems)
    pages.page.get_by_label("Plan file").set_input_files(str(tracker_file))
    pages.page.get_by_label("Short name of the plan").fill("childrens-tracker")
    pages.page.get_by_label("Day").fill("30")
    pages.page.get_by_label("Month").fill("6")
    pages.page.get_by_label("Year").fill("2018")
    press(pages, "Check the file")

    assert pages.page.get_by_role("heading", name="Check the columns").is_visible()
    check_page(pages, problems)
    status_column = pages.page.get_by_label("Column G: Current Status")
    # Proposed as the status column although its words are not yet in the key.
    assert status_column.input_value() == "RAG"
    status_column.focus()
    press(pages, "Continue")

    assert pages.page.get_by_role("heading", name="Check the status words").is_visible()
    check_page(pages, problems)
    press(pages, "Continue")
    summary = pages.page.locator(".govuk-error-summary")
    assert "'Blue' means" in summary.inner_text()
    check_page(pages, problems)
    summary.get_by_role("link", name="'On Track'").focus()
    pages.page.keyboard.press("Enter")
    on_track = pages.page.get_by_label("Key entry 'On Track' means")
    assert on_track.evaluate("element => element === document.activeElement")
    on_track.select_option("new")
    pages.page.get_by_label("Label of the new entry").nth(1).fill("On track")
    pages.page.get_by_label("Colour of the new entry").nth(1).select_option("green")
    pages.page.get_by_label("Key entry 'Blue' means").select_option("Complete")
    pages.page.get_by_label("Key entry 'Off Track' means").select_option("Red")
    press(pages, "Continue")

    assert pages.page.get_by_role("heading", name="Check the import").is_visible()
    check_page(pages, problems)
    rows = pages.page.get_by_role("region", name="Rows as they will be stored")
    assert "HoS CIN/CP & PSW" in rows.inner_text()
    assert "On track" in rows.inner_text()
    press(pages, "Import the file")

    assert pages.page.url == f"{live_server}/admin/plans/childrens-tracker"
    check_page(pages, problems)
    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports
    statuses = dict(db.session.execute(select(Action.ref, Action.current_status_label)).all())
    assert statuses == {"1": "Complete", "2": "On track", "3": "Red", "4": "On track"}
    assert db.session.scalar(select(Plan.import_mapping))["columns"]["Current Status"] == "RAG"
