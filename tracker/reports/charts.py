"""Work out the geometry of the bar charts that the pages draw as SVG on the server."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tracker.domain.highlight import TrendPoint
from tracker.domain.indicator_terms import Unit
from tracker.domain.indicator_values import format_value
from tracker.domain.scorecard import Scorecard
from tracker.reports.wording import reading_text

WIDTH = 960
PLOT_HEIGHT = 200
LEFT = 64
RIGHT = 16
TOP = 28
BOTTOM = 36
SLANTED_BOTTOM = 84
GRID_STEPS = (0, 25, 50, 75, 100)
LABELLED_BARS = 12


@dataclass(frozen=True)
class Bar:
    """One month's bar, with the labels printed under and above it."""

    x: float
    y: float
    width: float
    height: float
    centre: float
    month: str
    value: str


@dataclass(frozen=True)
class Gridline:
    """A horizontal line across the plot at a percentage."""

    y: float
    label: str


@dataclass(frozen=True)
class BarChart:
    """Everything the template needs to draw the chart."""

    width: int
    height: int
    left: int
    right: float
    bottom: float
    bars: tuple[Bar, ...]
    gridlines: tuple[Gridline, ...]
    show_values: bool
    slanted_months: bool


def trend_chart(points: Sequence[TrendPoint]) -> BarChart:
    """Lay out one bar per month, 0–100% high, labelled so the chart reads without colour."""
    plot_height = PLOT_HEIGHT
    plot_width = WIDTH - LEFT - RIGHT
    slanted = len(points) > LABELLED_BARS
    slot = plot_width / max(len(points), 1)
    bar_width = min(slot * 0.7, 60)
    bottom = TOP + plot_height

    def y_of(percent: float) -> float:
        return round(bottom - plot_height * percent / 100, 1)

    bars = []
    for index, point in enumerate(points):
        centre = LEFT + slot * (index + 0.5)
        top = y_of(float(point.percent_completed))
        bars.append(
            Bar(
                x=round(centre - bar_width / 2, 1),
                y=top,
                width=round(bar_width, 1),
                height=round(bottom - top, 1),
                centre=round(centre, 1),
                month=f"{point.month.label[:3]} {point.month.year}",
                value=f"{point.percent_completed}%",
            )
        )
    return BarChart(
        width=WIDTH,
        height=bottom + (SLANTED_BOTTOM if slanted else BOTTOM),
        left=LEFT,
        right=WIDTH - RIGHT,
        bottom=bottom,
        bars=tuple(bars),
        gridlines=tuple(Gridline(y_of(step), f"{step}%") for step in GRID_STEPS),
        show_values=not slanted,
        slanted_months=slanted,
    )


# An indicator's small chart: narrower, one bar per period, on a scale that fits its figures.
SMALL_WIDTH = 480
SMALL_PLOT_HEIGHT = 120
SMALL_LEFT = 72
SMALL_GRID_STEPS = 4


@dataclass(frozen=True)
class ChartPoint:
    """One period's figure on an indicator's chart, and how the scorecard prints it."""

    label: str
    value: Decimal | None
    text: str


def _nice_top(largest: Decimal) -> Decimal:
    """Return the smallest of 1, 2, 2.5 or 5 times a power of ten at or above the figure."""
    if largest <= 0:
        return Decimal(1)
    power = Decimal(10) ** (largest.adjusted())
    for step in (1, 2, Decimal("2.5"), 5, 10):
        top = power * step
        if top >= largest:
            return top
    return power * 10


def indicator_chart(points: Sequence[ChartPoint], unit: Unit) -> BarChart:
    """Lay out one bar per period from zero to a round top, each labelled with its figure."""
    # Percentages are drawn to 100 unless a figure is above it; other units to a round number.
    figures = [point.value for point in points if point.value is not None]
    largest = max(figures, default=Decimal(0))
    hundred = Decimal(100)
    whole = unit is Unit.PERCENTAGE and largest <= hundred
    scale_top = hundred if whole else _nice_top(largest)
    plot_width = SMALL_WIDTH - SMALL_LEFT - RIGHT
    slanted = len(points) > LABELLED_BARS / 2
    slot = plot_width / max(len(points), 1)
    bar_width = min(slot * 0.7, 40)
    bottom = TOP + SMALL_PLOT_HEIGHT

    def y_of(value: Decimal) -> float:
        share = float(max(value, Decimal(0)) / scale_top)
        return round(bottom - SMALL_PLOT_HEIGHT * share, 1)

    bars = []
    for index, point in enumerate(points):
        centre = SMALL_LEFT + slot * (index + 0.5)
        height_top = y_of(point.value) if point.value is not None else float(bottom)
        bars.append(
            Bar(
                x=round(centre - bar_width / 2, 1),
                y=height_top,
                width=round(bar_width, 1),
                height=round(bottom - height_top, 1),
                centre=round(centre, 1),
                month=point.label,
                value=point.text,
            )
        )
    steps = [scale_top * step / SMALL_GRID_STEPS for step in range(SMALL_GRID_STEPS + 1)]
    return BarChart(
        width=SMALL_WIDTH,
        height=bottom + (SLANTED_BOTTOM if slanted else BOTTOM),
        left=SMALL_LEFT,
        right=SMALL_WIDTH - RIGHT,
        bottom=bottom,
        bars=tuple(bars),
        gridlines=tuple(Gridline(y_of(step), format_value(step, unit)) for step in steps),
        show_values=not slanted,
        slanted_months=slanted,
    )


def indicator_charts(
    scorecard: Scorecard,
) -> dict[int, tuple[BarChart, tuple[ChartPoint, ...]]]:
    """Lay out each indicator's readings up to the scorecard's period, keyed by indicator id."""
    charts = {}
    for assessment in scorecard.assessments:
        unit = assessment.indicator.unit
        points = tuple(
            ChartPoint(reading.period.label, reading.value.value, reading_text(reading, unit))
            for reading in scorecard.detail(assessment).history
        )
        charts[assessment.indicator.id] = (indicator_chart(points, unit), points)
    return charts
