"""The database queries behind the tallies and the trend agree with the domain rules."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import add_update, make_action, make_plan, make_theme
from tests.python_counts import tally_as_at, trend_as_at
from tracker.domain.as_at import Month
from tracker.domain.bands import band_label
from tracker.domain.enums import Completion
from tracker.extensions import db
from tracker.models import PriorityBand, Theme
from tracker.services import reports
from tracker.services.facts import load_action_facts, load_update_facts

TODAY = date(2010, 6, 15)
# After every month the reports are asked for, so each report is final.
LATER = date(2011, 1, 1)


def random_plan(seed: int):
    rng = random.Random(seed)
    plan = make_plan(slug=f"random-{seed}", bands=2)
    themes = [make_theme(plan, number) for number in (1, 2, 3)]
    for number in range(rng.randint(5, 25)):
        action = make_action(plan, theme=rng.choice(themes), band_number=rng.choice((1, 2, None)))
        for _ in range(rng.randint(0, 6)):
            as_at = date(2009, 1, 1) + timedelta(days=rng.randint(0, 560))
            add_update(
                action,
                as_at=as_at,
                completion=rng.choice(list(Completion)),
                recorded_at=datetime(2010, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randint(0, 9)),
            )
        if number % 7 == 0:
            # Two updates with the same as-at date: the one recorded later wins.
            add_update(action, as_at=date(2009, 6, 1), completion=Completion.COMPLETED)
    db.session.commit()
    return plan


def bands_and_themes(plan_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    bands = db.session.execute(
        select(PriorityBand.number, PriorityBand.label)
        .where(PriorityBand.plan_id == plan_id)
        .order_by(PriorityBand.number)
    )
    themes = db.session.execute(
        select(Theme.number, Theme.title)
        .where(Theme.plan_id == plan_id, Theme.archived_at.is_(None))
        .order_by(Theme.number)
    )
    return [(number, band_label(number, label)) for number, label in bands], list(
        map(tuple, themes)
    )


@pytest.mark.parametrize("seed", range(6))
def test_tallies_as_at_any_date_match_the_tallies_counted_in_python(app, seed: int) -> None:
    plan = random_plan(seed)
    actions = load_action_facts([plan.id])
    updates = load_update_facts(plan.id)
    bands, themes = bands_and_themes(plan.id)
    for as_at in (date(2008, 12, 31), date(2009, 3, 31), date(2009, 6, 1), TODAY):
        expected = tally_as_at(actions, updates, as_at, bands=bands, themes=themes)
        assert reports.tallies_as_at(plan.id, as_at) == expected


@pytest.mark.parametrize("seed", range(6))
def test_todays_tallies_from_the_current_state_match_the_latest_updates(app, seed: int) -> None:
    plan = random_plan(seed)
    # Updates run to mid 2010, so on TODAY some actions' current state lies in the future.
    assert reports.current_tallies(plan.id, TODAY) == reports.tallies_as_at(plan.id, TODAY)
    later = date(2011, 1, 1)
    assert reports.current_tallies(plan.id, later) == reports.tallies_as_at(plan.id, later)


@pytest.mark.parametrize("seed", range(6))
def test_the_trend_counted_in_the_database_matches_the_trend_counted_in_python(
    app, seed: int
) -> None:
    plan = random_plan(seed)
    actions = load_action_facts([plan.id])
    for month in (Month(2009, 1), Month(2009, 9), Month(2010, 7)):
        for up_to in (None, month.last_day, date(2009, 6, 1)):
            updates = load_update_facts(plan.id, up_to)
            assert reports.load_trend(plan.id, month, up_to) == trend_as_at(actions, updates, month)
        report = reports.load_highlight_report(plan, month, today=LATER)
        assert report.trend == reports.load_trend(plan.id, month, month.last_day)


def test_an_archived_theme_shows_while_it_holds_live_actions(app) -> None:
    plan = make_plan(slug="archived", bands=1)
    kept, emptied, live = (make_theme(plan, number) for number in (1, 2, 3))
    add_update(make_action(plan, theme=kept, band_number=1), as_at=date(2010, 1, 1))
    kept.archived_at = emptied.archived_at = datetime(2010, 2, 1, tzinfo=UTC)
    db.session.commit()

    for tallies in (
        reports.current_tallies(plan.id, TODAY),
        reports.tallies_as_at(plan.id, TODAY),
    ):
        assert [(theme.number, theme.tally.total) for theme in tallies.themes] == [(1, 1), (3, 0)]
    assert live.archived_at is None
