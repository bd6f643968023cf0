"""An administrator keeps a split Lead text as one lead from the import's preview, in Chromium."""

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
from tests.admin.test_import_wizard_leads import HEADER, KEEP_ONE_ROLE, ONE_ROLE, ROWS
from tests.factories import make_user
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import KeptWholeLead

EMAIL = "admin@example.org"


@pytest.fixture
def plan_file(app, tmp_path: Path) -> Path:
    """Return a plan in the standard layout with a role's title in Lead, and an administrator."""
    make_user(Role.ADMIN, email=EMAIL)
    db.session.commit()
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    path = tmp_path / "plan.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([HEADER, *ROWS])
    return path


@pytest.mark.parametrize("width", [320, 1280])
def test_an_administrator_keeps_a_split_lead_whole_from_the_preview(
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

    assert pages.page.get_by_role("heading", name="Check the import").is_visible()
    check_page(pages, problems)
    press(pages, KEEP_ONE_ROLE)

    assert pages.page.url == f"{live_server}/admin/import/preview"
    check_page(pages, problems)
    assert f"'{ONE_ROLE}' is now kept as one lead" in pages.page.inner_text("body")
    assert pages.page.get_by_role("button", name=KEEP_ONE_ROLE).count() == 0
    rows = pages.page.get_by_role("region", name="Rows as they will be stored")
    assert rows.get_by_text(ONE_ROLE, exact=True).count() == 2
    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports
    assert db.session.scalars(select(KeptWholeLead.text)).all() == [ONE_ROLE]
