"""The form a lead fills in to record a status update."""

from __future__ import annotations

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea
from wtforms import IntegerField, RadioField, SelectChoice, TextAreaField
from wtforms.widgets import HiddenInput

from tracker.actions.evidence_forms import evidence_fields
from tracker.domain.enums import Completion, Direction
from tracker.domain.status_key import StatusColour, StatusKey, StatusKeyEntry, status_word_key
from tracker.domain.update_rules import (
    TEXT_LABELS,
    CurrentState,
    ProposedUpdate,
    asks_completed_on,
    status_field_name,
    update_problems,
)
from tracker.form_fields import DateInputField, TrackerForm, enum_or_none

_DIRECTION_CHOICES = [
    SelectChoice(Direction.IMPROVING.value, "↑ Improving"),
    SelectChoice(Direction.UNCHANGED.value, "→ Unchanged"),
    SelectChoice(Direction.DECLINING.value, "↓ Declining"),
    SelectChoice("", "Not stated"),
]


class UpdateForm(TrackerForm):
    """Ask for completion status, the plan's status, direction, performance, commentary, dates."""

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
    # Named "rag" as it always was; its choices are the entries of the plan's status key.
    rag = RadioField("RAG rating", validate_choice=False, widget=GovRadioInput())
    direction = RadioField(
        "Direction of travel",
        choices=_DIRECTION_CHOICES,
        coerce=enum_or_none(Direction),
        validate_choice=False,
        widget=GovRadioInput(),
        description="Compared with the last update.",
    )
    current_performance = TextAreaField(
        TEXT_LABELS["current_performance"],
        widget=GovTextArea(),
        description="The latest figure or position, for example 77.8% (1767/2270).",
    )
    commentary = TextAreaField(
        TEXT_LABELS["commentary"],
        widget=GovTextArea(),
        description="What has happened since the last update. Needed when the RAG rating "
        "becomes Red or the completion status changes.",
    )
    report_note = TextAreaField(
        TEXT_LABELS["report_note"],
        widget=GovTextArea(),
        description="Printed as a footnote under the action in the report's summary boxes, for "
        "example: Dependent upon outcomes of the Value for Money Review.",
    )
    as_at = DateInputField(
        "As at",
        error_name="The as-at date",
        description="The date this update describes. For example, 27 3 2011",
    )
    evidence_note, evidence_links, evidence_files = evidence_fields()

    def __init__(self, *args, current: CurrentState, status_key: StatusKey, today: date, **kwargs):
        """Offer the plan's status key; remember the current state and today for the rules."""
        super().__init__(*args, **kwargs)
        self.current = current
        self.status_key = status_key
        self.today = today
        self.rag.choices = [
            SelectChoice(status_choice(entry), entry.label) for entry in status_key.entries
        ]
        if not status_key.is_default:
            self.rag.label.text = self.status_legend
            exceptions = " or ".join(e.label for e in status_key.entries if e.exception)
            self.commentary.description = (
                "What has happened since the last update. Needed when the status becomes "
                f"{exceptions} or the completion status changes."
                if exceptions
                else "What has happened since the last update. Needed when the completion "
                "status changes."
            )

    @property
    def status_legend(self) -> str:
        """Return the status question as the form asks it."""
        name = status_field_name(self.status_key)
        return name[:1].upper() + name[1:]

    @property
    def status_items(self) -> list[dict[str, object]]:
        """Return each status choice's hint, naming its colour where the label does not."""
        return [
            {"hint": {"text": hint}} if (hint := _colour_hint(entry)) else {}
            for entry in self.status_key.entries
        ]

    def status(self) -> StatusKeyEntry | None:
        """Return the key entry the lead chose, or None."""
        chosen = self.rag.data
        return self.status_key.entry_named(chosen) if isinstance(chosen, str) and chosen else None

    def proposed(self) -> ProposedUpdate:
        """Return what the lead entered, as the update rules read it."""
        return ProposedUpdate(
            completion=self.completion.data,
            status=self.status(),
            direction=self.direction.data,
            current_performance=self.current_performance.data or "",
            commentary=self.commentary.data or "",
            completed_on=self.completed_on.data,
            as_at=self.as_at.data,
            report_note=self.report_note.data or "",
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
        if not asks_completed_on(self.completion.data):
            # A date typed for an action not completed is not kept, so it cannot be wrong.
            self.completed_on.errors = []
        problems = update_problems(
            self.proposed(), self.current, status_key=self.status_key, today=self.today
        )
        for problem in problems:
            field = self[problem.field]
            if not field.errors:
                field.errors = [problem.message]
        return not any(field.errors for field in self)


def status_choice(entry: StatusKeyEntry) -> str:
    """Return the value a status choice posts: its label, in lower case ("red", "on track")."""
    return status_word_key(entry.label)


def _colour_hint(entry: StatusKeyEntry) -> str | None:
    if entry.colour is StatusColour.NONE or entry.colour.value in entry.label.lower():
        return None
    return entry.colour.label
