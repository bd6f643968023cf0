"""The scorecard page fits a phone and a desktop without sideways scroll; axe finds nothing."""

from __future__ import annotations

from datetime import date

import pytest

from tests.actions.test_lead_journey_in_browser import (  # noqa: F401  (fixtures by name)
    Pages,
    app_config,
    browser,
    live_server,
    pytestmark,
)
from tests.factories import make_person, make_user
from tests.indicator_factories import (
    add_monthly_readings,
    add_tolerance,
    build_scorecard_plan,
    make_indicator,
)
from tests.reports.conftest import assert_pages_fit
from tracker.domain.enums import Role
from tracker.extensions import db

LONG_WORD = "Safeguarding-and-quality-assurance-framework-review-" * 3
PANEL_EMAIL = "pat.panel@example.org"


@pytest.fixture
def scorecard_plan(app) -> str:
    """Make the 004 scorecard plan with one indicator of long words and a long commentary."""
    make_user(Role.PANEL, person=make_person("Pat Panel"), email=PANEL_EMAIL)
    plan = build_scorecard_plan()
    wide = make_indicator(
        plan, "9.99", f"Children seen {LONG_WORD}", theme=f"Theme {LONG_WORD}", position=9
    )
    add_monthly_readings(wide, (2016, 2), [str(40 + m) for m in range(12)], LONG_WORD)
    add_tolerance(wide, date(2016, 4, 1), f"<90% {LONG_WORD}", "90%>", "95%+")
    db.session.commit()
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return "scorecard"


PAGES = [
    "/reports/{slug}/scorecard?period=2017-01",
    "/reports/{slug}/",
]


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_scorecard_fits_the_width_and_axe_finds_nothing(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    scorecard_plan,
    width,
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pages = Pages(context, live_server)
    pages.sign_in(PANEL_EMAIL)
    assert_pages_fit(
        pages, [path.format(slug=scorecard_plan) for path in PAGES], width, open_details=True
    )


def test_the_period_picker_is_used_by_keyboard(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    scorecard_plan,
):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    pages = Pages(context, live_server)
    pages.sign_in(PANEL_EMAIL)
    pages.open(f"/reports/{scorecard_plan}/scorecard?period=2017-01")
    field = pages.page.get_by_role("textbox", name="Month")
    field.focus()
    field.fill("2016-12")
    pages.page.keyboard.press("Enter")
    pages.page.wait_for_url("**period=2016-12")
    assert "December 2016" in pages.page.locator("h1").inner_text()
