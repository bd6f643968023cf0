"""Work out the geometry of the trend bar chart that the pages draw as SVG on the server."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tracker.domain.highlight import TrendPoint

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


@dataclass(frozen=True)
class ValuePoint:
    """One period's figure for a bar chart of an indicator, with the figure as it is shown."""

    label: str
    value: Decimal
    shown: str


def value_chart(points: Sequence[ValuePoint]) -> BarChart:
    """Lay out one bar per period from zero to the largest figure, each bar labelled."""
    plot_height = PLOT_HEIGHT
    plot_width = WIDTH - LEFT - RIGHT
    slanted = len(points) > LABELLED_BARS
    slot = plot_width / max(len(points), 1)
    bar_width = min(slot * 0.7, 60)
    bottom = TOP + plot_height
    # Bars start at zero; a negative figure draws as an empty bar, its value still labelled.
    top_value = max((float(point.value) for point in points), default=0.0)
    scale_top = top_value if top_value > 0 else 1.0

    def y_of(value: float) -> float:
        return round(bottom - plot_height * max(value, 0.0) / scale_top, 1)

    bars = []
    for index, point in enumerate(points):
        centre = LEFT + slot * (index + 0.5)
        top = y_of(float(point.value))
        bars.append(
            Bar(
                x=round(centre - bar_width / 2, 1),
                y=top,
                width=round(bar_width, 1),
                height=round(bottom - top, 1),
                centre=round(centre, 1),
                month=point.label,
                value=point.shown,
            )
        )
    steps = (0, 25, 50, 75, 100)
    return BarChart(
        width=WIDTH,
        height=bottom + (SLANTED_BOTTOM if slanted else BOTTOM),
        left=LEFT,
        right=WIDTH - RIGHT,
        bottom=bottom,
        bars=tuple(bars),
        gridlines=tuple(
            Gridline(y_of(scale_top * step / 100), _grid_label(scale_top * step / 100))
            for step in steps
        ),
        show_values=not slanted,
        slanted_months=slanted,
    )


def _grid_label(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:,.1f}"
