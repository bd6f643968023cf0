"""At phone widths the report pages and the plans overview never scroll sideways; axe is clean."""

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
from tests.factories import add_update, make_action, make_person, make_plan, make_theme, make_user
from tests.reports.conftest import assert_pages_fit
from tracker.domain.enums import Completion, Rag, Role
from tracker.extensions import db
from tracker.models import Achievement, Milestone, PriorityBand, Risk

LONG_WORD = "Safeguarding-and-quality-assurance-framework-review-" * 3
PANEL_EMAIL = "pat.panel@example.org"


@pytest.fixture
def wide_plan(app) -> str:
    """Make a plan whose tables are wide: long texts, leads, bands, red actions and risks."""
    make_user(Role.PANEL, person=make_person("Pat Panel"), email=PANEL_EMAIL)
    plan = make_plan(slug="wide", title="Children's Improvement Plan 2009/10 " + LONG_WORD)
    plan.owner = "Julie Westwood"
    for number in (1, 2):
        db.session.add(
            PriorityBand(
                plan_id=plan.id,
                number=number,
                label="Actions to be completed between 1st November and 31st December 2009",
            )
        )
    themes = [make_theme(plan, number, f"Theme {number} {LONG_WORD}") for number in (1, 2)]
    leads = [make_person(f"Lead number {n} of the safeguarding board") for n in range(3)]
    statuses = list(Completion)
    for number in range(12):
        action = make_action(
            plan,
            ref=f"{number % 2 + 1}.{number:02d}",
            text=f"Implement the improved quality assurance framework {LONG_WORD}",
            theme=themes[number % 2],
            band_number=number % 2 + 1,
            leads=leads[: number % 3 + 1],
            target_date=date(2009, 10 + number % 3, 28),
        )
        db.session.add(Milestone(action_id=action.id, due_on=date(2009, 11, 15)))
        for month in (9, 10):
            add_update(
                action,
                as_at=date(2009, month, 20),
                completion=statuses[(number + month) % 4],
                completed_on=date(2009, month, 20)
                if statuses[(number + month) % 4] is Completion.COMPLETED
                else None,
                rag=Rag.RED if number % 3 == 0 else Rag.AMBER,
                commentary=f"Two audits slipped to next month. {LONG_WORD}",
                current_performance=f"72% of audits {LONG_WORD}",
            )
    db.session.add(
        Risk(
            plan_id=plan.id,
            description=f"Recruitment of social workers {LONG_WORD}",
            likelihood="High",
            consequences=LONG_WORD,
            mitigation=LONG_WORD,
            owner="Julie Westwood",
            raised_on=date(2009, 9, 1),
        )
    )
    db.session.add(Achievement(plan_id=plan.id, text=LONG_WORD, achieved_on=date(2009, 10, 3)))
    db.session.commit()
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return "wide"


PAGES = [
    "/plans/",
    "/plans/tallies",
    "/plans/{slug}",
    "/reports/{slug}/",
    "/reports/{slug}/highlight?month=2009-10",
    "/reports/{slug}/exceptions?as_at=2009-10-31",
]


@pytest.mark.parametrize("width", [390, 320])
def test_report_pages_fit_the_phone_width_and_axe_finds_nothing(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    wide_plan,
    width,
):
    context = browser.new_context(viewport={"width": width, "height": 844})
    pages = Pages(context, live_server)
    pages.sign_in(PANEL_EMAIL)
    assert_pages_fit(pages, [path.format(slug=wide_plan) for path in PAGES], width)
