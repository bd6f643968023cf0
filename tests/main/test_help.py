"""The help page explains the chosen plan's own key, bands, cut-off, reminders and owner."""

from datetime import date

import pytest

from tests.factories import make_action, make_person, make_plan, make_user
from tracker.domain.enums import Completion, Role
from tracker.domain.status_key import StatusColour, StatusKey, StatusKeyEntry
from tracker.extensions import db
from tracker.models import PriorityBand
from tracker.services.status_keys import stored_key


@pytest.fixture
def plans(app):
    """Two plans with their own settings; the lead leads an action in the first only."""
    owner = make_person("Olive Owner", "olive.owner@example.org")
    children = make_plan(slug="children", title="Children's Improvement Plan", bands=0)
    children.owner = "Director of Children's Services"
    children.owner_person_id = owner.id
    children.due_soon_working_days = 7
    children.escalation_working_days = 15
    children.report_cut_off_working_days = 3
    children.status_key = stored_key(
        StatusKey(
            (
                StatusKeyEntry("On track", StatusColour.GREEN, words=("On Track",)),
                StatusKeyEntry(
                    "Behind schedule", StatusColour.RED, exception=True, words=("Behind",)
                ),
                StatusKeyEntry("Done", StatusColour.BLUE, completion=Completion.COMPLETED),
            )
        )
    )
    db.session.add(
        PriorityBand(
            plan_id=children.id,
            number=1,
            label="Actions to be completed by March 2026",
            window_end=date(2026, 3, 31),
        )
    )
    trust = make_plan(slug="trust", title="Trust Improvement Plan")
    lead = make_user(Role.LEAD, person=make_person("Lee Lead"), email="lee@example.org")
    action = make_action(children, ref="1.1", text="Recruit", leads=[lead.person])
    admin = make_user(Role.ADMIN, email="admin@example.org")
    db.session.commit()
    return {"lead": lead, "admin": admin, "action": action, "trust": trust}


def test_help_explains_the_plans_own_settings(client, sign_in, plans):
    sign_in(client, plans["admin"])

    page = client.get("/help?plan=children").get_data(as_text=True)

    for text in (
        "Behind schedule",
        "On track",
        "Done",
        "Completion status not known",
        "Partially completed",
        "Priority 1 Actions to be completed by March 2026",
        "to 31 March 2026",
        "3 working days after the month's last day",
        "next 7 working days",
        "more than 15 working days",
        "07:00",
        "Olive Owner",
        'href="mailto:olive.owner@example.org"',
        "Director of Children&#39;s Services",
        "Status column",
    ):
        assert text in page, text


def test_with_several_plans_and_none_chosen_the_reader_chooses_one(client, sign_in, plans):
    sign_in(client, plans["admin"])

    page = client.get("/help").get_data(as_text=True)

    assert 'href="/help?plan=children"' in page
    assert 'href="/help?plan=trust"' in page
    assert "Who to contact" not in page


def test_a_lead_with_one_plan_sees_that_plan_at_once(client, sign_in, plans):
    sign_in(client, plans["lead"])

    page = client.get("/help").get_data(as_text=True)

    assert "Children&#39;s Improvement Plan" in page
    assert "Olive Owner" in page
    assert "Trust Improvement Plan" not in page


def test_a_lead_cannot_read_help_for_a_plan_they_have_no_part_in(client, sign_in, plans):
    sign_in(client, plans["lead"])

    assert client.get("/help?plan=trust").status_code == 403


def test_an_unknown_plan_is_404(client, sign_in, plans):
    sign_in(client, plans["admin"])

    response = client.get("/help?plan=no-such-plan")

    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_a_plan_without_an_owner_sends_readers_to_an_administrator(client, sign_in, plans):
    sign_in(client, plans["admin"])

    page = client.get("/help?plan=trust").get_data(as_text=True)

    assert "This plan names no owner" in page
    assert "RAG column" in page
    assert "This plan has no priority bands" in page


def test_help_is_for_signed_in_people(client, plans):
    response = client.get("/help")

    assert response.status_code == 302
    assert "/auth/sign-in" in response.headers["Location"]


def test_the_footer_and_the_update_form_link_to_help(client, sign_in, plans):
    sign_in(client, plans["lead"])

    assert 'href="/help"' in client.get("/actions/mine").get_data(as_text=True)
    form = client.get(f"/actions/{plans['action'].id}/update").get_data(as_text=True)
    assert 'href="/help?plan=children"' in form
