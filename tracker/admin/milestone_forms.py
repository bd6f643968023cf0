"""The administrator's form for one milestone of an action."""

from __future__ import annotations

from wtforms.validators import InputRequired

from tracker.admin.forms import Given, _text, _textarea
from tracker.domain import text_limits as limits
from tracker.form_fields import DateInputField, TrackerForm, WithinLimit


class MilestoneForm(TrackerForm):
    """A milestone: its ref, its words, the day it is due and the day it was done."""

    ref = _text(
        "Reference",
        [WithinLimit(limits.MILESTONE_REF)],
        description="Optional, for example QS1.1.2",
    )
    text = _textarea(
        "Milestone",
        [InputRequired("Describe the milestone"), WithinLimit(limits.MILESTONE_TEXT)],
        rows=2,
    )
    due_on = DateInputField(
        "Due on",
        [Given("Enter the date the milestone is due")],
        error_name="The due date",
        description="For example, 30 9 2010",
    )
    done_on = DateInputField(
        "Done on",
        error_name="The date done",
        description="Leave it empty while the milestone is not done",
    )
