import itertools

import pytest

from tracker.domain.cells import CellError
from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.status_key import (
    DEFAULT_STATUS_KEY,
    StatusColour,
    StatusKey,
    StatusKeyEntry,
    StatusKeyError,
    StatusReading,
    entry_problems,
    format_status_cell,
    key_problems,
    parse_key_completion,
    parse_status_colour,
    status_key_from_json,
    with_words,
)

UP, SAME, DOWN = Direction.IMPROVING, Direction.UNCHANGED, Direction.DECLINING
DONE, NOT_DONE, PART, UNKNOWN = (
    Completion.COMPLETED,
    Completion.NOT_COMPLETED,
    Completion.PARTIALLY_COMPLETED,
    Completion.NOT_KNOWN,
)
RED, AMBER, YELLOW, GREEN, BLUE, GREY, NO_COLOUR = (
    StatusColour.RED,
    StatusColour.AMBER,
    StatusColour.YELLOW,
    StatusColour.GREEN,
    StatusColour.BLUE,
    StatusColour.GREY,
    StatusColour.NONE,
)

# The keys of real published plans, written as their mapping files would give them.
BRAG = [
    {"label": "Complete", "colour": "blue", "completion": "Completed", "words": ["Blue", "B"]},
    {"label": "On track", "colour": "green", "completion": "Not completed", "words": ["Green"]},
    {"label": "At risk", "colour": "amber", "completion": "Not completed", "words": ["Amber"]},
    {
        "label": "Off track",
        "colour": "red",
        "completion": "Not completed",
        "exception": True,
        "words": ["Red"],
    },
]
GREEN_IS_COMPLETE = [
    {"label": "Complete", "colour": "green", "completion": "Completed", "words": ["Green"]},
    {"label": "On track", "colour": "amber", "completion": "Not completed", "words": ["Amber"]},
    {"label": "Complete & CSPI", "colour": "blue", "completion": "Completed", "words": ["Blue"]},
    {"label": "Off track", "colour": "red", "exception": True, "words": ["Red"]},
]
DELIVERY = [
    {"label": "Delivered", "colour": "blue", "completion": "Completed"},
    {"label": "On track to deliver", "colour": "green", "completion": "Not completed"},
    {"label": "Some issues", "colour": "amber", "completion": "Not completed"},
    {
        "label": "Not on track to deliver",
        "colour": "red",
        "completion": "Not completed",
        "exception": True,
    },
]
SCHEDULE = [
    {
        "label": "Achieved or On-Target",
        "colour": "green",
        "words": ["Achieved", "On-Target", "On Target"],
    },
    {"label": "Under Control", "colour": "amber", "completion": "Not completed"},
    {"label": "Behind Schedule", "colour": "red", "exception": True},
    {"label": "Pending", "colour": "grey"},
]
PROGRESS = [
    {"label": "Complete", "colour": "green", "completion": "Completed", "words": ["Completed"]},
    {"label": "Ongoing", "colour": "amber", "completion": "Not completed"},
    {"label": "Paused", "colour": "grey", "completion": "Partially completed"},
]
FOUR_COLOURS = [
    {"label": "Red", "colour": "red", "exception": True, "words": ["R"]},
    {"label": "Amber", "colour": "amber", "words": ["A"]},
    {"label": "Yellow", "colour": "yellow", "words": ["Y"]},
    {"label": "Green", "colour": "green", "completion": "Completed", "words": ["G"]},
]
REAL_KEYS = {
    "BRAG": BRAG,
    "Green is complete": GREEN_IS_COMPLETE,
    "delivery": DELIVERY,
    "schedule": SCHEDULE,
    "progress": PROGRESS,
    "four colours": FOUR_COLOURS,
}


def key(name: str) -> StatusKey:
    return status_key_from_json(REAL_KEYS[name])


@pytest.mark.parametrize(
    ("key_name", "text", "label", "colour", "completion", "exception", "direction"),
    [
        ("BRAG", "Blue", "Complete", BLUE, DONE, False, None),
        ("BRAG", "B", "Complete", BLUE, DONE, False, None),
        ("BRAG", "On Track", "On track", GREEN, NOT_DONE, False, None),
        ("BRAG", "↑ Green", "On track", GREEN, NOT_DONE, False, UP),
        ("BRAG", "Amber ↓", "At risk", AMBER, NOT_DONE, False, DOWN),
        ("BRAG", "Off Track", "Off track", RED, NOT_DONE, True, None),
        ("BRAG", "→Red", "Off track", RED, NOT_DONE, True, SAME),
        ("Green is complete", "Green", "Complete", GREEN, DONE, False, None),
        ("Green is complete", "Amber", "On track", AMBER, NOT_DONE, False, None),
        ("Green is complete", "Complete & CSPI", "Complete & CSPI", BLUE, DONE, False, None),
        ("Green is complete", "complete &amp; cspi", "Complete & CSPI", BLUE, DONE, False, None),
        ("Green is complete", "↑ Complete & CSPI", "Complete & CSPI", BLUE, DONE, False, UP),
        ("Green is complete", "Blue", "Complete & CSPI", BLUE, DONE, False, None),
        ("delivery", "Delivered", "Delivered", BLUE, DONE, False, None),
        ("delivery", "On track to deliver", "On track to deliver", GREEN, NOT_DONE, False, None),
        ("delivery", "Some  issues.", "Some issues", AMBER, NOT_DONE, False, None),
        (
            "delivery",
            "NOT ON TRACK TO DELIVER ↓",
            "Not on track to deliver",
            RED,
            NOT_DONE,
            True,
            DOWN,
        ),
        ("schedule", "Achieved", "Achieved or On-Target", GREEN, UNKNOWN, False, None),
        ("schedule", "On-Target", "Achieved or On-Target", GREEN, UNKNOWN, False, None),
        ("schedule", "On Target", "Achieved or On-Target", GREEN, UNKNOWN, False, None),
        ("schedule", "Under Control", "Under Control", AMBER, NOT_DONE, False, None),
        ("schedule", "Behind Schedule", "Behind Schedule", RED, UNKNOWN, True, None),
        ("schedule", "<p>Pending</p>", "Pending", GREY, UNKNOWN, False, None),
        ("progress", "Completed", "Complete", GREEN, DONE, False, None),
        ("progress", "Ongoing", "Ongoing", AMBER, NOT_DONE, False, None),
        ("progress", "Paused", "Paused", GREY, PART, False, None),
        ("four colours", "Yellow", "Yellow", YELLOW, UNKNOWN, False, None),
        ("four colours", "↓ Y", "Yellow", YELLOW, UNKNOWN, False, DOWN),
        ("four colours", "G", "Green", GREEN, DONE, False, None),
        ("four colours", "Red", "Red", RED, UNKNOWN, True, None),
    ],
)
def test_real_keys_read_their_words_with_arrows(
    key_name, text, label, colour, completion, exception, direction
):
    reading = key(key_name).read(text)
    assert reading.direction == direction
    assert reading.entry is not None
    assert (
        reading.entry.label,
        reading.entry.colour,
        reading.entry.completion,
        reading.entry.exception,
    ) == (label, colour, completion, exception)


@pytest.mark.parametrize(
    ("key_name", "text"),
    [
        ("BRAG", "Purple"),
        ("BRAG", "On Track/Off Track"),
        ("Green is complete", "CSPI"),
        ("delivery", "Delivered ↑ issues"),
        ("schedule", "Reprogrammed"),
        ("progress", "↑↓ Ongoing"),
        ("four colours", "Yellow Green"),
    ],
)
def test_a_word_outside_a_real_key_is_refused_naming_the_keys_labels(key_name, text):
    status_key = key(key_name)
    labels = ", ".join(entry.label for entry in status_key.entries)
    with pytest.raises(CellError) as refused:
        status_key.read(text)
    assert str(refused.value) == (
        f"'{text}' is not in the plan's status key ({labels}); assign it to one of them "
        "or add it to the key"
    )


def test_a_label_that_begins_with_a_direction_word_still_reads_with_an_arrow_after_it():
    status_key = StatusKey((StatusKeyEntry("Up to date", GREEN), StatusKeyEntry("Down", RED)))
    assert status_key.read("Up to date ↑") == StatusReading(status_key.entries[0], UP)
    assert status_key.read("Up to date") == StatusReading(status_key.entries[0])
    assert status_key.read("Down") == StatusReading(status_key.entries[1])


# What the plan files read as RAG before plans had keys; the default key reads them the same.
@pytest.mark.parametrize(
    ("text", "rag", "direction"),
    [
        pytest.param("↑ Green", Rag.GREEN, UP, id="paper arrow and space"),
        pytest.param("→ Amber", Rag.AMBER, SAME, id="paper unchanged"),
        pytest.param("↓ Red", Rag.RED, DOWN, id="paper declining"),
        pytest.param("→Amber", Rag.AMBER, SAME, id="paper arrow without space"),
        pytest.param("↑Amber", Rag.AMBER, UP, id="paper improving without space"),
        pytest.param("↑Green", Rag.GREEN, UP, id="paper green without space"),
        pytest.param("↑ Red", Rag.RED, UP, id="paper red improving"),
        pytest.param("<b>↑Amber</b>", Rag.AMBER, UP, id="paper bold"),
        pytest.param("<b>↓Amber</b>", Rag.AMBER, DOWN, id="paper bold declining"),
        pytest.param("<p>→ Green</p>", Rag.GREEN, SAME, id="paper paragraph"),
        pytest.param("complete", Rag.COMPLETE, None, id="paper lower-case complete"),
        pytest.param("Complete", Rag.COMPLETE, None, id="paper complete"),
        pytest.param("Completed", Rag.COMPLETE, None, id="completed"),
        pytest.param("Amber", Rag.AMBER, None, id="paper amber without arrow"),
        pytest.param("Red", Rag.RED, None, id="paper red"),
        pytest.param("G", Rag.GREEN, None, id="letter G"),
        pytest.param("a", Rag.AMBER, None, id="letter a"),
        pytest.param("R", Rag.RED, None, id="letter R"),
        pytest.param("GREEN", Rag.GREEN, None, id="capitals"),
        pytest.param("Amber ↓", Rag.AMBER, DOWN, id="arrow after"),
        pytest.param("↑", None, UP, id="arrow alone"),
        pytest.param("^ Amber", Rag.AMBER, UP, id="caret for up"),
        pytest.param("-> Green", Rag.GREEN, SAME, id="ascii arrow"),
        pytest.param("Red down", Rag.RED, DOWN, id="word for direction"),
        pytest.param("up Complete", Rag.COMPLETE, UP, id="word before"),
        pytest.param("", None, None, id="blank"),
        pytest.param("  ", None, None, id="spaces"),
    ],
)
def test_the_default_key_reads_rag_ratings_and_arrows(text, rag, direction):
    reading = DEFAULT_STATUS_KEY.read(text)
    assert (reading.entry.rag if reading.entry else None, reading.direction) == (rag, direction)
    assert reading.entry is None or reading.entry.label == rag.label


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Purple", id="unknown colour"),
        pytest.param("→ Allibei", id="scanned paper misreading of Amber"),
        pytest.param("Amber/Green", id="two ratings"),
        pytest.param("Red Amber", id="two ratings spaced"),
        pytest.param("↑↓ Green", id="two arrows"),
        pytest.param("↑ Green ↓", id="arrows either side"),
        pytest.param("Blue", id="a colour the default key lacks"),
    ],
)
def test_the_default_key_refuses_other_words_saying_what_is_accepted(text):
    with pytest.raises(CellError) as refused:
        DEFAULT_STATUS_KEY.read(text)
    assert str(refused.value) == (
        f"'{text}' is not a RAG rating; use Red, Amber, Green or Complete,"
        " optionally with an arrow ↑ → ↓"
    )


@pytest.mark.parametrize(
    ("label", "rag", "colour", "completion", "exception"),
    [
        ("Red", Rag.RED, RED, UNKNOWN, True),
        ("Amber", Rag.AMBER, AMBER, UNKNOWN, False),
        ("Green", Rag.GREEN, GREEN, UNKNOWN, False),
        ("Complete", Rag.COMPLETE, BLUE, DONE, False),
    ],
)
def test_only_complete_implies_completion_and_only_red_is_an_exception_by_default(
    label, rag, colour, completion, exception
):
    entry = DEFAULT_STATUS_KEY.entry_named(label)
    assert entry is not None
    assert (entry.rag, entry.colour, entry.completion, entry.exception) == (
        rag,
        colour,
        completion,
        exception,
    )


@pytest.mark.parametrize(
    ("colour", "completion", "rag"),
    [
        (RED, NOT_DONE, Rag.RED),
        (AMBER, NOT_DONE, Rag.AMBER),
        (YELLOW, NOT_DONE, Rag.AMBER),
        (GREEN, NOT_DONE, Rag.GREEN),
        (GREEN, DONE, Rag.COMPLETE),
        (BLUE, DONE, Rag.COMPLETE),
        (BLUE, NOT_DONE, None),
        (GREY, UNKNOWN, None),
        (NO_COLOUR, UNKNOWN, None),
    ],
)
def test_an_entry_stands_for_the_rag_rating_of_its_colour_or_complete(colour, completion, rag):
    assert StatusKeyEntry("Any", colour, completion).rag == rag


@pytest.mark.parametrize("name", REAL_KEYS)
def test_a_real_key_survives_a_json_round_trip(name):
    status_key = key(name)
    assert status_key_from_json(status_key.to_json()) == status_key
    assert not status_key.is_default


def test_the_default_key_survives_a_json_round_trip_and_stays_the_default():
    assert status_key_from_json(DEFAULT_STATUS_KEY.to_json()).is_default


def test_an_entry_is_written_with_every_field():
    assert key("Green is complete").entries[3].to_json() == {
        "label": "Off track",
        "colour": "red",
        "completion": "Not known",
        "exception": True,
        "words": ["Red"],
    }


@pytest.mark.parametrize(
    ("name", "direction"), list(itertools.product(REAL_KEYS, [*Direction, None]))
)
def test_a_written_status_reads_back_through_its_key(name, direction):
    status_key = key(name)
    for entry in status_key.entries:
        assert status_key.read(format_status_cell(entry.label, direction)) == StatusReading(
            entry, direction
        )


@pytest.mark.parametrize(
    ("label", "direction", "text"),
    [
        ("Green", UP, "↑ Green"),
        ("Amber", SAME, "→ Amber"),
        ("Off track", DOWN, "↓ Off track"),
        ("Complete & CSPI", None, "Complete & CSPI"),
        (None, UP, "↑"),
        (None, None, ""),
    ],
)
def test_a_status_is_written_as_the_papers_print_it(label, direction, text):
    assert format_status_cell(label, direction) == text


def test_a_colour_only_cell_is_read_as_the_first_entry_of_its_colour():
    four = key("four colours")
    assert four.entry_for_colour(YELLOW) == four.entries[2]
    assert four.entry_for_colour(BLUE) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "the status key must be a list of entries, at least one"),
        ({"label": "Red"}, "the status key must be a list of entries, at least one"),
        (
            ["Red"],
            "status key entry 1 must be an object with a label, a colour and words",
        ),
        (
            [{"label": "Red", "colour": "red", "shade": "dark", "notes": ""}],
            "status key entry 1 has unknown fields: notes, shade",
        ),
        ([{"colour": "red"}], "status key entry 1 needs a label"),
        ([{"label": "Red"}, {"label": "  ", "colour": "red"}], "status key entry 2 needs a label"),
        (
            [{"label": "x" * 101}],
            f"status key entry '{'x' * 101}': a label can be at most 100 characters",
        ),
        (
            [{"label": "On track", "colour": "purple"}],
            "status key entry 'On track': 'purple' is not a colour; use one of red, amber,"
            " yellow, green, blue, grey, none",
        ),
        (
            [{"label": "On track", "colour": 3}],
            "status key entry 'On track': '3' is not a colour; use one of red, amber,"
            " yellow, green, blue, grey, none",
        ),
        (
            [{"label": "Done", "completion": "Finished"}],
            "status key entry 'Done': 'Finished' is not a completion status; use Completed,"
            " Not completed, Partially completed or Not known",
        ),
        (
            [{"label": "Late", "exception": "yes"}],
            "status key entry 'Late': exception must be true or false",
        ),
        (
            [{"label": "Late", "words": "Red"}],
            "status key entry 'Late': words must be a list of texts",
        ),
        (
            [{"label": "Late", "words": ["Red", 1]}],
            "status key entry 'Late': words must be a list of texts",
        ),
        (
            [{"label": "Late", "words": [f"w{n}" for n in range(51)]}],
            "status key entry 'Late': at most 50 words",
        ),
        (
            [{"label": "On track", "words": ["Green"]}, {"label": "Done", "words": ["green"]}],
            "'green' is given to both 'On track' and 'Done'",
        ),
        (
            [{"label": "On track"}, {"label": "Done", "words": ["On  Track"]}],
            "'On Track' is given to both 'On track' and 'Done'",
        ),
        (
            [{"label": "On track"}, {"label": "ON TRACK"}],
            "two entries are labelled 'ON TRACK'",
        ),
    ],
)
def test_a_key_written_wrongly_is_refused_naming_the_entry(data, message):
    with pytest.raises(StatusKeyError) as refused:
        status_key_from_json(data)
    assert str(refused.value) == message


def test_every_problem_of_a_key_is_listed():
    entries = [
        StatusKeyEntry("On track", GREEN, words=("Green", " ")),
        StatusKeyEntry("Off track", RED, words=("Green",)),
        StatusKeyEntry("", GREY),
    ]
    assert key_problems(entries) == [
        "status key entry 'On track' has a blank word",
        "'Green' is given to both 'On track' and 'Off track'",
        "every status key entry needs a label",
    ]
    assert key_problems([]) == ["the status key needs at least one entry"]
    assert key_problems(DEFAULT_STATUS_KEY.entries) == []


@pytest.mark.parametrize(
    ("text", "colour"),
    [
        ("Red", RED),
        (" AMBER ", AMBER),
        ("Yellow", YELLOW),
        ("yellow/amber", AMBER),
        ("gray", GREY),
        ("", NO_COLOUR),
        ("none", NO_COLOUR),
        (None, NO_COLOUR),
    ],
)
def test_colour_names_read_as_written(text, colour):
    assert parse_status_colour(text) == colour


@pytest.mark.parametrize(
    ("text", "completion"),
    [
        ("Completed", DONE),
        ("completed.", DONE),
        ("Not completed", NOT_DONE),
        ("Partially completed", PART),
        ("Not known", UNKNOWN),
        ("Completion status not known", UNKNOWN),
    ],
)
def test_completion_names_read_as_written(text, completion):
    assert parse_key_completion(text) == completion


def test_colours_are_printed_by_name():
    assert [colour.label for colour in StatusColour] == [
        "Red",
        "Amber",
        "Yellow",
        "Green",
        "Blue",
        "Grey",
        "No colour",
    ]


def test_assigned_words_join_their_entries_and_are_then_read():
    brag = with_words(key("BRAG"), [("Reprogrammed", "at risk"), ("COMPLETED", "Complete")])
    assert brag.read("Reprogrammed").entry.label == "At risk"
    assert brag.entry_named("Complete").words == ("Blue", "B", "COMPLETED")


@pytest.mark.parametrize(
    ("assignments", "message"),
    [
        ([("Paused", "Stopped")], "'Paused' is assigned to 'Stopped', which is not in the key"),
        ([("Green", "Off track")], "'Green' is given to both 'On track' and 'Off track'"),
    ],
)
def test_a_word_cannot_be_assigned_to_a_missing_entry_or_to_two(assignments, message):
    with pytest.raises(StatusKeyError) as refused:
        with_words(key("BRAG"), assignments)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("entry", "problems"),
    [
        (StatusKeyEntry("Paused", GREY, words=("On hold",)), {}),
        (
            StatusKeyEntry("on  track", GREEN),
            {"label": "'on  track' already means 'On track'; choose another label"},
        ),
        (
            StatusKeyEntry("Red", RED),
            {"label": "'Red' already means 'Off track'; choose another label"},
        ),
        (
            StatusKeyEntry("Paused", GREY, words=("Hold", "Amber")),
            {"words": "'Amber' already means 'At risk'; take it out of that entry's words first"},
        ),
        (
            StatusKeyEntry("Paused", GREY, words=tuple(f"w{n}" for n in range(51))),
            {"words": "Give at most 50 words"},
        ),
    ],
)
def test_an_entry_added_to_a_key_is_checked_field_by_field(entry, problems):
    assert entry_problems(key("BRAG").entries, entry) == problems
