from dataclasses import replace
from datetime import date

import pytest

from tests.update_cases import FORM_FIELD, LAST_AS_AT, UPDATE_CASES, UpdateCase, steady_update
from tests.update_cases import TODAY as UPDATE_DAY
from tracker.domain.enums import Completion, Direction
from tracker.domain.status_key import DEFAULT_STATUS_KEY, StatusColour, StatusKey, StatusKeyEntry
from tracker.domain.text_limits import COMMENTARY, CURRENT_PERFORMANCE
from tracker.domain.update_rules import (
    CurrentState,
    ProposedUpdate,
    SentUpdate,
    asks_completed_on,
    completed_on_to_record,
    sent_update_problems,
    update_problems,
)

TODAY = date(2011, 3, 30)
RED, AMBER, COMPLETE = (
    DEFAULT_STATUS_KEY.entry_named(label) for label in ("Red", "Amber", "Complete")
)
AMBER_NOT_COMPLETED = CurrentState(Completion.NOT_COMPLETED, False, date(2010, 8, 20))
STEADY = ProposedUpdate(
    completion=Completion.NOT_COMPLETED,
    status=AMBER,
    direction=Direction.UNCHANGED,
    current_performance="",
    commentary="",
    completed_on=None,
    as_at=TODAY,
)


@pytest.mark.parametrize(
    ("change", "current", "expected"),
    [
        ({}, AMBER_NOT_COMPLETED, []),
        (
            {"completion": None},
            AMBER_NOT_COMPLETED,
            [("completion", "Select the completion status")],
        ),
        ({"status": None}, AMBER_NOT_COMPLETED, [("rag", "Select the RAG rating")]),
        (
            {"status": RED},
            AMBER_NOT_COMPLETED,
            [("commentary", "Enter commentary saying why the action is now rated Red")],
        ),
        ({"status": RED, "commentary": "Recruitment has stalled."}, AMBER_NOT_COMPLETED, []),
        ({"status": RED}, CurrentState(Completion.NOT_COMPLETED, True, None), []),
        (
            {"status": RED, "commentary": "   "},
            AMBER_NOT_COMPLETED,
            [("commentary", "Enter commentary saying why the action is now rated Red")],
        ),
        (
            {"completion": Completion.PARTIALLY_COMPLETED},
            AMBER_NOT_COMPLETED,
            [("commentary", "Enter commentary saying why the completion status has changed")],
        ),
        (
            {"completion": Completion.NOT_COMPLETED},
            CurrentState(Completion.NOT_KNOWN, False, None),
            [("commentary", "Enter commentary saying why the completion status has changed")],
        ),
        (
            {"completion": Completion.COMPLETED, "status": COMPLETE, "commentary": "Done."},
            AMBER_NOT_COMPLETED,
            [("completed_on", "Enter the date the action was completed")],
        ),
        (
            {
                "completion": Completion.COMPLETED,
                "status": COMPLETE,
                "commentary": "Done.",
                "completed_on": date(2011, 3, 31),
            },
            AMBER_NOT_COMPLETED,
            [("completed_on", "The completed-on date must be today or in the past")],
        ),
        (
            {
                "completion": Completion.COMPLETED,
                "status": COMPLETE,
                "commentary": "Done.",
                "completed_on": date(2011, 3, 29),
                "as_at": date(2011, 3, 28),
            },
            AMBER_NOT_COMPLETED,
            [("completed_on", "The completed-on date must be on or before the as-at date")],
        ),
        (
            {
                "completion": Completion.COMPLETED,
                "status": COMPLETE,
                "commentary": "Done.",
                "completed_on": TODAY,
            },
            AMBER_NOT_COMPLETED,
            [],
        ),
        (
            {"status": COMPLETE},
            AMBER_NOT_COMPLETED,
            [("rag", "Select a RAG rating other than Complete, or Completed as the status")],
        ),
        ({"as_at": None}, AMBER_NOT_COMPLETED, [("as_at", "Enter the as-at date")]),
        (
            {"as_at": date(2011, 3, 31)},
            AMBER_NOT_COMPLETED,
            [("as_at", "The as-at date must be today or in the past")],
        ),
        (
            {"as_at": date(2010, 8, 19)},
            AMBER_NOT_COMPLETED,
            [
                (
                    "as_at",
                    "The as-at date must be on or after 20 August 2010, "
                    "the date of the last update",
                )
            ],
        ),
        ({"as_at": date(2010, 8, 20)}, AMBER_NOT_COMPLETED, []),
        ({"as_at": date(2001, 1, 1)}, CurrentState(Completion.NOT_COMPLETED, False, None), []),
        (
            {"current_performance": "x" * (CURRENT_PERFORMANCE.maximum + 1)},
            AMBER_NOT_COMPLETED,
            [("current_performance", "Current performance must be 2,000 characters or fewer")],
        ),
        (
            {"commentary": "x" * (COMMENTARY.maximum + 1)},
            AMBER_NOT_COMPLETED,
            [("commentary", "Commentary must be 10,000 characters or fewer")],
        ),
        (
            {"completion": None, "status": None, "as_at": None},
            AMBER_NOT_COMPLETED,
            [
                ("completion", "Select the completion status"),
                ("rag", "Select the RAG rating"),
                ("as_at", "Enter the as-at date"),
            ],
        ),
    ],
)
def test_update_problems(change, current, expected):
    problems = update_problems(
        replace(STEADY, **change), current, status_key=DEFAULT_STATUS_KEY, today=TODAY
    )
    assert [(problem.field, problem.message) for problem in problems] == expected


@pytest.mark.parametrize(
    ("completion", "completed_on", "kept"),
    [
        (Completion.COMPLETED, date(2011, 3, 1), date(2011, 3, 1)),
        (Completion.PARTIALLY_COMPLETED, date(2011, 3, 1), None),
        (Completion.NOT_COMPLETED, None, None),
    ],
)
def test_only_a_completed_action_keeps_its_completed_on_date(completion, completed_on, kept):
    proposed = replace(STEADY, completion=completion, completed_on=completed_on)
    assert completed_on_to_record(proposed) == kept


@pytest.mark.parametrize(
    ("completion", "asked"),
    [
        (Completion.COMPLETED, True),
        (Completion.PARTIALLY_COMPLETED, False),
        (Completion.NOT_COMPLETED, False),
        (Completion.NOT_KNOWN, False),
        (None, False),
    ],
)
def test_the_completed_on_date_is_asked_for_only_when_completed(completion, asked):
    assert asks_completed_on(completion) is asked


BRAG = StatusKey(
    (
        StatusKeyEntry("Complete", StatusColour.BLUE, Completion.COMPLETED, words=("Blue",)),
        StatusKeyEntry("On track", StatusColour.GREEN, Completion.NOT_COMPLETED),
        StatusKeyEntry("At risk", StatusColour.AMBER, Completion.NOT_COMPLETED),
        StatusKeyEntry("Off track", StatusColour.RED, Completion.NOT_COMPLETED, exception=True),
        StatusKeyEntry("Escalated", StatusColour.RED, exception=True),
    )
)
ON_TRACK, OFF_TRACK, ESCALATED = (
    BRAG.entry_named(label) for label in ("On track", "Off track", "Escalated")
)


@pytest.mark.parametrize(
    ("change", "current", "expected"),
    [
        ({"status": ON_TRACK}, AMBER_NOT_COMPLETED, []),
        ({"status": None}, AMBER_NOT_COMPLETED, [("rag", "Select the status")]),
        (
            {"status": OFF_TRACK},
            AMBER_NOT_COMPLETED,
            [("commentary", "Enter commentary saying why the action is now rated Off track")],
        ),
        ({"status": OFF_TRACK, "commentary": "Funding withdrawn."}, AMBER_NOT_COMPLETED, []),
        ({"status": ESCALATED}, CurrentState(Completion.NOT_COMPLETED, True, None), []),
        (
            {"status": BRAG.entry_named("Complete")},
            AMBER_NOT_COMPLETED,
            [("rag", "Select a status other than Complete, or Completed as the status")],
        ),
    ],
)
def test_a_plans_own_key_applies_the_rules_through_its_entries(change, current, expected):
    problems = update_problems(replace(STEADY, **change), current, status_key=BRAG, today=TODAY)
    assert [(problem.field, problem.message) for problem in problems] == expected


@pytest.mark.parametrize("case", UPDATE_CASES)
def test_an_update_sent_by_another_system_meets_the_forms_rules(case: UpdateCase):
    sent = steady_update(**case.changes)
    _proposed, problems = sent_update_problems(
        SentUpdate(
            as_at=date.fromisoformat(sent["as_at"]) if sent["as_at"] else None,
            completion=Completion(sent["completion"]) if sent["completion"] else None,
            status=sent["status"],
            direction=Direction(sent["direction"]) if sent["direction"] else None,
            current_performance=sent["current_performance"],
            commentary=sent["commentary"],
            report_note=sent["report_note"],
            completed_on=date.fromisoformat(sent["completed_on"]) if sent["completed_on"] else None,
        ),
        CurrentState(Completion.NOT_COMPLETED, False, LAST_AS_AT),
        status_key=DEFAULT_STATUS_KEY,
        today=UPDATE_DAY,
    )
    named = {FORM_FIELD.get(name, name): message for name, message in case.messages.items()}
    assert {problem.field: problem.message for problem in problems} == named


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("amber", None),
        ("  AMBER ", None),
        (
            "Purple",
            "Select the RAG rating from the plan's key (Red, Amber, Green, Complete); "
            "'Purple' is not in it",
        ),
    ],
)
def test_a_sent_status_is_read_as_the_key_reads_labels(label, message):
    sent = SentUpdate(UPDATE_DAY, Completion.NOT_COMPLETED, label, None, "", "", "", None)
    proposed, problems = sent_update_problems(
        sent,
        CurrentState(Completion.NOT_COMPLETED, False, LAST_AS_AT),
        status_key=DEFAULT_STATUS_KEY,
        today=UPDATE_DAY,
    )
    assert [problem.message for problem in problems] == ([message] if message else [])
    assert (proposed.status is AMBER) is (message is None)
