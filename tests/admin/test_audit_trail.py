"""The audit trail: a reusable recorder, and a page listing changes newest first."""

from datetime import UTC, date, datetime, timedelta

from tests.factories import make_person, make_user
from tests.reports.conftest import counting_queries
from tracker.domain.api_tokens import TokenScope
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import AuditEvent
from tracker.services.api_tokens import create_token
from tracker.services.audit import record_change, record_token, update_and_record


def test_record_change_keeps_who_and_only_the_fields_that_differ(app):
    user = make_user(Role.ADMIN)
    event = record_change(
        user_id=user.id,
        verb="update",
        entity="plan",
        entity_id=7,
        summary="Changed plan",
        before={"title": "Old", "owner": "Same", "window_end": date(2009, 10, 31)},
        after={"title": "New", "owner": "Same", "window_end": date(2009, 11, 30)},
    )
    db.session.commit()
    stored = db.session.get(AuditEvent, event.id)
    assert (stored.user_id, stored.verb, stored.entity, stored.entity_id) == (
        user.id,
        "update",
        "plan",
        7,
    )
    assert stored.occurred_at is not None
    assert stored.details == {
        "title": {"old": "Old", "new": "New"},
        "window_end": {"old": "2009-10-31", "new": "2009-11-30"},
    }


def test_update_and_record_sets_the_values_and_records_nothing_when_nothing_changed(app):
    person = make_person("Sue Wilson")
    assert (
        update_and_record(person, {"name": "Sue Wilson"}, user_id=None, entity="person", summary="")
        == {}
    )
    changes = update_and_record(
        person, {"email": "sue@example.org"}, user_id=None, entity="person", summary="Changed"
    )
    db.session.commit()
    assert person.email == "sue@example.org"
    assert changes == {"email": {"old": None, "new": "sue@example.org"}}
    assert db.session.query(AuditEvent).count() == 1


def _event(entity: str, minutes_ago: int, summary: str, user_id=None) -> None:
    db.session.add(
        AuditEvent(
            occurred_at=datetime.now(UTC) - timedelta(minutes=minutes_ago),
            user_id=user_id,
            verb="update",
            entity=entity,
            entity_id=1,
            summary=summary,
            details={"title": {"old": "<b>Old</b>", "new": "New"}},
        )
    )


def test_the_audit_page_lists_changes_newest_first_with_who_made_them(admin_client, admin):
    _event("plan", 10, "Older change", user_id=admin.id)
    _event("theme", 1, "Newer change")
    db.session.commit()
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert page.index("Newer change") < page.index("Older change")
    assert admin.person.name in page
    assert "the system" in page
    assert "&lt;b&gt;Old&lt;/b&gt; → New" in page


def test_the_audit_page_filters_by_kind_of_record(admin_client):
    _event("plan", 10, "A plan change")
    _event("theme", 1, "A theme change")
    db.session.commit()
    page = admin_client.get("/admin/audit?entity=theme").get_data(as_text=True)
    assert "A theme change" in page
    assert "A plan change" not in page
    assert '<option value="theme" selected>' in page
    everything = admin_client.get("/admin/audit?entity=nonsense").get_data(as_text=True)
    assert "A plan change" in everything and "A theme change" in everything


def test_the_audit_page_is_paginated(admin_client):
    for number in range(1, 56):
        _event("plan", number, f"Change number {number:02d}.")
    db.session.commit()
    first = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Change number 01." in first
    assert "Change number 50." in first
    assert "Change number 51." not in first
    assert 'href="/admin/audit?page=2"' in first
    second = admin_client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "Change number 51." in second
    assert "Change number 55." in second
    assert "Change number 50." not in second
    beyond = admin_client.get("/admin/audit?page=99").get_data(as_text=True)
    assert "Change number 55." in beyond


def test_the_audit_page_shows_dates_in_the_details_in_words(admin_client, admin):
    record_change(
        user_id=admin.id,
        verb="update",
        entity="action",
        entity_id=3,
        summary="Changed action 1.10",
        before={"target_date": date(2009, 11, 2)},
        after={"target_date": date(2010, 3, 31)},
    )
    db.session.commit()
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "2 November 2009 → 31 March 2010" in page
    assert "2009-11-02" not in page


def test_the_audit_page_names_verbs_and_records_in_words(admin_client):
    db.session.add(
        AuditEvent(
            occurred_at=datetime.now(UTC),
            verb="sign_off",
            entity="status_update",
            entity_id=3,
            summary="Signed off action 1.02",
            details={},
        )
    )
    db.session.commit()
    db.session.expire_all()

    page = admin_client.get("/admin/audit").get_data(as_text=True)

    assert "Signed off</strong>" in page
    assert "status update 3" in page
    assert "sign_off" not in page
    assert '<option value="status_update">Status update</option>' in page


def test_a_change_made_with_an_api_token_names_the_token(admin_client, admin):
    token, _text = create_token(
        admin.id,
        "Power <BI>",
        TokenScope.WRITE,
        date.today() + timedelta(days=30),
        acting_user_id=admin.id,
        now=datetime.now(UTC),
    )
    record_token(token.id)
    try:
        record_change(
            user_id=admin.id, verb="update", entity="plan", entity_id=1, summary="With a token"
        )
    finally:
        record_token(None)
    db.session.commit()
    with counting_queries() as statements:
        page = admin_client.get("/admin/audit").get_data(as_text=True)
    with_token = page[page.index("With a token") - 600 : page.index("With a token")]
    assert "with the API token ‘Power &lt;BI&gt;’" in with_token
    made = page[page.index("Created the API token") - 600 : page.index("Created the API token")]
    assert "with the API token" not in made
    # The tokens' names come in the one query that reads the page of events with their accounts.
    assert sum("api_token" in statement for statement in statements) == 1
