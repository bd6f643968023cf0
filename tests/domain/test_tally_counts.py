import dataclasses
import random
from datetime import date

import pytest

from tests.python_counts import tally_states
from tracker.domain.enums import Completion, Recurrence
from tracker.domain.facts import ActionFacts
from tracker.domain.tallies import NO_BAND_LABEL, Tally, tally_counts

C = Completion.COMPLETED
N = Completion.NOT_COMPLETED
K = Completion.NOT_KNOWN

AS_AT = date(2009, 10, 31)
BANDS = ((1, "Priority 1"), (2, "Priority 2"))
THEMES = ((1, "Management"), (2, "Resources"), (3, "Safeguarding"))


def action(action_id: int, theme: int, band: int | None) -> ActionFacts:
    return ActionFacts(
        action_id=action_id,
        plan_id=1,
        ref=None,
        text=f"Action {action_id}",
        theme_number=theme,
        theme_title=dict(THEMES)[theme],
        band_number=band,
        target_date_text="",
        target_date=None,
        milestones=(),
        recurrence=Recurrence.NONE,
        leads=(),
    )


@pytest.mark.parametrize("seed", range(20))
def test_counts_grouped_by_theme_band_and_status_tally_as_the_actions_do(seed: int) -> None:
    rng = random.Random(seed)
    actions = [
        action(number, rng.choice((1, 2, 3)), rng.choice((1, 2, None) if seed % 2 else (1, 2)))
        for number in range(rng.randint(0, 60))
    ]
    completions = {a.action_id: rng.choice(list(Completion)) for a in actions if rng.random() > 0.2}
    counts: dict[tuple[int, int | None, Completion], int] = {}
    for a in actions:
        if a.action_id in completions:
            key = (a.theme_number, a.band_number, completions[a.action_id])
            counts[key] = counts.get(key, 0) + 1

    from_counts = tally_counts(counts, AS_AT, bands=BANDS, themes=THEMES)

    assert from_counts == tally_states(actions, completions, AS_AT, bands=BANDS, themes=THEMES)


def test_no_counts_give_zero_everywhere_and_no_priority_column() -> None:
    tallies = tally_counts({}, AS_AT, bands=BANDS, themes=THEMES)

    assert tallies.overall.total == 0
    assert [band.number for band in tallies.bands] == [1, 2]
    assert {str(value) for value in tallies.overall.percentages.values()} == {"0.00"}
    assert [theme.tally.total for theme in tallies.themes] == [0, 0, 0]


def test_actions_without_a_band_get_a_no_priority_column() -> None:
    tallies = tally_counts({(2, None, C): 3, (2, 1, N): 1}, AS_AT, bands=BANDS, themes=THEMES)

    assert [(band.number, band.label, band.tally.total) for band in tallies.bands] == [
        (1, "Priority 1", 1),
        (2, "Priority 2", 0),
        (None, NO_BAND_LABEL, 3),
    ]
    assert tallies.theme(2).band(None).tally.completed == 3
    assert tallies.theme(1).band(None).tally.total == 0


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({(1, 1, C): -1}, "negative"),
        ({(1, 7, C): 1}, "band 7"),
        ({(9, 1, C): 1}, "theme 9"),
    ],
)
def test_counts_that_do_not_fit_the_plan_are_refused(counts: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tally_counts(counts, AS_AT, bands=BANDS, themes=THEMES)


def test_repeated_band_numbers_are_refused() -> None:
    with pytest.raises(ValueError, match="repeat"):
        tally_counts({}, AS_AT, bands=((1, "a"), (1, "b")), themes=THEMES)


def test_a_tallys_fields_follow_the_order_of_the_completion_values() -> None:
    assert [field.name for field in dataclasses.fields(Tally)] == [
        "total",
        *(completion.value for completion in Completion),
    ]
