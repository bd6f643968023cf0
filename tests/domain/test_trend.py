import random
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.python_counts import trend_as_at
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion, Recurrence
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.trend import StateSpan, first_trend_month, trend_from_spans

C = Completion.COMPLETED
N = Completion.NOT_COMPLETED
K = Completion.NOT_KNOWN

OCTOBER = Month(2009, 10)


def test_a_span_holds_from_its_first_month_until_the_month_the_next_update_took_effect() -> None:
    span = StateSpan(Month(2009, 8), Month(2009, 10), C, 1)

    assert [span.holds_at_end_of(Month(2009, m)) for m in (7, 8, 9, 10, 11)] == [
        False,
        True,
        True,
        False,
        False,
    ]
    assert StateSpan(Month(2009, 8), None, C, 1).holds_at_end_of(Month(2030, 1))


def test_trend_counts_the_spans_in_effect_at_each_month_end() -> None:
    spans = [
        StateSpan(Month(2009, 8), Month(2009, 9), K, 2),
        StateSpan(Month(2009, 9), None, C, 1),
        StateSpan(Month(2009, 9), None, N, 1),
        StateSpan(Month(2009, 10), Month(2009, 10), C, 5),
    ]

    assert [
        (str(point.month), point.percent_completed, point.total)
        for point in trend_from_spans(spans, OCTOBER)
    ] == [
        ("2009-08", Decimal("0.00"), 2),
        ("2009-09", Decimal("50.00"), 2),
        ("2009-10", Decimal("50.00"), 2),
    ]


def test_without_spans_the_trend_is_the_last_month_alone_at_zero() -> None:
    assert [(p.month, p.total) for p in trend_from_spans([], OCTOBER)] == [(OCTOBER, 0)]


def test_the_trend_starts_at_most_36_months_back() -> None:
    spans = [StateSpan(Month(2001, 1), None, C, 1)]

    assert first_trend_month(spans, OCTOBER) == Month(2006, 11)
    assert len(trend_from_spans(spans, OCTOBER)) == 36


def spans_of(updates: list[UpdateFacts]) -> list[StateSpan]:
    """Group updates into spans the way the service's grouped query does."""
    by_action: dict[int, list[UpdateFacts]] = {}
    for update in updates:
        by_action.setdefault(update.action_id, []).append(update)
    spans = []
    for history in by_action.values():
        history.sort(key=lambda update: update.order_key)
        for update, following in zip(history, [*history[1:], None], strict=True):
            until = None if following is None else Month.of(following.as_at)
            spans.append(StateSpan(Month.of(update.as_at), until, update.completion, 1))
    return spans


@pytest.mark.parametrize("seed", range(15))
def test_the_trend_from_spans_equals_the_trend_counted_in_python(seed: int) -> None:
    rng = random.Random(seed)
    actions = [
        ActionFacts(
            action_id=number,
            plan_id=1,
            ref=None,
            text="",
            theme_number=1,
            theme_title="Theme",
            band_number=None,
            target_date_text="",
            target_date=None,
            milestones=(),
            recurrence=Recurrence.NONE,
            leads=(),
        )
        for number in range(1, 30)
    ]
    updates = [
        UpdateFacts(
            update_id=update_id,
            action_id=rng.randint(1, 29),
            as_at=date(2009, rng.randint(1, 12), rng.randint(1, 28)),
            recorded_at=datetime(2009, 12, 31, rng.randint(0, 23), tzinfo=UTC),
            completion=rng.choice(list(Completion)),
            rag=None,
            direction=None,
            commentary="",
            completed_on=None,
        )
        for update_id in range(rng.randint(0, 120))
    ]
    month = Month(2009, rng.randint(1, 12))
    in_python = trend_as_at(
        actions, [update for update in updates if update.as_at <= month.last_day], month
    )

    assert trend_from_spans(spans_of(updates), month) == in_python


def update(as_at: date, completion: Completion, action_id: int) -> UpdateFacts:
    return UpdateFacts(
        update_id=as_at.toordinal() * 10 + action_id,
        action_id=action_id,
        as_at=as_at,
        recorded_at=datetime(2009, 12, 31, tzinfo=UTC),
        completion=completion,
        rag=None,
        direction=None,
        commentary="",
        completed_on=as_at if completion is C else None,
    )


TREND_PLAN = [
    update(date(2009, 8, 20), Completion.PARTIALLY_COMPLETED, 1),
    update(date(2009, 9, 15), C, 1),
    update(date(2009, 9, 15), N, 2),
    update(date(2009, 10, 15), C, 2),
    update(date(2009, 11, 15), Completion.PARTIALLY_COMPLETED, 2),
]


@pytest.mark.parametrize(
    ("month", "trend"),
    [
        pytest.param(
            OCTOBER,
            [("2009-08", "0.00", 1), ("2009-09", "50.00", 2), ("2009-10", "100.00", 2)],
            id="from the earliest update's month",
        ),
        pytest.param(
            Month(2009, 9),
            [("2009-08", "0.00", 1), ("2009-09", "50.00", 2)],
            id="ends at M, ignoring later updates",
        ),
    ],
)
def test_trend_gives_percent_completed_at_each_month_end(
    month: Month, trend: list[tuple[str, str, int]]
) -> None:
    points = trend_from_spans(spans_of(TREND_PLAN), month)
    assert [(str(point.month), str(point.percent_completed), point.total) for point in points] == (
        trend
    )
