"""Name an uploaded file as its user knows it, safely enough to show and store."""

import unicodedata
from pathlib import PurePath

from tracker.domain.single_line import single_line

LONGEST_UPLOAD_NAME = 120


def upload_name(raw: str, longest: int = LONGEST_UPLOAD_NAME) -> str:
    """Return the last part of a browser's file name, on one line, without control characters."""
    # Some browsers send the whole path the file was chosen from, with either kind of slash.
    last = raw.replace("\\", "/").rsplit("/", 1)[-1]
    shown = "".join(
        " " if character == "\t" else character
        for character in single_line(last)
        if character == "\t" or unicodedata.category(character) not in ("Cc", "Cf")
    ).strip()
    if len(shown) <= longest:
        return shown
    suffix = PurePath(shown).suffix
    if len(suffix) >= longest // 2:
        suffix = ""
    return shown[: longest - len(suffix) - 1] + "…" + suffix
