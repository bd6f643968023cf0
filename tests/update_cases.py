"""The status update rules as a table of cases that the form, the API and the domain all run.

Each case is an update as the API sends it (its JSON fields) with the message each refused
field gets, by the API's field names. The form's tests post the same update through the update
form and expect the same messages; the API's tests post it as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from tracker.domain.text_limits import COMMENTARY, CURRENT_PERFORMANCE, REPORT_NOTE

# The day the cases are run on, and the as-at date of the action's latest update (Amber, not
# completed), which an update may not go back before.
TODAY = date(2011, 3, 30)
LAST_AS_AT = date(2010, 8, 20)
# The API's name for the form's "rag" field.
FORM_FIELD = {"status": "rag"}


@dataclass(frozen=True)
class UpdateCase:
    """An update, as changes to a steady one, and the messages each refused field gets."""

    changes: dict[str, Any]
    messages: dict[str, str] = field(default_factory=dict)


def steady_update(**changes: Any) -> dict[str, Any]:
    """Return an update that keeps the action as it was, as the API's JSON, with changes."""
    update: dict[str, Any] = {
        "as_at": TODAY.isoformat(),
        "completion": "not_completed",
        "status": "Amber",
        "direction": "unchanged",
        "current_performance": "",
        "commentary": "",
        "report_note": "",
        "completed_on": None,
    }
    update.update(changes)
    return update


UPDATE_CASES = [
    pytest.param(UpdateCase({}), id="the same again is fine"),
    pytest.param(
        UpdateCase({"completion": None}, {"completion": "Select the completion status"}),
        id="no completion",
    ),
    pytest.param(UpdateCase({"status": None}, {"status": "Select the RAG rating"}), id="no status"),
    pytest.param(
        UpdateCase(
            {"status": "Red"},
            {"commentary": "Enter commentary saying why the action is now rated Red"},
        ),
        id="red without commentary",
    ),
    pytest.param(
        UpdateCase({"status": "Red", "commentary": "Recruitment has stalled."}),
        id="red with commentary",
    ),
    pytest.param(
        UpdateCase(
            {"completion": "partially_completed"},
            {"commentary": "Enter commentary saying why the completion status has changed"},
        ),
        id="completion changed without commentary",
    ),
    pytest.param(
        UpdateCase(
            {"completion": "completed", "status": "Complete", "commentary": "Done."},
            {"completed_on": "Enter the date the action was completed"},
        ),
        id="completed without a date",
    ),
    pytest.param(
        UpdateCase(
            {
                "completion": "completed",
                "status": "Complete",
                "commentary": "Done.",
                "completed_on": "2011-03-31",
            },
            {"completed_on": "The completed-on date must be today or in the past"},
        ),
        id="completed tomorrow",
    ),
    pytest.param(
        UpdateCase(
            {
                "completion": "completed",
                "status": "Complete",
                "commentary": "Done.",
                "completed_on": "2011-03-29",
                "as_at": "2011-03-28",
            },
            {"completed_on": "The completed-on date must be on or before the as-at date"},
        ),
        id="completed after the as-at date",
    ),
    pytest.param(
        UpdateCase(
            {"status": "Complete"},
            {"status": "Select a RAG rating other than Complete, or Completed as the status"},
        ),
        id="complete status but not completed",
    ),
    pytest.param(
        UpdateCase(
            {"as_at": "2011-03-31"}, {"as_at": "The as-at date must be today or in the past"}
        ),
        id="as at tomorrow",
    ),
    pytest.param(
        UpdateCase(
            {"as_at": "2010-08-19"},
            {
                "as_at": "The as-at date must be on or after 20 August 2010, "
                "the date of the last update"
            },
        ),
        id="as at before the last update",
    ),
    pytest.param(UpdateCase({"as_at": LAST_AS_AT.isoformat()}), id="as at the last update"),
    pytest.param(
        UpdateCase(
            {"current_performance": "x" * (CURRENT_PERFORMANCE.maximum + 1)},
            {"current_performance": "Current performance must be 2,000 characters or fewer"},
        ),
        id="performance too long",
    ),
    pytest.param(
        UpdateCase(
            {"commentary": "x" * (COMMENTARY.maximum + 1)},
            {"commentary": "Commentary must be 10,000 characters or fewer"},
        ),
        id="commentary too long",
    ),
    pytest.param(
        UpdateCase(
            {"report_note": "x" * (REPORT_NOTE.maximum + 1)},
            {
                "report_note": "Note for the highlight report must be "
                f"{REPORT_NOTE.maximum} characters or fewer"
            },
        ),
        id="report note too long",
    ),
    pytest.param(
        UpdateCase(
            {"status": "Red", "commentary": "Stalled\x07"},
            {
                "commentary": "Commentary contains a control character (U+0007) at character 8: "
                "remove it"
            },
        ),
        id="a control character, said before anything else",
    ),
    pytest.param(
        UpdateCase(
            {"completion": None, "status": None, "as_at": None},
            {
                "completion": "Select the completion status",
                "status": "Select the RAG rating",
                "as_at": "Enter the as-at date",
            },
        ),
        id="nothing chosen",
    ),
]


def form_data(update: dict[str, Any], version: int) -> dict[str, Any]:
    """Return the update as the update form posts it."""

    def parts(text: str | None) -> list[str]:
        if text is None:
            return ["", "", ""]
        day = date.fromisoformat(text)
        return [str(day.day), str(day.month), str(day.year)]

    data: dict[str, Any] = {
        "version": str(version),
        "current_performance": update["current_performance"],
        "commentary": update["commentary"],
        "report_note": update["report_note"],
        "completed_on": parts(update["completed_on"]),
        "as_at": parts(update["as_at"]),
        "direction": update["direction"] or "",
    }
    if update["completion"] is not None:
        data["completion"] = update["completion"]
    if update["status"] is not None:
        data["rag"] = update["status"].lower()
    return data
