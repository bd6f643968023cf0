"""The export's one-row-per-action state query picks what state_as_at picks from the history."""

from datetime import UTC, date, datetime, timedelta

from tests.factories import add_update, make_action, make_plan
from tracker.domain.as_at import state_as_at
from tracker.extensions import db
from tracker.services.facts import load_states_as_at, load_update_facts

DAY = date(2011, 3, 30)


def test_the_latest_update_by_the_date_wins_ties_by_recording_time_then_id(app):
    plan = make_plan()
    early, late = datetime(2011, 3, 30, 9, tzinfo=UTC), datetime(2011, 3, 30, 17, tzinfo=UTC)
    tied, history, future_only, none = (make_action(plan) for _ in range(4))
    add_update(tied, as_at=DAY, commentary="recorded later", recorded_at=late)
    add_update(tied, as_at=DAY, commentary="recorded earlier", recorded_at=early)
    add_update(tied, as_at=DAY, commentary="same time, higher id", recorded_at=late)
    for days in (60, 30, 1):
        add_update(history, as_at=DAY - timedelta(days=days), commentary=f"{days} days before")
    add_update(history, as_at=DAY + timedelta(days=1), commentary="after the date")
    add_update(future_only, as_at=DAY + timedelta(days=5))
    db.session.commit()

    states = load_states_as_at(plan.id, DAY)

    assert states == state_as_at(load_update_facts(plan.id, DAY), DAY)
    assert states[tied.id].commentary == "same time, higher id"
    assert states[history.id].commentary == "1 days before"
    assert future_only.id not in states
    assert none.id not in states
