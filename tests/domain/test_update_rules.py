from dataclasses import replace
from datetime import date

import pytest

from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.text_limits import COMMENTARY, CURRENT_PERFORMANCE
from tracker.domain.update_rules import (
    CurrentState,
    ProposedUpdate,
    completed_on_to_record,
    update_problems,
)

TODAY = date(2011, 3, 30)
AMBER_NOT_COMPLETED = CurrentState(Completion.NOT_COMPLETED, Rag.AMBER, date(2010, 8, 20))
STEADY = ProposedUpdate(
    completion=Completion.NOT_COMPLETED,
    rag=Rag.AMBER,
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
        ({"rag": None}, AMBER_NOT_COMPLETED, [("rag", "Select the RAG rating")]),
        (
            {"rag": Rag.RED},
            AMBER_NOT_COMPLETED,
            [("commentary", "Enter commentary saying why the action is now rated Red")],
        ),
        ({"rag": Rag.RED, "commentary": "Recruitment has stalled."}, AMBER_NOT_COMPLETED, []),
        ({"rag": Rag.RED}, CurrentState(Completion.NOT_COMPLETED, Rag.RED, None), []),
        (
            {"rag": Rag.RED, "commentary": "   "},
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
            CurrentState(Completion.NOT_KNOWN, None, None),
            [("commentary", "Enter commentary saying why the completion status has changed")],
        ),
        (
            {"completion": Completion.COMPLETED, "rag": Rag.COMPLETE, "commentary": "Done."},
            AMBER_NOT_COMPLETED,
            [("completed_on", "Enter the date the action was completed")],
        ),
        (
            {
                "completion": Completion.COMPLETED,
                "rag": Rag.COMPLETE,
                "commentary": "Done.",
                "completed_on": date(2011, 3, 31),
            },
            AMBER_NOT_COMPLETED,
            [("completed_on", "The completed-on date must be today or in the past")],
        ),
        (
            {
                "completion": Completion.COMPLETED,
                "rag": Rag.COMPLETE,
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
                "rag": Rag.COMPLETE,
                "commentary": "Done.",
                "completed_on": TODAY,
            },
            AMBER_NOT_COMPLETED,
            [],
        ),
        (
            {"rag": Rag.COMPLETE},
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
        ({"as_at": date(2001, 1, 1)}, CurrentState(Completion.NOT_COMPLETED, Rag.AMBER, None), []),
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
            {"completion": None, "rag": None, "as_at": None},
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
    problems = update_problems(replace(STEADY, **change), current, today=TODAY)
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
