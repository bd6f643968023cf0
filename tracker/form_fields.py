"""Provide the tracker's form base and the GOV.UK pieces WTForms lacks: dates, summary links."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from flask import g, has_request_context
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import Field, TextAreaField, ValidationError

from tracker.domain.date_input import parse_date_parts
from tracker.domain.field_values import number_range_problem
from tracker.domain.text_limits import TextLimit
from tracker.domain.typed_text import control_character_problem

E = TypeVar("E", bound=Enum)


class TrackerForm(FlaskForm):
    """Refuse control characters in every field, and let a failed write show the form again."""

    def validate(self, extra_validators=None) -> bool:
        """Refuse control characters first; only text free of them reaches the other checks."""
        if has_request_context():
            # The page for a failed write shows this form again, with what was typed in it.
            g.submitted_form = self
        refused = {field.name: problem for field in self if (problem := _control_problem(field))}
        if not refused:
            return super().validate(extra_validators)
        self._errors = None
        for field in self:
            field.errors = [refused[field.name]] if field.name in refused else []
        return False


def _control_problem(field: Field) -> str | None:
    """Check what the field will keep: its text, or what was typed when it keeps something else."""
    texts = [field.data] if isinstance(field.data, str) else field.raw_data or []
    multiline = isinstance(field, TextAreaField)
    name = field.label.text if field.label else field.name
    for text in texts:
        if isinstance(text, str):
            problem = control_character_problem(name, text, multiline=multiline)
            if problem:
                return problem
    return None


class DateInputField(Field):
    """Read a date from day, month and year boxes; all three empty means no date."""

    widget = GovDateInput()

    def __init__(self, label: str | None = None, validators=None, *, error_name: str, **kwargs):
        """Name the date as error messages should, e.g. 'The as-at date'."""
        super().__init__(label, validators, **kwargs)
        self.error_name = error_name

    def process_formdata(self, valuelist: list[str]) -> None:
        """Parse the three boxes, keeping what was typed for showing again."""
        if len(valuelist) != 3:
            # The widget needs all three boxes or none; a missing field shows as empty boxes.
            self.raw_data = None
            self.data = None
            return
        self.data, message = parse_date_parts(*valuelist, name=self.error_name)
        if message:
            raise ValueError(message)

    def _value(self) -> str:
        return self.data.isoformat() if self.data else ""


class Checked:
    """Refuse the field's text when a domain check finds a problem, showing its message."""

    def __init__(self, problem: Callable[[str], str | None]):
        self.problem = problem

    def __call__(self, form: FlaskForm, field: Field) -> None:
        message = self.problem(field.data or "")
        if message:
            raise ValidationError(message)


class WithinLimit(Checked):
    """Refuse text longer than its field's limit, saying the limit as the importer does."""

    def __init__(self, limit: TextLimit):
        super().__init__(limit.problem)


class InRange:
    """Refuse a number outside minimum to maximum, inclusive; the widget is told both bounds."""

    def __init__(
        self, minimum: float | None = None, maximum: float | None = None, message: str | None = None
    ):
        self.minimum = minimum
        self.maximum = maximum
        self.message = message
        self.field_flags = {
            flag: bound for flag, bound in (("min", minimum), ("max", maximum)) if bound is not None
        }

    def __call__(self, form: FlaskForm, field: Field) -> None:
        message = number_range_problem(field.data, self.minimum, self.maximum, message=self.message)
        if message:
            raise ValidationError(message)


def enum_or_none(enum_class: type[E]) -> Callable[[object], E | None]:
    """Return a coerce function that turns a submitted value into a member, or None."""

    def coerce(value: object) -> E | None:
        if value is None or isinstance(value, enum_class):
            return value
        try:
            return enum_class(value)
        except ValueError:
            return None

    return coerce


def error_summary_items(form: FlaskForm) -> list[dict[str, str]]:
    """Return the error summary's entries, each linking to the first box of its field."""
    items = []
    for field in form:
        if not field.errors:
            continue
        target = f"{field.id}-day" if isinstance(field, DateInputField) else field.id
        items.append({"text": field.errors[0], "href": f"#{target}"})
    return items
