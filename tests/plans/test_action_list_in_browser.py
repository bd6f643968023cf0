"""A panel member filters a plan's actions by keyboard in a real Chromium, at 320 and 1280
pixels wide, with no sideways page scroll; axe-core finds nothing to fix on the way."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.actions import test_lead_journey_in_browser as journey
from tests.factories import add_update, make_action, make_person, make_plan, make_theme, make_user
from tracker import clock
from tracker.domain.enums import Rag, Role
from tracker.extensions import db

# The lead journey's browser, live server and skips, as pytest finds fixtures by module name.
Pages = journey.Pages
app_config = journey.app_config
browser = journey.browser
live_server = journey.live_server
pytestmark = journey.pytestmark


@pytest.fixture
def plan_actions(app):
    """Return a panel member's email; plan "notice" has 60 actions, long words and all."""
    make_user(Role.PANEL, email="panel@example.org")
    plan = make_plan(slug="notice", title="Notice to Improve Action Plan", bands=2)
    theme = make_theme(plan, 1, "Staying Safe – Social Worker Practice and Process")
    deb, warren = make_person("Deb Johnson"), make_person("Warren Carratt")
    for number in range(1, 61):
        action = make_action(
            plan,
            ref=f"1.{number}",
            text=f"Audit casefiles-and-supervision-records-monthly number {number}",
            theme=theme,
            leads=[deb if number % 2 else warren],
            band_number=1 + number % 2,
            target_date=clock.today() - timedelta(days=number),
        )
        add_update(action, as_at=clock.today(), rag=Rag.RED, commentary="Behind")
    db.session.commit()
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return "panel@example.org"


def sideways_scroll(pages: Pages) -> int:
    return pages.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def press_enter_and_wait(pages: Pages) -> None:
    with pages.page.expect_navigation():
        pages.page.keyboard.press("Enter")


@pytest.mark.parametrize("width", [320, 1280])
def test_filtering_a_plans_actions_by_keyboard(browser, live_server, plan_actions, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pages = Pages(context, live_server)
    pages.sign_in(plan_actions)
    checked = []

    pages.open("/plans/notice")
    pages.page.get_by_role("link", name="Find and filter the plan’s actions").focus()
    press_enter_and_wait(pages)
    assert "60 actions in the plan" in pages.page.inner_text("main")
    checked.append((pages.page.url, sideways_scroll(pages), pages.accessibility_violations()))

    pages.page.get_by_label("Search refs, actions and latest commentary").focus()
    pages.page.keyboard.type("number 1")
    pages.page.get_by_label("Lead").select_option(label="Deb Johnson")
    pages.page.get_by_label("Due within (working days)").fill("")
    pages.page.get_by_role("button", name="Apply filters").focus()
    press_enter_and_wait(pages)
    main = pages.page.inner_text("main")
    checked.append((pages.page.url, sideways_scroll(pages), pages.accessibility_violations()))
    assert "q=number+1" in pages.page.url
    # 1, 11, 13, 15, 17, 19: Deb leads the odd numbers; "number 1" is in 1 and 10 to 19.
    assert "6 actions match the filters" in main

    pages.page.locator("thead a", has_text="Days overdue").focus()
    press_enter_and_wait(pages)
    refs = pages.page.locator("tbody tr td:first-child").all_inner_texts()
    assert refs == ["1.1", "1.11", "1.13", "1.15", "1.17", "1.19"]

    pages.page.get_by_label("Due within (working days)").fill("99")
    pages.page.get_by_role("button", name="Apply filters").focus()
    press_enter_and_wait(pages)
    summary = pages.page.get_by_role("alert")
    assert "from 1 to 60" in summary.inner_text()
    checked.append((pages.page.url, sideways_scroll(pages), pages.accessibility_violations()))

    pages.page.get_by_role("link", name="Clear filters").first.focus()
    press_enter_and_wait(pages)
    assert "60 actions in the plan" in pages.page.inner_text("main")
    pages.page.get_by_role("link", name="Next").focus()
    press_enter_and_wait(pages)
    assert pages.page.locator("tbody tr").count() == 10
    checked.append((pages.page.url, sideways_scroll(pages), pages.accessibility_violations()))
    context.close()

    assert [(url, scroll) for url, scroll, _ in checked if scroll > 0] == []
    assert [violations for _, _, violations in checked if violations] == []
    assert pages.csp_reports == []
