"""Reminders go out on working days only: never at weekends or on bank holidays."""

from datetime import date

import pytest

from tests.reminders.conftest import (
    EASTER_MONDAY,
    MONDAY,
    SATURDAY,
    TUESDAY_AFTER_EASTER,
    children_plan,
    send,
)

NOTHING = {"sent": 0, "skipped": 0, "failed": 0, "unknown": 0, "unreachable": []}


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2026, 3, 28), id="Saturday"),
        pytest.param(date(2026, 3, 29), id="Sunday"),
        pytest.param(date(2026, 4, 3), id="Good Friday"),
        pytest.param(EASTER_MONDAY, id="Easter Monday"),
        pytest.param(date(2026, 12, 28), id="Boxing Day substitute"),
    ],
)
def test_nothing_is_sent_on_a_weekend_or_bank_holiday(app, runner, smtp_server, day):
    children_plan()

    assert send(runner, day) == NOTHING
    assert smtp_server.received == []


def test_a_saturday_sends_nothing_and_the_following_monday_sends(app, runner, smtp_server):
    children_plan()

    assert send(runner, date(2026, 3, 28)) == NOTHING
    monday = send(runner, MONDAY)

    # Monday is the first working day of the week, so the owner's escalation goes too.
    assert monday["sent"] == 3
    assert sorted(smtp_server.by_recipient()) == [
        "howard@example.org",
        "owner@example.org",
        "warren@example.org",
    ]


def test_after_a_bank_holiday_monday_the_tuesday_sends_and_carries_the_escalation(
    app, runner, smtp_server
):
    children_plan()

    assert send(runner, SATURDAY) == NOTHING
    assert send(runner, EASTER_MONDAY) == NOTHING
    tuesday = send(runner, TUESDAY_AFTER_EASTER)

    assert tuesday["sent"] == 3
    assert "owner@example.org" in smtp_server.by_recipient()
    assert all(
        received.message["Message-ID"].startswith("<reminder-") for received in smtp_server.received
    )
