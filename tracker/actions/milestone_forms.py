"""The update form's checkboxes for the lead to mark the action's milestones done."""

from __future__ import annotations

from collections.abc import Sequence

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput
from wtforms import SelectMultipleField

from tracker.filters import long_date
from tracker.form_fields import TrackerForm
from tracker.models import Milestone

NOT_THIS_ACTIONS = (
    "Milestones done: choose only milestones of this action that are not done yet."
    " Open the update form again to see them."
)


class MilestonesDoneForm(TrackerForm):
    """Choose which of the action's milestones not yet done were done by the as-at date."""

    # The update form posted with it carries the CSRF token.
    class Meta:
        csrf = False

    milestones_done = SelectMultipleField(
        "Milestones done", coerce=int, widget=GovCheckboxesInput(), validate_choice=True
    )

    def __init__(self, *args, undone: Sequence[Milestone], **kwargs):
        super().__init__(*args, **kwargs)
        self.milestones_done.choices = [
            (milestone.id, f"{_named(milestone)}, due {long_date(milestone.due_on)}")
            for milestone in undone
        ]

    def chosen(self) -> list[int]:
        """Return the ids ticked, or raise ValueError when one is not offered."""
        if not self.validate():
            raise ValueError(NOT_THIS_ACTIONS)
        return list(self.milestones_done.data or [])


def _named(milestone: Milestone) -> str:
    return " ".join(part for part in (milestone.ref or "", milestone.text or "Milestone") if part)
