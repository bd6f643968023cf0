from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.domain.assurance import RevisionStatus
from tracker.domain.date_revisions import (
    RevisionFacts,
    baseline_date,
    date_in_force,
    may_decide,
    proposal_problem,
)

APPROVED, PENDING, DECLINED = (
    RevisionStatus.APPROVED,
    RevisionStatus.PENDING,
    RevisionStatus.DECLINED,
)
OCT_31 = date(2010, 10, 31)
NOV_2 = date(2010, 11, 2)
DEC_31 = date(2010, 12, 31)
FEB_28 = date(2011, 2, 28)
FIRST = RevisionFacts(1, OCT_31, DEC_31, APPROVED, NOV_2)
SECOND = RevisionFacts(2, DEC_31, FEB_28, APPROVED, date(2011, 1, 10))


@pytest.mark.parametrize(
    ("revisions", "day", "expected", "count", "revised_on"),
    [
        # No revisions: the baseline stays in force for ever.
        ((), date(2011, 5, 1), OCT_31, 0, None),
        # Before the approval the baseline is in force; on the day of approval, the new date.
        ((FIRST,), date(2010, 11, 1), OCT_31, 0, None),
        ((FIRST,), NOV_2, DEC_31, 1, NOV_2),
        ((FIRST,), date(2010, 11, 30), DEC_31, 1, NOV_2),
        # Two approvals: each from its own day.
        ((FIRST, SECOND), date(2010, 12, 31), DEC_31, 1, NOV_2),
        ((FIRST, SECOND), date(2011, 1, 10), FEB_28, 2, date(2011, 1, 10)),
        # Given in any order, they take effect in the order decided.
        ((SECOND, FIRST), date(2011, 1, 31), FEB_28, 2, date(2011, 1, 10)),
        # Pending and declined proposals never change the date.
        ((RevisionFacts(3, OCT_31, DEC_31, PENDING),), date(2011, 1, 1), OCT_31, 0, None),
        ((RevisionFacts(3, OCT_31, DEC_31, DECLINED, NOV_2),), date(2011, 1, 1), OCT_31, 0, None),
        # An imported revision (day unknown) is in force from the start.
        ((RevisionFacts(4, OCT_31, DEC_31, APPROVED, None),), date(2009, 1, 1), DEC_31, 1, None),
    ],
)
def test_date_in_force_at_a_day(revisions, day, expected, count, revised_on):
    in_force = date_in_force(OCT_31, revisions, day)

    assert in_force.target_date == expected
    assert in_force.baseline == OCT_31
    assert in_force.revision_count == count
    assert in_force.revised_on == revised_on


@pytest.mark.parametrize(
    ("cut_off", "expected"),
    [
        # The October report, cut off on 31 October: the baseline, overdue from 1 November.
        (date(2010, 10, 31), OCT_31),
        # Approved on 2 November: the November report (cut off 30 November) uses the new date.
        (date(2010, 11, 30), DEC_31),
        # Approved on the cut-off day itself: already in force for that report.
        (NOV_2, DEC_31),
    ],
)
def test_a_report_uses_the_date_in_force_at_its_cut_off(cut_off, expected):
    assert date_in_force(OCT_31, [FIRST], cut_off).target_date == expected


@pytest.mark.parametrize(
    ("current", "revisions", "expected"),
    [
        (OCT_31, (), OCT_31),
        (None, (), None),
        # The first approval's from date, whatever the action's date is now.
        (FEB_28, (SECOND, FIRST), OCT_31),
        # A pending proposal leaves the current date as the baseline.
        (OCT_31, (RevisionFacts(1, OCT_31, DEC_31, PENDING),), OCT_31),
        # An action with no date at first keeps no baseline date.
        (DEC_31, (RevisionFacts(1, None, DEC_31, APPROVED, NOV_2),), None),
    ],
)
def test_baseline_is_the_first_target_date(current, revisions, expected):
    assert baseline_date(current, revisions) == expected


@pytest.mark.parametrize(
    ("proposed", "pending", "expected"),
    [
        (DEC_31, False, None),
        (None, False, "Enter the new target date"),
        (DEC_31, True, "already waiting for a decision"),
        (OCT_31, False, "must differ from the current target date"),
        (date(2010, 10, 1), False, "today or in the future"),
    ],
)
def test_proposal_problems(proposed, pending, expected):
    problem = proposal_problem(proposed, OCT_31, pending=pending, today=date(2010, 10, 20))

    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem


days = st.dates(min_value=date(2009, 1, 1), max_value=date(2013, 12, 31))
revision_lists = st.lists(
    st.tuples(
        days,
        st.sampled_from(list(RevisionStatus)),
        st.one_of(st.none(), days),
    ),
    max_size=6,
)


def _revisions(rows) -> list[RevisionFacts]:
    return [
        RevisionFacts(number, None, to_date, status, decided_on)
        for number, (to_date, status, decided_on) in enumerate(rows, start=1)
    ]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(rows=revision_lists, later=revision_lists, day=days)
def test_revisions_decided_after_a_day_never_change_the_date_in_force_on_it(rows, later, day):
    revisions = _revisions(rows)
    # Later decisions: numbered after the others and decided after the day.
    added = [
        RevisionFacts(100 + number, None, to_date, status, day + timedelta(days=1 + number))
        for number, (to_date, status, _) in enumerate(later)
    ]

    before = date_in_force(OCT_31, revisions, day)
    after = date_in_force(OCT_31, revisions + added, day)

    assert after == before


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(rows=revision_lists, day=days)
def test_the_date_in_force_is_the_baseline_or_an_approved_date(rows, day):
    revisions = _revisions(rows)

    in_force = date_in_force(OCT_31, revisions, day)

    approved = {r.to_date for r in revisions if r.status is RevisionStatus.APPROVED}
    assert in_force.target_date == OCT_31 or in_force.target_date in approved
    assert (in_force.revision is None) == (in_force.revision_count == 0)


@pytest.mark.parametrize(
    ("is_admin", "is_panel", "owns_plan", "leads_action", "proposed_it", "expected"),
    [
        (True, False, False, False, False, True),
        (False, False, True, False, False, True),
        # A lead who owns the plan still cannot approve a date for an action they lead.
        (False, False, True, True, False, False),
        (True, False, False, True, False, False),
        # Nobody decides their own proposal, administrators included.
        (True, False, False, False, True, False),
        # The panel reads; it never decides, even as the plan's owner.
        (False, True, True, False, False, False),
        (False, False, False, False, False, False),
    ],
)
def test_who_may_decide(is_admin, is_panel, owns_plan, leads_action, proposed_it, expected):
    assert (
        may_decide(
            is_admin=is_admin,
            is_panel=is_panel,
            owns_plan=owns_plan,
            leads_action=leads_action,
            proposed_it=proposed_it,
        )
        is expected
    )
