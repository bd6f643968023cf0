"""The forms a lead fills in to ask for a new target date, and an approver to decide it."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired
from wtforms.widgets import HiddenInput

from tracker.domain.text_limits import DECISION_NOTE, REVISION_REASON
from tracker.form_fields import DateInputField, TrackerForm, WithinLimit


class VersionedForm(TrackerForm):
    """Carry the action version the form was opened at, to refuse a stale write."""

    version = IntegerField(widget=HiddenInput())

    def seen_version(self) -> int | None:
        """Return the action version the form was opened at, or None when it is missing."""
        return self.version.data if isinstance(self.version.data, int) else None


class ProposeDateForm(VersionedForm):
    """Ask for the new target date and why it is needed."""

    to_date = DateInputField(
        "New target date",
        error_name="The new target date",
        description="For example, 31 12 2010",
    )
    reason = TextAreaField(
        "Why is a new date needed?",
        validators=[
            DataRequired("Enter why a new target date is needed"),
            WithinLimit(REVISION_REASON),
        ],
        widget=GovTextArea(),
        description="The approver reads this, and it is kept with the action's history.",
    )


class DecideDateForm(VersionedForm):
    """Take an optional note with an approval or a decline."""

    note = TextAreaField(
        "Note (optional)",
        validators=[WithinLimit(DECISION_NOTE)],
        widget=GovTextArea(),
        description="Kept with the decision and sent to whoever asked for the new date.",
    )
