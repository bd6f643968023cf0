"""Forms of the import steps, one select per column of the file and per unknown status word."""

from __future__ import annotations

from collections.abc import Sequence

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Optional

from tracker.admin.forms import Given, WholeNumberField
from tracker.domain.enums import Completion
from tracker.domain.import_mapping import EXTRA, IGNORE, FoundStatusWord
from tracker.domain.status_key import StatusColour, StatusKey
from tracker.domain.status_key_input import new_entry_label
from tracker.form_fields import InRange, TrackerForm, enum_or_none
from tracker.services.import_wizard import FIELD_NAMES, ColumnChoice, NewStatusEntry

NEW_ENTRY = "new"
FIELD_CHOICES = [
    *(SelectChoice(name, name) for name in FIELD_NAMES),
    SelectChoice(EXTRA, "Keep as an extra column"),
    SelectChoice(IGNORE, "Ignore"),
]
COLOUR_CHOICES = [SelectChoice(colour.value, colour.label) for colour in StatusColour]
DAY_FIRST = "day"
DATE_ORDERS = [
    SelectChoice(DAY_FIRST, "Day first, as in the UK: 01/02/2017 is 1 February 2017"),
    SelectChoice("month", "Month first: 01/02/2017 is 2 January 2017"),
]
COMPLETION_CHOICES = [SelectChoice(completion.value, completion.label) for completion in Completion]


class ColumnsForm(TrackerForm):
    """The header row, the title row, and a field for every column (added per file)."""

    header_row = WholeNumberField(
        "Header row",
        [Given("Enter the number of the row that holds the headers"), InRange(1)],
        error_name="The header row",
        description="The number of the row that holds the column headers",
    )
    title_row = WholeNumberField(
        "Title row",
        [Optional(), InRange(1)],
        error_name="The title row",
        description="The number of the row that holds the plan's title; leave it empty if none",
    )
    date_order = RadioField(
        "How dates written with numbers only are read",
        choices=DATE_ORDERS,
        validators=[InputRequired("Choose how dates such as 01/02/2017 are read")],
        widget=GovRadioInput(),
    )


def column_field_name(column: ColumnChoice) -> str:
    """Name the select of one column of the file."""
    return f"column_{column.index}"


def columns_form(columns: Sequence[ColumnChoice], row_count: int, **kwargs) -> ColumnsForm:
    """Build the columns form for this file's headers, each select showing the field chosen."""
    fields = {
        column_field_name(column): SelectField(
            f"Column {column.letter}: {column.header}",
            choices=FIELD_CHOICES,
            default=column.place,
            description=f"For example: {column.example}" if column.example else "",
            widget=GovSelect(),
        )
        for column in columns
    }
    form_class = type("FileColumnsForm", (ColumnsForm,), fields)
    form = form_class(**kwargs)
    form.header_row.validators[1] = InRange(
        1, row_count, f"The header row must be a row of the file, 1 to {row_count}"
    )
    form.title_row.validators[1] = InRange(
        1, row_count, f"The title row must be a row of the file, 1 to {row_count}"
    )
    return form


def word_field_names(position: int) -> dict[str, str]:
    """Name the fields of one unknown status word: its entry and the new entry's details."""
    return {
        "entry": f"word_{position}",
        "label": f"label_{position}",
        "colour": f"colour_{position}",
        "completion": f"completion_{position}",
        "exception": f"exception_{position}",
    }


def status_words_form(words: Sequence[FoundStatusWord], key: StatusKey, **kwargs) -> TrackerForm:
    """Build a form asking, for each word the key lacks, which entry it means or what to add."""
    entry_choices = [
        SelectChoice("", "Choose an entry"),
        *(
            SelectChoice(entry.label, f"{entry.label} ({entry.colour.label})")
            for entry in key.entries
        ),
        SelectChoice(NEW_ENTRY, "Add it to the key as a new entry"),
    ]
    fields = {}
    for position, word in enumerate(words):
        names = word_field_names(position)
        fields[names["entry"]] = SelectField(
            f"Key entry '{word.word}' means",
            choices=entry_choices,
            validate_choice=False,
            widget=GovSelect(),
        )
        fields[names["label"]] = StringField(
            "Label of the new entry",
            default=word.word,
            widget=GovTextInput(),
            render_kw={"params": {"classes": "govuk-input--width-20"}},
        )
        fields[names["colour"]] = SelectField(
            "Colour of the new entry",
            choices=COLOUR_CHOICES,
            validate_choice=False,
            widget=GovSelect(),
        )
        fields[names["completion"]] = SelectField(
            "Completion status it means when the file has no completion column",
            choices=COMPLETION_CHOICES,
            default=Completion.NOT_COMPLETED.value,
            validate_choice=False,
            widget=GovSelect(),
        )
        fields[names["exception"]] = BooleanField(
            "Counts as an exception (shown in the exception report and the red-actions list)",
            widget=GovCheckboxInput(),
        )
    form_class = type("StatusWordsForm", (TrackerForm,), fields)
    return form_class(**kwargs)


def read_word_choices(
    form: TrackerForm, words: Sequence[FoundStatusWord], key: StatusKey
) -> tuple[dict[str, str], dict[str, NewStatusEntry]]:
    """Check each unknown word's answer; return the words assigned and the new entries."""
    # The new entry's fields are checked only for a word added as a new entry, so their
    # selects do not refuse a value by themselves.
    assigned: dict[str, str] = {}
    added: dict[str, NewStatusEntry] = {}
    for position, word in enumerate(words):
        names = word_field_names(position)
        choice = form[names["entry"]]
        if choice.data != NEW_ENTRY and (not choice.data or key.entry_named(choice.data) is None):
            choice.errors = [
                f"Choose the entry of the key that '{word.word}' means, or add it as a new entry"
            ]
        elif choice.data == NEW_ENTRY:
            label_field = form[names["label"]]
            label, message = new_entry_label(label_field.data or "", word=word.word)
            if label is None:
                label_field.errors = [message]
            else:
                added[word.word] = NewStatusEntry(
                    label,
                    enum_or_none(StatusColour)(form[names["colour"]].data) or StatusColour.NONE,
                    enum_or_none(Completion)(form[names["completion"]].data)
                    or Completion.NOT_KNOWN,
                    bool(form[names["exception"]].data),
                )
        else:
            assigned[word.word] = choice.data
    return assigned, added
