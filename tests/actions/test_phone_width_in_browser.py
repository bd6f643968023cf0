"""A lead with 40 actions uses My actions, the action page, the form and the 409 page on a phone."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.actions.test_lead_journey_in_browser import (  # noqa: F401  (fixtures by name)
    Pages,
    app_config,
    browser,
    live_server,
    pytestmark,
)
from tests.factories import add_update, make_action, make_person, make_plan, make_theme, make_user
from tracker import clock
from tracker.domain.enums import Completion, Rag, Recurrence, Role
from tracker.extensions import db

LONG_WORD = "Safeguarding-and-quality-assurance-framework-review-" * 3
LEAD_EMAIL = "lynn.burns@example.org"
COMMENTARY = (
    "Two audits slipped to next month because the team was short of two social workers. " * 12
    + LONG_WORD
)


@pytest.fixture
def busy_lead(app) -> int:
    """Make a lead with 40 actions in three plans, long texts and long unbroken words."""
    today = clock.today()
    lead = make_user(
        Role.LEAD, person=make_person("Lynn Burns of the safeguarding board"), email=LEAD_EMAIL
    )
    plans = [
        make_plan(title=f"Children's Improvement Plan {number} {LONG_WORD}") for number in (1, 2, 3)
    ]
    themes = [make_theme(plan, 1, f"Theme {LONG_WORD}") for plan in plans]
    first_id = 0
    for number in range(40):
        plan_index = number % 3
        kind = number % 4
        action = make_action(
            plans[plan_index],
            # A ref holds at most 40 characters: the longest unbroken one a council could write.
            ref=f"{number // 10 + 1}.{number % 10 + 1}"
            + (f"-{LONG_WORD[:36]}" if number == 7 else ""),
            text=f"Implement the improved quality assurance framework {LONG_WORD} " * 3,
            theme=themes[plan_index],
            leads=[lead.person],
            target_date=None if kind == 3 else today + timedelta(days=(kind - 1) * 40 + 1),
            recurrence=Recurrence.MONTHLY if kind == 3 else Recurrence.NONE,
        )
        if number % 5:
            add_update(
                action,
                as_at=today - timedelta(days=number + 40),
                completion=Completion.PARTIALLY_COMPLETED,
                rag=(Rag.RED, Rag.AMBER, Rag.GREEN)[number % 3],
                commentary=COMMENTARY,
                current_performance=f"72% of audits {LONG_WORD}",
            )
        first_id = first_id or action.id
    db.session.commit()
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return first_id


def fits(pages: Pages, width: int) -> int:
    """Return how far the document is wider than the viewport; 0 when it fits."""
    return max(0, pages.page.evaluate("document.documentElement.scrollWidth") - width)


@pytest.mark.parametrize("width", [390, 320, 1280])
def test_my_actions_cards_fit_the_width_with_every_update_button_inside_and_first(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    busy_lead,
    width,
):
    pages = Pages(browser.new_context(viewport={"width": width, "height": 844}), live_server)
    pages.sign_in(LEAD_EMAIL)
    problems: list[dict] = []
    too_wide: dict[str, int] = {}

    for path in ("/actions/mine", "/actions/mine?status=Red", "/actions/mine?plan=nothing"):
        pages.open(path)
        assert pages.page.get_by_role("heading", name="My actions", level=1).is_visible()
        if overflow := fits(pages, width):
            too_wide[path] = overflow
        problems += pages.accessibility_violations()

    pages.open("/actions/mine")
    cards = pages.page.locator(".tracker-action-card")
    assert cards.count() == 40
    assert pages.page.locator("h2.tracker-action-cards__plan").count() == 3
    outside = []
    for index in range(cards.count()):
        card = cards.nth(index)
        # The first thing read and reached by keyboard in each card is its Update button.
        first = card.locator("a, button").first
        assert first.inner_text().startswith("Update"), first.inner_text()
        button = card.get_by_role("link", name="Update action")
        box = button.bounding_box()
        assert box is not None
        if box["x"] < 0 or box["x"] + box["width"] > width:
            outside.append((index, box))
    assert not outside, outside

    assert not too_wide, too_wide
    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports


@pytest.mark.parametrize("width", [390, 320])
def test_the_action_page_the_form_and_the_409_page_fit_a_phone(
    app,
    live_server,  # noqa: F811
    browser,  # noqa: F811
    busy_lead,
    width,
):
    action_id = busy_lead
    pages = Pages(browser.new_context(viewport={"width": width, "height": 844}), live_server)
    pages.sign_in(LEAD_EMAIL)
    problems: list[dict] = []
    too_wide: dict[str, int] = {}

    def check(name: str) -> None:
        if overflow := fits(pages, width):
            too_wide[name] = overflow
        problems.extend(pages.accessibility_violations())

    pages.open(f"/actions/{action_id}")
    check("action page")
    pages.open(f"/actions/{action_id}/update")
    check("update form")

    # Someone else's update gets in first, so saving this form is refused with 409.
    with app.app_context():
        db.session.execute(
            text("UPDATE action SET version = version + 1 WHERE id = :id"), {"id": action_id}
        )
        db.session.commit()
        db.session.close()
    pages.page.get_by_role("group", name="RAG rating").get_by_label("Red", exact=True).check()
    pages.page.get_by_label("Commentary").fill(COMMENTARY)
    with pages.page.expect_response(lambda response: response.request.method == "POST") as posted:
        pages.page.get_by_role("button", name="Save update").click()
    assert posted.value.status == 409
    pages.page.wait_for_load_state()
    assert pages.page.get_by_role("heading", name="Your update was not saved yet").is_visible()
    check("409 page")

    pages.follow(pages.page.get_by_role("button", name="Submit my update on top"))
    assert pages.page.url == f"{live_server}/actions/{action_id}?saved=1"
    assert pages.page.get_by_role("link", name="Back to My actions").is_visible()
    check("after saving")

    assert not too_wide, too_wide
    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports
