from datetime import date, datetime

import pytest

from tracker.domain.enums import Recurrence
from tracker.domain.target_dates import date_cell_text, resolve_target_date

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
            "quarter '3rd Qtr' does not name a month or a financial year in '3rd Qtr March"
            " 2011': add the financial year, as in 'Q3 2016/17'",
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


# Target dates as published in councils' improvement plans and trackers, each with the as-at date
# it was read at.
AS_AT_AUGUST_2018 = D(2018, 8, 31)
AS_AT_SEPTEMBER_2016 = D(2016, 9, 30)
AS_AT_APRIL_2017 = D(2017, 4, 28)


@pytest.mark.parametrize(
    ("text", "as_at", "due", "milestones"),
    [
        pytest.param("Jan-19", AS_AT_AUGUST_2018, D(2019, 1, 31), (), id="Jan-19"),
        pytest.param("Jan-19", D(2019, 8, 31), D(2019, 1, 31), (), id="Jan-19 read after it"),
        pytest.param("Sep-18", AS_AT_AUGUST_2018, D(2018, 9, 30), (), id="Sep-18"),
        pytest.param("Nov 16", AS_AT_SEPTEMBER_2016, D(2016, 11, 30), (), id="Nov 16"),
        pytest.param("Sept 16", AS_AT_SEPTEMBER_2016, D(2016, 9, 30), (), id="Sept 16"),
        pytest.param("Mar '17", AS_AT_SEPTEMBER_2016, D(2017, 3, 31), (), id="apostrophe year"),
        pytest.param("Mar-2017", AS_AT_SEPTEMBER_2016, D(2017, 3, 31), (), id="hyphen full year"),
        pytest.param("Jan-19", None, D(2019, 1, 31), (), id="two-digit year without as-at"),
        pytest.param(
            "Oct 16 - Mar 17",
            AS_AT_SEPTEMBER_2016,
            D(2017, 3, 31),
            (D(2016, 10, 31),),
            id="range of two-digit years",
        ),
        pytest.param(
            "Nov 16th",
            AS_AT_SEPTEMBER_2016,
            D(2016, 11, 16),
            (),
            id="an ordinal after the month is a day, not a year",
        ),
        pytest.param(
            "June 30, 2017", AS_AT_SEPTEMBER_2016, D(2017, 6, 30), (), id="day then full year"
        ),
    ],
)
def test_two_digit_year_after_a_month_is_that_year(text, as_at, due, milestones):
    resolved = resolve_target_date(text, as_at=as_at)
    assert (resolved.due, resolved.milestones, resolved.flagged) == (due, milestones, False)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        pytest.param("Phase 2 Mar 2017", D(2017, 3, 31), id="Phase 2 Mar 2017"),
        pytest.param("Stage 1 April 2016", D(2016, 4, 30), id="stage number"),
        pytest.param("Year 2 March 2018", D(2018, 3, 31), id="year number"),
        pytest.param("Top 5 March 2011", D(2011, 3, 31), id="top five"),
        pytest.param("Phase 40 March 2011", D(2011, 3, 31), id="number too big for a day"),
        pytest.param("Top 40 March 2011", D(2011, 3, 31), id="unlabelled number too big"),
        pytest.param("Phase 2: 15 March 2017", D(2017, 3, 15), id="day after a label"),
        pytest.param("Phase 2nd March 2017", D(2017, 3, 2), id="an ordinal is always a day"),
        pytest.param("w/c 6 March 2017", D(2017, 3, 6), id="week commencing"),
        pytest.param("by 2 March 2017", D(2017, 3, 2), id="day after by"),
        pytest.param("Completed 31 March 2017", D(2017, 3, 31), id="day after a word"),
        pytest.param("2 March 2017", D(2017, 3, 2), id="day opening the text"),
    ],
)
def test_number_before_a_month_is_a_day_only_when_it_reads_as_one(text, due):
    resolved = resolve_target_date(text, as_at=AS_AT_SEPTEMBER_2016)
    assert (resolved.due, resolved.flagged) == (due, False)


@pytest.mark.parametrize(
    ("text", "due", "milestones"),
    [
        pytest.param("Q3 2015/16", D(2015, 12, 31), (), id="Q3 2015/16"),
        pytest.param("Q1 2016/17", D(2016, 6, 30), (), id="Q1 2016/17"),
        pytest.param("Q2 2016/17", D(2016, 9, 30), (), id="Q2 2016/17"),
        pytest.param("Q4 2016/17", D(2017, 3, 31), (), id="Q4 ends in the next calendar year"),
        pytest.param("2016/17", D(2017, 3, 31), (), id="financial year"),
        pytest.param("2016-17", D(2017, 3, 31), (), id="financial year with hyphen"),
        pytest.param("2016/2017", D(2017, 3, 31), (), id="financial year in full"),
        pytest.param("End of 2016/17", D(2017, 3, 31), (), id="end of financial year"),
        pytest.param("end of Q2 2016/17", D(2016, 9, 30), (), id="end of Q2 2016/17"),
        pytest.param("Quarter 3 2015/16", D(2015, 12, 31), (), id="quarter spelt out"),
        pytest.param("3rd quarter 2015/16", D(2015, 12, 31), (), id="ordinal quarter"),
        pytest.param("Qtr 4 2016-17", D(2017, 3, 31), (), id="qtr"),
        pytest.param("Q2 of 2016/17", D(2016, 9, 30), (), id="quarter of a year"),
        pytest.param("Q2 (2016/17)", D(2016, 9, 30), (), id="year in brackets"),
        pytest.param("Q1 16/17", D(2016, 6, 30), (), id="two-digit financial year"),
        pytest.param("Q3 FY2015/16", D(2015, 12, 31), (), id="FY prefix"),
        pytest.param("2016/17 Q3", D(2016, 12, 31), (), id="year before the quarter"),
        pytest.param(
            "Q1 and Q2 2016/17",
            D(2016, 9, 30),
            (D(2016, 6, 30),),
            id="quarters sharing the year written after them",
        ),
        pytest.param(
            "2015/16 and 2016/17",
            D(2017, 3, 31),
            (D(2016, 3, 31),),
            id="two financial years",
        ),
        pytest.param(
            "Q4 2015/16 and June 2016",
            D(2016, 6, 30),
            (D(2016, 3, 31),),
            id="quarter beside a month",
        ),
        pytest.param(
            "March 2017 (2016/17 target)",
            D(2017, 3, 31),
            (),
            id="a financial year beside a month is an aside",
        ),
    ],
)
def test_uk_financial_quarters_and_years_resolve_to_their_last_day(text, due, milestones):
    resolved = resolve_target_date(text, as_at=AS_AT_SEPTEMBER_2016)
    assert (resolved.due, resolved.milestones, resolved.flagged) == (due, milestones, False)
    assert resolved.reason is None


@pytest.mark.parametrize(
    ("text", "recurrence", "starts", "milestones"),
    [
        pytest.param(
            "April 2016 onwards", Recurrence.ONGOING, D(2016, 4, 1), (), id="April 2016 onwards"
        ),
        pytest.param("From April 2016 onwards", Recurrence.ONGOING, D(2016, 4, 1), (), id="from"),
        pytest.param("Apr-16 onward", Recurrence.ONGOING, D(2016, 4, 1), (), id="onward"),
        pytest.param(
            "Monthly from April 2016 onwards",
            Recurrence.MONTHLY,
            D(2016, 4, 1),
            (),
            id="a stated cadence",
        ),
        pytest.param(
            "Quarterly from Q1 2016/17 onwards",
            Recurrence.QUARTERLY,
            D(2016, 4, 1),
            (),
            id="from a quarter",
        ),
        pytest.param("2016/17 onwards", Recurrence.ONGOING, D(2016, 4, 1), (), id="from a year"),
        pytest.param(
            "Pilot March 2016, then April 2016 onwards",
            Recurrence.ONGOING,
            D(2016, 4, 1),
            (D(2016, 3, 31),),
            id="an earlier date stays a milestone",
        ),
    ],
)
def test_onwards_starts_at_the_date_and_recurs_without_a_due_date(
    text, recurrence, starts, milestones
):
    resolved = resolve_target_date(text, as_at=AS_AT_SEPTEMBER_2016)
    assert (resolved.due, resolved.recurrence, resolved.starts) == (None, recurrence, starts)
    assert (resolved.milestones, resolved.flagged, resolved.reason) == (milestones, False, None)
    assert resolved.note == f"recurs from {starts:%B %Y} onwards, no due date"


@pytest.mark.parametrize(
    ("text", "as_at", "due", "note"),
    [
        pytest.param(
            "by end of April",
            AS_AT_30_MARCH_2011,
            D(2011, 4, 30),
            "no year written: 'end of April' read as April 2011, the first April on or after the"
            " as-at month (March 2011)",
            id="by end of April read in March",
        ),
        pytest.param(
            "by end of April",
            AS_AT_20_AUGUST_2010,
            D(2011, 4, 30),
            "no year written: 'end of April' read as April 2011, the first April on or after the"
            " as-at month (August 2010)",
            id="by end of April read in August is next April",
        ),
        pytest.param(
            "by end of April",
            AS_AT_APRIL_2017,
            D(2017, 4, 30),
            "no year written: 'end of April' read as April 2017, the first April on or after the"
            " as-at month (April 2017)",
            id="the as-at month itself counts",
        ),
        pytest.param(
            "End of February",
            AS_AT_30_MARCH_2011,
            D(2012, 2, 29),
            "no year written: 'End of February' read as February 2012, the first February on or"
            " after the as-at month (March 2011)",
            id="an earlier month is next year's",
        ),
        pytest.param(
            "Nov Dec Jan",
            AS_AT_OCTOBER_2009,
            D(2010, 1, 31),
            "no year written: 'Nov' read as November 2009, the first November on or after the"
            " as-at month (November 2009)",
            id="later months follow the first",
        ),
    ],
)
def test_month_without_a_year_is_the_next_such_month_and_says_so(text, as_at, due, note):
    resolved = resolve_target_date(text, as_at=as_at)
    assert (resolved.due, resolved.flagged, resolved.note) == (due, False, note)


@pytest.mark.parametrize(
    "text",
    ["March 2011", "Jan-19", "Q3 2015/16", "2016/17", "March 2011 review again in May"],
)
def test_date_with_its_year_written_carries_no_note(text):
    assert resolve_target_date(text, as_at=AS_AT_30_MARCH_2011).note is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param(
            "Spring 2017", "'Spring' is a season, not a month, in 'Spring 2017'", id="Spring 2017"
        ),
        pytest.param(
            "Summer term",
            "'Summer term' is a school term, not a month, in 'Summer term'",
            id="Summer term",
        ),
        pytest.param(
            "By Ofsted revisit",
            "'revisit' is an event, not a date, in 'By Ofsted revisit'",
            id="By Ofsted revisit",
        ),
        pytest.param("TBC", "no month or date found in 'TBC'", id="TBC"),
        pytest.param(
            "Autumn term 2016",
            "'Autumn term' is a school term, not a month, in 'Autumn term 2016'",
            id="term with a year",
        ),
        pytest.param(
            "Spring 2016/17",
            "'Spring' is a season, not a month, in 'Spring 2016/17'",
            id="a season is not read as its financial year",
        ),
        pytest.param(
            "Following the Ofsted inspection",
            "'inspection' is an event, not a date, in 'Following the Ofsted inspection'",
            id="inspection",
        ),
        pytest.param(
            "Summer 2017 TBC",
            "'Summer' is a season, not a month, in 'Summer 2017 TBC'",
            id="season to be confirmed",
        ),
        pytest.param(
            "2016/17 TBC",
            "'TBC' says the date in '2016/17 TBC' is not fixed",
            id="financial year to be confirmed",
        ),
        pytest.param(
            "end of Q2",
            "quarter 'Q2' does not name a month or a financial year in 'end of Q2': add the"
            " financial year, as in 'Q2 2016/17'",
            id="quarter without a year",
        ),
        pytest.param(
            "Q3 2016",
            "quarter 'Q3' does not name a month or a financial year in 'Q3 2016': add the"
            " financial year, as in 'Q3 2016/17'",
            id="quarter of a calendar year",
        ),
        pytest.param(
            "start of Q2 2016/17",
            "'start of Q2 2016/17' does not pin a day in 'start of Q2 2016/17'",
            id="start of a quarter",
        ),
        pytest.param(
            "2015/17",
            "'2015/17' is not a financial year (April of one year to March of the next) in"
            " '2015/17'",
            id="years that are not consecutive",
        ),
        pytest.param(
            "Sept 16/17",
            "'Sept 16/17' names a financial year, not a calendar year, in 'Sept 16/17'",
            id="month of a two-digit financial year",
        ),
        pytest.param(
            "Dec 31",
            "'Dec 31' would be 2031, far from the as-at date 30 September 2016, in 'Dec 31': write"
            " the year in full",
            id="two-digit year far from the as-at date",
        ),
    ],
)
def test_seasons_terms_events_and_loose_quarters_are_flagged_never_guessed(text, reason):
    resolved = resolve_target_date(text, as_at=AS_AT_SEPTEMBER_2016)
    assert (resolved.text, resolved.due, resolved.milestones) == (text, None, ())
    assert (resolved.recurrence, resolved.flagged, resolved.reason) == (
        Recurrence.NONE,
        True,
        reason,
    )


@pytest.mark.parametrize(
    ("text", "day_first", "due"),
    [
        pytest.param("01/02/2017", True, D(2017, 2, 1), id="day first"),
        pytest.param("01/02/2017", False, D(2017, 1, 2), id="month first"),
        pytest.param("31/03/2017", True, D(2017, 3, 31), id="UK date"),
        pytest.param("03/31/2017", False, D(2017, 3, 31), id="US date"),
        pytest.param("1.2.17", False, D(2017, 1, 2), id="dotted month first"),
        pytest.param("2017-02-01", False, D(2017, 2, 1), id="ISO ignores day_first"),
    ],
)
def test_day_first_decides_a_numeric_date(text, day_first, due):
    resolved = resolve_target_date(text, as_at=AS_AT_SEPTEMBER_2016, day_first=day_first)
    assert (resolved.due, resolved.flagged) == (due, False)


def test_numeric_date_is_day_first_unless_told_otherwise():
    assert resolve_target_date("01/02/2017").due == D(2017, 2, 1)


def test_numeric_date_impossible_in_the_order_given_is_flagged_not_swapped():
    resolved = resolve_target_date("31/03/2017", day_first=False)
    assert (resolved.due, resolved.reason) == (
        None,
        "3 month 31 2017 does not exist in '31/03/2017'",
    )


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        pytest.param(datetime(2019, 1, 1), "mmm-yy", "January 2019", id="mmm-yy"),
        pytest.param(datetime(2019, 1, 1), "mmmm yyyy", "January 2019", id="mmmm yyyy"),
        pytest.param(datetime(2018, 9, 1), "mmm yy", "September 2018", id="mmm yy"),
        pytest.param(datetime(2019, 1, 1), "[$-809]mmm-yy", "January 2019", id="locale tag"),
        pytest.param(datetime(2019, 1, 1), "mmm\\-yy", "January 2019", id="escaped hyphen"),
        pytest.param(datetime(2019, 1, 1), 'mmmm" "yyyy', "January 2019", id="quoted space"),
        pytest.param(datetime(2019, 1, 1), "mm/yyyy", "January 2019", id="numeric month"),
        pytest.param(D(2019, 1, 1), "mmm-yy", "January 2019", id="a date, not a datetime"),
        pytest.param(datetime(2019, 1, 15), "dd/mm/yyyy", "2019-01-15", id="day shown"),
        pytest.param(datetime(2019, 1, 15), "d-mmm-yy", "2019-01-15", id="d-mmm-yy"),
        pytest.param(datetime(2019, 1, 15), "yyyy-mm-dd", "2019-01-15", id="ISO format"),
        pytest.param(datetime(2019, 1, 15), "General", "2019-01-15", id="General"),
        pytest.param(datetime(2019, 1, 15), None, "2019-01-15", id="no format"),
        pytest.param(
            datetime(2019, 1, 15, 9, 30),
            "dd/mm/yyyy hh:mm",
            "2019-01-15 09:30:00",
            id="date and time",
        ),
    ],
)
def test_date_cell_shows_month_and_year_when_its_format_has_no_day(value, number_format, text):
    assert date_cell_text(value, number_format) == text


@pytest.mark.parametrize("number_format", ["mmm-yy", "mmmm yyyy"])
def test_month_and_year_date_cell_is_due_on_the_months_last_day_like_the_text(number_format):
    resolved = resolve_target_date(date_cell_text(datetime(2019, 2, 1), number_format))
    assert (resolved.due, resolved.flagged) == (D(2019, 2, 28), False)
