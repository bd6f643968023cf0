from dataclasses import dataclass

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tracker.domain.plan_order import natural_ref_key, plan_order, plan_order_key, ref_sort_key


@dataclass(frozen=True)
class Placed:
    action_id: int
    ref: str | None = None
    theme_number: int = 1
    objective_position: int = 0
    position: int = 0


@pytest.mark.parametrize(
    ("refs", "expected"),
    [
        pytest.param(["1.10", "1.9"], ["1.9", "1.10"], id="numbers compare as numbers"),
        pytest.param(["10", "9", "1"], ["1", "9", "10"], id="whole numbers"),
        pytest.param(["3", "2a", "2", "2b"], ["2", "2a", "2b", "3"], id="a letter after a number"),
        pytest.param(["1.2a", "1.10", "1.2"], ["1.2", "1.2a", "1.10"], id="a letter in a ref"),
        pytest.param(["2.1", "1.20", "1.3"], ["1.3", "1.20", "2.1"], id="theme before action"),
        pytest.param(["1.001", "1.01", "1.1"], ["1.001", "1.01", "1.1"], id="leading zeros"),
        pytest.param(["B1", "a2", "A1"], ["A1", "a2", "B1"], id="letters ignore case"),
        pytest.param([" 1.9", "1.10 "], [" 1.9", "1.10 "], id="spaces around do not count"),
    ],
)
def test_natural_ref_order(refs, expected):
    assert sorted(refs, key=natural_ref_key) == expected


@pytest.mark.parametrize(
    ("actions", "expected_ids"),
    [
        pytest.param(
            [Placed(1, "1.1", theme_number=2), Placed(2, "2.1", theme_number=1)],
            [2, 1],
            id="theme first",
        ),
        pytest.param(
            [Placed(1, "1.1", objective_position=2), Placed(2, "1.2", objective_position=1)],
            [2, 1],
            id="then the objective's place",
        ),
        pytest.param(
            [Placed(1, "1.10"), Placed(2, "1.9"), Placed(3, "1.2a"), Placed(4, "1.2")],
            [4, 3, 2, 1],
            id="then the ref in natural order",
        ),
        pytest.param(
            [Placed(1, "1.10", position=1), Placed(2, "1.9", position=2)],
            [2, 1],
            id="the ref before the action's place",
        ),
        pytest.param(
            [Placed(1, None, position=1), Placed(2, "", position=2), Placed(3, "1.9", position=3)],
            [3, 1, 2],
            id="actions without a ref after the rest, by place",
        ),
        pytest.param(
            [Placed(1, position=2), Placed(2, position=1)], [2, 1], id="no refs, by place"
        ),
        pytest.param([Placed(2, "1.1"), Placed(1, "1.1")], [1, 2], id="then the id"),
    ],
)
def test_plan_order(actions, expected_ids):
    assert [action.action_id for action in sorted(actions, key=plan_order)] == expected_ids


def test_plan_order_key_takes_the_same_places_by_name():
    action = Placed(7, "1.9", theme_number=2, objective_position=3, position=4)
    assert plan_order(action) == plan_order_key(
        theme_number=2, objective_position=3, position=4, ref="1.9", action_id=7
    )


def _sign(left, right) -> int:
    return (left > right) - (left < right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("1.9", "1.10", id="numbers as numbers"),
        pytest.param("1", "1.1", id="a ref before its own sub-ref"),
        pytest.param("1-2", "1.2", id="punctuation by its character"),
        pytest.param("2", "2a", id="a letter after a number"),
        pytest.param("a", "a-", id="text before longer text"),
        pytest.param("1.001", "1.1", id="leading zeros are equal"),
        pytest.param("A1", "a1", id="case is equal"),
        pytest.param("é1", "z1", id="letters beyond ASCII by code point"),
        pytest.param("99", "100", id="more digits are more"),
        pytest.param("x", "1", id="text against a number"),
    ],
)
def test_ref_sort_key_orders_text_as_natural_ref_key_orders_refs(left, right):
    assert _sign(ref_sort_key(left), ref_sort_key(right)) == _sign(
        natural_ref_key(left), natural_ref_key(right)
    )


@given(st.text(max_size=40), st.text(max_size=40))
def test_ref_sort_key_agrees_with_natural_ref_key_for_any_two_refs(left, right):
    assume(left.strip() and right.strip())
    assert _sign(ref_sort_key(left), ref_sort_key(right)) == _sign(
        natural_ref_key(left), natural_ref_key(right)
    )


@pytest.mark.parametrize("ref", [None, "", "   "])
def test_ref_sort_key_is_none_without_a_ref(ref):
    assert ref_sort_key(ref) is None
