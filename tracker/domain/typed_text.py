"""Refuse control characters in typed text: only multi-line text may hold tabs and line breaks."""

from __future__ import annotations

import re

# Unicode's control characters (category Cc): C0, DEL and C1.
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LAYOUT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a line break"}


def control_character_problem(name: str, text: str, *, multiline: bool) -> str | None:
    """Say where the first control character in the text is, or return None when there is none."""
    pattern = _CONTROL_BUT_LAYOUT if multiline else _ANY_CONTROL
    found = pattern.search(text)
    if found is None:
        return None
    char = found.group()
    what = _NAMES.get(char) or f"a control character (U+{ord(char):04X})"
    return f"{name} contains {what} at character {found.start() + 1}: remove it"
