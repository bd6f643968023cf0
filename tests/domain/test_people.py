import pytest

from tracker.domain.people import (
    PersonEntry,
    PersonRow,
    check_people_rows,
    closeness,
    edit_distance,
    find_columns,
    match_key,
    normalise_email,
    same_person_suggestions,
)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Name", "Email"], (0, 1)),
        (["EMAIL", " name "], (1, 0)),
        (["Team", "Name", "E-mail"], (1, 2)),
        (["Name", "Email address"], (0, 1)),
        (["Lead", "Email"], (None, 1)),
        (["Name"], (0, None)),
    ],
)
def test_columns_are_found_ignoring_case_spacing_and_order(headers, expected):
    assert find_columns(headers) == expected


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("howard@example.org", "howard@example.org"),
        ("  Howard@EXAMPLE.org ", "Howard@example.org"),
        ("x@bücher.de", "x@xn--bcher-kva.de"),
    ],
)
def test_addresses_are_normalised(address, expected):
    assert normalise_email(address.strip()) == expected


def test_good_rows_become_entries_with_tidy_names_and_keys():
    checked = check_people_rows(
        [
            PersonRow(2, "  Howard   Woolfenden ", "howard@example.org"),
            PersonRow(3, "Deb Johnson", "DEB@Example.ORG"),
        ]
    )
    assert checked.problems == ()
    assert checked.entries == (
        PersonEntry(2, "Howard Woolfenden", "howard woolfenden", "howard@example.org"),
        PersonEntry(3, "Deb Johnson", "deb johnson", "DEB@example.org"),
    )


def test_every_problem_is_reported_with_its_row_number():
    checked = check_people_rows(
        [
            PersonRow(2, "Howard Woolfenden", "howard@example.org"),
            PersonRow(3, "Deb Johnson", "deb at example.org"),
            PersonRow(4, "", "nobody@example.org"),
            PersonRow(5, "Warren Carratt", ""),
            PersonRow(6, "HOWARD woolfenden", "h2@example.org"),
            PersonRow(7, "Rebecca Wragg", "rebecca@localhost"),
            PersonRow(8, "x" * 201, "long@example.org"),
        ]
    )
    assert [problem.split(":")[0] for problem in checked.problems] == [
        "Row 3",
        "Row 4",
        "Row 5",
        "Row 6",
        "Row 7",
        "Row 8",
    ]
    assert "'deb at example.org' is not a usable email address" in checked.problems[0]
    assert "already on row 2" in checked.problems[3]
    assert [entry.row_number for entry in checked.entries] == [2]


def test_a_row_with_a_blank_name_and_a_bad_address_reports_both():
    checked = check_people_rows([PersonRow(9, " ", "bad")])
    assert len(checked.problems) == 2
    assert all(problem.startswith("Row 9:") for problem in checked.problems)


@pytest.mark.parametrize(
    ("new", "existing", "close"),
    [
        ("Lynn Burns", "Lyn Burns", True),
        ("John Dunn, RBT", "John Dunn", True),
        ("John Dunn", "John Dunn, RBT", True),
        ("Head of QA", "Head of Q.A.", True),
        ("JOHN  dunn", "John Dunn", True),
        ("Rebecca Wragg", "Rebeca Wragg", True),
        ("Howard Woolfenden", "Howard Wolfendon", True),
        # Two edits on a short name are most of it: a different person.
        ("Sam Hill", "Tom Hill", False),
        ("Ann Lee", "Ian Lee", False),
        # One letter of a two-letter role is another role.
        ("SA", "PA", False),
        # A short word replaced is another role, even in a long name.
        ("Head of QA", "Head of HR", False),
        # One word is inside too many names to suggest them.
        ("John", "John Dunn", False),
        ("Head", "Head of QA", False),
        # Contained only at word boundaries.
        ("Ann Smith", "Joann Smithson", False),
        ("Lyn Burns", "Warren Carratt", False),
        ("", "Lyn Burns", False),
    ],
)
def test_names_close_to_an_existing_person_are_suggested(new, existing, close):
    assert (closeness(new, existing) is not None) is close


@pytest.mark.parametrize(
    ("first", "second", "limit", "expected"),
    [
        ("lyn burns", "lynn burns", 2, 1),
        ("kitten", "sitting", 3, 3),
        ("kitten", "sitting", 2, 3),
        ("abc", "abc", 0, 0),
        ("", "abcd", 2, 3),
    ],
)
def test_edit_distance_stops_counting_past_its_limit(first, second, limit, expected):
    assert edit_distance(first, second, limit=limit) == expected


@pytest.mark.parametrize(
    ("name", "existing", "expected"),
    [
        ("Lynn Burns", ["Warren Carratt", "Lyn Burns"], ("Lyn Burns",)),
        ("John Dunn, RBT", ["John Dunne", "John Dunn"], ("John Dunn",)),
        ("Lynn Burns", ["Lynn Byrne", "Lyn Burns"], ("Lyn Burns", "Lynn Byrne")),
        ("Head of Q.A.", ["Head of QA", "Head of HR"], ("Head of QA",)),
        ("Jane Doe", ["Lyn Burns"], ()),
    ],
)
def test_suggestions_come_closest_first(name, existing, expected):
    assert same_person_suggestions(name, existing) == expected


@pytest.mark.parametrize(
    ("name", "key"),
    [("Head of Q.A.", "head of qa"), ("John Dunn, RBT", "john dunn rbt"), ("O’Neil", "oneil")],
)
def test_match_keys_ignore_case_spacing_and_punctuation(name, key):
    assert match_key(name) == key
