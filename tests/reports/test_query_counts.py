"""The dashboard and report pages issue a fixed number of queries whatever the plan's size."""

from datetime import date

import pytest

from tests.factories import add_update, make_action, make_person, make_plan, make_theme
from tests.reports.conftest import counting_queries
from tracker.domain.enums import Completion, Rag
from tracker.extensions import db
from tracker.models import Achievement, Milestone, Risk

URLS = [
    "/reports/{slug}/",
    "/reports/{slug}/highlight",
    "/reports/{slug}/highlight?month=2010-02",
    "/reports/{slug}/highlight.pdf?month=2010-03",
    "/reports/{slug}/highlight.json",
    "/reports/{slug}/plan.pdf?as_at=2010-03-31",
    "/reports/{slug}/exceptions?as_at=2010-03-31",
    "/reports/{slug}/exceptions.pdf?as_at=2010-03-31",
]


def plan_with(actions: int) -> str:
    slug = f"plan-{actions}"
    plan = make_plan(slug=slug, bands=2)
    themes = [make_theme(plan, 1), make_theme(plan, 2)]
    leads = [make_person(f"Lead {actions}-{n}") for n in range(3)]
    statuses = list(Completion)
    for number in range(actions):
        action = make_action(
            plan,
            ref=f"{number % 2 + 1}.{number:02d}",
            theme=themes[number % 2],
            band_number=number % 2 + 1,
            leads=leads[: number % 3 + 1],
            target_date=date(2010, number % 6 + 1, 28),
        )
        db.session.add(Milestone(action_id=action.id, due_on=date(2010, 2, 15)))
        for month in (1, 2, 3):
            add_update(
                action,
                as_at=date(2010, month, 10 + number % 10),
                completion=statuses[(number + month) % 4],
                rag=Rag.RED if number % 5 == 0 else Rag.GREEN,
                commentary=f"Commentary {number} in month {month}",
            )
    db.session.add(Risk(plan_id=plan.id, description="A risk", raised_on=date(2010, 1, 1)))
    db.session.add(Achievement(plan_id=plan.id, text="Done", achieved_on=date(2010, 3, 3)))
    db.session.commit()
    return slug


@pytest.mark.parametrize("url", URLS)
def test_a_report_page_issues_the_same_queries_for_5_and_50_actions(app, panel_client, url):
    small, large = plan_with(5), plan_with(50)
    counts = []
    for slug in (small, large):
        # End the test's own transaction so each request begins its own, as in production.
        db.session.commit()
        with counting_queries() as statements:
            response = panel_client.get(url.format(slug=slug))
        assert response.status_code == 200
        counts.append(len(statements))

    assert counts[0] == counts[1]
    # One loads the approved target-date revisions, for the date in force at the cut-off, and
    # one the plan's recommendations with their links.
    assert counts[0] <= 16
