"""A small plan and a plan over a lowered threshold, with a reader of each kind to ask for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tests.conftest import make_config
from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker.domain.enums import Role
from tracker.extensions import db

BIG_PLAN_TITLE = "Children's Improvement Plan"
AS_AT = date(2011, 3, 31)


@pytest.fixture
def app_config(database_url):
    """Prepare aside any document of more than 3 rows, and let the test run the builder."""
    return make_config(database_url, PREPARED_DOCUMENT_THRESHOLD=3, PREPARED_DOCUMENT_WORKERS=0)


@dataclass
class Plans:
    """A plan small enough to download at once, a bigger one, and who may read them."""

    small: str
    big: str
    big_action_id: int
    lead: object
    other_lead: object
    panel: object


@pytest.fixture
def plans(app) -> Plans:
    """Make a 1-row plan and a 4-row plan (2 actions, 1 update each), and commit them."""
    lead = make_user(Role.LEAD, person=make_person("Warren Carratt"))
    other_lead = make_user(Role.LEAD, person=make_person("Julie Westwood"))
    panel = make_user(Role.PANEL)
    small = make_plan(slug="small", title="Small plan")
    make_action(small, ref="1.1", text="Audit case files", leads=[other_lead.person])
    big = make_plan(slug="big", title=BIG_PLAN_TITLE)
    actions = [
        make_action(big, ref=f"1.{n}", text=f"Recruit social workers {n}", leads=[lead.person])
        for n in (1, 2)
    ]
    for action in actions:
        add_update(action, as_at=date(2011, 3, 30), commentary="Two audits slipped")
    db.session.commit()
    return Plans("small", "big", actions[0].id, lead, other_lead, panel)


@pytest.fixture
def as_panel(app, sign_in, plans):
    """Return a test client signed in as a panel member."""
    client = app.test_client()
    sign_in(client, plans.panel)
    return client
