"""What the reminder emails say and who gets them, as received by a real SMTP server."""

import json
from datetime import date

from sqlalchemy import select

from tests.factories import add_update, make_action, make_person
from tests.reminders.conftest import MONDAY, TUESDAY, children_plan, daily_plan, send
from tracker import clock
from tracker.domain.enums import Completion
from tracker.domain.reminders import message_id_for
from tracker.extensions import db
from tracker.models import Action, OutboxMessage


def bodies(received) -> tuple[str, str]:
    message = received.message
    return tuple(
        message.get_body((subtype,)).get_content().replace("\r\n", "\n")
        for subtype in ("plain", "html")
    )


def listed(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("* ")]


def action_ids(plan) -> dict[str, int]:
    rows = db.session.execute(select(Action.ref, Action.id).where(Action.plan_id == plan.id))
    return {ref: action_id for ref, action_id in rows}


def test_each_lead_gets_one_digest_for_the_plan_listing_their_actions(app, runner, smtp_server):
    children_plan()

    summary = send(runner, TUESDAY)

    assert {key: summary[key] for key in ("sent", "skipped", "failed", "unknown")} == {
        "sent": 2,
        "skipped": 0,
        "failed": 0,
        "unknown": 0,
    }
    by_recipient = smtp_server.by_recipient()
    assert sorted(by_recipient) == ["howard@example.org", "warren@example.org"]
    (howard,) = by_recipient["howard@example.org"]
    (warren,) = by_recipient["warren@example.org"]
    assert howard.message["Subject"] == (
        "2 overdue actions and 1 due soon – Children's Improvement Plan 2009/10"
    )
    assert warren.message["Subject"] == "1 overdue action – Children's Improvement Plan 2009/10"
    assert listed(bodies(howard)[0]) == [
        "* 1.1: Recruit social workers",
        "* 1.2: Audit case files",
        "* 1.3: Publish the workforce strategy",
    ]
    assert listed(bodies(warren)[0]) == ["* 1.2: Audit case files"]


def test_a_lead_without_an_address_is_reported_unreachable_not_skipped_silently(
    app, runner, smtp_server
):
    team = children_plan()

    summary = send(runner, TUESDAY)

    assert summary["unreachable"] == [
        {
            "person_id": team.deb.id,
            "name": "Deb Johnson",
            "plan": "cyps",
            "kind": "lead",
            "reason": "no email address",
        }
    ]


def test_each_action_shows_its_target_date_days_overdue_and_absolute_update_link(
    app, runner, smtp_server
):
    team = children_plan()
    send(runner, TUESDAY)

    (howard,) = smtp_server.by_recipient()["howard@example.org"]
    text, html = bodies(howard)
    ids = action_ids(team.plan)
    assert text.count("Target date: ") == 3
    assert (
        "Target date: February 2026 (28 February 2026), 31 days overdue (22 working days)" in text
    )
    assert "Target date: March 2026 (27 March 2026), 4 days overdue (2 working days)" in text
    assert "Target date: 2nd April 2026 (2 April 2026), due in 2 working days" in text
    links = [line.split(": ", 1)[1] for line in text.splitlines() if "Update it:" in line]
    assert links == [
        f"http://tracker.test/actions/{ids['1.1']}/update",
        f"http://tracker.test/actions/{ids['1.2']}/update",
        f"http://tracker.test/actions/{ids['1.3']}/update",
    ]
    for link in links:
        assert f'href="{link}"' in html
    assert "Recruit social workers" in html
    assert "31 days overdue (22 working days)" in html


def test_the_message_is_multipart_text_and_html_with_a_message_id_from_its_key(
    app, runner, smtp_server
):
    team = children_plan()
    send(runner, TUESDAY)

    (warren,) = smtp_server.by_recipient()["warren@example.org"]
    message = warren.message
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    key = f"lead:{team.warren.id}:2026-03-31"
    assert message["Message-ID"] == message_id_for(key, "tracker.test")
    assert message["From"] == "tracker@tracker.test"
    assert message["To"] == "warren@example.org"
    assert message["Date"]
    assert message["Auto-Submitted"] == "auto-generated"
    row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))
    assert (row.status, row.attempts, row.message_id) == ("sent", 1, message["Message-ID"])
    assert row.sent_at is not None


def test_the_footer_says_why_they_got_it_and_how_to_change_their_preferences(
    app, runner, smtp_server
):
    children_plan()
    send(runner, TUESDAY)

    (warren,) = smtp_server.by_recipient()["warren@example.org"]
    for body in bodies(warren):
        assert "because you are named as a lead for these actions" in body
        assert "change your reminder preferences" in body
        assert "http://tracker.test" in body


def test_user_text_is_escaped_in_the_html_and_kept_as_written_in_the_text(app, runner, smtp_server):
    lead = make_person("Rebecca Wragg", "rebecca@example.org")
    plan = daily_plan(slug="fund", title="Fund <Plan> & Co")
    make_action(
        plan,
        ref="2.1",
        text="Stop <script>alert('x')</script> & fix <b>this</b>",
        leads=[lead],
        target_date=date(2026, 3, 1),
    )
    db.session.commit()

    send(runner, TUESDAY)

    (received,) = smtp_server.received
    text, html = bodies(received)
    assert "* 2.1: Stop <script>alert('x')</script> & fix <b>this</b>" in text
    assert "<script>" not in html
    assert "<b>this</b>" not in html
    assert (
        "Stop &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; fix &lt;b&gt;this&lt;/b&gt;"
        in html
    )
    assert "Fund &lt;Plan&gt; &amp; Co" in html
    assert received.message["Subject"] == "1 overdue action – Fund <Plan> & Co"


def test_a_lead_of_two_plans_gets_one_digest_listing_each_plans_actions_under_its_title(
    app, runner, smtp_server
):
    lead = make_person("Howard Woolfenden", "howard@example.org")
    actions = {}
    for slug in ("first", "second"):
        plan = daily_plan(slug=slug, title=f"{slug.capitalize()} <plan>")
        actions[slug] = make_action(
            plan, text=f"Action in {slug}", leads=[lead], target_date=date(2026, 3, 2)
        )
    db.session.commit()

    summary = send(runner, TUESDAY)

    assert summary["sent"] == 1
    (received,) = smtp_server.received
    assert received.message["Subject"] == "2 overdue actions – 2 plans"
    text, html = bodies(received)
    assert "These actions you lead in 2 plans need your attention" in text
    first, second = text.index("== First <plan> =="), text.index("== Second <plan> ==")
    assert first < text.index("* Action in first") < second < text.index("* Action in second")
    assert "Open the plan: http://tracker.test/plans/first" in text
    assert "Open the plan: http://tracker.test/plans/second" in text
    assert f"http://tracker.test/actions/{actions['second'].id}/update" in text[second:]
    assert ">First &lt;plan&gt;</h2>" in html
    assert ">Second &lt;plan&gt;</h2>" in html
    assert 'href="http://tracker.test/plans/second"' in html
    assert "<plan>" not in html
    row = db.session.scalar(select(OutboxMessage))
    assert (row.idempotency_key, row.plan_id) == (f"lead:{lead.id}:2026-03-31", None)


def test_a_second_run_on_the_same_day_sends_no_second_digest_to_a_lead_of_two_plans(
    app, runner, smtp_server
):
    lead = make_person("Howard Woolfenden", "howard@example.org")
    for slug in ("first", "second"):
        plan = daily_plan(slug=slug, title=f"{slug.capitalize()} plan")
        make_action(plan, text=f"Action in {slug}", leads=[lead], target_date=date(2026, 3, 2))
    db.session.commit()

    send(runner, TUESDAY)
    again = send(runner, TUESDAY)

    assert (again["sent"], again["skipped"]) == (0, 1)
    assert len(smtp_server.received) == 1


def test_completed_actions_archived_plans_and_deactivated_leads_never_appear(
    app, runner, smtp_server
):
    active = make_person("Howard Woolfenden", "howard@example.org")
    gone = make_person("Former Lead", "former@example.org")
    gone.active = False
    plan = daily_plan(slug="live", title="Live plan")
    done = make_action(plan, text="Done already", leads=[active], target_date=date(2026, 3, 2))
    add_update(done, as_at=date(2026, 3, 20), completion=Completion.COMPLETED)
    make_action(plan, text="Still to do", leads=[active, gone], target_date=date(2026, 3, 2))
    archived = daily_plan(slug="old", title="Archived plan")
    archived.archived_at = clock.now()
    make_action(archived, text="In an archived plan", leads=[active], target_date=date(2026, 3, 2))
    db.session.commit()

    summary = send(runner, TUESDAY)

    assert summary["sent"] == 1
    assert summary["unreachable"] == []
    (received,) = smtp_server.received
    assert received.recipients == ["howard@example.org"]
    assert listed(bodies(received)[0]) == ["* Still to do"]


def test_a_lead_who_opted_out_of_due_soon_still_hears_about_overdue_actions(
    app, runner, smtp_server
):
    team = children_plan()
    team.howard.due_soon_opt_out = True
    only_due_soon = make_person("Rebecca Wragg", "rebecca@example.org")
    only_due_soon.due_soon_opt_out = True
    make_action(
        team.plan,
        ref="1.9",
        text="Due soon only",
        leads=[only_due_soon],
        target_date=date(2026, 4, 2),
    )
    db.session.commit()

    send(runner, TUESDAY)

    by_recipient = smtp_server.by_recipient()
    assert "rebecca@example.org" not in by_recipient
    (howard,) = by_recipient["howard@example.org"]
    assert howard.message["Subject"] == "2 overdue actions – Children's Improvement Plan 2009/10"
    assert listed(bodies(howard)[0]) == ["* 1.1: Recruit social workers", "* 1.2: Audit case files"]


def test_the_owner_gets_the_weekly_escalation_of_long_overdue_actions_with_their_leads(
    app, runner, smtp_server
):
    team = children_plan()

    send(runner, MONDAY)

    (owner,) = smtp_server.by_recipient()["owner@example.org"]
    assert owner.message["Subject"] == (
        "Escalation: 1 action overdue by more than 10 working days"
        " – Children's Improvement Plan 2009/10"
    )
    text, html = bodies(owner)
    assert listed(text) == ["* 1.1: Recruit social workers"]
    assert "Lead: Howard Woolfenden" in text
    assert "30 days overdue (21 working days)" in text
    assert f"http://tracker.test/actions/{action_ids(team.plan)['1.1']}/update" in html
    assert "because you are the owner of" in text


def test_the_escalation_goes_only_on_the_first_working_day_of_the_week(app, runner, smtp_server):
    children_plan()

    send(runner, TUESDAY)

    assert "owner@example.org" not in smtp_server.by_recipient()


def test_a_dry_run_prints_the_digests_and_writes_and_sends_nothing(app, runner, smtp_server):
    team = children_plan()

    result = runner.invoke(args=["reminders", "send", "--as-at", "2026-03-31", "--dry-run"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [(d["recipient"], d["subject"]) for d in report["digests"]] == [
        (
            "howard@example.org",
            "2 overdue actions and 1 due soon – Children's Improvement Plan 2009/10",
        ),
        ("warren@example.org", "1 overdue action – Children's Improvement Plan 2009/10"),
    ]
    (howard_plan,) = report["digests"][0]["plans"]
    assert (howard_plan["plan"], howard_plan["title"]) == (
        "cyps",
        "Children's Improvement Plan 2009/10",
    )
    howard_items = howard_plan["items"]
    assert [(item["ref"], item["due"], item["days_overdue"]) for item in howard_items] == [
        ("1.1", "overdue", 31),
        ("1.2", "overdue", 4),
        ("1.3", "due_soon", None),
    ]
    assert howard_items[0]["link"] == (
        f"http://tracker.test/actions/{action_ids(team.plan)['1.1']}/update"
    )
    assert [person["name"] for person in report["unreachable"]] == ["Deb Johnson"]
    assert smtp_server.received == []
    assert db.session.scalar(select(db.func.count()).select_from(OutboxMessage)) == 0


def test_a_line_of_just_a_dot_in_user_text_does_not_end_the_message_early(app, runner, smtp_server):
    lead = make_person("Rebecca Wragg", "rebecca@example.org")
    plan = daily_plan(slug="dots", title="Dots plan")
    make_action(
        plan, text="First line\n.\nafter the dot", leads=[lead], target_date=date(2026, 3, 2)
    )
    db.session.commit()

    send(runner, TUESDAY)

    (received,) = smtp_server.received
    text, html = bodies(received)
    assert "First line\n.\nafter the dot" in text
    assert "because you are named as a lead" in text
    assert html.rstrip().endswith("</html>")
