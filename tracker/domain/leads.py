"""Split a plan's Lead cell into the people or groups who own an action, and match them by name."""

import html
import re
import unicodedata

_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")
# A slash or semicolon always separates leads; a comma never does, because "John Dunn, RBT" is
# one lead. "and", "&" and line breaks separate only when both sides look like a named lead (two
# or more capitalised words): "Deb Johnson and Warren Carratt" is two people, but in "Performance
# and Quality" neither side is, so the group stays whole, as does a name wrapped over two lines.
_ALWAYS_SEPARATES = re.compile(r"[/;]")
_SEPARATES_NAMED_LEADS = re.compile(r"(\s+and\s+|\s*&\s*|\s*\n\s*)", re.IGNORECASE)
_NAME_PARTICLES = frozenset({"of", "the", "for", "de", "van", "von", "der", "da", "di", "du", "le"})
_EDGE_PUNCTUATION = " \t,;:&-–—•"
_OPENING_PUNCTUATION = "(\"'‘“"


def split_leads(text: str) -> tuple[str, ...]:
    """Return each lead in a Lead cell, in order, once; "and" splits only between named leads."""
    with_breaks = _LINE_BREAK_TAG.sub("\n", text)
    plain = html.unescape(_HTML_TAG.sub(" ", with_breaks))
    leads: list[str] = []
    seen: set[str] = set()
    for part in _ALWAYS_SEPARATES.split(plain):
        for lead in _split_named_leads(part):
            key = person_key(lead)
            if key and key not in seen:
                seen.add(key)
                leads.append(lead)
    return tuple(leads)


def person_key(name: str) -> str:
    """Return the key that matches a person's name ignoring case, spacing and punctuation."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def _split_named_leads(part: str) -> list[str]:
    first, *rest = _SEPARATES_NAMED_LEADS.split(part)
    pieces = [_tidy(first)]
    for separator, segment in zip(rest[::2], rest[1::2], strict=True):
        following = _tidy(segment)
        if _looks_like_named_lead(pieces[-1]) and _looks_like_named_lead(following):
            pieces.append(following)
        else:
            joiner = " " if "\n" in separator else f" {separator.strip()} "
            pieces[-1] = _tidy(f"{pieces[-1]}{joiner}{following}")
    return [piece for piece in pieces if piece]


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(_EDGE_PUNCTUATION)


def _looks_like_named_lead(text: str) -> bool:
    words = [word.lstrip(_OPENING_PUNCTUATION) for word in text.split()]
    capitalised = [word for word in words if word[:1].isupper()]
    return (
        len(capitalised) >= 2
        and words[0][:1].isupper()
        and all(word[:1].isupper() or word in _NAME_PARTICLES for word in words)
    )
