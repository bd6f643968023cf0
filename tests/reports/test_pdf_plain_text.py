"""User text made into PDF paragraphs without the markup parser reads as the parser reads it."""

from xml.sax.saxutils import escape

import pytest
from reportlab.platypus import Paragraph

from tracker.reports import pdf

CASES = [
    "Recruit social workers",
    "  spaces around  and  between  ",
    "tab\tand carriage\rreturn",
    "no-break\xa0space kept whole",
    "<b>not bold</b> &amp; not an entity &lt;",
    "accents é, arrows → and symbols ✓ £ €",
    "'quotes' and \"double quotes\"",
    "=SUM(A1) looks like a formula",
    "x" * 3000,
    "ends with a tab\t",
    "",
    " \t ",
]


def _parsed(value: str, style: str) -> Paragraph:
    """Return the paragraph ReportLab's own parser makes of the escaped text."""
    return Paragraph(escape(value), pdf._styles()[style])


def _read(paragraph: Paragraph) -> tuple[str, list[dict]]:
    """Return a paragraph's text and its fragments' distinct styles."""
    styles: list[dict] = []
    for fragment in paragraph.frags:
        style = {key: value for key, value in vars(fragment).items() if key != "text"}
        if style not in styles:
            styles.append(style)
    return "".join(fragment.text for fragment in paragraph.frags), styles


@pytest.mark.parametrize("value", CASES)
@pytest.mark.parametrize("style", ["cell", "small", "head", "h2"])
def test_plain_text_reads_as_the_parser_reads_it(value, style):
    made = pdf._text(value, style)
    parsed = _parsed(value, style)
    assert _read(made) == _read(parsed)
    assert made.getPlainText() == parsed.getPlainText()


@pytest.mark.parametrize("style", ["cell", "small"])
def test_plain_text_breaks_into_the_same_lines_as_parsed_text(style):
    value = "Vacancies remain at 20% & the long commentary <wraps> over lines. " * 8
    made, parsed = pdf._text(value, style), _parsed(value, style)
    assert made.wrap(120, 1000) == parsed.wrap(120, 1000)
    assert len(made.blPara.lines) == len(parsed.blPara.lines) > 5


def test_text_with_line_breaks_keeps_them():
    paragraph = pdf._text("first line\nsecond line")
    paragraph.wrap(400, 1000)
    assert len(paragraph.blPara.lines) == 2
