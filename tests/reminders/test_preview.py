"""The preview shows what a day's run would send, writes nothing, and agrees with the send."""

import html
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from tests.factories import add_update, make_action, make_person, make_plan
from tests.reminders.conftest import MONDAY, SATURDAY, TUESDAY, children_plan, send
from tracker import clock
from tracker.extensions import db

SUBJECT = re.compile(r'<h4 class="govuk-summary-card__title[^"]*">(.*?)</h4>', re.S)
RECIPIENT = re.compile(r'<span class="govuk-caption-m[^"]*">(.*?)</span>', re.S)
LISTED = re.compile(r"<li><strong>(.*?)</strong>", re.S)


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def preview(client, day: date) -> str:
    response = client.get(f"/reminders/preview?day={day.isoformat()}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def shown(page: str, pattern: re.Pattern) -> list[str]:
    return sorted(html.unescape(text).strip() for text in pattern.findall(page))


def test_the_preview_writes_nothing_and_sends_nothing(app, client, sign_in, admin, smtp_server):
    children_plan()
    sign_in(client, admin)
    before = row_counts()

    page = preview(client, MONDAY)

    assert "Daily reminder to a lead" in page
    assert "Weekly escalation to the plan owner" in page
    assert row_counts() == before
    assert smtp_server.received == []
    assert smtp_server.handler.mail_commands == 0


@pytest.mark.parametrize("day", [MONDAY, TUESDAY], ids=["with the escalation", "leads only"])
def test_the_preview_lists_exactly_what_the_send_for_that_day_then_delivers(
    app, client, runner, sign_in, admin, smtp_server, day
):
    children_plan(title="Children's <Plan> & Co")
    sign_in(client, admin)

    page = preview(client, day)
    send(runner, day)

    received = smtp_server.received
    assert received
    assert shown(page, SUBJECT) == sorted(r.message["Subject"] for r in received)
    assert shown(page, RECIPIENT) == sorted({r.recipients[0] for r in received})
    sent_lines = sorted(
        line.removeprefix("* ")
        for r in received
        for line in r.message.get_body(preferencelist=("plain",)).get_content().splitlines()
        if line.startswith("* ")
    )
    assert shown(page, LISTED) == sent_lines


def test_the_preview_shows_one_digest_per_recipient_with_a_section_per_plan(
    app, client, sign_in, admin
):
    lead = make_person("Howard Woolfenden", "howard@example.org")
    for slug in ("alpha", "beta"):
        plan = make_plan(slug=slug, title=f"{slug.capitalize()} plan")
        plan.reminder_repeat_working_days = 1
        make_action(
            plan, ref="1.1", text=f"{slug} action", leads=[lead], target_date=date(2026, 3, 2)
        )
    db.session.commit()
    sign_in(client, admin)

    page = preview(client, TUESDAY)

    assert page.count("Howard Woolfenden") == 1
    assert "1 email to 1 person" in page
    assert "Daily reminder to a lead, 2 plans." in page
    assert "2 overdue actions – 2 plans" in page
    assert page.index("Alpha plan") < page.index("alpha action") < page.index("Beta plan")
    assert page.index("Beta plan") < page.index("beta action")
    assert 'href="/plans/beta"' in page


def test_a_digest_already_in_the_outbox_is_marked_as_not_sent_again(
    app, client, runner, sign_in, admin, smtp_server
):
    children_plan()
    send(runner, TUESDAY)
    sign_in(client, admin)

    page = preview(client, TUESDAY)

    assert "the run will not send it again" in page
    assert "Sent" in page


def test_the_preview_defaults_to_the_next_working_day(app, client, sign_in, admin, monkeypatch):
    children_plan()
    # Thursday before Easter: Good Friday and Easter Monday are bank holidays.
    monkeypatch.setattr(clock, "today", lambda: date(2026, 4, 2))
    sign_in(client, admin)

    page = client.get("/reminders/preview").get_data(as_text=True)

    assert "Preview reminders for 7 April 2026" in page
    assert 'id="day-day" name="day" type="text" value="07"' in page


def test_the_day_can_be_typed_in_the_three_boxes(app, client, sign_in, admin):
    children_plan()
    sign_in(client, admin)

    response = client.get("/reminders/preview?day=31&day=3&day=2026")

    assert response.status_code == 200
    assert "Preview reminders for 31 March 2026" in response.get_data(as_text=True)


def test_a_weekend_day_says_no_reminders_are_sent_on_it(app, client, sign_in, admin):
    children_plan()
    sign_in(client, admin)

    assert "not a working day" in preview(client, SATURDAY)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("day=2026-02-30", "The day must be a real date"),
        ("day=next+tuesday", "The day must be a real date"),
        ("day=30&day=2&day=2026", "The day must be a real date"),
        ("day=30&day=&day=2026", "The day must include a month"),
        ("day=&day=&day=", "Enter the day of the reminders run"),
        ("day=1&day=2", "Enter the day of the reminders run"),
    ],
)
def test_a_day_that_cannot_be_read_is_refused_with_what_to_fix(
    app, client, sign_in, admin, query, message
):
    sign_in(client, admin)

    response = client.get(f"/reminders/preview?{query}")

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert message in page


def test_the_repeat_rule_is_in_the_preview_and_the_send_alike(
    app, client, runner, sign_in, admin, smtp_server
):
    lead = make_person("Howard Woolfenden", "howard@example.org")
    plan = make_plan(slug="weekly", title="Weekly plan")
    # Overdue from Monday 30 March: listed that day and again on Wednesday 8 April, the
    # sixth working day overdue (Good Friday and Easter Monday are not counted).
    make_action(plan, ref="1.1", text="Repeated", leads=[lead], target_date=date(2026, 3, 27))
    updated = make_action(
        plan, ref="1.2", text="Just updated", leads=[lead], target_date=date(2026, 3, 27)
    )
    add_update(updated, as_at=date(2026, 3, 27), recorded_at=datetime(2026, 3, 27, 12, tzinfo=UTC))
    db.session.commit()
    sign_in(client, admin)

    listed = {
        day: shown(preview(client, day), LISTED) for day in (MONDAY, TUESDAY, date(2026, 4, 8))
    }
    for day in (MONDAY, TUESDAY, date(2026, 4, 8)):
        send(runner, day)

    assert listed == {
        MONDAY: ["1.1: Repeated"],
        TUESDAY: [],
        date(2026, 4, 8): ["1.1: Repeated", "1.2: Just updated"],
    }
    assert [r.message["Subject"] for r in smtp_server.received] == [
        "1 overdue action – Weekly plan",
        "2 overdue actions – Weekly plan",
    ]
