"""A panel member reaches the overdue list from the plans overview by keyboard in a real Chromium,
at phone and desktop widths, with no sideways page scroll; axe-core finds nothing to fix."""

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
def overdue_actions(app):
    """Return a panel member's email; 56 actions of two plans are overdue, long words and all."""
    make_user(Role.PANEL, email="panel@example.org")
    lead = make_person("Deb Johnson-Carratt-Westwood-Woolfenden")
    for slug, title in (
        ("notice", "Notice to Improve Action Plan"),
        ("safeguarding", "Safeguarding-Partnership-Improvement-Programme-2024"),
    ):
        plan = make_plan(slug=slug, title=title)
        theme = make_theme(plan, 1, "Staying Safe")
        for number in range(1, 29):
            action = make_action(
                plan,
                ref=f"1.{number}",
                text=f"Audit casefiles-and-supervision-records-monthly number {number}",
                theme=theme,
                leads=[lead],
                target_date=clock.today() - timedelta(days=number),
            )
            add_update(action, as_at=clock.today(), rag=Rag.RED, commentary="Behind")
    make_action(plan, ref="2.1", target_date=clock.today() + timedelta(days=5))
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


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_reading_the_overdue_list_by_keyboard(browser, live_server, overdue_actions, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pages = Pages(context, live_server)
    pages.sign_in(overdue_actions)
    checked = []

    pages.open("/plans/")
    pages.page.get_by_role("link", name="Overdue actions across plans").focus()
    press_enter_and_wait(pages)
    main = pages.page.inner_text("main")
    assert "56 actions are overdue." in main
    assert pages.page.locator("tbody tr").count() == 50
    checked.append((pages.page.url, sideways_scroll(pages), pages.accessibility_violations()))

    pages.page.get_by_role("link", name="Next").focus()
    press_enter_and_wait(pages)
    refs = pages.page.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert refs == ["1.3", "1.3", "1.2", "1.2", "1.1", "1.1"]
    checked.append((pages.page.url, sideways_scroll(pages), pages.accessibility_violations()))

    with pages.page.expect_download() as download:
        pages.page.get_by_role("link", name="Download the whole list as CSV").click()
    assert download.value.suggested_filename.startswith("overdue-actions-")
    context.close()

    assert [(url, scroll) for url, scroll, _ in checked if scroll > 0] == []
    assert [violations for _, _, violations in checked if violations] == []
    assert pages.csp_reports == []
