"""Forms for administering a plan's indicators, rendered with the GOV.UK widgets."""

from __future__ import annotations

from enum import Enum
from typing import Any, cast

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired

from tracker.admin.forms import Given, WholeNumberField, optional_int, options
from tracker.domain.indicator_terms import (
    MAX_MONTHS_IN_ARREARS,
    BenchmarkKind,
    Frequency,
    Polarity,
    RagMethod,
    RagOn,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.domain.text_limits import TextLimit
from tracker.form_fields import DateInputField, InRange, TrackerForm, WithinLimit, enum_or_none

INDICATOR_REF = TextLimit("Ref", 40)
INDICATOR_TITLE = TextLimit("Indicator", 2_000)
INDICATOR_THEME = TextLimit("Scorecard section", 300)
INDICATOR_NOTES = TextLimit("Notes", 5_000)
BAND_TEXT = TextLimit("A band", 200)
TARGET_TEXT = TextLimit("Target", 300)
BENCHMARK_PERIOD = TextLimit("Period", 100)


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


# Far more indicators than any scorecard holds, and well inside every database's integer.
MAX_POSITION = 9999


def _enum_select(label: str, enum_class: type[Enum], message: str, **kwargs) -> SelectField:
    """Return a select of an enum's members by their scorecard wording."""
    return SelectField(
        label,
        choices=[SelectChoice(member.value, cast(Any, member).label) for member in enum_class],
        coerce=enum_or_none(enum_class),
        validators=[Given(message)],
        widget=GovSelect(),
        **kwargs,
    )


def _line(label: str, limit: TextLimit, required: str | None = None, **kwargs) -> StringField:
    validators = [InputRequired(required)] if required else []
    return StringField(
        label,
        validators=[*validators, WithinLimit(limit)],
        widget=GovTextInput(),
        filters=[_strip],
        **kwargs,
    )


class IndicatorForm(TrackerForm):
    """An indicator's ref, title, section, unit, polarity, frequency, year, methods and owner."""

    ref = _line("Ref", INDICATOR_REF, "Enter the indicator's ref", description="For example NI 59")
    title = TextAreaField(
        "Indicator",
        validators=[
            InputRequired("Enter what the indicator measures"),
            WithinLimit(INDICATOR_TITLE),
        ],
        widget=GovTextArea(),
        filters=[_strip],
    )
    theme = _line(
        "Scorecard section",
        INDICATOR_THEME,
        description="The heading it sits under on the scorecard, for example Early Help",
    )
    position = WholeNumberField(
        "Position on the scorecard", [InRange(0, MAX_POSITION)], error_name="The position"
    )
    unit = _enum_select("Unit", Unit, "Choose the unit")
    polarity = _enum_select("Good performance is", Polarity, "Choose what good performance is")
    frequency = _enum_select("Frequency", Frequency, "Choose how often it is read")
    year_basis = _enum_select("Year", YearBasis, "Choose the year it runs over")
    ytd_method = _enum_select("Year to date", YtdMethod, "Choose how year to date is formed")
    rag_method = _enum_select("RAG", RagMethod, "Choose how its RAG is decided")
    rag_on = _enum_select(
        "RAG rates",
        RagOn,
        "Choose what its RAG rates",
        description="The year to date where the scorecard writes RAG: YTD",
    )
    months_in_arrears = WholeNumberField(
        "Months in arrears",
        [
            Given("Enter the number of months in arrears, 0 if none"),
            InRange(
                0,
                MAX_MONTHS_IN_ARREARS,
                message=f"Enter a number of months in arrears from 0 to {MAX_MONTHS_IN_ARREARS}",
            ),
        ],
        error_name="The months in arrears",
        description="Where the scorecard rates last month's figure in this month's column, 1",
    )
    owner_person_id = SelectField(
        "Owner",
        coerce=optional_int,
        widget=GovSelect(),
        description="The person who records its readings",
    )
    notes = TextAreaField(
        "Notes", validators=[WithinLimit(INDICATOR_NOTES)], widget=GovTextArea(), filters=[_strip]
    )

    def offer_people(self, people: list[tuple[int, str]]) -> None:
        """Offer these people as owner, after a choice of no one."""
        self.owner_person_id.choices = options(people, "No one")

    def values(self) -> dict[str, object]:
        """Return the indicator's fields as submitted."""
        values: dict[str, object] = {
            name: self[name].data
            for name in (
                "ref",
                "title",
                "theme",
                "unit",
                "polarity",
                "frequency",
                "year_basis",
                "ytd_method",
                "rag_method",
                "rag_on",
                "months_in_arrears",
                "owner_person_id",
                "notes",
            )
        }
        values["theme"] = values["theme"] or ""
        values["notes"] = values["notes"] or ""
        values["position"] = self.position.data or 0
        return values


class ToleranceForm(TrackerForm):
    """A year's red, amber and green bands, as the paper writes them."""

    year_of = DateInputField(
        "A day in the year the bands apply to",
        error_name="The day in the year",
        description="The year runs on the indicator's year basis. For example, 1 4 2016",
        validators=[Given("Enter a day in the year the bands apply to")],
    )
    red = _line("Red", BAND_TEXT, description="For example <90% or 12%+")
    amber = _line("Amber", BAND_TEXT, description="For example >90% <100% or 90%>")
    green = _line("Green", BAND_TEXT, description="For example 100%, 95%+ or 9.6%<")


class TargetForm(TrackerForm):
    """A target figure and the period it applies to."""

    value = _line(
        "Target",
        TARGET_TEXT,
        "Enter the target",
        description="As written, for example 65% or 8.4%",
    )
    applies_from = DateInputField(
        "Applies from (optional)",
        error_name="The date it applies from",
        description="Leave empty for a staged target that follows the one before it",
    )
    applies_until = DateInputField(
        "Applies until",
        error_name="The date it applies until",
        description="For example, 31 3 2010",
        validators=[Given("Enter the date the target applies until")],
    )


class BenchmarkForm(TrackerForm):
    """A comparator figure and the period it refers to."""

    kind = _enum_select("Benchmark", BenchmarkKind, "Choose which benchmark it is")
    value = _line("Figure", TARGET_TEXT, "Enter the figure", description="For example 8.4%")
    period_label = _line(
        "Period it refers to", BENCHMARK_PERIOD, description="As the source names it, e.g. 2014/15"
    )


class LinkForm(TrackerForm):
    """The plan's actions that work towards the indicator."""

    actions = SelectMultipleField(
        "Actions that work towards this indicator",
        coerce=int,
        widget=GovCheckboxesInput(),
        validate_choice=False,
    )

    def offer_actions(self, actions: list[tuple[int, str]]) -> None:
        """Offer these actions as checkboxes."""
        self.actions.choices = [SelectChoice(action_id, label) for action_id, label in actions]
