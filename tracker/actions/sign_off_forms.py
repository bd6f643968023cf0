"""The forms that sign off an action or return it to its lead with a reason."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired
from wtforms.widgets import HiddenInput

from tracker.domain.text_limits import RETURN_REASON
from tracker.form_fields import TrackerForm, WithinLimit


class SignOffForm(TrackerForm):
    """Carry the action version the signer saw, and where to go back to."""

    version = IntegerField(widget=HiddenInput())
    # "list" when signed off from the plan's sign-off list, to go back there.
    back = HiddenField()

    def seen_version(self) -> int | None:
        """Return the action version the page was opened at, or None when it is missing."""
        return self.version.data if isinstance(self.version.data, int) else None


class ReturnForm(SignOffForm):
    """Ask why the action goes back to its lead."""

    reason = TextAreaField(
        "Why are you returning it?",
        [
            DataRequired("Enter why you are returning the action"),
            WithinLimit(RETURN_REASON),
        ],
        widget=GovTextArea(),
        filters=[lambda text: text.strip() if isinstance(text, str) else text],
        description="The lead is emailed this and it is kept in the action's history, for "
        "example: the evidence does not show the audit was done",
    )
