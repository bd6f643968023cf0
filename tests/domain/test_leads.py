import pytest

from tracker.domain.leads import person_key, split_leads

# Every distinct Lead cell of the plan tables in the 30 March 2011 and 20 August 2010 snapshots
# and the October 2009 "Immediate High Priority Actions" plan, as extracted.
PAPER_LEAD_CELLS = [
    ("Howard Woolfenden", ("Howard Woolfenden",)),
    ("John Dunn, RBT / Rebecca Wragg", ("John Dunn, RBT", "Rebecca Wragg")),
    ("Simon Perry / Sarah Whittle", ("Simon Perry", "Sarah Whittle")),
    ("David Light", ("David Light",)),
    ("Howard Woolfenden / Warren Carratt", ("Howard Woolfenden", "Warren Carratt")),
    ("Deb Johnson and Warren Carratt", ("Deb Johnson", "Warren Carratt")),
    ("Howard Woolfenden/ Warren Carratt", ("Howard Woolfenden", "Warren Carratt")),
    ("Joyce Thacker / Warren Carratt", ("Joyce Thacker", "Warren Carratt")),
    ("Sue Wilson", ("Sue Wilson",)),
    ("Dorothy Smith", ("Dorothy Smith",)),
    ("Joyce Thacker", ("Joyce Thacker",)),
    ("Gani Martins", ("Gani Martins",)),
    ("Julie Westwood/ Warren Carratt", ("Julie Westwood", "Warren Carratt")),
    ("<p>Julie Westwood</p>", ("Julie Westwood",)),
    ("Julie Westwood", ("Julie Westwood",)),
    ("Lyn Burns", ("Lyn Burns",)),
    ("John Dunn, RBT", ("John Dunn, RBT",)),
    ("Simon Perry", ("Simon Perry",)),
    ("Catherine Hall / Angie Heal", ("Catherine Hall", "Angie Heal")),
    ("Matthew Gladstone", ("Matthew Gladstone",)),
    ("Lyn Burns/ Warren Carratt", ("Lyn Burns", "Warren Carratt")),
    ("Julie Westwood/Lyn Burns", ("Julie Westwood", "Lyn Burns")),
    (
        "Lyn Burns / All Managers / Performance and Quality",
        ("Lyn Burns", "All Managers", "Performance and Quality"),
    ),
    ("Lynn Burns", ("Lynn Burns",)),
    ("RBT", ("RBT",)),
]


@pytest.mark.parametrize(("cell", "leads"), PAPER_LEAD_CELLS)
def test_paper_lead_cell_splits_into_its_leads(cell, leads):
    assert split_leads(cell) == leads


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        pytest.param("Lyn Burns & Warren Carratt", ("Lyn Burns", "Warren Carratt"), id="ampersand"),
        pytest.param(
            "Lyn Burns&Warren Carratt", ("Lyn Burns", "Warren Carratt"), id="tight ampersand"
        ),
        pytest.param("Enjoying & Achieving", ("Enjoying & Achieving",), id="ampersand group"),
        pytest.param(
            "Deb Johnson AND Warren Carratt", ("Deb Johnson", "Warren Carratt"), id="capital AND"
        ),
        pytest.param(
            "Deb Johnson and Warren Carratt and Lyn Burns",
            ("Deb Johnson", "Warren Carratt", "Lyn Burns"),
            id="two ands",
        ),
        pytest.param(
            "Head of Safeguarding and Lyn Burns",
            ("Head of Safeguarding", "Lyn Burns"),
            id="lower-case particle inside a named lead",
        ),
        pytest.param(
            "Quality and Performance Team",
            ("Quality and Performance Team",),
            id="group joined by and with one word before it",
        ),
        pytest.param(
            "Deb Johnson, Warren Carratt and Lyn Burns",
            ("Deb Johnson, Warren Carratt", "Lyn Burns"),
            id="commas never split",
        ),
        pytest.param(
            "deb johnson and warren carratt",
            ("deb johnson and warren carratt",),
            id="without capitals and is not read as a separator",
        ),
        pytest.param("Lyn Burns; Warren Carratt", ("Lyn Burns", "Warren Carratt"), id="semicolon"),
        pytest.param(
            "Lyn Burns\nWarren Carratt", ("Lyn Burns", "Warren Carratt"), id="one name a line"
        ),
        pytest.param("Lyn Burns<br/>Warren Carratt", ("Lyn Burns", "Warren Carratt"), id="br tag"),
        pytest.param("Howard\nWoolfenden", ("Howard Woolfenden",), id="name wrapped over lines"),
        pytest.param(
            "  Lyn   Burns  /  Warren Carratt , ",
            ("Lyn Burns", "Warren Carratt"),
            id="whitespace and stray punctuation",
        ),
        pytest.param("Lyn Burns / / ", ("Lyn Burns",), id="empty parts dropped"),
        pytest.param(
            "Lyn Burns / Warren Carratt / lyn  BURNS",
            ("Lyn Burns", "Warren Carratt"),
            id="repeat dropped keeping the first spelling",
        ),
        pytest.param("Lyn Burns / Lynn Burns", ("Lyn Burns", "Lynn Burns"), id="no fuzzy match"),
        pytest.param("", (), id="blank"),
    ],
)
def test_lead_cell_splits_on_slashes_and_on_and_only_between_named_leads(cell, leads):
    assert split_leads(cell) == leads


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("  howard  WOOLFENDEN ", "Howard Woolfenden"),
        ("Howard Woolfenden.", "Howard Woolfenden"),
        ("(Howard Woolfenden)", "Howard Woolfenden"),
        ("John Dunn,RBT", "John Dunn, RBT"),
        ("Lyn\u00a0Burns", "Lyn Burns"),
    ],
)
def test_person_key_matches_names_ignoring_case_spacing_and_punctuation(written, canonical):
    assert person_key(written) == person_key(canonical)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Lynn Burns", "Lyn Burns"),
        ("Howard Woolfenden", "Howard"),
        ("Warren Carratt", "Warren Carrat"),
    ],
)
def test_person_key_keeps_different_spellings_distinct(one, other):
    assert person_key(one) != person_key(other)
