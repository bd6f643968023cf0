"""Read the plain text of a cell or field that may hold HTML markup."""

import html
import re

_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")


def strip_tags(text: str, *, keep_line_breaks: bool = False) -> str:
    """Return the text with each tag read as a space and its character references decoded."""
    if keep_line_breaks:
        text = _LINE_BREAK_TAG.sub("\n", text)
    # A tag becomes a space, not nothing, so "<p>a</p><p>b</p>" keeps "a" and "b" apart.
    return html.unescape(_HTML_TAG.sub(" ", text))


def plain_text(text: str) -> str:
    """Return the text without markup and with single spaces."""
    return " ".join(strip_tags(text).split())
