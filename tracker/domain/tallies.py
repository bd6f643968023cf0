"""Count actions by completion status overall, per priority band and per theme."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tracker.domain.enums import Completion

NO_BAND_LABEL = "No priority"

_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Tally:
    """Hold how many actions have each completion status; total is their sum."""

    total: int
    completed: int
    not_completed: int
    partially_completed: int
    not_known: int

    def __post_init__(self) -> None:
        counts = (self.completed, self.not_completed, self.partially_completed, self.not_known)
        if min(counts) < 0 or sum(counts) != self.total:
            raise ValueError(f"a tally's counts {counts} must be non-negative and add up to total")

    @classmethod
    def from_counts(cls, counts: Mapping[Completion, int]) -> "Tally":
        """Build a tally from a count per status; missing statuses count zero."""
        by_field = {completion.value: counts.get(completion, 0) for completion in Completion}
        return cls(total=sum(by_field.values()), **by_field)

    def count(self, completion: Completion) -> int:
        """Return how many actions have a status."""
        return getattr(self, completion.value)

    def percent(self, completion: Completion) -> Decimal:
        """Return a status's share of the total to two places, 0.00 when there are no actions."""
        if self.total == 0:
            return Decimal("0.00")
        share = Decimal(self.count(completion)) * 100 / Decimal(self.total)
        return share.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)

    @property
    def percentages(self) -> dict[Completion, Decimal]:
        """Return every status's percentage, in the order the papers print them."""
        return {completion: self.percent(completion) for completion in Completion}

    def __add__(self, other: "Tally") -> "Tally":
        if not isinstance(other, Tally):
            return NotImplemented
        return Tally.from_counts({c: self.count(c) + other.count(c) for c in Completion})


@dataclass(frozen=True, slots=True)
class BandTally:
    """Hold the tally of one priority band; number is None for actions without a band."""

    number: int | None
    label: str
    tally: Tally


@dataclass(frozen=True, slots=True)
class ThemeTally:
    """Hold the tally of one theme, split by every band of the plan."""

    number: int
    title: str
    tally: Tally
    bands: tuple[BandTally, ...]

    def band(self, number: int | None) -> BandTally:
        """Return this theme's entry for a band number (None for "No priority")."""
        return _find_band(self.bands, number)


@dataclass(frozen=True, slots=True)
class Tallies:
    """Hold the plan's tallies as at a date: overall, per band and per theme."""

    as_at: date
    overall: Tally
    bands: tuple[BandTally, ...]
    themes: tuple[ThemeTally, ...]

    def band(self, number: int | None) -> BandTally:
        """Return the entry for a band number (None for "No priority")."""
        return _find_band(self.bands, number)

    def theme(self, number: int) -> ThemeTally:
        """Return the entry for a theme number."""
        for theme in self.themes:
            if theme.number == number:
                return theme
        raise KeyError(f"no theme {number} in these tallies")


def _unique_numbers(numbered: Sequence[tuple[int, str]], kind: str) -> set[int]:
    numbers = [number for number, _ in numbered]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"the plan's {kind} numbers {numbers} repeat")
    return set(numbers)


def _find_band(bands: tuple[BandTally, ...], number: int | None) -> BandTally:
    for band in bands:
        if band.number == number:
            return band
    raise KeyError(f"no band {number} in these tallies")


def tally_counts(
    counts: Mapping[tuple[int, int | None, Completion], int],
    as_at: date,
    *,
    bands: Sequence[tuple[int, str]],
    themes: Sequence[tuple[int, str]],
) -> Tallies:
    """Tally from counts of actions per (theme, band, status), as a grouped query returns them."""
    band_numbers = _unique_numbers(bands, "band")
    theme_numbers = _unique_numbers(themes, "theme")
    # A cell counts one theme's actions in one band, in the order of Tally's fields.
    cells: dict[tuple[int, int | None], list[int]] = {}
    for (theme, band, completion), how_many in counts.items():
        if how_many < 0:
            raise ValueError(f"a count of {how_many} actions is negative")
        if band is not None and band not in band_numbers:
            raise ValueError(f"band {band} is not one of the plan's bands")
        if theme not in theme_numbers:
            raise ValueError(f"theme {theme} is not one of the plan's themes")
        cell = cells.get((theme, band))
        if cell is None:
            cell = cells[(theme, band)] = [0, 0, 0, 0]
        cell[_FIELD_INDEX[completion]] += how_many
    band_columns: list[tuple[int | None, str]] = list(bands)
    if any(band is None and sum(cell) for (_, band), cell in cells.items()):
        band_columns.append((None, NO_BAND_LABEL))

    by_theme = {
        number: [cells.get((number, band), _NONE) for band, _ in band_columns]
        for number, _ in themes
    }
    by_band = [
        _added(split[index] for split in by_theme.values()) for index in range(len(band_columns))
    ]
    return Tallies(
        as_at=as_at,
        overall=_tally(_added(by_band)),
        bands=tuple(
            BandTally(band, label, _tally(cell))
            for (band, label), cell in zip(band_columns, by_band, strict=True)
        ),
        themes=tuple(
            ThemeTally(
                number,
                title,
                _tally(_added(by_theme[number])),
                tuple(
                    BandTally(band, label, _tally(cell))
                    for (band, label), cell in zip(band_columns, by_theme[number], strict=True)
                ),
            )
            for number, title in themes
        ),
    )


_FIELD_INDEX = {completion: index for index, completion in enumerate(Completion)}
_NONE = (0, 0, 0, 0)


def _added(cells: Iterable[Sequence[int]]) -> tuple[int, ...]:
    """Add cells of four counts column by column."""
    return tuple(map(sum, zip(_NONE, *cells, strict=True)))


def _tally(cell: Sequence[int]) -> Tally:
    """Build a tally from four counts in the order of Completion, which Tally's fields follow."""
    return Tally(sum(cell), *cell)
