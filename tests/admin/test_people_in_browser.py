"""An administrator decides who is who on the import's check step and merges two people, in
Chromium at a phone's width and a desktop's, by keyboard, with axe finding nothing."""

from __future__ import annotations

import csv
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
from tests.admin.test_import_wizard_in_browser import check_page, press
from tests.admin.test_people_import_wizard import HEADER, LEADS
from tests.factories import make_person, make_user
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Person, PersonAlias

EMAIL = "admin@example.org"


@pytest.fixture
def plan_file(app, tmp_path: Path) -> Path:
    """Return a plan file naming people close to two already here, and an administrator."""
    make_user(Role.ADMIN, email=EMAIL)
    make_person("Lyn Burns")
    make_person("John Dunn")
    db.session.commit()
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    path = tmp_path / "plan.csv"
    rows = [
        [f"1.0{n}", "1. Staying Safe", "Improve referrals", f"Action {n}", "March 2011", lead, ""]
        for n, lead in enumerate(LEADS, start=1)
    ]
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([HEADER, *rows])
    return path


@pytest.mark.parametrize("width", [320, 1280])
def test_an_administrator_says_who_is_who_and_merges_two_people(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    plan_file,
    width,
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pages = Pages(context, live_server)
    problems: list[dict] = []
    pages.sign_in(EMAIL)
    pages.open("/admin/import")
    pages.page.get_by_label("Plan file").set_input_files(str(plan_file))
    pages.page.get_by_label("Short name of the plan").fill("childrens-plan")
    pages.page.get_by_label("Day").fill("20")
    pages.page.get_by_label("Month").fill("8")
    pages.page.get_by_label("Year").fill("2010")
    press(pages, "Check the file")

    assert pages.page.get_by_role(
        "heading", name="Names close to someone already here"
    ).is_visible()
    check_page(pages, problems)
    lynn = pages.page.get_by_role("group", name="Lynn Burns")
    lynn.get_by_label("Same person as Lyn Burns").focus()
    pages.page.keyboard.press("Space")
    press(pages, "Save who is who")

    check_page(pages, problems)
    assert "read as Lyn Burns: Lynn Burns" in pages.page.inner_text("body")
    press(pages, "Import the file")
    db.session.rollback()
    assert db.session.scalars(select(PersonAlias.alias)).all() == ["Lynn Burns"]
    db.session.close()

    # John Dunn, RBT came in as a new person: merge them into John Dunn.
    pages.open("/admin/people")
    check_page(pages, problems)
    pages.follow(pages.page.get_by_role("link", name="Merge John Dunn, RBT with another person"))
    check_page(pages, problems)
    pages.page.get_by_label("Merge with").select_option(label="John Dunn")
    pages.page.get_by_label("Keep the person chosen above").check()
    press(pages, "Continue")

    assert pages.page.get_by_role(
        "heading", name="Merge John Dunn, RBT into John Dunn?"
    ).is_visible()
    check_page(pages, problems)
    press(pages, "Merge John Dunn, RBT into John Dunn")

    check_page(pages, problems)
    assert "John Dunn, RBT is merged into John Dunn" in pages.page.inner_text("body")
    db.session.rollback()
    names = db.session.scalars(select(Person.name).where(Person.name.like("John%"))).all()
    assert names == ["John Dunn"]
    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports
