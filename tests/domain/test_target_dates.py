from datetime import date

import pytest

from tracker.domain.enums import Recurrence
from tracker.domain.target_dates import RECURRENCE_MONTHS, resolve_target_date

D = date

# Each paper's as-at date, which the importer passes as as_at.
AS_AT_30_MARCH_2011 = D(2011, 3, 30)
AS_AT_20_AUGUST_2010 = D(2010, 8, 20)
AS_AT_OCTOBER_2009 = D(2009, 11, 2)

# Every distinct Target Date cell of the plan tables in the 30 March 2011 and 20 August 2010
# snapshots and the October 2009 "Immediate High Priority Actions" plan, as extracted.
RESOLVING_PAPER_TEXTS = [
    ("March 2011", AS_AT_30_MARCH_2011, D(2011, 3, 31), ()),
    (
        "August 2010 for reprioritisation  Sept 2010 for completion of Top 5  Commencement and"
        " Project Plan for those remaining March 2011",
        AS_AT_30_MARCH_2011,
        D(2011, 3, 31),
        (D(2010, 8, 31), D(2010, 9, 30)),
    ),
    ("Completion of individual actions by June 2011", AS_AT_30_MARCH_2011, D(2011, 6, 30), ()),
    (
        "Completion of 3 immediate actions by mid Sept 2010. Completion of remaining 7 actions by"
        " 28th February 2011",
        AS_AT_30_MARCH_2011,
        D(2011, 2, 28),
        (D(2010, 9, 15),),
    ),
    ("October 2010", AS_AT_30_MARCH_2011, D(2010, 10, 31), ()),
    ("December 2011", AS_AT_30_MARCH_2011, D(2011, 12, 31), ()),
    (
        "March 2010 October 2010 August 2011",
        AS_AT_30_MARCH_2011,
        D(2011, 8, 31),
        (D(2010, 3, 31), D(2010, 10, 31)),
    ),
    (
        "March 2010 Oct 2010 and March 2011",
        AS_AT_30_MARCH_2011,
        D(2011, 3, 31),
        (D(2010, 3, 31), D(2010, 10, 31)),
    ),
    ("April 2012", AS_AT_30_MARCH_2011, D(2012, 4, 30), ()),
    ("April 2011", AS_AT_30_MARCH_2011, D(2011, 4, 30), ()),
    (
        "August } Milestones Sept } Oct } 30th Nov deadline",
        AS_AT_20_AUGUST_2010,
        D(2010, 11, 30),
        (D(2010, 8, 31), D(2010, 9, 30), D(2010, 10, 31)),
    ),
    ("Sept 2010", AS_AT_20_AUGUST_2010, D(2010, 9, 30), ()),
    (
        "August 2010 for reprioritisation Sept 2010 for completion of Top 5 Commencement and"
        " Project Plan for those remaining August 2010",
        AS_AT_20_AUGUST_2010,
        D(2010, 9, 30),
        (D(2010, 8, 31),),
    ),
    ("Completion of individual actions by Sept 2010", AS_AT_20_AUGUST_2010, D(2010, 9, 30), ()),
    (
        "Completion of 3 immediate actions by mid Sept 2010. Completion of remaining 6 actions by"
        " mid November 2010",
        AS_AT_20_AUGUST_2010,
        D(2010, 11, 15),
        (D(2010, 9, 15),),
    ),
    (
        "March 2010 October 2010 March 2011",
        AS_AT_20_AUGUST_2010,
        D(2011, 3, 31),
        (D(2010, 3, 31), D(2010, 10, 31)),
    ),
    (
        "Aug/Sept and October milestones",
        AS_AT_20_AUGUST_2010,
        D(2010, 10, 31),
        (D(2010, 8, 31), D(2010, 9, 30)),
    ),
    ("30th Nov 2010 deadline", AS_AT_20_AUGUST_2010, D(2010, 11, 30), ()),
    ("Nov 2010", AS_AT_20_AUGUST_2010, D(2010, 11, 30), ()),
    (
        "March 2010 Oct 2010 and March 2011 Milestone January 2011",
        AS_AT_20_AUGUST_2010,
        D(2011, 3, 31),
        (D(2010, 3, 31), D(2010, 10, 31), D(2011, 1, 31)),
    ),
    ("Outturn available March 2010", AS_AT_OCTOBER_2009, D(2010, 3, 31), ()),
    ("December 2009", AS_AT_OCTOBER_2009, D(2009, 12, 31), ()),
    ("November 2009", AS_AT_OCTOBER_2009, D(2009, 11, 30), ()),
    ("January 2010", AS_AT_OCTOBER_2009, D(2010, 1, 31), ()),
    ("February 2010", AS_AT_OCTOBER_2009, D(2010, 2, 28), ()),
    ("June 2010", AS_AT_OCTOBER_2009, D(2010, 6, 30), ()),
    ("May 2010", AS_AT_OCTOBER_2009, D(2010, 5, 31), ()),
    ("March 2010", AS_AT_OCTOBER_2009, D(2010, 3, 31), ()),
]

RECURRING_PAPER_TEXTS = [
    ("Monthly", AS_AT_30_MARCH_2011, Recurrence.MONTHLY),
    ("Quarterly", AS_AT_30_MARCH_2011, Recurrence.QUARTERLY),
    ("<p>monthly</p>", AS_AT_20_AUGUST_2010, Recurrence.MONTHLY),
    ("<p>Quarterly</p>", AS_AT_20_AUGUST_2010, Recurrence.QUARTERLY),
    ("Ongoing", AS_AT_OCTOBER_2009, Recurrence.ONGOING),
]

# "Octobel 2010", "Water 2011" and "14.9012410" are what the 30 March 2011 paper's scanned pages
# read as; they are kept for a person to correct, never guessed into October or March.
FLAGGED_PAPER_TEXTS = [
    ("Completion of 4 actions", AS_AT_30_MARCH_2011),
    ("Octobel 2010", AS_AT_30_MARCH_2011),
    ("Water 2011", AS_AT_30_MARCH_2011),
    ("14.9012410", AS_AT_30_MARCH_2011),
]


def test_paper_tables_cover_every_distinct_target_date_text():
    texts = (
        [row[0] for row in RESOLVING_PAPER_TEXTS]
        + [row[0] for row in RECURRING_PAPER_TEXTS]
        + [row[0] for row in FLAGGED_PAPER_TEXTS]
    )
    assert len(texts) == len(set(texts)) == 37


@pytest.mark.parametrize(("text", "as_at", "due", "milestones"), RESOLVING_PAPER_TEXTS)
def test_paper_target_date_resolves_to_latest_date_with_earlier_ones_as_milestones(
    text, as_at, due, milestones
):
    resolved = resolve_target_date(text, as_at=as_at)
    assert (resolved.due, resolved.milestones) == (due, milestones)
    assert (resolved.recurrence, resolved.flagged, resolved.reason) == (
        Recurrence.NONE,
        False,
        None,
    )


@pytest.mark.parametrize(("text", "as_at", "recurrence"), RECURRING_PAPER_TEXTS)
def test_paper_recurring_target_date_has_no_due_date_and_is_not_flagged(text, as_at, recurrence):
    resolved = resolve_target_date(text, as_at=as_at)
    assert (resolved.due, resolved.milestones, resolved.recurrence, resolved.flagged) == (
        None,
        (),
        recurrence,
        False,
    )


@pytest.mark.parametrize(("text", "as_at"), FLAGGED_PAPER_TEXTS)
def test_paper_target_date_without_a_month_is_flagged_and_kept(text, as_at):
    resolved = resolve_target_date(text, as_at=as_at)
    assert (resolved.text, resolved.due, resolved.flagged) == (text, None, True)
    assert resolved.reason == f"no month or date found in '{text}'"


@pytest.mark.parametrize(
    ("text", "due"),
    [
        pytest.param("March 2011", D(2011, 3, 31), id="month only is last day"),
        pytest.param("February 2012", D(2012, 2, 29), id="month only in a leap year"),
        pytest.param("mid Sept 2010", D(2010, 9, 15), id="mid is the 15th"),
        pytest.param("mid-March 2011", D(2011, 3, 15), id="hyphenated mid"),
        pytest.param("middle of May 2011", D(2011, 5, 15), id="middle of"),
        pytest.param("end of March 2011", D(2011, 3, 31), id="end of is last day"),
        pytest.param("by the end March 2011", D(2011, 3, 31), id="end without of"),
        pytest.param("30th Nov 2010 deadline", D(2010, 11, 30), id="ordinal day"),
        pytest.param("1st April 2011", D(2011, 4, 1), id="1st"),
        pytest.param("2nd April 2011", D(2011, 4, 2), id="2nd"),
        pytest.param("3rd of March 2011", D(2011, 3, 3), id="ordinal with of"),
        pytest.param("29 th March 2011", D(2011, 3, 29), id="ordinal split by extraction"),
        pytest.param("29<sup>th</sup> March 2011", D(2011, 3, 29), id="superscript ordinal"),
        pytest.param("6 April 2011", D(2011, 4, 6), id="plain day before month"),
        pytest.param("March 10, 2011", D(2011, 3, 10), id="day after month"),
        pytest.param("April 3rd 2011", D(2011, 4, 3), id="ordinal after month"),
        pytest.param("Sept. 2010", D(2010, 9, 30), id="abbreviation with period"),
        pytest.param("Sep 2010", D(2010, 9, 30), id="three letter Sep"),
        pytest.param("SEPTEMBER 2010", D(2010, 9, 30), id="capitals"),
        pytest.param("Sept, 2010", D(2010, 9, 30), id="comma before year"),
        pytest.param("31/03/2011", D(2011, 3, 31), id="UK numeric date"),
        pytest.param("31.3.11", D(2011, 3, 31), id="UK dotted two-digit year"),
        pytest.param("1.4.2009 to 31.12.2009", D(2009, 12, 31), id="numeric range"),
        pytest.param("2011-03-31", D(2011, 3, 31), id="ISO date"),
        pytest.param("March 2011 (2010/11 outturn)", D(2011, 3, 31), id="financial year aside"),
        pytest.param("Completed March 2010", D(2010, 3, 31), id="word with a date"),
    ],
)
def test_single_date_text_resolves_to_its_day(text, due):
    resolved = resolve_target_date(text)
    assert (resolved.due, resolved.flagged) == (due, False)


@pytest.mark.parametrize(
    ("text", "as_at", "due", "milestones"),
    [
        pytest.param(
            "Nov Dec Jan",
            AS_AT_OCTOBER_2009,
            D(2010, 1, 31),
            (D(2009, 11, 30), D(2009, 12, 31)),
            id="a month earlier than the one before rolls into the next year",
        ),
        pytest.param(
            "Dec and 31st January 2011",
            None,
            D(2011, 1, 31),
            (D(2010, 12, 31),),
            id="yearless month takes the next written year, rolled back to stay ascending",
        ),
        pytest.param(
            "Sept } Oct } 30th Nov 2010",
            AS_AT_30_MARCH_2011,
            D(2010, 11, 30),
            (D(2010, 9, 30), D(2010, 10, 31)),
            id="a written year beats the as-at date",
        ),
        pytest.param(
            "March 2011 review again in May",
            AS_AT_OCTOBER_2009,
            D(2011, 5, 31),
            (D(2011, 3, 31),),
            id="yearless month after the last written year continues from it",
        ),
        pytest.param(
            "March 2011 then Feb",
            None,
            D(2012, 2, 29),
            (D(2011, 3, 31),),
            id="continuing month earlier than the one before rolls on a year",
        ),
        pytest.param(
            "October milestone",
            AS_AT_20_AUGUST_2010,
            D(2010, 10, 31),
            (),
            id="yearless month alone takes the first such month from the as-at date",
        ),
    ],
)
def test_yearless_months_get_the_year_that_keeps_dates_ascending(text, as_at, due, milestones):
    resolved = resolve_target_date(text, as_at=as_at)
    assert (resolved.due, resolved.milestones, resolved.flagged) == (due, milestones, False)


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        pytest.param("Ongoing", Recurrence.ONGOING, id="ongoing"),
        pytest.param("on-going", Recurrence.ONGOING, id="hyphenated ongoing"),
        pytest.param("MONTHLY", Recurrence.MONTHLY, id="capitals"),
        pytest.param("Monthly reporting", Recurrence.MONTHLY, id="monthly with extra words"),
        pytest.param("Quarterly review to DLT", Recurrence.QUARTERLY, id="quarterly with words"),
        pytest.param(
            "Ongoing - reported quarterly", Recurrence.QUARTERLY, id="stated cadence beats ongoing"
        ),
    ],
)
def test_recurring_text_without_a_date_recurs_and_is_not_flagged(text, recurrence):
    resolved = resolve_target_date(text)
    assert (resolved.due, resolved.recurrence, resolved.flagged, resolved.reason) == (
        None,
        recurrence,
        False,
        None,
    )


def test_recurring_word_beside_a_date_resolves_to_the_date():
    resolved = resolve_target_date("Quarterly from June 2010")
    assert (resolved.due, resolved.recurrence) == (D(2010, 6, 30), Recurrence.NONE)


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "<p></p>"])
def test_blank_text_has_no_date_and_is_not_flagged(text):
    resolved = resolve_target_date(text, as_at=D(2010, 8, 20))
    assert resolved.text == ""
    assert (resolved.due, resolved.milestones, resolved.recurrence) == (None, (), Recurrence.NONE)
    assert (resolved.flagged, resolved.reason) == (False, None)


@pytest.mark.parametrize(
    ("text", "as_at", "reason"),
    [
        ("TBC", AS_AT_20_AUGUST_2010, "no month or date found in 'TBC'"),
        ("TBD", AS_AT_20_AUGUST_2010, "no month or date found in 'TBD'"),
        ("Immediate", AS_AT_20_AUGUST_2010, "no month or date found in 'Immediate'"),
        ("Completed", AS_AT_20_AUGUST_2010, "no month or date found in 'Completed'"),
        ("Bi-monthly", AS_AT_20_AUGUST_2010, "no month or date found in 'Bi-monthly'"),
        ("2011", AS_AT_20_AUGUST_2010, "no month or date found in '2011'"),
        (
            "3rd Qtr March 2011",
            AS_AT_20_AUGUST_2010,
            "quarter '3rd Qtr' has no financial year in '3rd Qtr March 2011': add the financial"
            " year, as in 'Q3 2016/17'",
        ),
        (
            "March 2010/11",
            AS_AT_20_AUGUST_2010,
            "'March 2010/11' names a financial year, not a calendar year, in 'March 2010/11'",
        ),
        (
            "March 2011 TBC",
            AS_AT_20_AUGUST_2010,
            "'TBC' says the date in 'March 2011 TBC' is not fixed",
        ),
        (
            "June 2011 to be confirmed",
            AS_AT_20_AUGUST_2010,
            "'to be confirmed' says the date in 'June 2011 to be confirmed' is not fixed",
        ),
        ("31st June 2010", AS_AT_20_AUGUST_2010, "31 June 2010 does not exist in '31st June 2010'"),
        (
            "29th Feb 2011",
            AS_AT_20_AUGUST_2010,
            "29 February 2011 does not exist in '29th Feb 2011'",
        ),
        ("31/06/2011", AS_AT_20_AUGUST_2010, "31 June 2011 does not exist in '31/06/2011'"),
        ("31/13/2011", AS_AT_20_AUGUST_2010, "31 month 13 2011 does not exist in '31/13/2011'"),
        (
            "early March 2011",
            AS_AT_20_AUGUST_2010,
            "'early March 2011' does not pin a day in 'early March 2011'",
        ),
        (
            "late Sept 2010",
            AS_AT_20_AUGUST_2010,
            "'late Sept 2010' does not pin a day in 'late Sept 2010'",
        ),
        (
            "beginning of April 2011",
            AS_AT_20_AUGUST_2010,
            "'beginning of April 2011' does not pin a day in 'beginning of April 2011'",
        ),
        (
            "August } Milestones Sept } Oct } 30th Nov deadline",
            None,
            "no year given for 'August' in 'August } Milestones Sept } Oct } 30th Nov deadline'",
        ),
    ],
)
def test_unresolvable_text_is_flagged_with_a_reason_and_never_guessed(text, as_at, reason):
    resolved = resolve_target_date(text, as_at=as_at)
    assert (resolved.text, resolved.due, resolved.milestones) == (text, None, ())
    assert (resolved.recurrence, resolved.flagged, resolved.reason) == (
        Recurrence.NONE,
        True,
        reason,
    )


@pytest.mark.parametrize(
    ("text", "due"),
    [
        pytest.param("the plan may slip to March 2011", D(2011, 3, 31), id="verb may"),
        pytest.param("Early Intervention by March 2011", D(2011, 3, 31), id="early not by month"),
        pytest.param("Octobel 2010 and Nov 2010", D(2010, 11, 30), id="month inside a word"),
    ],
)
def test_words_that_look_like_months_or_modifiers_are_not_read_as_dates(text, due):
    resolved = resolve_target_date(text)
    assert (resolved.due, resolved.milestones, resolved.flagged) == (due, (), False)


def test_text_is_kept_as_written_with_whitespace_and_markup_normalised():
    resolved = resolve_target_date("  <p>August 2010 for reprioritisation \n Sept 2010</p> ")
    assert resolved.text == "August 2010 for reprioritisation Sept 2010"


def test_repeated_date_is_one_due_date_not_a_milestone():
    resolved = resolve_target_date("Sept 2010 milestone, completion Sept 2010")
    assert (resolved.due, resolved.milestones) == (D(2010, 9, 30), ())


@pytest.mark.parametrize(
    ("recurrence", "months"),
    [(Recurrence.MONTHLY, 1), (Recurrence.QUARTERLY, 3), (Recurrence.ONGOING, 1)],
)
def test_recurrence_is_due_an_update_every_cadence(recurrence, months):
    assert RECURRENCE_MONTHS[recurrence] == months
