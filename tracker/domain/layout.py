"""Name the columns of the council plan layout and recognise them in a sheet's header row."""

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.domain.markup import strip_tags

EXPORT_HEADERS: tuple[tuple[str, str], ...] = (
    ("ref", "Ref"),
    ("theme", "Theme"),
    ("objective", "Objective"),
    ("action", "Key Actions"),
    ("priority", "Priority"),
    ("target_date", "Target Date"),
    ("baseline_target_date", "Baseline Target Date"),
    ("baseline", "Baseline"),
    ("targets", "Targets"),
    ("current_performance", "Current Performance"),
    ("lead", "Lead"),
    ("rag", "RAG"),
    ("commentary", "Performance Commentary"),
    ("workstreams", "Lead Workstream(s)"),
    ("completion", "Completion status"),
    ("completed_on", "Completed On"),
    # The refs of the recommendations the action answers, "; "-separated.
    ("recommendation", "Recommendation"),
    ("milestones", "Milestones"),
)

HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
    "ref": ("Ref", "Reference", "No", "Ref No"),
    "theme": ("Theme", "Section"),
    "objective": ("Objective",),
    "action": ("Key Actions", "Key Action", "Action", "Actions"),
    "priority": ("Priority",),
    "target_date": ("Target Date", "Target Dates", "Timescale"),
    # The first target date of a revised action, beside the Target Date now in force.
    "baseline_target_date": ("Baseline Target Date", "Original Target Date"),
    "baseline": ("Baseline",),
    "targets": ("Targets", "Target"),
    "current_performance": ("Current Performance",),
    "lead": ("Lead", "Leads", "Lead Officer"),
    "rag": ("RAG", "RAG Status"),
    "commentary": ("Performance Commentary", "Commentary", "Update", "Progress Update"),
    "workstreams": ("Lead Workstream(s)", "Lead Workstreams", "Workstream", "Workstreams"),
    "completion": ("Comp Y/N", "Completion status", "Completion", "Complete"),
    "completed_on": ("Completed On", "Completion Date"),
    # "Recommendation" alone is read as the recommendation only where the key action and the
    # objective have columns of their own (ACTION_OR_OBJECTIVE_HEADERS), as in an export.
    "recommendation": ("Recommendation refs", "Recommendation ref", "Recommendations answered"),
    "milestones": ("Milestones",),
}

# Headers common in published plans that are read without a mapping. They are guesses: when one
# meets a column named by HEADER_VARIANTS for the same field, the named column wins and the
# guessed one is reported as not recognised, so a file that imported before imports the same way.
GUESSED_HEADERS: dict[str, tuple[str, ...]] = {
    "ref": ("NOS", "Number", "Ref.", "Rec No", "Recommendation No", "Action No"),
    "theme": ("Themes", "Sections"),
    "objective": ("Objectives", "Outcome sought", "Aim"),
    "action": (
        "How?",
        "Description",
        "Action required",
        "Actions required",
        "Key actions required",
        "Action to be taken",
        "Actions to be taken",
        "Tasks",
    ),
    "target_date": (
        "When?",
        "Timescales",
        "Deadline",
        "Deadlines",
        "Due date",
        "Due by",
        "By when",
        "Target completion date",
        "Baseline finish date",
        "Completion target",
        "Target timescale",
    ),
    "targets": ("Evidence", "Success measures", "Measures of success", "Success criteria"),
    "lead": (
        "Who?",
        "Lead officers",
        "Lead Officer/EM",
        "Responsible Officer",
        "Responsible Officers",
        "Responsible",
        "Owner",
        "Owners",
        "Action owner",
        "Lead person",
        "Lead manager",
    ),
    "rag": ("Status", "Current Status", "Progress", "RAG rating", "Overall status", "BRAG"),
    "commentary": (
        "Outcome",
        "Outcomes",
        "Action taken",
        "Actions taken",
        "Progress to date",
        "Progress commentary",
        "Progress updates",
        "Updates",
        "Status update",
        "Comments",
    ),
    "completed_on": (
        "Date completed",
        "Completed date",
        "Date of completion",
        "Actual completion date",
        "Date closed",
        "Closed on",
    ),
}

# Headers that name what is to be achieved: the Key Actions column when the table has no other,
# otherwise its Objective (a scrutiny recommendation with its own action column, or What? beside
# How?).
ACTION_OR_OBJECTIVE_HEADERS: tuple[str, ...] = ("What?", "Recommendation", "Recommendations")

# Headers that lead a longer header with the same meaning, e.g. "Evidence key milestone has
# been achieved". Only words that start no other known header are listed.
LEADING_WORDS: dict[str, tuple[str, ...]] = {
    "targets": ("Evidence", "Success measures", "Measures of success"),
    "commentary": ("Progress update",),
}

REQUIRED_KEYS = frozenset({"action"})

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
_BRACKETED = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
_QUALIFIER = re.compile(r"\s[-–—]\s.*$|\s*:.*$")
_EXPORT_HEADER_BY_KEY = dict(EXPORT_HEADERS)
_NAMED = 0
_GUESSED = 1
_LOOSE = 2


@dataclass(frozen=True)
class HeaderMatch:
    """Say which column holds each known key, which headers were not known, and what is wrong."""

    columns: dict[str, int]
    unknown: tuple[tuple[int, str], ...]
    problems: tuple[str, ...]
    guessed: frozenset[str] = frozenset()


def normalise_header(text: str) -> str:
    """Reduce a header to lower-case letters and digits so spacing and punctuation do not count."""
    plain = strip_tags(text)
    return _NOT_LETTER_OR_DIGIT.sub("", plain.casefold())


def field_name(key: str) -> str:
    """Name a layout key by its header in the standard layout, e.g. action is "Key Actions"."""
    return _EXPORT_HEADER_BY_KEY[key]


def accepted_headers(key: str) -> tuple[str, ...]:
    """List every header read as this key without a mapping, named ones first."""
    flexible = ACTION_OR_OBJECTIVE_HEADERS if key in ("action", "objective") else ()
    return HEADER_VARIANTS[key] + GUESSED_HEADERS.get(key, ()) + flexible


_FLEXIBLE = "action or objective"
_KEY_BY_HEADER: dict[str, tuple[str, int]] = {
    **{
        normalise_header(variant): (key, _GUESSED)
        for key, variants in GUESSED_HEADERS.items()
        for variant in variants
    },
    **{normalise_header(variant): (_FLEXIBLE, _GUESSED) for variant in ACTION_OR_OBJECTIVE_HEADERS},
    **{
        normalise_header(variant): (key, _NAMED)
        for key, variants in HEADER_VARIANTS.items()
        for variant in variants
    },
}
_LEADING = tuple(
    (normalise_header(words), key) for key, variants in LEADING_WORDS.items() for words in variants
)
_KNOWN_HEADERS = {
    normalise_header(variant): (variant, key)
    for key in HEADER_VARIANTS
    for variant in reversed(accepted_headers(key))
}


def _header_key(header: str) -> tuple[str, int] | None:
    """Return the key a header names and how surely: by name, by a known guess, or loosely."""
    found = _KEY_BY_HEADER.get(normalise_header(header))
    if found is not None:
        return found
    core = normalise_header(_QUALIFIER.sub("", _BRACKETED.sub(" ", header)))
    if core in _KEY_BY_HEADER:
        return _KEY_BY_HEADER[core][0], _LOOSE
    whole = normalise_header(header)
    for words, key in _LEADING:
        if whole.startswith(words):
            return key, _LOOSE
    return None


def match_headers(cells: Sequence[str | None]) -> HeaderMatch:
    """Match a header row's cells to the layout's keys, by name first and then by common guess."""
    candidates: dict[str, list[tuple[int, int]]] = {}
    flexible: list[int] = []
    unknown: dict[int, str] = {}
    headers: dict[int, str] = {}
    for index, cell in enumerate(cells):
        header = " ".join((cell or "").split())
        if not normalise_header(header):
            continue
        headers[index] = header
        found = _header_key(header)
        if found is None:
            unknown[index] = header
        elif found[0] == _FLEXIBLE:
            flexible.append(index)
        else:
            candidates.setdefault(found[0], []).append((found[1], index))
    columns: dict[str, int] = {}
    guessed: set[str] = set()
    repeats: list[tuple[int, str]] = []
    for key, ranked in candidates.items():
        ranked.sort()
        rank, first = ranked[0]
        columns[key] = first
        if rank != _NAMED:
            guessed.add(key)
        for other_rank, other in ranked[1:]:
            if rank == _NAMED and other_rank == _NAMED:
                repeats.append(
                    (
                        other,
                        f"column {column_letter(other)} '{headers[other]}' repeats column"
                        f" {column_letter(first)} '{headers[first]}'",
                    )
                )
            else:
                unknown[other] = headers[other]
    for index in flexible:
        free = next(
            (key for key in ("action", "objective", "recommendation") if key not in columns), None
        )
        if free is None:
            unknown[index] = headers[index]
        else:
            columns[free] = index
            guessed.add(free)
    problems = [message for _, message in sorted(repeats)]
    for key in sorted(REQUIRED_KEYS - columns.keys()):
        header = _EXPORT_HEADER_BY_KEY[key]
        problems.append(f"no '{header}' column: add a column headed '{header}'")
    return HeaderMatch(
        dict(sorted(columns.items(), key=lambda item: item[1])),
        tuple(sorted(unknown.items())),
        tuple(problems),
        frozenset(guessed),
    )


def nearest_known_header(header: str) -> tuple[str, str] | None:
    """Return the known header closest in spelling to an unknown one, with its field's name."""
    close = difflib.get_close_matches(normalise_header(header), _KNOWN_HEADERS, n=1, cutoff=0.76)
    if not close:
        return None
    variant, key = _KNOWN_HEADERS[close[0]]
    return variant, _EXPORT_HEADER_BY_KEY[key]


def column_letter(index: int) -> str:
    """Name a 0-based column index by its spreadsheet letters: 0 is A, 26 is AA."""
    if index < 0:
        raise ValueError(f"column index {index} is negative")
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def find_header_row(rows: Sequence[Sequence[str | None]], limit: int = 20) -> int | None:
    """Return the row that heads a Key Actions column and most other known ones, earliest first."""
    best: tuple[int, int] | None = None
    for index, row in enumerate(rows[:limit]):
        columns = match_headers(row).columns
        if "action" in columns and len(columns) >= 2 and (best is None or len(columns) > best[0]):
            best = (len(columns), index)
    return None if best is None else best[1]


def likely_header_row(rows: Sequence[Sequence[str | None]], limit: int = 20) -> int | None:
    """Return the row that looks most like a header: most known headers, then most short cells."""
    best: tuple[int, int, int] | None = None
    for index, row in enumerate(rows[:limit]):
        short = sum(1 for cell in row if cell and cell.strip() and len(cell.strip()) <= 60)
        score = (len(match_headers(row).columns), short, -index)
        if short and (best is None or score > best):
            best = score
    return None if best is None else -best[2]


_TITLE_LABEL = re.compile(
    r"^(?:annex|annexe|appendix|app|schedule|enclosure|attachment|agenda item|item|page|part"
    r"|draft|version|v|official|official sensitive|restricted|confidential)\b[\s\w.:/-]{0,12}$",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|sday|urday)?\b"
    r"|\b\d{1,4}(?:st|nd|rd|th)?\b|\bq[1-4]\b"
    r"|\b(?:date|dated|of|update|updated|last|as|at|on|position|revised|issued|version|v)\b"
    r"|\b(?:report|reported|reporting|period|quarter|quarterly|month|monthly|year|financial"
    r"|fy|progress|end|review|reviewed|monitoring|document|status|draft|final)\b"
    r"|\bpage\b",
    re.IGNORECASE,
)
# Words that name a document, which a title has and a note or a date line seldom does.
_TITLE_WORDS = re.compile(
    r"\b(?:plan|plans|tracker|programme|program|log|register|recommendations?|strategy"
    r"|framework)\b",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[^\W\d_]")
# Longer than this, a cell above the header is more likely a note than the plan's title.
_TITLE_LENGTH = 200


@dataclass(frozen=True)
class TitleCell:
    """The cell above a header that reads as the plan's title, with its place (0-based)."""

    row: int
    column: int
    text: str


def pick_title(rows: Sequence[Sequence[str | None]]) -> TitleCell | None:
    """Choose the most title-like cell above a header: one naming a plan, best alone on its row."""
    # Short labels (ANNEX A, Appendix 1), date lines and page references are never the title; a
    # cell longer than a title usually is (a note) is chosen only when nothing shorter reads as one.
    best: tuple[bool, bool, bool, int, int] | None = None
    title: TitleCell | None = None
    for index, row in enumerate(rows):
        # The cell is scored with its white space folded, but kept as written: the importer
        # says when it turns the title's line breaks into spaces.
        filled = [
            (column, cell.strip()) for column, cell in enumerate(row) if cell and cell.strip()
        ]
        for column, written in filled:
            text = " ".join(written.split())
            letters = len(_LETTER.findall(text))
            if (
                _TITLE_LABEL.match(text)
                or len(_LETTER.findall(_DATE_WORDS.sub(" ", text))) < 3
                or letters < 0.6 * len(text.replace(" ", ""))
            ):
                continue
            score = (
                len(text) <= _TITLE_LENGTH,
                _TITLE_WORDS.search(text) is not None,
                len(filled) == 1,
                letters,
                -index,
            )
            if best is None or score > best:
                best, title = score, TitleCell(index, column, written)
    return title
