"""Read an indicator's red, amber and green tolerances, as a scorecard writes them, into bands."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, auto

from tracker.domain.indicator_terms import Polarity, Unit
from tracker.domain.indicator_values import ValueProblem, parse_figure, quoted

_EMPTY_WORDS = frozenset({"", "-", "–", "n/a", "na", "none", "tbc", "not applicable"})
_FIGURE = r"\d[\d,]*(?:\.\d+)?\s*%?"
_PLUS_MINUS = r"(?:\+\s*/\s*-|±)"
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Limit:
    """Bound a band at a figure, either taking the figure in or leaving it out."""

    value: Decimal
    inclusive: bool


@dataclass(frozen=True, slots=True)
class Band:
    """Hold the figures between two limits; a missing limit leaves that side open."""

    low: Limit | None
    high: Limit | None

    def contains(self, value: Decimal) -> bool:
        """Say whether value falls inside the band."""
        if self.low is not None and (
            value < self.low.value or (value == self.low.value and not self.low.inclusive)
        ):
            return False
        return not (
            self.high is not None
            and (value > self.high.value or (value == self.high.value and not self.high.inclusive))
        )


@dataclass(frozen=True, slots=True)
class Tolerances:
    """Hold the bands an indicator's tolerances draw: green, and the figures that are not red."""

    range_to_be_set: bool
    # None when no tolerances are set or the range is still to be set.
    green: Band | None
    # Amber is what lies inside this but not in green. None when the texts give green alone,
    # so that red and amber cannot be told apart.
    not_red: Band | None


class _Kind(Enum):
    AT_LEAST = auto()  # 95%+, 95% or more, >=95%
    ABOVE = auto()  # >90%
    BELOW = auto()  # <90%
    AT_MOST = auto()  # 9.6%<, 9.6% or less, <=9.6%
    TRAILING_ABOVE = auto()  # 92%> on a high measure, 12%> on a low one: the amber side of a limit
    BETWEEN = auto()  # >90% <100%
    RANGE = auto()  # 14-20, 14 to 20
    BARE = auto()  # 100%: the target itself
    AROUND = auto()  # +/-5 of 158.8, up to +/-2 of 73.5
    MARGIN = auto()  # +/-15: around the green band's centre
    OUTSIDE_MARGIN = auto()  # more than +/-15
    PERCENT_MARGIN = auto()  # 1% above range
    OUTSIDE_PERCENT_MARGIN = auto()  # over 1% above range


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: _Kind
    first: Decimal
    second: Decimal | None = None


_PATTERNS: tuple[tuple[_Kind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (_Kind.AT_LEAST, rf"(?P<first>{_FIGURE})\s*(?:\+|or\s+(?:more|above|over))"),
        (_Kind.AT_LEAST, rf"(?:>=|≥|=>)\s*(?P<first>{_FIGURE})"),
        (_Kind.AT_MOST, rf"(?P<first>{_FIGURE})\s*(?:<|or\s+(?:less|below|under))"),
        (_Kind.AT_MOST, rf"(?:<=|≤|=<)\s*(?P<first>{_FIGURE})"),
        (_Kind.BETWEEN, rf">\s*(?P<first>{_FIGURE})\s*(?:and\s*)?<\s*(?P<second>{_FIGURE})"),
        (_Kind.ABOVE, rf"(?:>|above|over|more\s+than)\s*(?P<first>{_FIGURE})"),
        (_Kind.BELOW, rf"(?:<|below|under|less\s+than)\s*(?P<first>{_FIGURE})"),
        (_Kind.TRAILING_ABOVE, rf"(?P<first>{_FIGURE})\s*>"),
        (_Kind.RANGE, rf"(?P<first>{_FIGURE})\s*(?:-|–|to)\s*(?P<second>{_FIGURE})"),
        (
            _Kind.AROUND,
            rf"(?:up\s+to\s+)?{_PLUS_MINUS}\s*(?P<first>{_FIGURE})\s+of\s+(?P<second>{_FIGURE})",
        ),
        (_Kind.OUTSIDE_MARGIN, rf"(?:more\s+than|over)\s+{_PLUS_MINUS}\s*(?P<first>{_FIGURE})"),
        (_Kind.MARGIN, rf"(?:up\s+to\s+|within\s+)?{_PLUS_MINUS}\s*(?P<first>{_FIGURE})"),
        (
            _Kind.OUTSIDE_PERCENT_MARGIN,
            r"(?:more\s+than|over)\s+(?P<first>\d+(?:\.\d+)?)\s*%\s+(?:above|below|outside)"
            r"(?:\s+(?:the\s+)?range)?",
        ),
        (
            _Kind.PERCENT_MARGIN,
            r"(?:within\s+)?(?P<first>\d+(?:\.\d+)?)\s*%\s+(?:above|below|outside|of)(?:\s+(?:the\s+)?range)?",
        ),
        (_Kind.BARE, rf"(?P<first>{_FIGURE})"),
    )
)
_RELATIVE = frozenset({_Kind.PERCENT_MARGIN, _Kind.OUTSIDE_PERCENT_MARGIN})


def _parse_rule(text: str, column: str, unit: Unit) -> _Rule | None:
    """Read one tolerance cell into a rule, None when it is empty; refuse it naming the column."""
    cleaned = " ".join(text.replace("\u00a0", " ").split())
    if cleaned.lower() in _EMPTY_WORDS:
        return None
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        if kind in _RELATIVE:
            return _Rule(kind, Decimal(match["first"]))
        try:
            first = parse_figure(match["first"], unit)
            second_text = match.groupdict().get("second")
            second = parse_figure(second_text, unit) if second_text else None
        except ValueProblem as problem:
            raise ValueProblem(f"{column}: {problem}") from problem
        return _Rule(kind, first, second)
    raise ValueProblem(
        f"{column}: {quoted(cleaned)} is not a tolerance this tracker can read, such as <90%, 90%>,"
        " 95%+, >90% <100%, 12%+, 9.6%<, 14-20, +/-5 of 158.8 or over 1% above range"
    )


def parse_tolerances(
    red: str, amber: str, green: str, *, polarity: Polarity, unit: Unit
) -> Tolerances:
    """Read the red, amber and green cells of a scorecard into bands, refusing what is unclear."""
    if any("to be set" in text.lower() for text in (red, amber, green)):
        return Tolerances(range_to_be_set=True, green=None, not_red=None)
    red_rule = _parse_rule(red, "Red", unit)
    amber_rule = _parse_rule(amber, "Amber", unit)
    green_rule = _parse_rule(green, "Green", unit)
    if green_rule is None:
        if red_rule is None and amber_rule is None:
            return Tolerances(range_to_be_set=False, green=None, not_red=None)
        raise ValueProblem("Green: there is no green tolerance or target beside the red and amber")
    direction = _direction(polarity, red_rule, green_rule)
    if direction is Polarity.WITHIN_LIMITS:
        green_band, not_red = _within_limits(red_rule, amber_rule, green_rule)
    else:
        green_band = _one_sided_green(green_rule, direction)
        not_red = _one_sided_not_red(red_rule, amber_rule, direction)
    _check_order(green_band, not_red)
    return Tolerances(range_to_be_set=False, green=green_band, not_red=not_red)


def _direction(polarity: Polarity, red: _Rule | None, green: _Rule) -> Polarity:
    """Say which way the bands run, reading it from the texts where the polarity does not say."""
    if green.kind in (_Kind.RANGE, _Kind.AROUND):
        return Polarity.WITHIN_LIMITS
    if polarity in (Polarity.HIGH, Polarity.LOW):
        return polarity
    # A measure "within limits (low)" or for information may still write one-sided limits
    # (red 79+, green 74.1<); the texts then say which side is good.
    if green.kind in (_Kind.AT_LEAST, _Kind.ABOVE) or (
        red is not None and red.kind in (_Kind.BELOW, _Kind.AT_MOST)
    ):
        return Polarity.HIGH
    if green.kind in (_Kind.AT_MOST, _Kind.BELOW) or (
        red is not None and red.kind in (_Kind.AT_LEAST, _Kind.ABOVE)
    ):
        return Polarity.LOW
    raise ValueProblem(
        "Green: a measure within limits needs a range, such as 14-20 or +/-5 of 158.8"
    )


def _one_sided_green(rule: _Rule, direction: Polarity) -> Band:
    high = direction is Polarity.HIGH
    inclusive = rule.kind not in (_Kind.ABOVE, _Kind.BELOW)
    if rule.kind in (_Kind.AT_LEAST, _Kind.ABOVE, _Kind.BARE, _Kind.TRAILING_ABOVE) and high:
        return Band(Limit(rule.first, inclusive), None)
    if rule.kind in (_Kind.AT_MOST, _Kind.BELOW, _Kind.BARE) and not high:
        return Band(None, Limit(rule.first, inclusive))
    good = "high" if high else "low"
    raise ValueProblem(
        f"Green: the green tolerance points the wrong way for a measure where {good} is good"
    )


def _one_sided_not_red(red: _Rule | None, amber: _Rule | None, direction: Polarity) -> Band | None:
    """Return the figures that are not red, from the red text, else from the amber text."""
    high = direction is Polarity.HIGH
    if red is not None:
        if high and red.kind in (_Kind.BELOW, _Kind.AT_MOST, _Kind.BARE):
            return Band(Limit(red.first, red.kind is _Kind.BELOW), None)
        if not high and red.kind in (_Kind.AT_LEAST, _Kind.ABOVE, _Kind.BARE):
            return Band(None, Limit(red.first, red.kind is _Kind.ABOVE))
        good = "high" if high else "low"
        raise ValueProblem(
            f"Red: the red tolerance points the wrong way for a measure where {good} is good"
        )
    if amber is None:
        return None
    if amber.kind is _Kind.BETWEEN:
        if high:
            return Band(Limit(amber.first, False), None)
        assert amber.second is not None
        return Band(None, Limit(amber.second, False))
    if high and amber.kind in (_Kind.AT_LEAST, _Kind.ABOVE, _Kind.TRAILING_ABOVE, _Kind.BARE):
        return Band(Limit(amber.first, amber.kind is not _Kind.ABOVE), None)
    if not high and amber.kind in (_Kind.AT_MOST, _Kind.BELOW, _Kind.TRAILING_ABOVE, _Kind.BARE):
        # "12%>" on a low-is-good measure is the paper's "under 12%".
        return Band(None, Limit(amber.first, amber.kind is _Kind.AT_MOST))
    raise ValueProblem("Amber: the amber tolerance does not say where red begins")


def _within_limits(
    red: _Rule | None, amber: _Rule | None, green: _Rule
) -> tuple[Band, Band | None]:
    """Return the green range and the amber margin around it, as 14-20 with 1% above range."""
    if green.kind is _Kind.AROUND:
        assert green.second is not None
        low, high = green.second - green.first, green.second + green.first
        centre = green.second
    elif green.kind is _Kind.RANGE:
        assert green.second is not None
        low, high = min(green.first, green.second), max(green.first, green.second)
        centre = (low + high) / 2
    else:
        raise ValueProblem("Green: a measure within limits needs a range, such as 14-20")
    green_band = Band(Limit(low, True), Limit(high, True))
    margin_rule = amber or red
    if margin_rule is None:
        return green_band, None
    kind, size = margin_rule.kind, margin_rule.first
    if kind in _RELATIVE:
        # "1% above range": one per cent of the range's own limits, outside them either side.
        return green_band, Band(
            Limit(low - low * size / _HUNDRED, True), Limit(high + high * size / _HUNDRED, True)
        )
    if kind in (_Kind.MARGIN, _Kind.OUTSIDE_MARGIN):
        # "+/-15" is measured from the same centre as the green "+/-5 of 158.8".
        return green_band, Band(Limit(centre - size, True), Limit(centre + size, True))
    if kind is _Kind.RANGE and margin_rule.second is not None:
        return green_band, Band(
            Limit(min(size, margin_rule.second), True), Limit(max(size, margin_rule.second), True)
        )
    column = "Amber" if amber is not None else "Red"
    raise ValueProblem(
        f"{column}: a measure within limits needs a margin, such as 1% above range or +/-15"
    )


def _check_order(green: Band, not_red: Band | None) -> None:
    """Refuse bands where green reaches into red, as a red 95%+ with a green 90%+ would."""
    if not_red is None:
        return
    below = not_red.low is not None and (green.low is None or green.low.value < not_red.low.value)
    above = not_red.high is not None and (
        green.high is None or green.high.value > not_red.high.value
    )
    if below or above:
        raise ValueProblem("Red: the red tolerance reaches into the green one")
