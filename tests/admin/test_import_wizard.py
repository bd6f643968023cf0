"""The import's steps: columns, status words, preview and import of a plan as it was published."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import make_plan
from tests.table_files import write_xlsx
from tracker.domain.enums import Completion
from tracker.domain.import_mapping import EXTRA
from tracker.domain.status_key import DEFAULT_STATUS_KEY, StatusColour
from tracker.extensions import db
from tracker.models import Action, Plan, StagedImport
from tracker.services import import_wizard
from tracker.services.import_wizard import NewStatusEntry
from tracker.services.tabular import Sheet, TableLimits

TITLE = "Children's Services Improvement Action Tracker"
HEADER = [
    "NOS",
    "What?",
    "Who?",
    "How?",
    "When?",
    "Success measures",
    "Current Status",
    "Outcome – (report for Q1, Q2, Q3, Q4)",
]
ROWS = [
    [
        "1",
        "A stronger front door",
        "Head of Service MASH/ SA",
        "Review MASH thresholds with partners",
        "Jan-19",
        "Fewer re-referrals",
        "Blue",
        "Thresholds agreed in Q1",
    ],
    [
        "2",
        "Better plans for children in need",
        "HoS CIN/CP & PSW",
        "Audit every CIN plan",
        "Sep-18",
        "All plans audited",
        "On Track",
        "Half audited",
    ],
    [
        "3",
        "Assured practice",
        "Head of Performance & Quality Assurance",
        "Publish the QA framework",
        "Spring 2017",
        "Framework published",
        "Off Track",
        "Delayed by staffing",
    ],
    [
        "4",
        "Assured practice",
        "Head of Performance & Quality Assurance",
        "Train every team manager in audit",
        "Sep-18",
        "Managers trained",
        "On Track",
        "Two sessions held",
    ],
]
AS_AT = date(2018, 6, 30)
LIMITS = TableLimits(max_bytes=1_000_000, max_rows=1000, max_columns=100)


def plan_table(statuses: list[str] | None = None) -> list[list[str]]:
    """Return the tracker's rows, title first, with other status words if given."""
    rows = [list(row) for row in ROWS]
    for row, status in zip(rows, statuses or [], strict=False):
        row[6] = status
    return [[TITLE, *[""] * 7], HEADER, *rows]


@pytest.fixture
def tracker_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "Improvement tracker.xlsx", plan_table())


def read(path: Path) -> list[list[str]]:
    return import_wizard.cell_texts(read_sheet(path).rows)


def read_sheet(path: Path) -> Sheet:
    return import_wizard.read_upload(path.read_bytes(), path.name, LIMITS)


def with_status_column(rows: list[list[str]]) -> import_wizard.WizardChoices:
    """Return the guess with Current Status placed as the RAG column, as an administrator does."""
    choices = import_wizard.guess_choices(rows, DEFAULT_STATUS_KEY)
    places = {
        column.index: ("RAG" if column.header == "Current Status" else column.place)
        for column in import_wizard.column_choices(rows, choices)
    }
    return import_wizard.with_columns(choices, places, rows, choices.mapping.title_row)


# The service, step by step.


def test_the_guess_finds_the_header_and_title_rows_and_places_each_header(app, tracker_xlsx):
    rows = read(tracker_xlsx)

    choices = import_wizard.guess_choices(rows, DEFAULT_STATUS_KEY)
    columns = import_wizard.column_choices(rows, choices)

    assert (choices.header_row, choices.mapping.title_row) == (2, 1)
    assert choices.mapping.title == TITLE
    assert [(column.letter, column.header, column.place) for column in columns] == [
        ("A", "NOS", "Ref"),
        ("B", "What?", "Objective"),
        ("C", "Who?", "Lead"),
        ("D", "How?", "Key Actions"),
        ("E", "When?", "Target Date"),
        ("F", "Success measures", "Targets"),
        ("G", "Current Status", "RAG"),
        ("H", "Outcome – (report for Q1, Q2, Q3, Q4)", "Performance Commentary"),
    ]
    assert columns[2].example == "Head of Service MASH/ SA"
    assert not import_wizard.is_standard_layout(choices)


def test_another_header_row_is_read_afresh(app, tracker_xlsx):
    rows = read(tracker_xlsx)

    choices = import_wizard.guess_choices(rows, DEFAULT_STATUS_KEY, header_row=3)

    assert choices.header_row == 3
    assert [column.header for column in import_wizard.column_choices(rows, choices)][:2] == [
        "1",
        "A stronger front door",
    ]


def test_a_field_chosen_twice_or_no_key_actions_is_named_by_column(app, tracker_xlsx):
    rows = read(tracker_xlsx)
    choices = import_wizard.guess_choices(rows, DEFAULT_STATUS_KEY)
    places = {column.index: column.place for column in import_wizard.column_choices(rows, choices)}

    twice = import_wizard.with_columns(choices, {**places, 2: "Ref"}, rows, 1)
    no_action = import_wizard.with_columns(choices, {**places, 3: EXTRA}, rows, 1)

    assert import_wizard.columns_problems(import_wizard.column_choices(rows, twice)) == {
        2: "Column C 'Who?' and column A 'NOS' are both matched to Ref: choose another field "
        "for one of them"
    }
    assert list(
        import_wizard.columns_problems(import_wizard.column_choices(rows, no_action)).values()
    ) == ["No column is matched to Key Actions: choose the column that holds the key actions"]


def test_the_status_words_the_key_lacks_are_listed_once_with_their_counts(app, tracker_xlsx):
    rows = read(tracker_xlsx)
    choices = with_status_column(rows)

    unknown = import_wizard.unknown_words(rows, choices, DEFAULT_STATUS_KEY)

    assert [(word.word, word.count) for word in unknown] == [
        ("Blue", 1),
        ("On Track", 2),
        ("Off Track", 1),
    ]


def test_assigned_words_and_new_entries_make_the_plans_key(app, tracker_xlsx):
    rows = read(tracker_xlsx)
    choices = with_status_column(rows)
    choices.words = {"Blue": "Complete", "Off Track": "Red"}
    choices.new_entries = {
        "On Track": NewStatusEntry("On track", StatusColour.GREEN, Completion.NOT_COMPLETED, False)
    }

    key = import_wizard.chosen_key(DEFAULT_STATUS_KEY, choices)

    assert import_wizard.new_entries_problems(DEFAULT_STATUS_KEY, choices) == {}
    assert key.entry_for_word("Blue").label == "Complete"
    assert key.entry_for_word("off track").label == "Red"
    assert key.entry_for_word("On Track").colour is StatusColour.GREEN
    assert import_wizard.unknown_words(rows, choices, key) == []


def test_a_new_entry_with_a_label_the_key_has_is_refused_naming_the_word(app, tracker_xlsx):
    rows = read(tracker_xlsx)
    choices = with_status_column(rows)
    choices.new_entries = {
        "On Track": NewStatusEntry("Green", StatusColour.GREEN, Completion.NOT_COMPLETED, False)
    }

    problems = import_wizard.new_entries_problems(DEFAULT_STATUS_KEY, choices)

    assert problems == {
        "On Track": "The key already has an entry 'Green': choose it for 'On Track' instead, "
        "or give the new entry another label"
    }


def test_the_preview_reads_each_row_as_it_will_be_stored(app, tracker_xlsx):
    rows = read(tracker_xlsx)
    choices = with_status_column(rows)
    choices.words = {"Blue": "Complete", "On Track": "Green", "Off Track": "Red"}

    parsed = import_wizard.preview(
        read_sheet(tracker_xlsx), choices, DEFAULT_STATUS_KEY, slug="childrens-tracker", as_at=AS_AT
    )

    assert parsed.problems == []
    first, second, third, _ = parsed.rows
    assert (first.ref, first.objective, first.action) == (
        "1",
        "A stronger front door",
        "Review MASH thresholds with partners",
    )
    assert first.target.due == date(2019, 1, 31)
    assert (first.status.label, first.completion) == ("Complete", Completion.COMPLETED)
    assert second.leads == ("HoS CIN/CP & PSW",)
    assert second.status.label == "Green"
    assert third.leads == ("Head of Performance & Quality Assurance",)
    assert third.target.flagged and third.target.reason
    assert third.status.exception


def test_a_saved_mapping_is_used_when_the_headers_are_the_same_and_not_otherwise(
    app, tracker_xlsx, tmp_path
):
    rows = read(tracker_xlsx)
    make_plan(slug="childrens-tracker").import_mapping = with_status_column(rows).mapping.to_json()
    db.session.flush()
    renamed = write_xlsx(
        tmp_path / "renamed.xlsx", [plan_table()[0], [*HEADER[:7], "Outcome"], *ROWS]
    )

    same = import_wizard.choices_from_saved_mapping(rows, "childrens-tracker")
    other = import_wizard.choices_from_saved_mapping(read(renamed), "childrens-tracker")

    assert same is not None and same.columns_confirmed
    assert dict(same.mapping.columns)["Current Status"] == "RAG"
    assert other is None


def test_the_choices_survive_being_kept_with_the_staged_file(app, tracker_xlsx):
    rows = read(tracker_xlsx)
    choices = with_status_column(rows)
    choices.words = {"Blue": "Complete"}
    choices.new_entries = {
        "On Track": NewStatusEntry("On track", StatusColour.GREEN, Completion.NOT_COMPLETED, False)
    }

    again = import_wizard.WizardChoices.from_json(choices.to_json())

    assert again == choices


# The pages.


def _upload(client, path: Path, slug: str = "childrens-tracker"):
    with path.open("rb") as stream:
        return client.post(
            "/admin/import",
            data={
                "file": (stream, path.name),
                "slug": slug,
                "title": "",
                "as_at": ["30", "6", "2018"],
            },
        )


def _page(response) -> str:
    return response.get_data(as_text=True)


def _chosen(page: str) -> dict[str, str]:
    """Return the columns form as a browser would post it: each select at its chosen option."""
    chosen = {}
    for name, options in re.findall(
        r'<select [^>]*name="(column_\d+)"[^>]*>(.*?)</select>', page, re.S
    ):
        chosen[name] = re.search(r'<option value="([^"]*)" selected>', options)[1]
    return chosen


def _walk_to_status_words(client, path: Path, **changes: str):
    """Upload the tracker and confirm its columns with Current Status as the RAG column."""
    uploaded = _upload(client, path)
    assert uploaded.headers["Location"].endswith("/admin/import/columns")
    page = _page(client.get("/admin/import/columns"))
    form = {
        **_chosen(page),
        "column_6": "RAG",
        "header_row": "2",
        "title_row": "1",
        "date_order": "day",
        **changes,
    }
    confirmed = client.post("/admin/import/columns", data=form)
    assert confirmed.headers["Location"].endswith("/admin/import/status-words")
    return client.get("/admin/import/status-words")


def test_the_columns_page_lists_every_header_with_its_field_and_the_title(
    admin_client, tracker_xlsx
):
    _upload(admin_client, tracker_xlsx)

    page = _page(admin_client.get("/admin/import/columns"))

    assert "Column C: Who?" in page
    assert "For example: Head of Service MASH/ SA" in page
    assert "Row 1 reads: Children&#39;s Services Improvement Action Tracker" in page
    assert _chosen(page) == {
        "column_0": "Ref",
        "column_1": "Objective",
        "column_2": "Lead",
        "column_3": "Key Actions",
        "column_4": "Target Date",
        "column_5": "Targets",
        "column_6": "RAG",
        "column_7": "Performance Commentary",
    }


def test_a_field_chosen_twice_is_refused_naming_both_columns_and_keeping_the_choices(
    admin_client, tracker_xlsx
):
    _upload(admin_client, tracker_xlsx)
    form = {**_chosen(_page(admin_client.get("/admin/import/columns"))), "column_2": "Ref"}

    response = admin_client.post(
        "/admin/import/columns", data={**form, "header_row": "2", "date_order": "day"}
    )
    page = _page(response)

    assert response.status_code == 422
    assert 'href="#column_2"' in page
    assert "Column C &#39;Who?&#39; and column A &#39;NOS&#39; are both matched to Ref" in page
    assert _chosen(page)["column_2"] == "Ref"


def test_a_title_row_below_the_header_row_is_refused(admin_client, tracker_xlsx):
    _upload(admin_client, tracker_xlsx)
    form = _chosen(_page(admin_client.get("/admin/import/columns")))

    response = admin_client.post(
        "/admin/import/columns",
        data={**form, "header_row": "2", "title_row": "4", "date_order": "day"},
    )

    assert response.status_code == 422
    assert "The title row must be above the header row (row 2)" in _page(response)


def test_choosing_another_header_row_reads_its_headers_again(admin_client, tmp_path):
    blank_first = write_xlsx(tmp_path / "t.xlsx", [["Notes", "", "", ""], *plan_table()])
    _upload(admin_client, blank_first)
    form = _chosen(_page(admin_client.get("/admin/import/columns")))

    response = admin_client.post(
        "/admin/import/columns", data={**form, "header_row": "1", "date_order": "day"}
    )
    page = _page(response)

    assert response.status_code == 200
    assert "The headers were read again from row 1" in page
    assert "Column A: Notes" in page


def test_unknown_status_words_must_each_be_placed_and_the_error_names_the_word(
    admin_client, tracker_xlsx
):
    page = _page(_walk_to_status_words(admin_client, tracker_xlsx))
    assert "Not in the key" in page
    assert "&#39;On Track&#39;" in page

    response = admin_client.post(
        "/admin/import/status-words",
        data={"word_0": "Complete", "word_1": "", "word_2": "new", "label_2": ""},
    )
    page = _page(response)

    assert response.status_code == 422
    assert (
        "Choose the entry of the key that &#39;On Track&#39; means, or add it as a new entry"
        in page
    )
    assert "Enter a label for the new entry meaning &#39;Off Track&#39;" in page
    assert re.search(r'<option value="Complete" selected>', page)


def test_the_preview_shows_rows_as_stored_with_leads_dates_and_labelled_statuses(
    admin_client, tracker_xlsx
):
    _walk_to_status_words(admin_client, tracker_xlsx)
    placed = admin_client.post(
        "/admin/import/status-words",
        data={
            "word_0": "Complete",
            "word_1": "new",
            "label_1": "On track",
            "colour_1": "green",
            "completion_1": "not_completed",
            "word_2": "Red",
            "label_2": "Off Track",
            "colour_2": "none",
            "completion_2": "not_completed",
        },
    )
    assert placed.headers["Location"].endswith("/admin/import/preview")

    page = _page(admin_client.get("/admin/import/preview"))

    assert "Check the import" in page
    assert "Columns read by the mapping confirmed on these pages." in page
    assert '<li class="tracker-pre-wrap">HoS CIN/CP &amp; PSW</li>' in page
    assert "31 January 2019" in page
    assert "Spring 2017" in page and "Flagged:" in page
    assert '<strong class="govuk-tag govuk-tag--green">On track</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in page
    assert 'role="region" aria-label="Rows as they will be stored"' in page
    assert db.session.scalar(select(Plan)) is None


def _place_words(client):
    return client.post(
        "/admin/import/status-words",
        data={
            "word_0": "Complete",
            "word_1": "new",
            "label_1": "On track",
            "colour_1": "green",
            "completion_1": "not_completed",
            "word_2": "Red",
        },
    )


def test_importing_keeps_the_mapping_and_key_and_next_months_file_goes_straight_to_preview(
    admin_client, tracker_xlsx, tmp_path
):
    _walk_to_status_words(admin_client, tracker_xlsx)
    _place_words(admin_client)
    imported = admin_client.post("/admin/import/confirm")

    assert imported.headers["Location"].endswith("/admin/plans/childrens-tracker")
    plan = db.session.scalar(select(Plan))
    assert plan.title == TITLE
    assert plan.import_mapping["columns"]["Current Status"] == "RAG"
    assert plan.import_mapping["header_row"] == 2
    assert [entry["label"] for entry in plan.status_key] == [
        "Red",
        "Amber",
        "Green",
        "Complete",
        "On track",
    ]
    statuses = dict(db.session.execute(select(Action.ref, Action.current_status_label)).all())
    assert statuses == {"1": "Complete", "2": "On track", "3": "Red", "4": "On track"}
    assert db.session.scalar(select(func.count()).select_from(StagedImport)) == 0

    next_month = write_xlsx(
        tmp_path / "July tracker.xlsx", plan_table(["Blue", "Blue", "Off Track", "On Track"])
    )
    with next_month.open("rb") as stream:
        checked = admin_client.post(
            "/admin/import",
            data={
                "file": (stream, next_month.name),
                "slug": "childrens-tracker",
                "title": "",
                "as_at": ["31", "7", "2018"],
            },
        )
    page = _page(checked)
    assert checked.status_code == 200
    assert "Check the import" in page
    assert "read as the plan&#39;s saved mapping reads them" in page
    assert 'href="/admin/import/columns">Change the columns' in page
    admin_client.post("/admin/import/confirm")
    statuses = dict(db.session.execute(select(Action.ref, Action.current_status_label)).all())
    assert statuses["2"] == "Complete"


def test_a_file_whose_headers_differ_from_the_saved_mapping_asks_for_its_columns(
    admin_client, tracker_xlsx, tmp_path
):
    _walk_to_status_words(admin_client, tracker_xlsx)
    _place_words(admin_client)
    admin_client.post("/admin/import/confirm")
    renamed = write_xlsx(
        tmp_path / "renamed.xlsx", [plan_table()[0], [*HEADER[:7], "Progress"], *ROWS]
    )

    uploaded = _upload(admin_client, renamed)

    assert uploaded.headers["Location"].endswith("/admin/import/columns")
    assert "Column H: Progress" in _page(admin_client.get("/admin/import/columns"))


def test_the_steps_send_back_to_the_upload_when_no_file_is_waiting(admin_client):
    for url in ("/admin/import/columns", "/admin/import/status-words", "/admin/import/preview"):
        response = admin_client.get(url)
        assert response.headers["Location"].endswith("/admin/import"), url
    assert admin_client.post("/admin/import/confirm").headers["Location"].endswith("/admin/import")


def test_the_preview_cannot_be_reached_before_the_status_words_are_placed(
    admin_client, tracker_xlsx
):
    _walk_to_status_words(admin_client, tracker_xlsx)

    early = admin_client.get("/admin/import/preview")
    confirmed = admin_client.post("/admin/import/confirm")

    assert early.headers["Location"].endswith("/admin/import/status-words")
    assert confirmed.headers["Location"].endswith("/admin/import")
    assert db.session.scalar(select(Plan)) is None


def test_the_preview_shows_extra_columns_and_dates_read_month_first_when_chosen(
    admin_client, tmp_path
):
    table = plan_table(["Green", "Amber", "Red", "Green"])
    table[2][4] = "01/02/2019"
    path = write_xlsx(tmp_path / "numbers.xlsx", table)
    _walk_to_status_words(admin_client, path, column_5="extra", date_order="month")

    page = _page(admin_client.get("/admin/import/preview"))

    assert "2 January 2019" in page
    assert '<dt class="govuk-!-font-weight-bold">Success measures</dt>' in page
    assert '<dd class="govuk-!-margin-left-0">Fewer re-referrals</dd>' in page


def test_the_preview_lists_problems_by_row_and_column_and_offers_no_import(admin_client, tmp_path):
    table = plan_table(["Green", "Amber", "Red", "Green"])
    table[5][0] = "1"
    path = write_xlsx(tmp_path / "repeated.xlsx", table)
    # The guess keeps a column of repeated numbers as extra; the administrator says it is Ref.
    _walk_to_status_words(admin_client, path, column_0="Ref")

    page = _page(admin_client.get("/admin/import/preview"))

    assert "row 6, column A (Ref): Ref &#39;1&#39; is already used on row 3" in page
    assert "Import the file" not in page
    assert 'href="/admin/import/columns">Change the columns' in page


def test_a_header_row_with_no_headers_is_refused_saying_so(admin_client, tmp_path):
    blank_first = write_xlsx(tmp_path / "t.xlsx", [["", "", "", ""], *plan_table()])
    _upload(admin_client, blank_first)
    form = _chosen(_page(admin_client.get("/admin/import/columns")))
    admin_client.post(
        "/admin/import/columns", data={**form, "header_row": "1", "date_order": "day"}
    )

    response = admin_client.post(
        "/admin/import/columns", data={"header_row": "1", "date_order": "day"}
    )

    assert response.status_code == 422
    assert "Row 1 has no headers: enter the number of the row that holds them" in _page(response)


def test_a_plan_whose_stored_status_key_cannot_be_read_is_refused_by_name(
    admin_client, tracker_xlsx
):
    make_plan(slug="childrens-tracker").status_key = [{"label": "Done", "colour": "purple"}]
    db.session.commit()

    response = _upload(admin_client, tracker_xlsx)

    assert response.status_code == 422
    assert "the status key of the plan &#39;childrens-tracker&#39; cannot be read" in _page(
        response
    )
    assert db.session.scalar(select(func.count()).select_from(StagedImport)) == 0


def test_a_new_entrys_label_that_is_another_words_entry_is_refused(app, tracker_xlsx):
    rows = read(tracker_xlsx)
    choices = with_status_column(rows)
    choices.words = {"On Track": "Green"}
    choices.new_entries = {
        "Off Track": NewStatusEntry("On Track", StatusColour.RED, Completion.NOT_COMPLETED, True)
    }

    problems = import_wizard.new_entries_problems(DEFAULT_STATUS_KEY, choices)

    assert problems == {
        "Off Track": "The new entry's label 'On Track' is also a word given to 'Green': "
        "choose one meaning for it"
    }
