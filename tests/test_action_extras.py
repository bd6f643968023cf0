"""The council's extra columns show on the action page and administrators can change them."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import add_update, make_action, make_plan, make_user
from tracker.domain.enums import Completion, Role
from tracker.extensions import db
from tracker.models import Action, AuditEvent

MAPPING = {
    "header_row": 1,
    "columns": {
        "Reference": "Ref",
        "Recommendation": "Key Actions",
        "Origin": "extra",
        "Exec Date": "extra",
        "Notes": "ignore",
    },
    "dates": {"day_first": True},
}
LONG_NOTE = "Agreed at Cabinet <b>after</b> a call-in & review.\nSecond line " + "x" * 300


@pytest.fixture
def admin(app):
    user = make_user(Role.ADMIN)
    db.session.commit()
    return user


@pytest.fixture
def admin_client(app, admin, sign_in):
    client = app.test_client()
    sign_in(client, admin)
    return client


@pytest.fixture
def action(app) -> Action:
    plan = make_plan(slug="scrutiny", title="Scrutiny recommendations")
    plan.import_mapping = MAPPING
    action = make_action(plan, ref="R1", text="Review the front door")
    action.extras = {"Exec Date": "12/03/2017", "Origin": LONG_NOTE, "Column H": "a note"}
    db.session.commit()
    return action


def _form(client, action: Action) -> dict[str, str]:
    page = client.get(f"/admin/plans/scrutiny/actions/{action.id}/edit")
    assert page.status_code == 200
    return {
        "ref": "R1",
        "text": "Review the front door",
        "objective_id": str(action.objective_id),
        "band_id": "",
        "target_date_text": "",
        "lead_text": "",
        "baseline": "",
        "targets": "",
        "workstreams": "",
        "version": str(action.version),
    }


def test_the_action_page_lists_extra_columns_in_the_files_order_escaped(admin_client, action):
    page = admin_client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert page.index(">Origin<") < page.index(">Exec Date<") < page.index(">Column H<")
    assert "Agreed at Cabinet &lt;b&gt;after&lt;/b&gt; a call-in &amp; review." in page
    assert "<b>after</b>" not in page
    assert ">Notes<" not in page


def test_the_edit_form_has_a_box_per_extra_column_with_its_text(admin_client, action):
    page = admin_client.get(f"/admin/plans/scrutiny/actions/{action.id}/edit").get_data(
        as_text=True
    )
    for index, header in enumerate(("Origin", "Exec Date", "Column H")):
        assert re.search(rf'<label[^>]*for="extra_{index}"[^>]*>\s*{header}\s*</label>', page)
    assert "12/03/2017</textarea>" in page
    assert "&lt;b&gt;after&lt;/b&gt;" in page


def test_an_administrator_changes_and_clears_extra_columns_and_the_change_is_audited(
    admin_client, admin, action
):
    form = _form(admin_client, action)
    form.update({"extra_0": "Scrutiny review", "extra_1": "", "extra_2": "a note"})
    response = admin_client.post(f"/admin/plans/scrutiny/actions/{action.id}/edit", data=form)
    assert response.status_code == 302

    db.session.expire_all()
    saved = db.session.get(Action, action.id)
    assert saved.extras == {"Origin": "Scrutiny review", "Column H": "a note"}
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.verb == "update")).one()
    assert event.user_id == admin.id
    assert event.details["extras"] == {
        "old": {"Exec Date": "12/03/2017", "Origin": LONG_NOTE, "Column H": "a note"},
        "new": {"Origin": "Scrutiny review", "Column H": "a note"},
    }
    audit = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Origin: Scrutiny review; Column H: a note" in audit


def test_an_extra_column_over_its_limit_is_refused_keeping_what_was_typed(admin_client, action):
    form = _form(admin_client, action)
    form.update({"extra_0": "y" * 4_001, "extra_1": "Typed date", "extra_2": ""})
    response = admin_client.post(f"/admin/plans/scrutiny/actions/{action.id}/edit", data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Origin must be 4,000 characters or fewer" in page
    assert "Typed date</textarea>" in page
    db.session.expire_all()
    assert db.session.get(Action, action.id).extras["Exec Date"] == "12/03/2017"


def test_a_new_action_gets_the_plans_extra_columns(admin_client, action):
    page = admin_client.get("/admin/plans/scrutiny/actions/new").get_data(as_text=True)
    assert re.search(r'for="extra_0"[^>]*>\s*Origin\s*<', page)
    assert re.search(r'for="extra_1"[^>]*>\s*Exec Date\s*<', page)
    assert 'for="extra_2"' not in page
    form = _form(admin_client, action)
    form.update({"ref": "R2", "version": "0", "extra_0": "Audit committee", "extra_1": ""})
    response = admin_client.post("/admin/plans/scrutiny/actions/new", data=form)
    assert response.status_code == 302
    created = db.session.scalar(select(Action).where(Action.ref == "R2"))
    assert created.extras == {"Origin": "Audit committee"}


def test_an_action_complete_before_the_plan_came_in_says_its_date_is_not_known(
    admin_client, action
):
    add_update(
        action,
        as_at=date(2017, 4, 30),
        completion=Completion.COMPLETED,
        completed_on_unknown=True,
    )
    db.session.commit()
    page = admin_client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert page.count("Completed before 30 April 2017 (date not known)") == 2
