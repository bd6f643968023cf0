"""My actions: a lead's actions across plans, most urgent first, in a fixed number of queries."""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, text

from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Completion, Rag, Recurrence, Role
from tracker.domain.status_key import DEFAULT_STATUS_KEY
from tracker.domain.update_rules import ProposedUpdate
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db
from tracker.services import status_updates


@contextmanager
def count_queries():
    statements: list[str] = []

    def _count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)


def listed_refs(page: str) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="/actions/\d+">(\S+) ', page)


@pytest.fixture
def lead(app):
    user = make_user(Role.LEAD)
    db.session.commit()
    return user


def test_actions_are_grouped_by_plan_then_overdue_then_due_then_update_due_then_the_rest(
    client, sign_in, lead
):
    today = clock.today()
    calendar = WorkingCalendar()
    me, someone_else = lead.person, make_person()
    plan, other_plan = make_plan(title="A plan"), make_plan(title="B plan")
    done = make_action(plan, ref="G-done", leads=[me], target_date=today - timedelta(days=50))
    make_action(plan, ref="D-later", leads=[me], target_date=today + timedelta(days=200))
    make_action(plan, ref="B-overdue-3", leads=[me], target_date=today - timedelta(days=3))
    monthly = make_action(plan, ref="E-monthly", leads=[me], recurrence=Recurrence.MONTHLY)
    make_action(
        other_plan, ref="C-soon", leads=[me], target_date=calendar.add_working_days(today, 2)
    )
    make_action(
        plan, ref="A-overdue-30", leads=[someone_else, me], target_date=today - timedelta(days=30)
    )
    make_action(plan, ref="F-never", leads=[me], recurrence=Recurrence.QUARTERLY)
    make_action(plan, ref="H-not-mine", leads=[someone_else], target_date=today - timedelta(days=9))
    add_update(
        done,
        as_at=today - timedelta(days=40),
        completion=Completion.COMPLETED,
        rag=Rag.COMPLETE,
        completed_on=today - timedelta(days=40),
    )
    add_update(monthly, as_at=today - timedelta(days=70), rag=Rag.RED)
    db.session.commit()
    sign_in(client, lead)

    page = client.get("/actions/mine").get_data(as_text=True)

    assert listed_refs(page) == [
        "A-overdue-30",
        "B-overdue-3",
        "D-later",
        "F-never",
        "E-monthly",
        "G-done",
        "C-soon",
    ]
    assert page.count(">A plan</h2>") == page.count(">B plan</h2>") == 1
    assert "30 days overdue" in page
    assert "3 days overdue" in page
    assert "in 2 working days" in page
    assert page.count(">Update due</strong>") == 2
    assert "You lead 7 actions: 2 overdue, 1 due soon, 2 needing an update." in page
    assert page.count('>Update<span class="govuk-visually-hidden"> action') == 7


def test_actions_equally_due_are_listed_in_natural_ref_order(client, sign_in, lead):
    plan = make_plan(title="A plan")
    for ref in ("1.10", "2", "1.9", "1.2a", "1.2"):
        make_action(plan, ref=ref, leads=[lead.person])
    db.session.commit()
    sign_in(client, lead)

    page = client.get("/actions/mine").get_data(as_text=True)

    assert listed_refs(page) == ["1.2", "1.2a", "1.9", "1.10", "2"]


def test_each_row_shows_rag_status_and_last_update_date(client, sign_in, lead):
    plan = make_plan()
    action = make_action(plan, ref="1.01", leads=[lead.person])
    add_update(
        action,
        as_at=clock.today() - timedelta(days=5),
        completion=Completion.PARTIALLY_COMPLETED,
        rag=Rag.GREEN,
    )
    db.session.commit()
    sign_in(client, lead)
    page = client.get("/actions/mine").get_data(as_text=True)
    row = page[page.index(f'id="action-{action.id}"') :]
    row = row[: row.index("</li>")]
    assert "Green" in row
    assert "Partially completed" in row
    day = clock.today() - timedelta(days=5)
    assert f"{day.day} {day:%B %Y}" in row
    assert f'href="/actions/{action.id}/update"' in row


def test_lead_without_actions_is_told_so(client, sign_in, lead):
    sign_in(client, lead)
    assert "You do not lead any actions" in client.get("/actions/mine").get_data(as_text=True)


def test_actions_in_archived_plans_are_left_out(client, sign_in, lead):
    plan = make_plan()
    make_action(plan, ref="old-1", leads=[lead.person])
    plan.archived_at = clock.now()
    db.session.commit()
    sign_in(client, lead)
    assert listed_refs(client.get("/actions/mine").get_data(as_text=True)) == []


def make_actions(lead, count: int) -> None:
    today = clock.today()
    plans = [make_plan(), make_plan()]
    for number in range(count):
        action = make_action(
            plans[number % 2],
            ref=f"R{number}",
            leads=[lead.person],
            target_date=today + timedelta(days=number - count // 2),
        )
        add_update(action, as_at=today - timedelta(days=number))
    db.session.commit()


def test_my_actions_issues_the_same_number_of_queries_for_2_or_40_actions(app, sign_in, lead):
    counts = []
    for count in (2, 40):
        other = make_user(Role.LEAD)
        make_actions(other, count)
        client = app.test_client()
        sign_in(client, other)
        with count_queries() as statements:
            response = client.get("/actions/mine")
        assert response.status_code == 200
        assert len(listed_refs(response.get_data(as_text=True))) == count
        counts.append(len(statements))
    # The account, leads, milestones, approved target-date revisions, actions, latest updates
    # and the person whose actions they are.
    assert counts[0] == counts[1] == 7


def test_a_concurrent_commit_between_load_and_write_is_refused(app, lead):
    plan = make_plan()
    action = make_action(plan, leads=[lead.person])
    db.session.commit()
    loaded = status_updates.load_live_action(action.id)
    seen = loaded.version
    # Another writer moves the row on behind the ORM's back, as a concurrent transaction would.
    db.session.connection().execute(
        text("UPDATE action SET version = version + 1 WHERE id = :id"), {"id": action.id}
    )
    proposed = ProposedUpdate(
        completion=Completion.NOT_COMPLETED,
        status=DEFAULT_STATUS_KEY.entry_named("Amber"),
        direction=None,
        current_performance="",
        commentary="late",
        completed_on=None,
        as_at=clock.today(),
    )
    with pytest.raises(status_updates.ActionChanged):
        status_updates.record_status_update(
            loaded, proposed, seen_version=seen, author_user_id=lead.id, now=clock.now()
        )
    db.session.rollback()
