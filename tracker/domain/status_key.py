"""Read status words through a plan's own status key: label, colour, completion, exception."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from tracker.domain.cells import CellError
from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.markup import plain_text
from tracker.domain.text_limits import STATUS_LABEL


class StatusColour(StrEnum):
    """Name the colours a status key may give its entries."""

    RED = "red"
    AMBER = "amber"
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    GREY = "grey"
    NONE = "none"

    @property
    def label(self) -> str:
        """Return the colour's name as printed beside a status."""
        return "No colour" if self is StatusColour.NONE else self.value.capitalize()


# The RAG rating an entry's colour stands for, kept so that reads by colour family still work.
_RAG_BY_COLOUR = {
    StatusColour.RED: Rag.RED,
    StatusColour.AMBER: Rag.AMBER,
    StatusColour.YELLOW: Rag.AMBER,
    StatusColour.GREEN: Rag.GREEN,
}
_COLOUR_NAMES = {colour.value: colour for colour in StatusColour} | {
    "": StatusColour.NONE,
    "gray": StatusColour.GREY,
    "yellow/amber": StatusColour.AMBER,
}
_COMPLETION_NAMES = {completion.label.lower(): completion for completion in Completion} | {
    "not known": Completion.NOT_KNOWN,
    "completed": Completion.COMPLETED,
    "not completed": Completion.NOT_COMPLETED,
    "partially completed": Completion.PARTIALLY_COMPLETED,
}
_DIRECTION_WORDS = {
    "↑": Direction.IMPROVING,
    "⬆": Direction.IMPROVING,
    "^": Direction.IMPROVING,
    "up": Direction.IMPROVING,
    "improving": Direction.IMPROVING,
    "→": Direction.UNCHANGED,
    "➔": Direction.UNCHANGED,
    "->": Direction.UNCHANGED,
    "same": Direction.UNCHANGED,
    "unchanged": Direction.UNCHANGED,
    "↓": Direction.DECLINING,
    "⬇": Direction.DECLINING,
    "down": Direction.DECLINING,
    "declining": Direction.DECLINING,
}
_ARROW_SYMBOLS = re.compile(r"(->|[↑⬆^→➔↓⬇])")
_TRAILING_PUNCTUATION = ".,;:!"
MAX_LABEL = STATUS_LABEL.maximum
MAX_WORDS = 50


class StatusKeyError(ValueError):
    """Say what is wrong with a status key as written, naming the entry."""


def status_word_key(text: str) -> str:
    """Reduce a status word to lower case with single spaces, as words are matched."""
    return " ".join(plain_text(text).lower().split()).rstrip(_TRAILING_PUNCTUATION).strip()


@dataclass(frozen=True)
class StatusKeyEntry:
    """One status of a plan's key, with the words in its files that mean it."""

    label: str
    colour: StatusColour
    completion: Completion = Completion.NOT_KNOWN
    exception: bool = False
    words: tuple[str, ...] = ()
    # The entry a signed-off action shows, e.g. "Complete & assured" in blue.
    signed_off: bool = False

    @property
    def rag(self) -> Rag | None:
        """Return the RAG rating this entry stands for: Complete when it completes the action."""
        if self.completion is Completion.COMPLETED:
            return Rag.COMPLETE
        return _RAG_BY_COLOUR.get(self.colour)

    def to_json(self) -> dict[str, object]:
        """Return the entry as the mapping file writes it."""
        written: dict[str, object] = {
            "label": self.label,
            "colour": self.colour.value,
            "completion": self.completion.label
            if self.completion is not Completion.NOT_KNOWN
            else "Not known",
            "exception": self.exception,
            "words": list(self.words),
        }
        if self.signed_off:
            written["signed_off"] = True
        return written


@dataclass(frozen=True)
class StatusReading:
    """The status entry and direction of travel read from one cell; blank reads as neither."""

    entry: StatusKeyEntry | None
    direction: Direction | None = None
    from_colour: bool = False


@dataclass(frozen=True)
class StatusKey:
    """A plan's ordered status key."""

    entries: tuple[StatusKeyEntry, ...]
    _by_word: dict[str, StatusKeyEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_word: dict[str, StatusKeyEntry] = {}
        for entry in self.entries:
            for word in (entry.label, *entry.words):
                by_word.setdefault(status_word_key(word), entry)
        object.__setattr__(self, "_by_word", by_word)

    @property
    def is_default(self) -> bool:
        """Tell whether this is the key every plan starts with."""
        return self == DEFAULT_STATUS_KEY

    def entry_for_word(self, text: str) -> StatusKeyEntry | None:
        """Return the entry a whole status word or label means, or None."""
        return self._by_word.get(status_word_key(text))

    def entry_named(self, label: str) -> StatusKeyEntry | None:
        """Return the entry with this label, case and spacing ignored."""
        wanted = status_word_key(label)
        return next((e for e in self.entries if status_word_key(e.label) == wanted), None)

    @property
    def signed_off_entry(self) -> StatusKeyEntry | None:
        """Return the entry a signed-off action shows, or None when the key has none."""
        return next((entry for entry in self.entries if entry.signed_off), None)

    def entry_for_colour(self, colour: StatusColour) -> StatusKeyEntry | None:
        """Return the first entry of this colour, as a colour-only cell is read."""
        return next((entry for entry in self.entries if entry.colour is colour), None)

    def read(self, text: str) -> StatusReading:
        """Read a status cell such as "↑ Green", "On Track ↓" or "Complete & CSPI"."""
        plain = plain_text(text)
        if not plain:
            return StatusReading(None)
        entry = self.entry_for_word(plain)
        if entry is not None:
            return StatusReading(entry)
        words = _ARROW_SYMBOLS.sub(r" \1 ", plain).split()
        # A direction of travel is written before or after the status, never inside it.
        for direction_at, rest in ((0, words[1:]), (-1, words[:-1])):
            direction = _DIRECTION_WORDS.get(words[direction_at].lower())
            if direction is None:
                continue
            if not rest:
                return StatusReading(None, direction)
            entry = self.entry_for_word(" ".join(rest))
            if entry is not None:
                return StatusReading(entry, direction)
        raise CellError(self.unknown_word_message(plain))

    def unknown_word_message(self, plain: str) -> str:
        """Say that a word is not in the key, and what is."""
        if self.is_default:
            return (
                f"'{plain}' is not a RAG rating; use Red, Amber, Green or Complete,"
                " optionally with an arrow ↑ → ↓"
            )
        labels = ", ".join(entry.label for entry in self.entries)
        return (
            f"'{plain}' is not in the plan's status key ({labels}); assign it to one of them "
            "or add it to the key"
        )

    def to_json(self) -> list[dict[str, object]]:
        """Return the key as the mapping file writes it."""
        return [entry.to_json() for entry in self.entries]


def format_status_cell(label: str | None, direction: Direction | None) -> str:
    """Write a recorded status as the key reads it back, e.g. "↑ On track"."""
    return " ".join(part for part in (direction.arrow if direction else "", label or "") if part)


def status_key_from_json(data: object) -> StatusKey:
    """Build a status key from its JSON form; raise StatusKeyError naming what is wrong."""
    if not isinstance(data, list) or not data:
        raise StatusKeyError("the status key must be a list of entries, at least one")
    entries = [_entry_from_json(item, number) for number, item in enumerate(data, start=1)]
    problems = key_problems(entries)
    if problems:
        raise StatusKeyError("; ".join(problems))
    return StatusKey(tuple(entries))


def stored_status_key(data: object) -> StatusKey:
    """Return a plan's key from what it stores: its own key, or the default key when none."""
    return DEFAULT_STATUS_KEY if not data else status_key_from_json(data)


def key_problems(entries: Sequence[StatusKeyEntry]) -> list[str]:
    """Say what makes a list of entries unusable as a key, naming the entry and word."""
    if not entries:
        return ["the status key needs at least one entry"]
    problems: list[str] = []
    labels: set[str] = set()
    seen: dict[str, str] = {}
    signed_off = [entry.label for entry in entries if entry.signed_off]
    if len(signed_off) > 1:
        problems.append(
            f"only one entry can be for signed-off actions, not {' and '.join(signed_off)}"
        )
    for entry in entries:
        label_key = status_word_key(entry.label)
        if not label_key:
            problems.append("every status key entry needs a label")
            continue
        if label_key in labels:
            problems.append(f"two entries are labelled '{entry.label}'")
            continue
        labels.add(label_key)
        if len(entry.label) > MAX_LABEL:
            problems.append(
                f"status key entry '{entry.label}': a label can be at most {MAX_LABEL} characters"
            )
        if len(entry.words) > MAX_WORDS:
            problems.append(f"status key entry '{entry.label}': at most {MAX_WORDS} words")
        for word in dict.fromkeys((entry.label, *entry.words)):
            key = status_word_key(word)
            if not key:
                problems.append(f"status key entry '{entry.label}' has a blank word")
                continue
            owner = seen.setdefault(key, entry.label)
            if owner != entry.label:
                problems.append(f"'{word}' is given to both '{owner}' and '{entry.label}'")
    return problems


def entry_problems(others: Sequence[StatusKeyEntry], entry: StatusKeyEntry) -> dict[str, str]:
    """Say, by field (label, words), what stops an entry joining the other entries of a key."""
    owners = {
        status_word_key(word): other.label
        for other in others
        for word in (other.label, *other.words)
    }
    problems: dict[str, str] = {}
    if owner := owners.get(status_word_key(entry.label)):
        problems["label"] = f"'{entry.label}' already means '{owner}'; choose another label"
    for word in entry.words:
        if owner := owners.get(status_word_key(word)):
            problems["words"] = (
                f"'{word}' already means '{owner}'; take it out of that entry's words first"
            )
            break
    if len(entry.words) > MAX_WORDS:
        problems.setdefault("words", f"Give at most {MAX_WORDS} words")
    signed_off = next((other.label for other in others if other.signed_off), None)
    if entry.signed_off and signed_off is not None:
        problems["signed_off"] = (
            f"'{signed_off}' is already shown for signed-off actions; untick it there first"
        )
    return problems


def _entry_from_json(item: object, number: int) -> StatusKeyEntry:
    where = f"status key entry {number}"
    if not isinstance(item, Mapping):
        raise StatusKeyError(f"{where} must be an object with a label, a colour and words")
    unknown = set(item) - {
        "label",
        "colour",
        "color",
        "completion",
        "exception",
        "words",
        "signed_off",
    }
    if unknown:
        raise StatusKeyError(f"{where} has unknown fields: {', '.join(sorted(map(str, unknown)))}")
    label = item.get("label")
    if not isinstance(label, str) or not label.strip():
        raise StatusKeyError(f"{where} needs a label")
    label = " ".join(label.split())
    where = f"status key entry '{label}'"
    if len(label) > MAX_LABEL:
        raise StatusKeyError(f"{where}: a label can be at most {MAX_LABEL} characters")
    return StatusKeyEntry(
        label=label,
        colour=parse_status_colour(item.get("colour", item.get("color", "none")), where),
        completion=parse_key_completion(item.get("completion", "Not known"), where),
        exception=_boolean(item.get("exception", False), where),
        words=_words(item.get("words", []), where),
        signed_off=_boolean(item.get("signed_off", False), where, "signed_off"),
    )


def parse_status_colour(value: object, where: str = "the status key") -> StatusColour:
    """Read a colour name such as "Red" or "grey"; raise StatusKeyError naming the choices."""
    if value is None:
        return StatusColour.NONE
    found = _COLOUR_NAMES.get(value.strip().lower()) if isinstance(value, str) else None
    if found is not None:
        return found
    choices = ", ".join(colour.value for colour in StatusColour)
    raise StatusKeyError(f"{where}: '{value}' is not a colour; use one of {choices}")


def parse_key_completion(value: object, where: str = "the status key") -> Completion:
    """Read the completion an entry implies, e.g. "Completed" or "Not completed"."""
    text = status_word_key(value) if isinstance(value, str) else ""
    found = _COMPLETION_NAMES.get(text)
    if found is None:
        raise StatusKeyError(
            f"{where}: '{value}' is not a completion status; use Completed, Not completed, "
            "Partially completed or Not known"
        )
    return found


def _boolean(value: object, where: str, name: str = "exception") -> bool:
    if isinstance(value, bool):
        return value
    raise StatusKeyError(f"{where}: {name} must be true or false")


def _words(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
        raise StatusKeyError(f"{where}: words must be a list of texts")
    if len(value) > MAX_WORDS:
        raise StatusKeyError(f"{where}: at most {MAX_WORDS} words")
    return tuple(dict.fromkeys(" ".join(word.split()) for word in value if word.strip()))


def with_words(key: StatusKey, assignments: Iterable[tuple[str, str]]) -> StatusKey:
    """Return the key with each (word, entry label) assignment added to that entry's words."""
    extra: dict[str, list[str]] = {}
    for word, label in assignments:
        entry = key.entry_named(label)
        if entry is None:
            raise StatusKeyError(f"'{word}' is assigned to '{label}', which is not in the key")
        extra.setdefault(entry.label, []).append(" ".join(word.split()))
    entries = [
        replace(entry, words=tuple(dict.fromkeys((*entry.words, *extra.get(entry.label, ())))))
        for entry in key.entries
    ]
    problems = key_problems(entries)
    if problems:
        raise StatusKeyError("; ".join(problems))
    return StatusKey(tuple(entries))


DEFAULT_STATUS_KEY = StatusKey(
    (
        StatusKeyEntry("Red", StatusColour.RED, exception=True, words=("R",)),
        StatusKeyEntry("Amber", StatusColour.AMBER, words=("A",)),
        StatusKeyEntry("Green", StatusColour.GREEN, words=("G",)),
        StatusKeyEntry(
            "Complete", StatusColour.BLUE, completion=Completion.COMPLETED, words=("Completed",)
        ),
    )
)
