"""The form a lead fills in to record a status update."""

from __future__ import annotations

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea
from wtforms import IntegerField, RadioField, SelectChoice, TextAreaField
from wtforms.widgets import HiddenInput

from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.update_rules import CurrentState, ProposedUpdate, update_problems
from tracker.form_fields import DateInputField, TrackerForm, enum_or_none

_DIRECTION_CHOICES = [
    SelectChoice(Direction.IMPROVING.value, "↑ Improving"),
    SelectChoice(Direction.UNCHANGED.value, "→ Unchanged"),
    SelectChoice(Direction.DECLINING.value, "↓ Declining"),
    SelectChoice("", "Not stated"),
]


class UpdateForm(TrackerForm):
    """Ask for completion status, RAG, direction, performance, commentary and dates."""

    version = IntegerField(widget=HiddenInput())
    completion = RadioField(
        "Completion status",
        choices=[SelectChoice(member.value, member.label) for member in Completion],
        coerce=enum_or_none(Completion),
        validate_choice=False,
        widget=GovRadioInput(),
    )
    completed_on = DateInputField(
        "Completed on",
        error_name="The completed-on date",
        description="Only when the status is Completed. For example, 27 3 2011",
    )
    rag = RadioField(
        "RAG rating",
        choices=[SelectChoice(member.value, member.label) for member in Rag],
        coerce=enum_or_none(Rag),
        validate_choice=False,
        widget=GovRadioInput(),
    )
    direction = RadioField(
        "Direction of travel",
        choices=_DIRECTION_CHOICES,
        coerce=enum_or_none(Direction),
        validate_choice=False,
        widget=GovRadioInput(),
        description="Compared with the last update.",
    )
    current_performance = TextAreaField(
        "Current performance",
        widget=GovTextArea(),
        description="The latest figure or position, for example 77.8% (1767/2270).",
    )
    commentary = TextAreaField(
        "Commentary",
        widget=GovTextArea(),
        description="What has happened since the last update. Needed when the RAG rating "
        "becomes Red or the completion status changes.",
    )
    as_at = DateInputField(
        "As at",
        error_name="The as-at date",
        description="The date this update describes. For example, 27 3 2011",
    )

    def __init__(self, *args, current: CurrentState, today: date, **kwargs):
        """Remember the action's current state and today's date for the update rules."""
        super().__init__(*args, **kwargs)
        self.current = current
        self.today = today

    def proposed(self) -> ProposedUpdate:
        """Return what the lead entered, as the update rules read it."""
        return ProposedUpdate(
            completion=self.completion.data,
            rag=self.rag.data,
            direction=self.direction.data,
            current_performance=self.current_performance.data or "",
            commentary=self.commentary.data or "",
            completed_on=self.completed_on.data,
            as_at=self.as_at.data,
        )

    def seen_version(self) -> int | None:
        """Return the action version the form was opened at, or None when it is missing."""
        return self.version.data if isinstance(self.version.data, int) else None

    def show_version(self, version: int) -> None:
        """Carry this version in the form from now on."""
        self.version.data = version
        self.version.raw_data = [str(version)]

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then the update rules, keeping one message per field."""
        super().validate(extra_validators)
        if self.completion.data is not Completion.COMPLETED:
            # The date is only asked for, and only kept, when the action is completed.
            self.completed_on.errors = []
        for problem in update_problems(self.proposed(), self.current, today=self.today):
            field = self[problem.field]
            if not field.errors:
                field.errors = [problem.message]
        return not any(field.errors for field in self)
