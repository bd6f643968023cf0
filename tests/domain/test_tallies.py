from datetime import date, datetime
from decimal import Decimal
from itertools import count

import pytest

from tests.python_counts import tally_as_at, tally_of, tally_states
from tracker.domain.enums import Completion, Recurrence
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.tallies import NO_BAND_LABEL, BandTally, Tally

C = Completion.COMPLETED
N = Completion.NOT_COMPLETED
P = Completion.PARTIALLY_COMPLETED
K = Completion.NOT_KNOWN

OCT_31 = date(2009, 10, 31)

BANDS = (
    (1, "Priority 1 Actions to be completed by October 2009"),
    (2, "Priority 2 Actions to be completed between 1st November and 31st December 2009"),
    (3, "Priority 3 Actions to be completed between 1st January and 31st March 2010"),
)
THEMES = (
    (1, "Management arrangements"),
    (2, "Resource management"),
    (3, "Safeguarding arrangements"),
    (4, "Performance management"),
    (5, "Future direction / partnerships"),
)

# The per-theme tables of the October 2009 highlight report:
# (theme, band) -> (completed, not completed, partially completed, not known).
OCTOBER_2009_BY_THEME_AND_BAND = {
    (1, 1): (7, 0, 9, 0),
    (1, 2): (0, 1, 3, 0),
    (1, 3): (0, 0, 0, 0),
    (2, 1): (28, 0, 3, 0),
    (2, 2): (1, 1, 2, 0),
    (2, 3): (0, 5, 6, 0),
    (3, 1): (28, 2, 2, 0),
    (3, 2): (3, 3, 5, 0),
    (3, 3): (0, 1, 0, 0),
    (4, 1): (17, 1, 5, 0),
    (4, 2): (2, 6, 10, 0),
    (4, 3): (0, 2, 0, 0),
    (5, 1): (11, 3, 1, 0),
    (5, 2): (6, 1, 0, 0),
    (5, 3): (3, 3, 0, 0),
}


def make_action(action_id: int, theme: int, band: int | None) -> ActionFacts:
    return ActionFacts(
        action_id=action_id,
        plan_id=1,
        ref=f"{theme}.{action_id}",
        text=f"Action {action_id}",
        theme_number=theme,
        theme_title=dict(THEMES)[theme],
        band_number=band,
        target_date_text="October 2009",
        target_date=OCT_31,
        milestones=(),
        recurrence=Recurrence.NONE,
        leads=("A Lead",),
        position=action_id,
    )


_update_ids = count(1)


def make_update(
    action_id: int, as_at: date, completion: Completion, recorded_at: datetime | None = None
) -> UpdateFacts:
    return UpdateFacts(
        update_id=next(_update_ids),
        action_id=action_id,
        as_at=as_at,
        recorded_at=recorded_at or datetime.combine(as_at, datetime.min.time()),
        completion=completion,
        rag=None,
        direction=None,
        commentary="",
        completed_on=None,
    )


def october_2009_plan() -> tuple[list[ActionFacts], list[UpdateFacts]]:
    """Build 181 actions whose histories give the October 2009 report, plus later noise."""
    actions: list[ActionFacts] = []
    updates: list[UpdateFacts] = []
    for (theme, band), counts in OCTOBER_2009_BY_THEME_AND_BAND.items():
        for completion, how_many in zip(Completion, counts, strict=True):
            for _ in range(how_many):
                action_id = len(actions) + 1
                actions.append(make_action(action_id, theme, band))
                updates.append(make_update(action_id, date(2009, 9, 30), K))
                wrong = N if completion is not N else C
                if action_id % 5 == 0:
                    updates.append(make_update(action_id, date(2009, 10, 10), wrong))
                    updates.append(
                        make_update(
                            action_id, date(2009, 10, 25), completion, datetime(2009, 11, 10, 9)
                        )
                    )
                elif action_id % 7 == 0:
                    updates.append(
                        make_update(action_id, date(2009, 10, 20), wrong, datetime(2009, 10, 20, 9))
                    )
                    updates.append(
                        make_update(
                            action_id, date(2009, 10, 20), completion, datetime(2009, 10, 21, 9)
                        )
                    )
                else:
                    updates.append(make_update(action_id, date(2009, 10, 20), completion))
                if action_id % 3 == 0:
                    updates.append(make_update(action_id, date(2009, 11, 5), wrong))
    for _ in range(4):
        action_id = len(actions) + 1
        actions.append(make_action(action_id, 1, 3))
        updates.append(make_update(action_id, date(2009, 11, 2), C))
    return actions, updates


@pytest.fixture(scope="module")
def october_2009():
    actions, updates = october_2009_plan()
    return tally_as_at(actions, updates, OCT_31, bands=BANDS, themes=THEMES)


def figures(tally: Tally) -> tuple[int, int, int, int, int]:
    return (
        tally.total,
        tally.completed,
        tally.not_completed,
        tally.partially_completed,
        tally.not_known,
    )


def test_the_october_2009_plan_has_181_actions_with_a_state_and_four_added_later() -> None:
    actions, updates = october_2009_plan()
    assert len(actions) == 185
    assert len({update.action_id for update in updates if update.as_at <= OCT_31}) == 181


def test_october_2009_overall_figures_and_percentages(october_2009) -> None:
    assert october_2009.as_at == OCT_31
    assert figures(october_2009.overall) == (181, 106, 29, 46, 0)
    assert october_2009.overall.percentages == {
        C: Decimal("58.56"),
        N: Decimal("16.02"),
        P: Decimal("25.41"),
        K: Decimal("0.00"),
    }


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        (1, (117, 91, 6, 20, 0)),
        (2, (44, 12, 12, 20, 0)),
        (3, (20, 3, 11, 6, 0)),
    ],
)
def test_october_2009_figures_per_band(october_2009, band: int, expected: tuple) -> None:
    assert figures(october_2009.band(band).tally) == expected
    assert october_2009.band(band).label == dict(BANDS)[band]


def test_october_2009_lists_the_plan_bands_in_order_without_a_no_priority_row(
    october_2009,
) -> None:
    assert [band.number for band in october_2009.bands] == [1, 2, 3]


# Whole percentages as printed in the per-theme tables of the October 2009 report.
@pytest.mark.parametrize(
    ("theme", "expected", "printed_percentages"),
    [
        (1, (20, 7, 1, 12, 0), (35, 5, 60, 0)),
        (2, (46, 29, 6, 11, 0), (63, 13, 24, 0)),
        (3, (44, 31, 6, 7, 0), (70, 14, 16, 0)),
        (4, (43, 19, 9, 15, 0), (44, 21, 35, 0)),
        (5, (28, 20, 7, 1, 0), (71, 25, 4, 0)),
    ],
)
def test_october_2009_figures_per_theme(
    october_2009, theme: int, expected: tuple, printed_percentages: tuple
) -> None:
    theme_tally = october_2009.theme(theme)
    assert (theme_tally.number, theme_tally.title) == (theme, dict(THEMES)[theme])
    assert figures(theme_tally.tally) == expected
    assert (
        tuple(
            int(theme_tally.tally.percent(completion).quantize(Decimal("1")))
            for completion in Completion
        )
        == printed_percentages
    )


@pytest.mark.parametrize(
    ("theme", "band", "counts"),
    [(theme, band, counts) for (theme, band), counts in OCTOBER_2009_BY_THEME_AND_BAND.items()],
)
def test_october_2009_figures_per_theme_and_band(
    october_2009, theme: int, band: int, counts: tuple
) -> None:
    assert figures(october_2009.theme(theme).band(band).tally) == (sum(counts), *counts)


def test_every_theme_lists_every_band_even_with_no_actions(october_2009) -> None:
    for theme in october_2009.themes:
        assert [(band.number, band.label) for band in theme.bands] == list(BANDS)
    assert october_2009.theme(1).band(3) == BandTally(3, dict(BANDS)[3], Tally(0, 0, 0, 0, 0))


def test_theme_and_band_tallies_add_up_to_the_overall(october_2009) -> None:
    by_theme = [theme.tally for theme in october_2009.themes]
    by_band = [band.tally for band in october_2009.bands]
    assert sum(by_theme[1:], by_theme[0]) == october_2009.overall
    assert sum(by_band[1:], by_band[0]) == october_2009.overall


@pytest.mark.parametrize(
    ("tally", "completion", "percent"),
    [
        (Tally(0, 0, 0, 0, 0), C, Decimal("0.00")),
        (Tally(0, 0, 0, 0, 0), K, Decimal("0.00")),
        (Tally(3, 1, 2, 0, 0), C, Decimal("33.33")),
        (Tally(3, 1, 2, 0, 0), N, Decimal("66.67")),
        (Tally(32, 1, 31, 0, 0), C, Decimal("3.13")),
        (Tally(8, 1, 7, 0, 0), C, Decimal("12.50")),
        (Tally(4, 4, 0, 0, 0), C, Decimal("100.00")),
        (Tally(4, 4, 0, 0, 0), P, Decimal("0.00")),
    ],
    ids=["zero", "zero not known", "third", "two thirds", "half up", "exact", "all", "none"],
)
def test_percent_is_rounded_half_up_to_two_places_and_zero_for_no_actions(
    tally: Tally, completion: Completion, percent: Decimal
) -> None:
    assert tally.percent(completion) == percent
    assert str(tally.percent(completion)) == str(percent)


@pytest.mark.parametrize(
    ("completions", "expected"),
    [
        ([], (0, 0, 0, 0, 0)),
        ([C, C, N], (3, 2, 1, 0, 0)),
        ([K, P, P, N, C], (5, 1, 1, 2, 1)),
    ],
)
def test_tally_of_counts_each_status(completions: list[Completion], expected: tuple) -> None:
    tally = tally_of(completions)
    assert figures(tally) == expected
    assert [tally.count(completion) for completion in Completion] == list(expected[1:])


def test_percentages_follow_the_papers_column_order() -> None:
    assert list(Tally(2, 1, 1, 0, 0).percentages) == [C, N, P, K]


def test_tallies_add_status_by_status() -> None:
    assert Tally(3, 1, 1, 1, 0) + Tally(4, 0, 2, 1, 1) == Tally(7, 1, 3, 2, 1)


@pytest.mark.parametrize(
    "counts",
    [(5, 1, 1, 1, 1), (3, 1, 1, 1, 1), (0, 1, -1, 0, 0)],
    ids=["total too big", "total too small", "negative count"],
)
def test_a_tally_whose_counts_do_not_add_up_is_refused(counts: tuple) -> None:
    with pytest.raises(ValueError, match="add up to total"):
        Tally(*counts)


def small_plan() -> list[ActionFacts]:
    return [
        make_action(1, 1, 1),
        make_action(2, 1, None),
        make_action(3, 2, 1),
        make_action(4, 2, None),
    ]


@pytest.mark.parametrize(
    ("completions", "no_priority"),
    [
        pytest.param({1: C, 2: N, 3: P, 4: C}, (2, 1, 1, 0, 0), id="counted unbanded actions"),
        pytest.param({1: C, 2: P, 3: P}, (1, 0, 0, 1, 0), id="one unbanded action counted"),
        pytest.param({1: C, 3: P}, None, id="unbanded actions not in the plan yet"),
    ],
)
def test_actions_without_a_band_get_a_no_priority_row_only_when_counted(
    completions: dict[int, Completion], no_priority: tuple | None
) -> None:
    tallies = tally_states(small_plan(), completions, OCT_31, bands=BANDS, themes=THEMES[:2])
    numbers = [band.number for band in tallies.bands]
    if no_priority is None:
        assert numbers == [1, 2, 3]
        return
    assert numbers == [1, 2, 3, None]
    assert tallies.band(None).label == NO_BAND_LABEL
    assert figures(tallies.band(None).tally) == no_priority
    for theme in tallies.themes:
        assert [band.number for band in theme.bands] == [1, 2, 3, None]


def test_updates_for_actions_outside_the_plan_are_not_counted() -> None:
    updates = [make_update(1, date(2009, 10, 1), C), make_update(99, date(2009, 10, 1), C)]
    tallies = tally_as_at(small_plan(), updates, OCT_31, bands=BANDS, themes=THEMES[:2])
    assert figures(tallies.overall) == (1, 1, 0, 0, 0)


def test_a_plan_with_no_updates_tallies_zero_everywhere() -> None:
    tallies = tally_as_at(small_plan(), [], OCT_31, bands=BANDS, themes=THEMES[:2])
    assert tallies.overall == Tally(0, 0, 0, 0, 0)
    assert tallies.overall.percent(C) == Decimal("0.00")
    assert [theme.number for theme in tallies.themes] == [1, 2]
    assert all(band.tally.total == 0 for theme in tallies.themes for band in theme.bands)


@pytest.mark.parametrize(
    ("updates", "expected"),
    [
        pytest.param(
            [
                make_update(1, date(2009, 10, 20), N, datetime(2009, 10, 20, 9)),
                make_update(1, date(2009, 10, 25), C, datetime(2009, 11, 12, 9)),
            ],
            (1, 1, 0, 0, 0),
            id="an update recorded later with an earlier as_at counts",
        ),
        pytest.param(
            [make_update(1, date(2009, 10, 20), N), make_update(1, date(2009, 11, 1), C)],
            (1, 0, 1, 0, 0),
            id="an update after the date is ignored",
        ),
        pytest.param(
            [make_update(1, date(2009, 10, 20), N), make_update(3, date(2009, 11, 1), C)],
            (1, 0, 1, 0, 0),
            id="an action whose first update is after the date is left out",
        ),
    ],
)
def test_tally_as_at_counts_each_actions_state_as_at_the_date(
    updates: list[UpdateFacts], expected: tuple
) -> None:
    tallies = tally_as_at(small_plan(), updates, OCT_31, bands=BANDS, themes=THEMES[:2])
    assert figures(tallies.overall) == expected


@pytest.mark.parametrize(
    ("bands", "themes", "message"),
    [
        pytest.param(BANDS[1:], THEMES, "not one of the plan's bands", id="unknown band"),
        pytest.param(BANDS, THEMES[1:], "not one of the plan's themes", id="unknown theme"),
        pytest.param((*BANDS, (1, "Again")), THEMES, "band numbers", id="repeated band"),
        pytest.param(BANDS, (*THEMES, (2, "Again")), "theme numbers", id="repeated theme"),
    ],
)
def test_bands_and_themes_must_cover_the_counted_actions_once(
    bands: tuple, themes: tuple, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        tally_states(small_plan(), {1: C, 3: C}, OCT_31, bands=bands, themes=themes)


def test_missing_band_or_theme_lookups_raise_key_error(october_2009) -> None:
    with pytest.raises(KeyError):
        october_2009.theme(9)
    with pytest.raises(KeyError):
        october_2009.band(None)
