"""Keep titles, names and email headers on one line."""

import re

# Every character str.splitlines() breaks at: CR, LF, VT, FF, FS, GS, RS, NEL, LS and PS.
_LINE_BREAKS = re.compile(r"[ \t]*(?:(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])[ \t]*)+")


def single_line(text: str) -> str:
    """Return text on one line: each run of line breaks and the spaces beside it becomes a space."""
    return _LINE_BREAKS.sub(" ", text).strip()


def has_line_break(text: str) -> bool:
    """Tell whether text would change on its way to one line, apart from its outer spaces."""
    return _LINE_BREAKS.search(text.strip()) is not None
