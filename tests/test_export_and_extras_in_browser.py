"""The Export form and an action's extra columns in a real Chromium at 320 and 1280 px, with axe."""

from __future__ import annotations

import json

import pytest

# The lead journey's browser fixtures and marks: Debian's Chromium, served on a free port.
from tests.actions.test_lead_journey_in_browser import (  # noqa: F401
    Pages,
    app_config,
    browser,
    live_server,
    pytestmark,
)
from tests.factories import add_update, make_action, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Completion, Role
from tracker.extensions import db

ADMIN_EMAIL = "admin@example.org"
LONG_EXTRA = "Agreed at Cabinet after a call-in; " + "recommendation-without-any-spaces" * 20


@pytest.fixture
def plan_with_extras(app):
    """Return the id of an action whose plan came in with extra columns."""
    make_user(Role.ADMIN, email=ADMIN_EMAIL)
    plan = make_plan(slug="scrutiny", title="Scrutiny recommendations")
    plan.import_mapping = {
        "header_row": 1,
        "columns": {"Reference": "Ref", "Recommendation": "Key Actions", "Origin": "extra"},
        "dates": {"day_first": True},
    }
    action = make_action(plan, ref="R1", text="Review the front door")
    action.extras = {"Origin": LONG_EXTRA}
    add_update(
        action, as_at=clock.today(), completion=Completion.COMPLETED, completed_on_unknown=True
    )
    db.session.commit()
    action_id = action.id
    db.session.close()
    return action_id


def sideways_scroll(pages: Pages) -> bool:
    """Say whether the page, or on the plan page the Export form, is wider than the window."""
    # The plan page's table of actions is checked with the plan page, not here.
    return pages.page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const form = document.querySelector('form[action$="/export"]');
            if (form) {
                return [form, ...form.querySelectorAll('*')].some(
                    (element) => element.getBoundingClientRect().right > width
                );
            }
            return document.documentElement.scrollWidth > width;
        }"""
    )


@pytest.mark.parametrize("width", [320, 1280])
def test_export_form_action_page_and_extra_column_boxes_pass_axe_without_sideways_scroll(
    request, plan_with_extras, width
):
    action_id = plan_with_extras
    server = request.getfixturevalue("live_server")
    context = request.getfixturevalue("browser").new_context(
        viewport={"width": width, "height": 900}, accept_downloads=True
    )
    pages = Pages(context, server)
    pages.sign_in(ADMIN_EMAIL)
    problems: list[dict] = []
    scrolled: list[str] = []

    for path in (
        "/plans/scrutiny",
        f"/actions/{action_id}",
        f"/admin/plans/scrutiny/actions/{action_id}/edit",
    ):
        pages.open(path)
        problems += pages.accessibility_violations()
        if sideways_scroll(pages):
            scrolled.append(path)

    pages.open(f"/actions/{action_id}")
    assert "Completed before" in pages.page.locator("main").inner_text()
    assert LONG_EXTRA in pages.page.locator("main").inner_text()

    pages.open("/plans/scrutiny")
    pages.page.get_by_label("CSV (.csv)").check()
    pages.page.get_by_label("Standard layout").check()
    with pages.page.expect_download() as download:
        pages.page.get_by_role("button", name="Export").click()
    assert download.value.suggested_filename.startswith("scrutiny-")
    assert download.value.suggested_filename.endswith(".csv")

    assert not problems, json.dumps(problems, indent=2)
    assert not scrolled
    assert not pages.csp_reports
