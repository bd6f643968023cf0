"""Forms of the admin area, rendered with the GOV.UK widgets."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional, StopValidation, ValidationError

from tracker.domain import text_limits as limits
from tracker.domain.as_at import MAX_CUT_OFF_WORKING_DAYS
from tracker.domain.cells import theme_number_problem
from tracker.domain.enums import Completion, Role
from tracker.domain.field_values import (
    email_problem,
    file_size_problem,
    parse_whole_number,
    reserved_slug_problem,
    slug_problem,
)
from tracker.domain.indicator_reminders import MAX_READING_DUE_WORKING_DAYS
from tracker.domain.reminders import MAX_REPEAT_WORKING_DAYS
from tracker.domain.risk_dates import RiskStatus
from tracker.domain.single_line import single_line
from tracker.domain.status_key import StatusColour, StatusKeyEntry
from tracker.domain.status_key_input import status_words
from tracker.form_fields import Checked, DateInputField, InRange, TrackerForm, WithinLimit
from tracker.web_input import MAX_ID

CADENCES = [SelectChoice("monthly", "Monthly"), SelectChoice("quarterly", "Quarterly")]
ROLES = [
    SelectChoice(
        Role.ADMIN.value, "Administrator: changes everything, including plans and accounts"
    ),
    SelectChoice(Role.LEAD.value, "Action lead: updates the actions they lead"),
    SelectChoice(Role.PANEL.value, "Panel member: reads every plan and report, changes nothing"),
]


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _one_line(value: object) -> object:
    return single_line(value) if isinstance(value, str) else value


def options(pairs: Iterable[tuple[object, str]], empty: str | None = None) -> list[SelectChoice]:
    """Return a select's options from (value, label) pairs, after an empty choice if named."""
    first = [SelectChoice("", empty)] if empty else []
    return first + [SelectChoice(str(value), label) for value, label in pairs]


def optional_int(value: str | int | None) -> int | None:
    """Read a select's value as an id, with an empty choice meaning none."""
    if value is None or value == "":
        return None
    number = int(value)
    if not 0 <= number <= MAX_ID:
        # No row has such an id; the select says the choice is not valid.
        raise ValueError(value)
    return number


class Given:
    """Require a value once parsed (0 and False count as given, unlike DataRequired)."""

    def __init__(self, message: str):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.process_errors:
            # What was typed could not be read; that message already says what to fix.
            raise StopValidation()
        if field.data is None or field.data == "":
            raise StopValidation(self.message)


def _text(label: str, validators=(), **kwargs) -> StringField:
    """Return a one-line text field that trims what is typed and turns line breaks into spaces."""
    return StringField(
        label, validators=list(validators), widget=GovTextInput(), filters=[_one_line], **kwargs
    )


def _textarea(label: str, validators=(), rows: int = 4, **kwargs) -> TextAreaField:
    """Return a multi-line text field that trims what is typed."""
    return TextAreaField(
        label,
        validators=list(validators),
        widget=GovTextArea(),
        filters=[_strip],
        render_kw={"params": {"rows": rows}},
        **kwargs,
    )


class _TypedTextField(Field):
    """Read a value typed into a narrow text box with the domain reader its subclass names."""

    widget = GovTextInput()
    width_class = ""
    # The domain function that reads the text: (text, name=...) -> (value or None, message).
    reader: ClassVar[Callable[..., tuple[Any, str]]]

    def __init__(self, label: str | None = None, validators=None, *, error_name: str, **kwargs):
        """Name the value as error messages should, e.g. 'The band number'."""
        kwargs.setdefault("render_kw", {"params": {"classes": self.width_class}})
        super().__init__(label, validators, **kwargs)
        self.error_name = error_name

    def process_formdata(self, valuelist: list[str]) -> None:
        """Read what was typed; an empty box means no value."""
        self.data, message = self.reader(valuelist[0] if valuelist else "", name=self.error_name)
        if message:
            raise ValueError(message)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else self.show(self.data)

    def show(self, value: Any) -> str:
        """Return a stored value as it is typed."""
        return str(value)


class WholeNumberField(_TypedTextField):
    """Read a whole number typed into a narrow text box."""

    width_class = "govuk-input--width-3"
    data: int | None
    reader = staticmethod(parse_whole_number)


def _select(label: str, message: str | None = None, **kwargs) -> SelectField:
    validators = [Given(message)] if message else []
    return SelectField(
        label, coerce=optional_int, validators=validators, widget=GovSelect(), **kwargs
    )


def _radios(label: str, choices: list[SelectChoice], message: str) -> RadioField:
    return RadioField(
        label, choices=choices, validators=[InputRequired(message)], widget=GovRadioInput()
    )


class PlanForm(TrackerForm):
    """A plan's title, owner, cadence and reminder settings."""

    title = _text(
        "Title",
        [InputRequired("Enter the plan's title"), WithinLimit(limits.PLAN_TITLE)],
        description="For example, Children and Young People's Services Improvement Plan 2009/10",
    )
    slug = _text(
        "Short name for web addresses",
        [
            InputRequired("Enter a short name"),
            Checked(slug_problem),
            Checked(reserved_slug_problem),
        ],
        description="Lower-case letters, digits and hyphens, for example childrens-plan",
    )
    owner = _text(
        "Owner",
        [WithinLimit(limits.PLAN_OWNER)],
        description="As the plan names them, for example Strategic Director, CYPS",
    )
    owner_person_id = _select(
        "Person who receives escalation emails",
        description="Overdue actions are escalated to this person once a week",
    )
    reporting_cadence = _radios(
        "How often the plan reports", CADENCES, "Choose how often the plan reports"
    )
    due_soon_working_days = WholeNumberField(
        "Working days before a target date to send a 'due soon' reminder",
        [Given("Enter the number of working days for 'due soon'"), InRange(0, 60)],
        error_name="The 'due soon' working days",
    )
    escalation_working_days = WholeNumberField(
        "Working days overdue before an action is escalated to the owner",
        [Given("Enter the number of working days before escalation"), InRange(1, 120)],
        error_name="The escalation working days",
    )
    reminder_repeat_working_days = WholeNumberField(
        "Working days before an overdue action is listed again in its lead's reminder",
        [
            Given("Enter the number of working days before an overdue action is repeated"),
            InRange(1, MAX_REPEAT_WORKING_DAYS),
        ],
        error_name="The repeat working days",
        description="An overdue action is listed on its first working day overdue, then once "
        "every this many working days, and not within this many working days of its last update",
    )
    report_cut_off_working_days = WholeNumberField(
        "Working days after a month's end that its highlight report is as at",
        [
            Given("Enter the number of working days after the month's end"),
            InRange(0, MAX_CUT_OFF_WORKING_DAYS),
        ],
        error_name="The report cut-off working days",
        description="The report's usual cut-off date: 0 is the month's last day; 1 is the "
        "first working day of the next month, when updates are collected in its first days",
    )
    reading_due_working_days = WholeNumberField(
        "Chase indicator readings after this many working days",
        [
            Given("Enter the number of working days before a missing reading is chased"),
            InRange(0, MAX_READING_DUE_WORKING_DAYS),
        ],
        error_name="The reading working days",
        description="An indicator's reading for a month, quarter or year goes into its owner's "
        "reminder once this many working days have passed after the period ends without one",
    )
    revised_dates_need_approval = BooleanField(
        "New target dates need approval by the person above or an administrator",
        widget=GovCheckboxInput(),
        description="Untick to let administrators set new target dates directly; every change "
        "is kept with the baseline date all the same",
    )
    sign_off_required = BooleanField(
        "Completed actions need sign-off",
        widget=GovCheckboxInput(),
        description="A lead's Completed waits as 'Completed – awaiting sign-off', counted as "
        "partially completed, until the person above or an administrator signs it off",
    )
    panel_may_sign_off = BooleanField("Panel members may sign off too", widget=GovCheckboxInput())


class BandForm(TrackerForm):
    """A priority band's number, wording and date window."""

    number = WholeNumberField(
        "Priority number",
        [Given("Enter the priority number"), InRange(1, 99)],
        error_name="The priority number",
    )
    label = _text(
        "Wording",
        [WithinLimit(limits.BAND_LABEL)],
        description="As the plan words it, for example 'to be completed by October 2009'",
    )
    window_start = DateInputField(
        "Window starts", error_name="The window start", description="For example, 1 11 2009"
    )
    window_end = DateInputField(
        "Window ends", error_name="The window end", description="For example, 31 12 2009"
    )


class StatusEntryForm(TrackerForm):
    """One entry of a plan's status key: label, colour, completion, exception and words."""

    label = _text(
        "Label",
        [Given("Enter the label"), WithinLimit(limits.STATUS_LABEL)],
        description="As the plan prints the status, for example 'On track'",
    )
    colour = _radios(
        "Colour",
        [SelectChoice(colour.value, colour.label) for colour in StatusColour],
        "Select the colour",
    )
    completion = _radios(
        "Completion status it implies",
        [SelectChoice(completion.value, completion.label) for completion in Completion],
        "Select the completion status it implies",
    )
    exception = BooleanField(
        "Counts as an exception: listed in the exception report and the highlight report's "
        "red-rated actions",
        widget=GovCheckboxInput(),
    )
    words = _textarea(
        "Words that mean it",
        [WithinLimit(limits.STATUS_WORDS)],
        description="One a line, as plan files write them, for example Green or G. The label "
        "always counts; case and spacing are ignored.",
    )
    signed_off = BooleanField(
        "Shown for signed-off actions, for example 'Complete & assured' in blue, where the plan "
        "asks for sign-off",
        widget=GovCheckboxInput(),
    )

    # The label of the entry being changed when the form was opened, to find it again.
    was = HiddenField()

    def entry(self) -> StatusKeyEntry:
        """Return the entry as filled in."""
        return StatusKeyEntry(
            label=self.label.data,
            colour=StatusColour(self.colour.data),
            completion=Completion(self.completion.data),
            exception=bool(self.exception.data),
            words=status_words(self.words.data or ""),
            signed_off=bool(self.signed_off.data),
        )

    @classmethod
    def data_of(cls, entry: StatusKeyEntry) -> dict[str, object]:
        """Return an entry's values as the form's starting data."""
        return {
            "was": entry.label,
            "label": entry.label,
            "colour": entry.colour.value,
            "completion": entry.completion.value,
            "exception": entry.exception,
            "words": "\n".join(entry.words),
            "signed_off": entry.signed_off,
        }


class ThemeForm(TrackerForm):
    """A theme's number and title."""

    number = WholeNumberField(
        "Theme number",
        [Given("Enter the theme number")],
        error_name="The theme number",
    )
    title = _text(
        "Title", [InputRequired("Enter the theme's title"), WithinLimit(limits.THEME_TITLE)]
    )

    def validate_number(self, field: WholeNumberField) -> None:
        """Accept the theme numbers an import accepts, 0 included."""
        problem = theme_number_problem(field.data)
        if problem:
            raise ValidationError(problem)


class ObjectiveForm(TrackerForm):
    """An objective's theme and wording."""

    theme_id = _select("Theme", "Choose a theme")
    text = _textarea(
        "Objective", [InputRequired("Enter the objective"), WithinLimit(limits.OBJECTIVE)], rows=3
    )


class ActionForm(TrackerForm):
    """A key action's place in the plan, target date, leads and measures."""

    ref = _text(
        "Reference",
        [WithinLimit(limits.ACTION_REF)],
        description="Optional, for example 1.02",
        render_kw={"params": {"classes": "govuk-input--width-10"}},
    )
    text = _textarea(
        "Key action",
        [InputRequired("Enter the key action"), WithinLimit(limits.ACTION_TEXT)],
        rows=3,
    )
    short_title = _text(
        "Short title",
        [WithinLimit(limits.SHORT_TITLE)],
        description="Optional: how the highlight report's summary boxes list the action, after "
        "its reference. Left blank, they list the key action's first words.",
    )
    objective_id = _select("Objective", "Choose an objective")
    band_id = _select("Priority band")
    target_date_text = _text(
        "Target date, as written",
        [WithinLimit(limits.TARGET_DATE_TEXT)],
        description="For example 'March 2011', 'mid Sept 2010', "
        "'August } Sept } 30th Nov 2010 deadline' or 'Quarterly'",
    )
    # Only on the edit form of an action with status updates; the view removes it elsewhere.
    target_date_reason = _textarea(
        "Reason for the new target date",
        [WithinLimit(limits.REVISION_REASON)],
        rows=2,
        description="Needed if you change the target date: this action has status updates, so "
        "the new date is recorded as a revision and past reports keep the old one.",
    )
    lead_text = _text(
        "Leads",
        [WithinLimit(limits.LEAD_TEXT), Checked(limits.lead_names_problem)],
        description="Separate people with ' / ', ';' or 'and', for example 'Deb Johnson and "
        "Warren Carratt'. People not known yet are added.",
    )
    baseline = _textarea("Baseline", [WithinLimit(limits.BASELINE)], rows=2)
    targets = _textarea(
        "Targets",
        [WithinLimit(limits.TARGETS)],
        rows=2,
        description="For example, 65% March 2010 68% October 2010",
    )
    workstreams = _text("Lead workstreams", [WithinLimit(limits.WORKSTREAMS)])
    # The view gives the plan's live recommendations as choices, or removes it if there are none.
    recommendation_ids = SelectMultipleField(
        "Recommendations this action answers",
        coerce=int,
        choices=[],
        widget=GovCheckboxesInput(),
        description="Optional: tick each recommendation this action answers.",
    )
    version = HiddenField()

    def validate_version(self, field: HiddenField) -> None:
        """Refuse a form that lost the version it was opened at."""
        if not str(field.data or "").isdigit():
            raise ValidationError("Open the form again: the action's version is missing")


def action_form_with_extras(headers: list[str]) -> type[ActionForm]:
    """Return the action form with a text box for each extra column, labelled with its header."""
    boxes = {
        extra_field_name(index): _textarea(
            header, [WithinLimit(limits.TextLimit(header, limits.EXTRA_TEXT.maximum))], rows=2
        )
        for index, header in enumerate(headers)
    }
    return type("ActionWithExtrasForm", (ActionForm,), boxes)


def extra_field_name(index: int) -> str:
    """Name the form field of the extra column at this place in the list of headers."""
    return f"extra_{index}"


class PersonForm(TrackerForm):
    """A person's name, email and reminder settings."""

    name = _text(
        "Name", [InputRequired("Enter the person's name"), WithinLimit(limits.PERSON_NAME)]
    )
    email = _text(
        "Email address",
        [
            Optional(),
            WithinLimit(limits.EMAIL),
            Checked(email_problem),
        ],
        description="Reminders go to this address",
    )
    due_soon_opt_out = BooleanField(
        "Do not send this person 'due soon' reminders", widget=GovCheckboxInput()
    )
    active = BooleanField(
        "Active: can lead actions and receive reminders", widget=GovCheckboxInput()
    )


class NewPersonForm(PersonForm):
    """A new person's details and the organisation whose plans they lead actions in."""

    organisation_id = _select(
        "Organisation",
        description="People are matched to the leads of the plans of their organisation",
    )


class OrganisationForm(TrackerForm):
    """The organisation a plan belongs to: one already named, or a new one."""

    organisation_id = _select(
        "Organisation",
        "Choose the organisation",
        description="The council or trust whose plan this is",
    )
    new_organisation = _text(
        "Or add an organisation",
        [WithinLimit(limits.ORGANISATION_NAME)],
        description="Its name, for example Rotherham Metropolitan Borough Council",
    )


class KeepLeadWholeForm(TrackerForm):
    """The Lead text, as the administrator saw it, to keep as one lead."""

    lead_text = HiddenField()


class NewAccountForm(TrackerForm):
    """Choose a person, their sign-in email address and role."""

    person_id = _select("Person", "Choose the person the account is for")
    email = _text(
        "Sign-in email address",
        [
            InputRequired("Enter the email address"),
            WithinLimit(limits.EMAIL),
            Checked(email_problem),
        ],
    )
    role = _radios("Role", ROLES, "Choose a role")


class RoleForm(TrackerForm):
    """Choose an account's role."""

    role = _radios("Role", ROLES, "Choose a role")


class RiskForm(TrackerForm):
    """A risk or issue with its mitigation, owner, status and dates."""

    description = _textarea(
        "Risk or issue",
        [InputRequired("Describe the risk or issue"), WithinLimit(limits.RISK_DESCRIPTION)],
    )
    likelihood = _text(
        "Likelihood", [WithinLimit(limits.RISK_LIKELIHOOD)], description="For example, High"
    )
    consequences = _textarea("Consequences", [WithinLimit(limits.RISK_CONSEQUENCES)], rows=3)
    mitigation = _textarea("Mitigation", [WithinLimit(limits.RISK_MITIGATION)], rows=3)
    owner = _text("Owner", [WithinLimit(limits.RISK_OWNER)])
    status = _radios(
        "Status",
        [SelectChoice(status.value, status.label) for status in RiskStatus],
        "Choose a status",
    )
    raised_on = DateInputField(
        "Date raised",
        [Given("Enter the date the risk was raised")],
        error_name="The date raised",
        description="For example, 27 3 2010",
    )
    closed_on = DateInputField(
        "Date closed",
        error_name="The date closed",
        description="Only for a closed risk; leave it empty to close it today",
    )


class AchievementForm(TrackerForm):
    """An achievement and the date it was reported."""

    text = _textarea(
        "Achievement",
        [InputRequired("Describe the achievement"), WithinLimit(limits.ACHIEVEMENT)],
        rows=3,
    )
    achieved_on = DateInputField(
        "Date",
        [Given("Enter the date of the achievement")],
        error_name="The date",
        description="For example, 20 8 2010",
    )


def _small_enough(form: FlaskForm, field: FileField) -> None:
    upload = field.data
    if upload is None:
        return
    upload.stream.seek(0, 2)
    size = upload.stream.tell()
    upload.stream.seek(0)
    message = file_size_problem(size, current_app.config["IMPORT_MAX_BYTES"])
    if message:
        raise ValidationError(message)


class ImportForm(TrackerForm):
    """Choose a plan file, the plan it goes into and the date it reports as at."""

    file = FileField(
        "Plan file",
        validators=[
            FileRequired("Choose a .xlsx or .csv file"),
            FileAllowed(["xlsx", "csv"], "The file must be a .xlsx or .csv file"),
            _small_enough,
        ],
        widget=GovFileInput(),
        description="A .xlsx or .csv table in the council layout, one row per key action",
    )
    slug = _text(
        "Short name of the plan",
        [InputRequired("Enter the plan's short name"), Checked(slug_problem)],
        description="An existing plan's short name to add a snapshot to it, or a new one",
    )
    title = _text(
        "Title for a new plan",
        [WithinLimit(limits.PLAN_TITLE)],
        description="Leave it empty to use the file's title row",
    )
    as_at = DateInputField(
        "Date the file reports as at",
        [Given("Enter the date the file reports as at")],
        error_name="The as-at date",
        description="For example, 30 3 2011",
    )


class MergePeopleForm(TrackerForm):
    """Choose the person to merge with and which of the two to keep."""

    other_id = _select("Merge with", "Choose the person to merge with")
    keep = _radios("Which person to keep", [], "Choose which person to keep")


class ConfirmMergeForm(TrackerForm):
    """Confirm a merge shown on the page; the form carries only its CSRF token."""
