"""Count tallies and the trend in Python from every update, to check the database's counts.

The product counts in the database (tracker.services.reports); these rules, written from the
updates alone, are what its tests compare it with.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from tracker.domain.as_at import Month, state_as_at
from tracker.domain.enums import Completion
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.highlight import TREND_MONTHS, TrendPoint
from tracker.domain.tallies import NO_BAND_LABEL, BandTally, Tallies, Tally, ThemeTally


def tally_of(completions: Iterable[Completion]) -> Tally:
    """Count a collection of completion statuses."""
    return Tally.from_counts(Counter(completions))


def unique_numbers(numbered: Sequence[tuple[int, str]], kind: str) -> set[int]:
    """Return the numbers of bands or themes, refusing repeats."""
    numbers = [number for number, _ in numbered]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"the plan's {kind} numbers {numbers} repeat")
    return set(numbers)


def tally_as_at(
    actions: Sequence[ActionFacts],
    updates: Iterable[UpdateFacts],
    as_at: date,
    *,
    bands: Sequence[tuple[int, str]],
    themes: Sequence[tuple[int, str]],
) -> Tallies:
    """Tally the plan's actions by their status as at a date, leaving out those with none yet."""
    completions = {
        action_id: update.counted_completion
        for action_id, update in state_as_at(updates, as_at).items()
    }
    return tally_states(actions, completions, as_at, bands=bands, themes=themes)


def tally_states(
    actions: Sequence[ActionFacts],
    completions: Mapping[int, Completion],
    as_at: date,
    *,
    bands: Sequence[tuple[int, str]],
    themes: Sequence[tuple[int, str]],
) -> Tallies:
    """Tally actions by known statuses (keyed by action id); actions without one are left out."""
    band_numbers = unique_numbers(bands, "band")
    theme_numbers = unique_numbers(themes, "theme")
    counted = [action for action in actions if action.action_id in completions]
    for action in counted:
        if action.band_number is not None and action.band_number not in band_numbers:
            raise ValueError(
                f"action {action.action_id} is in band {action.band_number}, "
                "which is not one of the plan's bands"
            )
        if action.theme_number not in theme_numbers:
            raise ValueError(
                f"action {action.action_id} is in theme {action.theme_number}, "
                "which is not one of the plan's themes"
            )
    band_columns: list[tuple[int | None, str]] = list(bands)
    if any(action.band_number is None for action in counted):
        band_columns.append((None, NO_BAND_LABEL))

    def tally_of_actions(selected: Iterable[ActionFacts]) -> Tally:
        return tally_of(completions[action.action_id] for action in selected)

    def band_tallies(selected: list[ActionFacts]) -> tuple[BandTally, ...]:
        return tuple(
            BandTally(
                number,
                label,
                tally_of_actions(action for action in selected if action.band_number == number),
            )
            for number, label in band_columns
        )

    theme_tallies = []
    for number, title in themes:
        in_theme = [action for action in counted if action.theme_number == number]
        theme_tallies.append(
            ThemeTally(number, title, tally_of_actions(in_theme), band_tallies(in_theme))
        )
    return Tallies(
        as_at=as_at,
        overall=tally_of_actions(counted),
        bands=band_tallies(counted),
        themes=tuple(theme_tallies),
    )


def trend_as_at(
    actions: Sequence[ActionFacts],
    updates: Sequence[UpdateFacts],
    month: Month,
) -> tuple[TrendPoint, ...]:
    """Return the percentage completed at each month end up to month, from the updates given."""
    action_ids = {action.action_id for action in actions}
    plan_updates = [update for update in updates if update.action_id in action_ids]
    first = min((Month.of(update.as_at) for update in plan_updates), default=month)
    first = min(max(first, month.shifted(1 - TREND_MONTHS)), month)
    points = []
    for point_month in first.through(month):
        states = state_as_at(plan_updates, point_month.last_day)
        overall = tally_of(update.counted_completion for update in states.values())
        points.append(TrendPoint(point_month, overall.percent(Completion.COMPLETED), overall.total))
    return tuple(points)
