"""Give the share of actions completed at each month end from spans of updates in effect."""

from collections.abc import Iterable
from dataclasses import dataclass

from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.domain.highlight import TREND_MONTHS, TrendPoint
from tracker.domain.tallies import Tally


@dataclass(frozen=True, slots=True)
class StateSpan:
    """Count actions whose update with one status held from month `first` until `until`."""

    # The update is the actions' state at the end of every month from `first` up to, but not
    # including, `until`: the month the next update took effect (None while it is the latest).

    first: Month
    until: Month | None
    completion: Completion
    count: int

    def holds_at_end_of(self, month: Month) -> bool:
        """Say whether the update is the actions' state at the end of a month."""
        return self.first <= month and (self.until is None or month < self.until)


def first_trend_month(spans: Iterable[StateSpan], last: Month) -> Month:
    """Return the month the trend up to `last` starts: the first update's, at most 36 back."""
    starts = [span.first for span in spans if span.count and span.first <= last]
    first = min(starts, default=last)
    return max(first, last.shifted(1 - TREND_MONTHS))


def trend_from_spans(spans: Iterable[StateSpan], last: Month) -> tuple[TrendPoint, ...]:
    """Return the percentage completed at the end of each month up to `last`, as the report does."""
    spans = [span for span in spans if span.count and span.until != span.first]
    points = []
    for month in first_trend_month(spans, last).through(last):
        counts = dict.fromkeys(Completion, 0)
        for span in spans:
            if span.holds_at_end_of(month):
                counts[span.completion] += span.count
        tally = Tally.from_counts(counts)
        points.append(TrendPoint(month, tally.percent(Completion.COMPLETED), tally.total))
    return tuple(points)
