"""The form an indicator's owner fills in to record a reading."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextArea, GovTextInput
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import HiddenInput

from tracker.domain.indicator_entry import chosen_period, period_key
from tracker.domain.indicator_terms import Unit
from tracker.domain.indicator_values import Period, ReadingValue, ValueProblem, parse_reading
from tracker.domain.text_limits import TextLimit
from tracker.form_fields import TrackerForm, WithinLimit

READING_TEXT = TextLimit("The reading", 200)
READING_COMMENTARY = TextLimit("Commentary", 5_000)


class ReadingForm(TrackerForm):
    """Ask for the period, the reading as the paper writes it, and commentary."""

    version = IntegerField(widget=HiddenInput())
    period = SelectField("Period", widget=GovSelect(), validate_choice=False)
    reading = StringField(
        "Reading",
        widget=GovTextInput(),
        validators=[WithinLimit(READING_TEXT)],
        description="As the scorecard writes it, for example 77.8% (1767/2270), 1,192 or "
        "106.5 per 10,000. Type - when there is no figure, or n/a when none applies.",
    )
    commentary = TextAreaField(
        "Commentary",
        widget=GovTextArea(),
        validators=[WithinLimit(READING_COMMENTARY)],
        description="What lies behind the figure, and what is being done about it.",
    )

    def __init__(self, *args, periods: tuple[Period, ...], unit: Unit, **kwargs):
        """Offer these periods, newest first; read the figure in the indicator's unit."""
        super().__init__(*args, **kwargs)
        self.periods = periods
        self.unit = unit
        self.period.choices = [SelectChoice(period_key(period), period.label) for period in periods]

    def name_corrections(self, recorded: dict[str, str]) -> None:
        """Say in each period's choice which reading a new one would correct."""
        self.period.choices = [
            SelectChoice(
                choice.value,
                f"{choice.label} (corrects {recorded[choice.value]})"
                if choice.value in recorded
                else choice.label,
            )
            for choice in self.period.choices
        ]

    def seen_version(self) -> int | None:
        """Return the indicator version the form was opened at, or None when it is missing."""
        return self.version.data if isinstance(self.version.data, int) else None

    def show_version(self, version: int) -> None:
        """Carry this version in the form from now on."""
        self.version.data = version
        self.version.raw_data = [str(version)]

    def chosen_period(self) -> Period | None:
        """Return the period chosen, or None when it is not one offered."""
        return chosen_period(self.period.data or "", self.periods)

    def value(self) -> ReadingValue:
        """Return the reading as read in the indicator's unit; call after validating."""
        return parse_reading(self.reading.data or "", self.unit)

    def validate_period(self, field: SelectField) -> None:
        """Refuse a period the form did not offer."""
        if self.chosen_period() is None:
            raise ValidationError("Choose the period the reading is for")

    def validate_reading(self, field: StringField) -> None:
        """Refuse an empty reading, or one that cannot be read, saying why."""
        text = (field.data or "").strip()
        if not text:
            raise ValidationError("Enter the reading, or - when there is no figure")
        try:
            parse_reading(text, self.unit)
        except ValueProblem as problem:
            raise ValidationError(f"The reading: {problem}") from problem
