"""The admin form of a recommendation and the actions that answer it."""

from __future__ import annotations

from wtforms.validators import InputRequired

from tracker.admin.forms import _text, _textarea
from tracker.domain import text_limits as limits
from tracker.form_fields import DateInputField, TrackerForm, WithinLimit

# A plan's refs, "; "- or comma-separated; room for every action of a large plan.
ACTION_REFS_MAXIMUM = limits.TextLimit("The actions' references", 20_000)


class RecommendationForm(TrackerForm):
    """A recommendation: ref, words, who made it and when, and the actions answering it."""

    ref = _text(
        "Reference",
        [
            InputRequired("Enter the recommendation's reference"),
            WithinLimit(limits.RECOMMENDATION_REF),
        ],
        description="For example, R3 or CQC MD1",
    )
    text = _textarea(
        "Recommendation",
        [InputRequired("Enter the recommendation"), WithinLimit(limits.RECOMMENDATION_TEXT)],
        rows=4,
    )
    source = _text(
        "Source",
        [WithinLimit(limits.RECOMMENDATION_SOURCE)],
        description="Who made it, for example Ofsted inspection, August 2009, or CQC must do",
    )
    made_on = DateInputField(
        "Date made (optional)",
        error_name="The date made",
        description="For example, 27 8 2009",
    )
    due_on = DateInputField(
        "Due date (optional)",
        error_name="The due date",
        description="For example, 31 3 2010",
    )
    action_refs = _textarea(
        "Actions that answer it (optional)",
        [WithinLimit(ACTION_REFS_MAXIMUM)],
        rows=2,
        description=(
            "The actions' references, separated by semicolons or commas, for example 1.1; 1.2"
        ),
    )
