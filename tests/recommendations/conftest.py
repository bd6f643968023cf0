"""A plan with recommendations answered by actions that are done at different months."""

from dataclasses import dataclass
from datetime import date

import pytest

from tests.factories import add_update, make_action, make_plan, make_user
from tracker.domain.enums import Completion, Role
from tracker.extensions import db
from tracker.models import ActionRecommendation, Plan, Recommendation

C = Completion.COMPLETED
P = Completion.PARTIALLY_COMPLETED


@dataclass
class RecommendedPlan:
    """The plan and its records by ref."""

    plan: Plan
    actions: dict
    recommendations: dict


def build_recommended_plan(slug: str = "cyps") -> RecommendedPlan:
    """Make R1 (actions 1.1, 1.2), R2 (action 2.1) and R3 (no actions) in a plan.

    1.1 is completed in October 2010, 1.2 in November; 2.1 is completed in October and
    reopened in November, so October shows R2 met and R1 not, and November the other way round.
    """
    plan = make_plan(slug=slug, title="CYPS Improvement Plan")
    actions = {
        ref: make_action(plan, ref=ref, text=f"Action {ref}", target_date=date(2010, 12, 31))
        for ref in ("1.1", "1.2", "2.1")
    }
    for action in actions.values():
        add_update(action, as_at=date(2010, 9, 30), completion=P)
    add_update(
        actions["1.1"], as_at=date(2010, 10, 20), completion=C, completed_on=date(2010, 10, 20)
    )
    add_update(
        actions["2.1"], as_at=date(2010, 10, 25), completion=C, completed_on=date(2010, 10, 25)
    )
    add_update(
        actions["1.2"], as_at=date(2010, 11, 10), completion=C, completed_on=date(2010, 11, 10)
    )
    add_update(actions["2.1"], as_at=date(2010, 11, 12), completion=P)
    recommendations = {}
    for position, (ref, text, source, linked) in enumerate(
        [
            (
                "R1",
                "Improve the quality of <b>supervision</b>",
                "Ofsted inspection, August 2009",
                ("1.1", "1.2"),
            ),
            ("R2", "Make sure assessments are timely", "CQC must do", ("2.1",)),
            ("R3", "Review the front door", "Scrutiny: CRP", ()),
        ],
        start=1,
    ):
        recommendation = Recommendation(
            plan_id=plan.id,
            ref=ref,
            text=text,
            source=source,
            made_on=date(2009, 8, 27),
            position=position,
        )
        db.session.add(recommendation)
        db.session.flush()
        db.session.add_all(
            ActionRecommendation(action_id=actions[action].id, recommendation_id=recommendation.id)
            for action in linked
        )
        recommendations[ref] = recommendation
    db.session.commit()
    return RecommendedPlan(plan, actions, recommendations)


@pytest.fixture
def recommended(app) -> RecommendedPlan:
    """Return the plan with recommendations, committed."""
    return build_recommended_plan()


@pytest.fixture
def panel_client(app, client, sign_in):
    """Return a test client signed in as a panel member."""
    user = make_user(Role.PANEL)
    db.session.commit()
    sign_in(client, user)
    return client


@pytest.fixture
def admin_client(app, sign_in):
    """Return a client signed in as an administrator."""
    user = make_user(Role.ADMIN)
    db.session.commit()
    client = app.test_client()
    sign_in(client, user)
    return client
