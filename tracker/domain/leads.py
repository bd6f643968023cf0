"""Split a plan's Lead cell into the people or groups who own an action, and match them by name."""

import re
import unicodedata
from functools import lru_cache

from tracker.domain.markup import strip_tags

# A wrong split invents people and files actions under fragments of a job title; a missed split
# keeps two leads together where an administrator sees and corrects it. So the rules lean towards
# keeping a cell whole. How a cell is split:
#
# * A semicolon always separates leads, and so does a slash with a space on each side
#   ("Howard Woolfenden / Warren Carratt").
# * A comma never does: "John Dunn, RBT" is one lead.
# * A slash without a space on both sides ("Julie Westwood/Lyn Burns", "Head of Service MASH/ SA"),
#   " and ", " & " and a line break separate only when the text on each side stands as a lead on
#   its own: a personal name, a role, or a name the caller knows. Otherwise the two sides are one
#   lead, so a role title keeps its "and" ("Head of Performance & Quality Assurance") and its
#   slashes ("HoS CIN/CP & PSW"), and a name wrapped over two lines stays whole.
# * A word joined by slashes with no spaces at all ("MASH/SA", "DM/PL/KL") is one lead unless
#   every part of it is a known name.
# * A text an administrator said to keep whole is one lead, wherever it is the whole cell or a
#   part of it between semicolons or spaced slashes; it is matched by lead_text_key.
#
# What stands as a lead:
#
# * A personal name: two to four capitalised words (initials and name particles such as "de" or
#   "van" allowed), none of them a role word ("Head", "Manager", "Team"), a joining word ("of",
#   "for", "all") or an abbreviation in capitals ("RBT"), and not opening with a word that names a
#   field of work ("Quality Assurance", "Early Help", "Children's Services" are not people).
# * A role: two or more words, the first capitalised, one of them a role word ("Head of
#   Safeguarding", "Service Manager LAC", "HoS CIN"). A lone abbreviation ("PSW", "SA") is not
#   enough, since it usually finishes the title before it.
# * A known name: the caller's list of people, matched by person_key.
#
# A side with commas is judged by the part next to the separator, skipping abbreviations after a
# comma ("John Dunn, RBT and Rebecca Wragg"), and words in brackets are ignored ("(DCS)").
_ALWAYS_SEPARATES = re.compile(r";|\s+/\s+")
_SEPARATES_STANDALONE_LEADS = re.compile(r"(\s*/\s*|\s+and\s+|\s*&\s*|\s*\n\s*)", re.IGNORECASE)
_JOINED_WORD = re.compile(r"\S+(?:/\S+)+")
_SPACE_BESIDE_PUNCTUATION = re.compile(r"\s*([^\w\s])\s*")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NAME_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "bin", "al", "st"}
)
_ROLE_WORDS = frozenset(
    {
        "ad",
        "adviser",
        "advisers",
        "advisor",
        "advisors",
        "analyst",
        "board",
        "ceo",
        "cex",
        "chair",
        "champion",
        "chief",
        "commissioner",
        "commissioners",
        "consultant",
        "co-ordinator",
        "coordinator",
        "dcs",
        "director",
        "directors",
        "executive",
        "head",
        "heads",
        "hos",
        "lead",
        "leader",
        "leads",
        "manager",
        "managers",
        "member",
        "members",
        "nurse",
        "officer",
        "officers",
        "panel",
        "practitioner",
        "practitioners",
        "secretary",
        "supervisor",
        "team",
        "teams",
        "worker",
        "workers",
    }
)
_NOT_IN_NAMES = _ROLE_WORDS | {
    "acting",
    "all",
    "and",
    "assistant",
    "associate",
    "at",
    "by",
    "corporate",
    "deputy",
    "each",
    "every",
    "for",
    "in",
    "interim",
    "of",
    "on",
    "operational",
    "principal",
    "senior",
    "service",
    "services",
    "strategic",
    "the",
    "to",
    "with",
}
# Words that open the name of a field of work, not a person's given name.
_FIELD_WORDS = frozenset(
    {
        "access",
        "achieving",
        "admissions",
        "adoption",
        "adult",
        "adults",
        "assessment",
        "assurance",
        "attendance",
        "audit",
        "business",
        "care",
        "child",
        "children",
        "children's",
        "childrens",
        "clinical",
        "commissioning",
        "communications",
        "community",
        "communities",
        "compliance",
        "contracts",
        "customer",
        "data",
        "development",
        "digital",
        "disability",
        "disabilities",
        "duty",
        "early",
        "education",
        "engagement",
        "enjoying",
        "estates",
        "facilities",
        "families",
        "family",
        "finance",
        "financial",
        "fostering",
        "front",
        "governance",
        "health",
        "help",
        "housing",
        "human",
        "improvement",
        "inclusion",
        "independent",
        "information",
        "integrated",
        "intelligence",
        "intervention",
        "leaving",
        "learning",
        "legal",
        "locality",
        "localities",
        "looked",
        "medical",
        "mental",
        "multi-agency",
        "nursing",
        "offending",
        "operations",
        "participation",
        "partnership",
        "partnerships",
        "patient",
        "people",
        "performance",
        "placements",
        "planning",
        "policy",
        "practice",
        "prevention",
        "procurement",
        "protection",
        "public",
        "pupil",
        "quality",
        "referral",
        "resources",
        "review",
        "reviewing",
        "risk",
        "safeguarding",
        "safety",
        "school",
        "schools",
        "skills",
        "social",
        "special",
        "specialist",
        "standards",
        "strategy",
        "sufficiency",
        "support",
        "targeted",
        "training",
        "transformation",
        "virtual",
        "workforce",
        "young",
        "youth",
    }
)
_EDGE_PUNCTUATION = " \t,;:&-–—•/"
_WORD_PUNCTUATION = "\"'‘’“”.,:()"


def split_leads(
    text: str,
    *,
    known_names: frozenset[str] = frozenset(),
    kept_whole: frozenset[str] = frozenset(),
) -> tuple[str, ...]:
    """Return each lead in a Lead cell, in order, once; split only between standalone leads."""
    plain = strip_tags(text, keep_line_breaks=True)
    known = _known_keys(known_names)
    kept = _kept_keys(kept_whole)
    parts = [plain] if _key_of_plain(plain) in kept else _ALWAYS_SEPARATES.split(plain)
    leads: list[str] = []
    seen: set[str] = set()
    for part in parts:
        whole = _key_of_plain(part) in kept
        for lead in [_tidy(part)] if whole else _split_part(part, known):
            key = person_key(lead)
            if key and key not in seen:
                seen.add(key)
                leads.append(lead)
    return tuple(leads)


def whole_lead(text: str) -> str:
    """Return a Lead text as one lead: plain text on one line, no stray punctuation at its ends."""
    return _tidy(strip_tags(text, keep_line_breaks=True))


def lead_text_key(text: str) -> str:
    """Return the key that remembers a Lead text ignoring case, spacing and line breaks."""
    return _key_of_plain(strip_tags(text, keep_line_breaks=True))


def person_key(name: str) -> str:
    """Return the key that matches a person's name ignoring case, spacing and punctuation."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def _key_of_plain(plain: str) -> str:
    spaced = " ".join(unicodedata.normalize("NFKC", plain).casefold().split())
    # "MASH/ SA" and "MASH/SA" are the same text spaced differently.
    return _SPACE_BESIDE_PUNCTUATION.sub(r"\1", spaced)


@lru_cache(maxsize=8)
def _kept_keys(kept_whole: frozenset[str]) -> frozenset[str]:
    return frozenset(filter(None, map(lead_text_key, kept_whole)))


@lru_cache(maxsize=8)
def _known_keys(known_names: frozenset[str]) -> frozenset[str]:
    return frozenset(filter(None, map(person_key, known_names)))


def _split_part(part: str, known: frozenset[str]) -> list[str]:
    whole = _tidy(part)
    if _JOINED_WORD.fullmatch(whole):
        pieces = [_tidy(piece) for piece in whole.split("/")]
        known_each = all(person_key(piece) in known for piece in pieces)
        return [piece for piece in pieces if piece] if known_each else [whole]
    first, *rest = _SEPARATES_STANDALONE_LEADS.split(part)
    pieces = [_tidy(first)]
    for separator, segment in zip(rest[::2], rest[1::2], strict=True):
        following = _tidy(segment)
        if not following:
            continue
        if not pieces[-1]:
            pieces[-1] = following
        elif _stands_alone(pieces[-1], known, at_end=True) and _stands_alone(
            following, known, at_end=False
        ):
            pieces.append(following)
        else:
            # A wrapped line joins with a space; any other separator is kept as written.
            joiner = " " if "\n" in separator else re.sub(r"\s+", " ", separator)
            pieces[-1] = _tidy(f"{pieces[-1]}{joiner}{following}")
    return [piece for piece in pieces if piece]


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(_EDGE_PUNCTUATION)


def _stands_alone(side: str, known: frozenset[str], *, at_end: bool) -> bool:
    """Tell whether the text on one side of a separator is a lead on its own."""
    if person_key(side) in known:
        return True
    segments = [segment.strip() for segment in side.split(",") if segment.strip()]
    if at_end:
        segments.reverse()
    # "John Dunn, RBT": an abbreviation after a comma says where the person works.
    nearest = next((segment for segment in segments if not _is_abbreviation(segment)), side)
    if person_key(nearest) in known:
        return True
    words = [word.strip(_WORD_PUNCTUATION) for word in _BRACKETED.sub(" ", nearest).split()]
    words = [word for word in words if word]
    return _looks_like_person(words) or _looks_like_role(words)


def _is_abbreviation(text: str) -> bool:
    letters = text.strip(_WORD_PUNCTUATION)
    return " " not in letters and len(letters) >= 2 and letters.isupper()


def _looks_like_person(words: list[str]) -> bool:
    if not 2 <= len(words) <= 4 or words[0].lower() in _FIELD_WORDS:
        return False
    for position, word in enumerate(words):
        lowered = word.lower()
        if position and lowered in _NAME_PARTICLES:
            continue
        if lowered in _NOT_IN_NAMES or not word[:1].isupper():
            return False
        if len(word) > 1 and word.isupper():
            return False
    return True


def _looks_like_role(words: list[str]) -> bool:
    return (
        len(words) >= 2
        and words[0][:1].isupper()
        and any(word.lower() in _ROLE_WORDS for word in words)
    )
