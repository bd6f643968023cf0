import pytest

from tracker.domain.leads import lead_text_key, person_key, split_leads, whole_lead

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


# Lead cells as councils publish them in "Who?" and "Lead Officer" columns: role titles that keep
# their "and", "&" and slashes, each read as one lead.
ONE_LEAD_CELLS = [
    "Head of Performance & Quality Assurance",
    "Head of Performance and Quality Assurance",
    "Director of Children's Services (DCS)",
    "Head of Service MASH/ SA",
    "Head of Service MASH/SA",
    "HoS CIN/CP & PSW",
    "MASH/SA",
    "CIN/CP",
    "DM/PL/KL",
    "Service Manager LAC & Care Leavers",
    "Service Manager Fostering & Adoption",
    "Lead Member for Children & Young People's Services",
    "Head of Commissioning & Performance",
    "Head of Service, Early Help & Family Engagement",
    "Assistant Director Safeguarding & Quality Assurance",
    "Strategic Director, Children and Young People's Services",
    "Team Managers and IROs",
    "Performance and Quality",
]


@pytest.mark.parametrize("cell", ONE_LEAD_CELLS)
def test_role_title_and_joined_abbreviations_stay_one_lead(cell):
    assert split_leads(cell) == (cell,)


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        pytest.param(
            "Assistant Director Safeguarding / Head of Service MASH/ SA",
            ("Assistant Director Safeguarding", "Head of Service MASH/ SA"),
            id="spaced slash between roles, tight slash inside one",
        ),
        pytest.param(
            "Head of Performance & Quality Assurance / Deb Johnson",
            ("Head of Performance & Quality Assurance", "Deb Johnson"),
            id="role title with ampersand, then a person",
        ),
        pytest.param(
            "Deb Johnson & Head of Service MASH/ SA",
            ("Deb Johnson", "Head of Service MASH/ SA"),
            id="person and role",
        ),
        pytest.param(
            "Director of Children's Services (DCS) and Head of Performance & Quality Assurance",
            ("Director of Children's Services (DCS)", "Head of Performance & Quality Assurance"),
            id="two role titles joined by and",
        ),
        pytest.param(
            "Chief Executive & Leader of the Council",
            ("Chief Executive", "Leader of the Council"),
            id="two roles joined by ampersand",
        ),
        pytest.param(
            "Jo Smith & Team Managers", ("Jo Smith", "Team Managers"), id="person and team"
        ),
        pytest.param(
            "HoS CIN/CP & Principal Social Worker",
            ("HoS CIN/CP", "Principal Social Worker"),
            id="abbreviated role and spelt-out role",
        ),
        pytest.param(
            "Head of Service MASH\nHead of Service CIN",
            ("Head of Service MASH", "Head of Service CIN"),
            id="one role a line",
        ),
        pytest.param(
            "Head of Service\nMASH/SA",
            ("Head of Service MASH/SA",),
            id="role title wrapped over two lines",
        ),
        pytest.param(
            "John Dunn, RBT and Rebecca Wragg",
            ("John Dunn, RBT", "Rebecca Wragg"),
            id="abbreviation after a comma says where the person works",
        ),
        pytest.param(
            "Deb Johnson (DCS) and Warren Carratt",
            ("Deb Johnson (DCS)", "Warren Carratt"),
            id="bracketed title beside a name",
        ),
        pytest.param(
            "Julie Westwood/Head of Safeguarding",
            ("Julie Westwood", "Head of Safeguarding"),
            id="tight slash between person and role",
        ),
        pytest.param(
            "Head of Safeguarding; Quality Assurance Team",
            ("Head of Safeguarding", "Quality Assurance Team"),
            id="semicolon always separates",
        ),
        pytest.param(
            "Sarah O'Brien & Tom Smith-Jones",
            ("Sarah O'Brien", "Tom Smith-Jones"),
            id="apostrophe and hyphen in names",
        ),
        pytest.param(
            "J. Smith and A. N. Other",
            ("J. Smith", "A. N. Other"),
            id="initials",
        ),
        pytest.param(
            "Quality Assurance and Deb Johnson",
            ("Quality Assurance and Deb Johnson",),
            id="a field of work is not a person",
        ),
    ],
)
def test_lead_cell_splits_between_people_and_roles_but_never_inside_a_title(cell, leads):
    assert split_leads(cell) == leads


@pytest.mark.parametrize(
    ("cell", "known_names", "leads"),
    [
        pytest.param("DM/PL/KL", {"DM", "PL", "KL"}, ("DM", "PL", "KL"), id="every initial known"),
        pytest.param("DM/PL/KL", {"dm", "pl", "kl"}, ("DM", "PL", "KL"), id="known ignoring case"),
        pytest.param("DM/PL/KL", {"DM", "PL"}, ("DM/PL/KL",), id="one part unknown"),
        pytest.param("MASH/SA", {"Deb Johnson"}, ("MASH/SA",), id="other people known"),
        pytest.param("Deb/Warren", {"Deb", "Warren"}, ("Deb", "Warren"), id="given names known"),
        pytest.param("Jo and Sam", {"Jo", "Sam"}, ("Jo", "Sam"), id="and between known names"),
        pytest.param("Jo and Sam", set(), ("Jo and Sam",), id="and between unknown words"),
        pytest.param(
            "RBT/Lyn Burns", {"RBT"}, ("RBT", "Lyn Burns"), id="known group beside a person"
        ),
        pytest.param("RBT/Lyn Burns", set(), ("RBT/Lyn Burns",), id="unknown group stays"),
    ],
)
def test_known_names_let_a_cell_split_where_the_words_alone_cannot(cell, known_names, leads):
    assert split_leads(cell, known_names=frozenset(known_names)) == leads


# Cells an administrator marked "one lead": the words alone would split them.
KEPT_WHOLE = frozenset(
    {
        "Head of Safeguarding and Quality Assurance Manager",
        "Head of Service MASH/SA & Deputy Head of Service",
        "DM/PL/KL",
    }
)


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        pytest.param(
            "Head of Safeguarding and Quality Assurance Manager",
            ("Head of Safeguarding and Quality Assurance Manager",),
            id="the text as it was kept",
        ),
        pytest.param(
            "head of safeguarding  AND quality assurance manager",
            ("head of safeguarding AND quality assurance manager",),
            id="other case and spacing",
        ),
        pytest.param(
            "Head of Safeguarding and\nQuality Assurance Manager",
            ("Head of Safeguarding and Quality Assurance Manager",),
            id="wrapped over two lines",
        ),
        pytest.param(
            "Head of Safeguarding and<br>Quality Assurance Manager",
            ("Head of Safeguarding and Quality Assurance Manager",),
            id="line break tag",
        ),
        pytest.param(
            "Head of Service MASH/SA & Deputy Head of Service / Deb Johnson",
            ("Head of Service MASH/SA & Deputy Head of Service", "Deb Johnson"),
            id="kept part beside another lead",
        ),
        pytest.param(
            "Deb Johnson; Head of Safeguarding and Quality Assurance Manager",
            ("Deb Johnson", "Head of Safeguarding and Quality Assurance Manager"),
            id="kept part after a semicolon",
        ),
        pytest.param(
            "DM/PL/KL", ("DM/PL/KL",), id="kept whole even when every part is a known name"
        ),
        pytest.param(
            "Head of Safeguarding and Quality Assurance Managers",
            ("Head of Safeguarding", "Quality Assurance Managers"),
            id="a different text is split by the rules",
        ),
        pytest.param(
            "Head of Service MASH/ SA &Deputy Head of Service",
            ("Head of Service MASH/ SA &Deputy Head of Service",),
            id="spaces beside punctuation",
        ),
    ],
)
def test_a_lead_text_kept_whole_is_one_lead_ignoring_case_and_spacing(cell, leads):
    assert split_leads(cell, known_names=frozenset({"DM", "PL", "KL"}), kept_whole=KEPT_WHOLE) == (
        leads
    )


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("Head of Service MASH/ SA", "head of service  mash/ sa", True),
        ("Head of Service\nMASH/ SA", "Head of Service MASH/ SA", True),
        ("Head&nbsp;of Service", "Head of Service", True),
        ("Head of Service MASH/ SA", "Head of Service MASH/SA", True),
        ("Head of Service MASH/SA", "Head of Service MASH SA", False),
        ("Head of Service MASH/SA", "Head of Service MASH-SA", False),
    ],
)
def test_lead_text_key_ignores_case_and_spacing_but_not_punctuation_or_words(one, other, same):
    assert (lead_text_key(one) == lead_text_key(other)) is same


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (" Head of Service MASH/ SA ", "Head of Service MASH/ SA"),
        ("Head of Service\nMASH/SA & Early Help", "Head of Service MASH/SA & Early Help"),
        ("<p>Head of Service</p><br>MASH", "Head of Service MASH"),
        ("Lyn Burns / Warren Carratt /", "Lyn Burns / Warren Carratt"),
        (" ; ", ""),
    ],
)
def test_whole_lead_is_the_text_on_one_line_without_stray_punctuation(text, lead):
    assert whole_lead(text) == lead
