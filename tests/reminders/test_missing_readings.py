"""Indicator owners are chased for missing readings in their daily digest, exactly once a day."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.admin.test_plans import PLAN_FORM
from tests.factories import make_person
from tests.reminders.conftest import TUESDAY, children_plan, send, setting_of
from tests.reminders.test_digests import bodies, listed
from tracker.domain.indicator_terms import (
    Frequency,
    Polarity,
    RagMethod,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.extensions import db
from tracker.models import Indicator, IndicatorReading, Plan

FEBRUARY_2026 = (date(2026, 2, 1), date(2026, 2, 28))


def make_indicator(plan, ref: str, title: str, owner, **values) -> Indicator:
    indicator = Indicator(
        plan_id=plan.id,
        ref=ref,
        title=title,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGH,
        frequency=Frequency.MONTHLY,
        year_basis=YearBasis.FINANCIAL,
        ytd_method=YtdMethod.LATEST_VALUE,
        rag_method=RagMethod.TOLERANCE,
        owner_person_id=owner.id if owner is not None else None,
        **values,
    )
    db.session.add(indicator)
    db.session.flush()
    return indicator


def record(indicator, period, text: str, supersedes=None) -> IndicatorReading:
    reading = IndicatorReading(
        indicator_id=indicator.id,
        period_start=period[0],
        period_end=period[1],
        value=Decimal(text.rstrip("%")),
        text=text,
        recorded_at=datetime(2026, 3, 10, 9, tzinfo=UTC),
        supersedes_id=supersedes.id if supersedes is not None else None,
    )
    db.session.add(reading)
    db.session.flush()
    return reading


def test_an_overdue_action_and_a_missing_reading_come_in_one_digest_exactly_once(
    app, runner, smtp_server
):
    team = children_plan()
    ni59 = make_indicator(
        team.plan,
        "NI 59",
        "Initial assessments completed within 7 working days of referral",
        team.warren,
    )
    ni60 = make_indicator(
        team.plan,
        "NI 60",
        "Core assessments <b>within</b> 35 days & on time",
        make_person("Reading Owner", "reading.owner@example.org"),
    )
    # A corrected reading still means February was recorded.
    ni68 = make_indicator(
        team.plan, "NI 68", "Referrals going on to initial assessment", team.warren
    )
    first = record(ni68, FEBRUARY_2026, "70%")
    record(ni68, FEBRUARY_2026, "73%", supersedes=first)
    make_indicator(
        team.plan,
        "NI 61",
        "An archived indicator is not chased",
        team.warren,
        archived_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    make_indicator(team.plan, "NI 62", "An indicator nobody owns is not chased", None)
    db.session.commit()

    first_run = send(runner, TUESDAY)
    second_run = send(runner, TUESDAY)

    assert (first_run["sent"], first_run["skipped"]) == (3, 0)
    assert (second_run["sent"], second_run["skipped"]) == (0, 3)
    assert set(smtp_server.handler.message_ids().values()) == {1}
    by_recipient = smtp_server.by_recipient()
    assert sorted(by_recipient) == [
        "howard@example.org",
        "reading.owner@example.org",
        "warren@example.org",
    ]

    (warren,) = by_recipient["warren@example.org"]
    assert warren.message["Subject"] == (
        "1 overdue action and 1 missing reading – Children's Improvement Plan 2009/10"
    )
    text, html = bodies(warren)
    assert listed(text) == [
        "* 1.2: Audit case files",
        "* NI 59: Initial assessments completed within 7 working days of referral",
    ]
    assert "These actions you lead and missing readings of indicators you own" in text
    assert "MISSING INDICATOR READINGS (1)" in text
    # February 2026 was due ten working days after it ended: Friday 13 March.
    assert "due 13 March 2026, missing for 12 working days" in text
    assert f"Record it: http://tracker.test/indicators/{ni59.id}/reading" in text
    assert f'href="http://tracker.test/indicators/{ni59.id}/reading"' in html
    assert "as the owner of these indicators" in text

    (owner_only,) = by_recipient["reading.owner@example.org"]
    assert owner_only.message["Subject"] == (
        "1 missing indicator reading – Children's Improvement Plan 2009/10"
    )
    text, html = bodies(owner_only)
    assert listed(text) == ["* NI 60: Core assessments <b>within</b> 35 days & on time"]
    assert "NI 60: Core assessments &lt;b&gt;within&lt;/b&gt; 35 days &amp; on time" in html
    assert "<b>within</b>" not in html
    assert f"/indicators/{ni60.id}/reading" in html
    assert "Follow each link to record the reading." in text
    assert "actions you lead" not in text

    (howard,) = by_recipient["howard@example.org"]
    assert "MISSING INDICATOR READINGS" not in bodies(howard)[0]


def test_the_dry_run_lists_the_missing_readings_with_their_links(app, runner):
    team = children_plan()
    ni59 = make_indicator(team.plan, "NI 59", "Initial assessments", team.warren)
    db.session.commit()

    report = send(runner, TUESDAY, "--dry-run")

    (warren,) = [d for d in report["digests"] if d["recipient"] == "warren@example.org"]
    (section,) = warren["plans"]
    assert section["readings"] == [
        {
            "ref": "NI 59",
            "title": "Initial assessments",
            "period": section["readings"][0]["period"],
            "due_on": "2026-03-13",
            "working_days_missing": 12,
            "link": f"http://tracker.test/indicators/{ni59.id}/reading",
        }
    ]


def reading_wait_of(slug: str) -> int:
    return setting_of(slug, Plan.reading_due_working_days)


def test_a_new_plan_chases_readings_after_10_working_days(app, client, sign_in, admin):
    sign_in(client, admin)

    page = client.get("/admin/plans/new").get_data(as_text=True)

    assert "Chase indicator readings after this many working days" in page
    (field,) = re.findall(r'<input[^>]*name="reading_due_working_days"[^>]*>', page)
    assert 'value="10"' in field


def test_the_reading_wait_is_saved_and_shown(app, client, sign_in, admin, settings_plan):
    sign_in(client, admin)

    response = client.post(
        "/admin/plans/childrens-plan/edit", data={**PLAN_FORM, "reading_due_working_days": "0"}
    )

    assert response.status_code == 302
    assert reading_wait_of("childrens-plan") == 0
    page = client.get("/admin/plans/childrens-plan").get_data(as_text=True)
    assert "after 0 working days from the period&#39;s end" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("61", "must be between 0 and 60"),
        ("-1", "must be between 0 and 60"),
        ("ten", "must be a whole number"),
        ("", "Enter the number of working days before a missing reading is chased"),
    ],
)
def test_a_reading_wait_outside_0_to_60_is_refused_with_what_to_fix(
    app, client, sign_in, admin, settings_plan, typed, message
):
    sign_in(client, admin)

    response = client.post(
        "/admin/plans/childrens-plan/edit", data={**PLAN_FORM, "reading_due_working_days": typed}
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'value="{typed}"' in page
    assert reading_wait_of("childrens-plan") == 10


def test_the_preview_lists_a_missing_reading_under_its_owner(app, client, sign_in, admin):
    team = children_plan()
    make_indicator(team.plan, "NI 59", "Initial assessments <b>on time</b>", team.warren)
    db.session.commit()
    sign_in(client, admin)

    page = client.get(f"/reminders/preview?day={TUESDAY.isoformat()}").get_data(as_text=True)

    assert "1 overdue action and 1 missing reading – Children&#39;s Improvement Plan" in page
    assert "NI 59: Initial assessments &lt;b&gt;on time&lt;/b&gt;" in page
    assert "reading for Feb-26 due 13 March 2026, missing for 12 working days" in page
