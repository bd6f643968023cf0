"""A recommendation's status comes from its actions' states on a day: met, share done, or none."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.as_at import state_as_at
from tracker.domain.assurance import SignOff
from tracker.domain.enums import Completion
from tracker.domain.facts import UpdateFacts
from tracker.domain.recommendations import (
    RecommendationFacts,
    RecommendationStatus,
    WrittenRecommendation,
    is_done,
    join_refs,
    read_recommendation_cell,
    recommendation_progress,
    summarise_recommendations,
)

C, N, P, K = (
    Completion.COMPLETED,
    Completion.NOT_COMPLETED,
    Completion.PARTIALLY_COMPLETED,
    Completion.NOT_KNOWN,
)


def update(action_id, completion, *, as_at=date(2010, 10, 31), sign_off=None, update_id=None):
    return UpdateFacts(
        update_id=update_id or action_id,
        action_id=action_id,
        as_at=as_at,
        recorded_at=datetime(as_at.year, as_at.month, as_at.day, tzinfo=UTC),
        completion=completion,
        rag=None,
        direction=None,
        commentary="",
        completed_on=as_at if completion is C else None,
        sign_off=sign_off,
    )


def recommendation(*action_ids, ref="R1", made_on=None, position=0, recommendation_id=1):
    return RecommendationFacts(
        recommendation_id=recommendation_id,
        ref=ref,
        text="Improve the quality of supervision",
        source="Ofsted inspection, August 2009",
        made_on=made_on,
        action_ids=tuple(action_ids),
        position=position,
    )


@pytest.mark.parametrize(
    ("states", "status", "label"),
    [
        pytest.param({}, RecommendationStatus.NO_ACTIONS, "No actions yet", id="none linked"),
        pytest.param({1: (C, None)}, RecommendationStatus.MET, "Met", id="one done"),
        pytest.param(
            {1: (C, None), 2: (C, SignOff.SIGNED_OFF)},
            RecommendationStatus.MET,
            "Met",
            id="all done, one signed off",
        ),
        pytest.param(
            {1: (C, None), 2: (P, None)},
            RecommendationStatus.IN_PROGRESS,
            "1 of 2 actions done",
            id="one of two",
        ),
        pytest.param(
            {1: (C, SignOff.AWAITING)},
            RecommendationStatus.IN_PROGRESS,
            "0 of 1 action done",
            id="awaiting sign-off is not done",
        ),
        pytest.param(
            {1: (P, SignOff.RETURNED), 2: (C, None)},
            RecommendationStatus.IN_PROGRESS,
            "1 of 2 actions done",
            id="returned at sign-off is not done",
        ),
        pytest.param(
            {1: (N, None), 2: (K, None), 3: (C, None), 4: (P, None), 5: (C, None)},
            RecommendationStatus.IN_PROGRESS,
            "2 of 5 actions done",
            id="two of five",
        ),
    ],
)
def test_a_recommendation_s_status_comes_from_its_actions(states, status, label):
    facts = {
        action_id: update(action_id, completion, sign_off=sign_off)
        for action_id, (completion, sign_off) in states.items()
    }
    progress = recommendation_progress(recommendation(*states), facts)
    assert progress.status is status
    assert progress.label == label


def test_an_action_not_yet_in_the_plan_on_the_day_does_not_count():
    progress = recommendation_progress(recommendation(1, 2), {1: update(1, C)})
    assert (progress.status, progress.done, progress.total) == (RecommendationStatus.MET, 1, 1)


def test_a_past_day_shows_what_was_met_then_and_later_updates_do_not_change_it():
    history = [
        update(1, P, as_at=date(2010, 9, 30), update_id=1),
        update(1, C, as_at=date(2010, 10, 20), update_id=2),
        update(2, C, as_at=date(2010, 9, 30), update_id=3),
        update(2, P, as_at=date(2010, 11, 5), update_id=4),
        update(3, C, as_at=date(2010, 11, 20), update_id=5),
    ]
    linked = [recommendation(1, 2), recommendation(3, ref="R2", recommendation_id=2)]

    def summary(day):
        return summarise_recommendations(linked, state_as_at(history, day), day)

    assert [(row.label) for row in summary(date(2010, 9, 30)).rows] == [
        "1 of 2 actions done",
        "No actions yet",
    ]
    october = summary(date(2010, 11, 2))
    assert (october.met, october.total) == (1, 2)
    november = summary(date(2010, 11, 30))
    assert [row.label for row in november.rows] == ["1 of 2 actions done", "Met"]
    assert (november.met, november.total) == (1, 2)


def test_a_recommendation_made_after_the_day_is_left_out():
    later = recommendation(1, made_on=date(2010, 12, 1))
    assert summarise_recommendations([later], {}, date(2010, 11, 30)).total == 0
    assert summarise_recommendations([later], {}, date(2010, 12, 1)).total == 1


def test_recommendations_are_listed_by_position_then_ref_as_people_read_it():
    listed = [
        recommendation(ref="R10", recommendation_id=1),
        recommendation(ref="R2", recommendation_id=2),
        recommendation(ref="A1", position=1, recommendation_id=3),
    ]
    rows = summarise_recommendations(listed, {}, date(2010, 1, 1)).rows
    assert [row.recommendation.ref for row in rows] == ["R2", "R10", "A1"]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        pytest.param("", (), id="empty"),
        pytest.param(" ; ", (), id="only separators"),
        pytest.param("R1", (WrittenRecommendation("R1"),), id="one ref"),
        pytest.param(
            "R1; R2",
            (WrittenRecommendation("R1"), WrittenRecommendation("R2")),
            id="two refs",
        ),
        pytest.param(
            "R1: Improve  supervision; r1",
            (WrittenRecommendation("R1", "Improve supervision"),),
            id="text after a colon, a repeat dropped",
        ),
        pytest.param("CQC must do 3", (WrittenRecommendation("CQC must do 3"),), id="words"),
    ],
)
def test_a_cell_names_recommendations_by_ref_and_may_give_their_text(cell, written):
    assert read_recommendation_cell(cell) == written


refs = st.lists(
    st.text(st.characters(blacklist_characters=";:", blacklist_categories=("Cs",)), min_size=1)
    .map(lambda text: " ".join(text.split()))
    .filter(bool),
    unique_by=str.casefold,
    max_size=6,
)


@given(refs)
def test_refs_joined_for_an_export_read_back_the_same(written):
    assert [entry.ref for entry in read_recommendation_cell(join_refs(written))] == written


completions = st.sampled_from(list(Completion))
sign_offs = st.sampled_from([None, *SignOff])


@given(st.lists(st.tuples(completions, sign_offs), max_size=8))
def test_met_exactly_when_every_linked_action_in_the_plan_is_done(states):
    facts = {
        index: update(index, completion, sign_off=sign_off)
        for index, (completion, sign_off) in enumerate(states, start=1)
    }
    progress = recommendation_progress(recommendation(*facts), facts)
    assert progress.done == sum(1 for state in facts.values() if is_done(state))
    assert (progress.status is RecommendationStatus.MET) == (
        bool(facts) and all(is_done(state) for state in facts.values())
    )
    assert 0 <= progress.done <= progress.total == len(facts)
