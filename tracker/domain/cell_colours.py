"""Name a spreadsheet cell's fill colour and read it as the status colour of a plan's key."""

from __future__ import annotations

import colorsys
import re
from collections.abc import Collection, Sequence

from tracker.domain.status_key import StatusColour

_HEX = re.compile(r"^(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{6})$")
# Lighter than this and barely tinted, a fill reads as white: a pale banding, not a status.
_WHITE_VALUE = 0.93
# Less saturated than this, a fill is grey (or white, or black) rather than a hue.
_GREY_SATURATION = 0.15
_BLACK_VALUE = 0.2
# Hue bands in degrees, chosen so Excel's standard and theme colours and its Good, Bad and
# Neutral styles land where a reader would put them (orange ED7D31 is amber, 92D050 is green).
_HUE_BANDS: tuple[tuple[float, str], ...] = (
    (15, "red"),
    (52, "amber"),
    (75, "yellow"),
    (175, "green"),
    (255, "blue"),
    (290, "purple"),
    (330, "pink"),
    (360, "red"),
)
_STATUS_COLOURS = {
    "red": StatusColour.RED,
    "amber": StatusColour.AMBER,
    "yellow": StatusColour.YELLOW,
    "green": StatusColour.GREEN,
    "blue": StatusColour.BLUE,
    "grey": StatusColour.GREY,
}
# A key has amber or yellow, seldom both; either reads the other's cells.
_STAND_INS = {StatusColour.AMBER: StatusColour.YELLOW, StatusColour.YELLOW: StatusColour.AMBER}
# A cell's theme colour index names the theme's colours in this order (light before dark),
# while the theme lists them dark before light.
_THEME_ORDER = (1, 0, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11)


def hex_rgb(value: object) -> str | None:
    """Return a colour written as RRGGBB or AARRGGBB as upper-case RRGGBB, or None."""
    if not isinstance(value, str):
        return None
    found = _HEX.match(value.strip())
    return found[1].upper() if found else None


def tinted(rgb: str, tint: float) -> str:
    """Return a colour lightened (tint > 0) or darkened (tint < 0) as Excel applies a tint."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_channels(rgb))
    tint = max(-1.0, min(1.0, tint))
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    channels = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "".join(f"{round(channel * 255):02X}" for channel in channels)


def theme_rgb(index: int, tint: float, scheme: Sequence[str]) -> str | None:
    """Return a theme colour (index into a theme's colours, dark first) with its tint applied."""
    if not 0 <= index < len(_THEME_ORDER) or _THEME_ORDER[index] >= len(scheme):
        return None
    base = hex_rgb(scheme[_THEME_ORDER[index]])
    if base is None:
        return None
    return tinted(base, tint) if tint else base


def indexed_rgb(index: int, palette: Sequence[str]) -> str | None:
    """Return an indexed colour from the workbook's palette; the system colours have none."""
    return hex_rgb(palette[index]) if 0 <= index < len(palette) else None


def colour_name(rgb: str) -> str:
    """Name a colour as a reader would: red, amber, yellow, green, blue, purple, grey …"""
    hue, saturation, value = colorsys.rgb_to_hsv(
        *(int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    )
    if saturation < _GREY_SATURATION or value < _BLACK_VALUE:
        if value >= _WHITE_VALUE:
            return "white"
        return "black" if value < _BLACK_VALUE else "grey"
    degrees = hue * 360
    return next(name for limit, name in _HUE_BANDS if degrees < limit)


def is_blank_fill(rgb: str) -> bool:
    """Tell whether a fill reads as no colour at all: white, or a pale banding tint."""
    return colour_name(rgb) == "white"


def fill_status_colour(rgb: str, available: Collection[StatusColour]) -> StatusColour | None:
    """Return which of a key's colours a cell filled with this colour means, or None."""
    colour = _STATUS_COLOURS.get(colour_name(rgb))
    if colour is None:
        return None
    if colour in available:
        return colour
    stand_in = _STAND_INS.get(colour)
    return stand_in if stand_in in available else None


def _channels(rgb: str) -> tuple[float, float, float]:
    return (int(rgb[0:2], 16) / 255, int(rgb[2:4], 16) / 255, int(rgb[4:6], 16) / 255)
