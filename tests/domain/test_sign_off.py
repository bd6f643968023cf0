"""Sign-off rules as tables: what a new update awaits, who signs off, what the report lists."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.domain.test_highlight import make_action, make_report, make_update
from tracker.domain.as_at import Month
from tracker.domain.assurance import SignOff, counted_completion
from tracker.domain.enums import Completion, Role
from tracker.domain.sign_off import (
    SignOffRights,
    may_see_sign_off_list,
    may_sign_off,
    sign_off_for_update,
    signed_off_on,
)
from tracker.domain.status_key import (
    DEFAULT_STATUS_KEY,
    StatusColour,
    StatusKey,
    StatusKeyEntry,
    StatusKeyError,
    entry_problems,
    key_problems,
    status_key_from_json,
)

C = Completion.COMPLETED
N = Completion.NOT_COMPLETED
P = Completion.PARTIALLY_COMPLETED
K = Completion.NOT_KNOWN
AWAITING, SIGNED, RETURNED = SignOff.AWAITING, SignOff.SIGNED_OFF, SignOff.RETURNED
OCTOBER, NOVEMBER = Month(2009, 10), Month(2009, 11)


@pytest.mark.parametrize(
    ("completion", "required", "expected"),
    [
        (C, True, AWAITING),
        (C, False, None),
        (P, True, None),
        (N, True, None),
        (K, True, None),
        (P, False, None),
    ],
)
def test_a_completed_update_waits_for_sign_off_only_where_the_plan_asks(
    completion, required, expected
):
    assert sign_off_for_update(completion, sign_off_required=required) is expected


@pytest.mark.parametrize(
    ("completion", "sign_off", "counted"),
    [
        (C, AWAITING, P),
        (C, SIGNED, C),
        (C, None, C),
        (P, RETURNED, P),
        (N, None, N),
        (K, None, K),
    ],
)
def test_tallies_count_awaiting_sign_off_as_partially_completed(completion, sign_off, counted):
    assert counted_completion(completion, sign_off) is counted


ADMIN, PANEL, LEAD = Role.ADMIN, Role.PANEL, Role.LEAD


@pytest.mark.parametrize(
    ("role", "owns_plan", "leads_action", "panel_may", "allowed"),
    [
        pytest.param(ADMIN, False, False, False, True, id="administrator"),
        pytest.param(ADMIN, False, True, False, False, id="administrator leading the action"),
        pytest.param(LEAD, True, False, False, True, id="plan owner with a lead's account"),
        pytest.param(PANEL, True, False, False, True, id="plan owner on the panel"),
        pytest.param(LEAD, True, True, False, False, id="plan owner leading the action"),
        pytest.param(PANEL, False, False, False, False, id="panel, plan does not allow"),
        pytest.param(PANEL, False, False, True, True, id="panel, plan allows"),
        pytest.param(PANEL, False, True, True, False, id="panel member leading the action"),
        pytest.param(LEAD, False, False, True, False, id="another lead"),
        pytest.param(LEAD, False, True, True, False, id="the action's lead"),
    ],
)
def test_who_may_sign_off(role, owns_plan, leads_action, panel_may, allowed):
    rights = SignOffRights(
        role=role, owns_plan=owns_plan, leads_action=leads_action, panel_may_sign_off=panel_may
    )
    assert may_sign_off(rights) is allowed


@given(
    role=st.sampled_from(Role),
    owns_plan=st.booleans(),
    panel_may=st.booleans(),
)
def test_a_lead_of_the_action_never_signs_it_off(role, owns_plan, panel_may):
    rights = SignOffRights(
        role=role, owns_plan=owns_plan, leads_action=True, panel_may_sign_off=panel_may
    )
    assert not may_sign_off(rights)
    # Whoever may sign off an action they do not lead may list the plan's awaiting actions.
    if may_sign_off(replace(rights, leads_action=False)):
        assert may_see_sign_off_list(role, owns_plan=owns_plan, panel_may_sign_off=panel_may)


D1, D2, D3 = date(2009, 10, 5), date(2009, 10, 20), date(2009, 11, 3)


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        pytest.param([], None, id="no run"),
        pytest.param([(D1, None)], None, id="no sign-off asked"),
        pytest.param([(D1, AWAITING)], None, id="awaiting"),
        pytest.param([(D1, AWAITING), (D2, SIGNED)], D2, id="signed off"),
        pytest.param([(D1, AWAITING), (D2, SIGNED), (D3, SIGNED)], D2, id="first sign-off"),
        pytest.param([(D1, AWAITING), (D2, SIGNED), (D3, AWAITING)], None, id="awaits again"),
    ],
)
def test_the_day_a_run_was_signed_off(run, expected):
    assert signed_off_on(run) == expected


def _update(as_at, completion, completed_on=None, sign_off=None, action_id=1):
    update = make_update(as_at, completion, completed_on, action_id=action_id)
    return replace(update, sign_off=sign_off)


def _refs(items):
    return [item.action_id for item in items]


@pytest.mark.parametrize(
    ("updates", "month", "completed", "awaiting", "overdue"),
    [
        pytest.param(
            [_update(date(2009, 10, 14), C, date(2009, 10, 13), AWAITING)],
            OCTOBER,
            [],
            [1],
            [],
            id="awaiting at the cut-off: own section, neither completed nor overdue",
        ),
        pytest.param(
            [
                _update(date(2009, 10, 14), C, date(2009, 10, 13), AWAITING),
                _update(date(2009, 10, 28), C, date(2009, 10, 13), SIGNED),
            ],
            OCTOBER,
            [1],
            [],
            [],
            id="signed off in the month: completed",
        ),
        pytest.param(
            [
                _update(date(2009, 9, 28), C, date(2009, 9, 25), AWAITING),
                _update(date(2009, 10, 2), C, date(2009, 9, 25), SIGNED),
            ],
            OCTOBER,
            [1],
            [],
            [],
            id="completed in September, signed off in October: listed in October",
        ),
        pytest.param(
            [
                _update(date(2009, 10, 14), C, date(2009, 10, 13), AWAITING),
                _update(date(2009, 11, 3), C, date(2009, 10, 13), SIGNED),
            ],
            OCTOBER,
            [],
            [1],
            [],
            id="signed off after the cut-off: still awaiting in October's report",
        ),
        pytest.param(
            [
                _update(date(2009, 10, 14), C, date(2009, 10, 13), AWAITING),
                _update(date(2009, 11, 3), C, date(2009, 10, 13), SIGNED),
            ],
            NOVEMBER,
            [1],
            [],
            [],
            id="listed in November, the month it was signed off",
        ),
        pytest.param(
            [
                _update(date(2009, 10, 14), C, date(2009, 10, 13), AWAITING),
                _update(date(2009, 10, 20), P, None, RETURNED),
            ],
            OCTOBER,
            [],
            [],
            [1],
            id="returned: partially completed and overdue again",
        ),
        pytest.param(
            [_update(date(2009, 10, 14), C, date(2009, 10, 13))],
            OCTOBER,
            [1],
            [],
            [],
            id="plan without sign-off: completed on the lead's word",
        ),
    ],
)
def test_the_highlight_report_places_actions_by_their_sign_off(
    updates, month, completed, awaiting, overdue
):
    actions = [make_action(1, target=date(2009, 10, 1))]
    report = make_report(actions, updates, month=month)
    assert _refs(report.completed) == completed
    assert _refs(report.awaiting_sign_off) == awaiting
    assert _refs(report.overdue) == overdue


def test_the_completed_box_says_when_a_signed_off_action_was_signed_off():
    actions = [make_action(1, target=date(2009, 10, 31))]
    updates = [
        _update(date(2009, 10, 14), C, date(2009, 10, 13), AWAITING),
        _update(date(2009, 10, 28), C, date(2009, 10, 13), SIGNED),
    ]
    (item,) = make_report(actions, updates).completed
    assert (item.completed_on, item.signed_off_on) == (date(2009, 10, 13), date(2009, 10, 28))


def test_awaiting_counts_as_partially_completed_in_the_report_tallies():
    actions = [make_action(1), make_action(2, theme=2)]
    updates = [
        _update(date(2009, 10, 14), C, date(2009, 10, 13), AWAITING),
        _update(date(2009, 10, 14), C, date(2009, 10, 13), SIGNED, action_id=2),
    ]
    overall = make_report(actions, updates).tallies.overall
    assert (overall.completed, overall.partially_completed) == (1, 1)


ASSURED = StatusKeyEntry("Complete & assured", StatusColour.BLUE, C, signed_off=True)


def test_a_status_key_names_its_entry_for_signed_off_actions():
    key = StatusKey((*DEFAULT_STATUS_KEY.entries, ASSURED))
    assert key.signed_off_entry == ASSURED
    assert DEFAULT_STATUS_KEY.signed_off_entry is None
    assert status_key_from_json(key.to_json()) == key
    assert "signed_off" not in DEFAULT_STATUS_KEY.to_json()[0]


def test_a_status_key_has_at_most_one_entry_for_signed_off_actions():
    other = replace(ASSURED, label="Signed", words=())
    assert key_problems([ASSURED, other]) == [
        "only one entry can be for signed-off actions, not Complete & assured and Signed"
    ]
    assert "signed_off" in entry_problems([ASSURED], other)
    with pytest.raises(StatusKeyError, match="signed_off must be true or false"):
        status_key_from_json([{"label": "Blue", "signed_off": "yes"}])
