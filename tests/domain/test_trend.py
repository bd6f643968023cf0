import random
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tracker.domain.as_at import Month
from tracker.domain.enums import Completion, Recurrence
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.highlight import build_highlight_report
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
def test_the_trend_from_spans_equals_the_highlight_reports_trend(seed: int) -> None:
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
    report = build_highlight_report(
        plan_slug="p",
        plan_title="P",
        month=month,
        actions=actions,
        updates=[update for update in updates if update.as_at <= month.last_day],
        bands=(),
        themes=((1, "Theme"),),
        risks=(),
        achievements=(),
        plan_start=None,
    )

    assert trend_from_spans(spans_of(updates), month) == report.trend
