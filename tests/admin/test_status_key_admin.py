"""Administrators keep a plan's status key: add, change, reorder and remove its entries."""

import re
from datetime import date

import pytest

from tests.factories import add_update, make_action, make_plan
from tracker.domain.enums import Completion, Rag
from tracker.domain.status_key import DEFAULT_STATUS_KEY
from tracker.extensions import db
from tracker.models import AuditEvent, Plan, StatusUpdate
from tracker.services.status_keys import plan_status_key


@pytest.fixture
def plan(app):
    plan = make_plan(slug="cyps", title="CYPS Improvement Plan")
    red = make_action(plan, ref="1.01")
    add_update(red, as_at=date(2011, 3, 30), rag=Rag.RED, commentary="Vacancies")
    add_update(make_action(plan, ref="1.02"), as_at=date(2011, 3, 30), rag=Rag.GREEN)
    db.session.commit()
    return plan


def labels(plan: Plan) -> list[str]:
    db.session.expire_all()
    return [entry.label for entry in plan_status_key(plan.id).entries]


def entry_form(**overrides) -> dict:
    return {
        "label": "Paused",
        "colour": "grey",
        "completion": "not_completed",
        "words": "On hold\nP",
        **overrides,
    }


def test_the_key_page_lists_the_default_key_with_the_actions_showing_each(plan, admin_client):
    html = admin_client.get("/admin/plans/cyps/status-key").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())

    assert [m for m in re.findall(r'tracker-rag">([^<]+)<', html)] == [
        "Red",
        "Amber",
        "Green",
        "Complete",
    ]
    assert (
        "1. Red Change Red Colour Red Completion status it implies Completion status not known "
        "Exception Yes: listed in the exception report Words that mean it R "
        "Actions showing it now 1"
    ) in text
    assert "Exception No Words that mean it G Actions showing it now 1" in text
    assert 'href="/admin/plans/cyps/status-key"' in admin_client.get("/admin/plans/cyps").get_data(
        as_text=True
    )


def test_an_added_entry_joins_the_key_and_the_audit_trail(plan, admin_client):
    response = admin_client.post("/admin/plans/cyps/status-key/new", data=entry_form())

    assert response.status_code == 302
    assert labels(plan) == ["Red", "Amber", "Green", "Complete", "Paused"]
    paused = plan_status_key(plan.id).entry_named("Paused")
    assert (paused.colour.value, paused.completion, paused.exception, paused.words) == (
        "grey",
        Completion.NOT_COMPLETED,
        False,
        ("On hold", "P"),
    )
    event = db.session.query(AuditEvent).filter_by(entity="plan").one()
    assert event.summary == "Added 'Paused' to the status key of 'CYPS Improvement Plan'"
    assert event.details["status_key"]["new"][-1] == (
        "Paused (grey, not completed; words: On hold / P)"
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"label": ""}, "label", "Enter the label"),
        ({"label": "x" * 101}, "label", "The label must be 100 characters or fewer"),
        ({"label": "GREEN"}, "label", "'GREEN' already means 'Green'; choose another label"),
        (
            {"words": "On hold\nG"},
            "words",
            "'G' already means 'Green'; take it out of that entry's words first",
        ),
        ({"colour": "purple"}, "colour", "Not a valid choice."),
        ({"completion": ""}, "completion", "Select the completion status it implies"),
    ],
)
def test_a_wrong_entry_is_refused_by_field_keeping_what_was_typed(
    plan, admin_client, change, field, message
):
    response = admin_client.post("/admin/plans/cyps/status-key/new", data=entry_form(**change))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'href="#{field}' in html
    assert message.replace("'", "&#39;") in html
    assert "On hold" in html or field == "words"
    assert labels(plan) == ["Red", "Amber", "Green", "Complete"]
    assert db.session.query(AuditEvent).count() == 0


def test_renaming_an_entry_leaves_recorded_updates_with_the_label_they_had(plan, admin_client):
    response = admin_client.post(
        "/admin/plans/cyps/status-key/1/edit",
        data=entry_form(
            was="Red",
            label="Off track",
            colour="red",
            completion="not_completed",
            exception="y",
            words="Red",
        ),
    )

    assert response.status_code == 302
    assert labels(plan) == ["Off track", "Amber", "Green", "Complete"]
    assert plan_status_key(plan.id).read("Red").entry.label == "Off track"
    recorded = db.session.query(StatusUpdate.status_label).order_by(StatusUpdate.id).all()
    assert [label for (label,) in recorded] == ["Red", "Green"]
    page = admin_client.get("/admin/plans/cyps/status-key").get_data(as_text=True)
    assert "Statuses no longer in the key" in page and "Red: 1 action" in page


def test_entries_move_up_and_down_and_a_stale_page_moves_nothing(plan, admin_client):
    admin_client.post("/admin/plans/cyps/status-key/4/up", data={"label": "Complete"})
    assert labels(plan) == ["Red", "Amber", "Complete", "Green"]
    admin_client.post("/admin/plans/cyps/status-key/1/down", data={"label": "Red"})
    assert labels(plan) == ["Amber", "Red", "Complete", "Green"]

    stale = admin_client.post(
        "/admin/plans/cyps/status-key/1/down", data={"label": "Red"}, follow_redirects=True
    )
    assert "That status is no longer in the key; nothing was moved." in stale.get_data(as_text=True)
    assert labels(plan) == ["Amber", "Red", "Complete", "Green"]


def test_an_entry_is_removed_but_never_the_last(plan, admin_client):
    for label in ("Red", "Amber", "Green"):
        admin_client.post("/admin/plans/cyps/status-key/1/delete", data={"label": label})
    assert labels(plan) == ["Complete"]

    refused = admin_client.post(
        "/admin/plans/cyps/status-key/1/delete", data={"label": "Complete"}, follow_redirects=True
    )
    assert "The status key needs at least one entry; add another first" in refused.get_data(
        as_text=True
    )
    assert labels(plan) == ["Complete"]


def test_a_key_edited_back_to_the_default_is_stored_as_the_default(plan, admin_client):
    admin_client.post("/admin/plans/cyps/status-key/1/down", data={"label": "Red"})
    assert db.session.get(Plan, plan.id).status_key is not None
    admin_client.post("/admin/plans/cyps/status-key/2/up", data={"label": "Red"})
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status_key is None
    assert plan_status_key(plan.id) == DEFAULT_STATUS_KEY


def test_a_change_to_an_entry_someone_else_moved_saves_nothing(plan, admin_client):
    admin_client.post("/admin/plans/cyps/status-key/1/down", data={"label": "Red"})
    stale = admin_client.post(
        "/admin/plans/cyps/status-key/1/edit",
        data=entry_form(was="Red", label="Off track", colour="red", completion="not_known"),
        follow_redirects=True,
    )

    assert "That status was changed by someone else; nothing was saved." in stale.get_data(
        as_text=True
    )
    assert labels(plan) == ["Amber", "Red", "Green", "Complete"]
