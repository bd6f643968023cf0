"""An action's extra columns: the form shows the plan's and its own, and keeps what is typed."""

import pytest

from tracker.domain.changes import field_changes
from tracker.domain.extras import edited_extras, extra_headers


@pytest.mark.parametrize(
    ("plan_headers", "stored", "headers"),
    [
        pytest.param([], {}, [], id="no extra columns"),
        pytest.param(["Origin", "Area"], {}, ["Origin", "Area"], id="the plan's, in file order"),
        pytest.param(
            ["Origin", "Area"],
            {"Area": "North", "Origin": "Scrutiny"},
            ["Origin", "Area"],
            id="the plan's order, whatever the action's",
        ),
        pytest.param(
            ["Origin"],
            {"Column F": "note", "Origin": "Scrutiny"},
            ["Origin", "Column F"],
            id="the action's own after the plan's",
        ),
        pytest.param([], {"Resources": "Two"}, ["Resources"], id="no saved mapping"),
    ],
)
def test_the_form_shows_the_plans_extra_columns_then_the_actions_own(plan_headers, stored, headers):
    assert extra_headers(plan_headers, stored) == headers


@pytest.mark.parametrize(
    ("headers", "typed", "extras"),
    [
        pytest.param(["Origin"], ["Scrutiny"], {"Origin": "Scrutiny"}, id="kept"),
        pytest.param(["Origin"], ["  Scrutiny \n"], {"Origin": "Scrutiny"}, id="trimmed"),
        pytest.param(["Origin", "Area"], ["", "North"], {"Area": "North"}, id="cleared: left out"),
        pytest.param(["Origin"], ["   "], {}, id="only spaces: cleared"),
        pytest.param(
            ["Notes"], ["line one\nline two"], {"Notes": "line one\nline two"}, id="line breaks"
        ),
    ],
)
def test_an_edit_keeps_each_extra_columns_text_and_drops_cleared_ones(headers, typed, extras):
    assert edited_extras(headers, typed) == extras


def test_a_change_to_the_extras_is_audited_as_old_and_new_columns():
    before = {"extras": {"Origin": "Scrutiny", "Area": "North"}}
    after = {"extras": {"Origin": "Cabinet"}}
    assert field_changes(before, after) == {
        "extras": {
            "old": {"Origin": "Scrutiny", "Area": "North"},
            "new": {"Origin": "Cabinet"},
        }
    }
    assert field_changes(before, {"extras": {"Origin": "Scrutiny", "Area": "North"}}) == {}
