"""Reading a cell's fill colour as a colour name and as a status colour of a plan's key."""

import pytest

from tracker.domain.cell_colours import (
    colour_name,
    fill_status_colour,
    hex_rgb,
    indexed_rgb,
    is_blank_fill,
    theme_rgb,
    tinted,
)
from tracker.domain.status_key import DEFAULT_STATUS_KEY, StatusColour

RED, AMBER, YELLOW, GREEN, BLUE, GREY = (
    StatusColour.RED,
    StatusColour.AMBER,
    StatusColour.YELLOW,
    StatusColour.GREEN,
    StatusColour.BLUE,
    StatusColour.GREY,
)
DEFAULT_COLOURS = frozenset(entry.colour for entry in DEFAULT_STATUS_KEY.entries)
FOUR_COLOURS = frozenset({RED, AMBER, YELLOW, GREEN})
BRAG = frozenset({BLUE, RED, AMBER, GREEN})
WITH_GREY = frozenset({GREEN, AMBER, GREY})
# The Office 2013+ theme's colours in the theme's own order: dark 1, light 1, dark 2, light 2,
# accents 1–6, hyperlink, followed hyperlink.
OFFICE_THEME = (
    "000000",
    "FFFFFF",
    "44546A",
    "E7E6E6",
    "4472C4",
    "ED7D31",
    "A5A5A5",
    "FFC000",
    "5B9BD5",
    "70AD47",
    "0563C1",
    "954F72",
)
# The first entries of Excel's default indexed palette.
PALETTE = ("000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF")


@pytest.mark.parametrize(
    ("written", "rgb"),
    [
        ("FFFF0000", "FF0000"),
        ("ff0000", "FF0000"),
        (" 00B050 ", "00B050"),
        ("System Foreground", None),
        ("F00", None),
        (None, None),
    ],
)
def test_hex_colour_is_read_with_or_without_its_alpha(written, rgb):
    assert hex_rgb(written) == rgb


@pytest.mark.parametrize(
    ("rgb", "name"),
    [
        pytest.param("FF0000", "red", id="standard red"),
        pytest.param("C00000", "red", id="dark red"),
        pytest.param("FFC7CE", "red", id="Bad style's pink fill"),
        pytest.param("FFC000", "amber", id="standard orange-gold"),
        pytest.param("FF9900", "amber", id="orange"),
        pytest.param("ED7D31", "amber", id="Office accent 2 orange"),
        pytest.param("FFEB9C", "amber", id="Neutral style's fill"),
        pytest.param("FFFF00", "yellow", id="standard yellow"),
        pytest.param("FFFF99", "yellow", id="pale yellow"),
        pytest.param("00B050", "green", id="standard green"),
        pytest.param("92D050", "green", id="standard light green"),
        pytest.param("C6EFCE", "green", id="Good style's fill"),
        pytest.param("00FF00", "green", id="bright green"),
        pytest.param("0070C0", "blue", id="standard blue"),
        pytest.param("00B0F0", "blue", id="standard light blue"),
        pytest.param("4472C4", "blue", id="Office accent 1 blue"),
        pytest.param("7030A0", "purple", id="standard purple"),
        pytest.param("FF66CC", "pink", id="pink"),
        pytest.param("FFFFFF", "white", id="white"),
        pytest.param("F2F2F2", "white", id="white darker 5%"),
        pytest.param("DDEBF7", "white", id="pale blue banding"),
        pytest.param("D9D9D9", "grey", id="white darker 15%"),
        pytest.param("808080", "grey", id="mid grey"),
        pytest.param("000000", "black", id="black"),
    ],
)
def test_fill_colour_is_named_as_a_reader_would_name_it(rgb, name):
    assert colour_name(rgb) == name


@pytest.mark.parametrize(
    ("rgb", "blank"), [("FFFFFF", True), ("F2F2F2", True), ("D9D9D9", False), ("FF0000", False)]
)
def test_white_and_pale_banding_fills_are_no_colour(rgb, blank):
    assert is_blank_fill(rgb) is blank


@pytest.mark.parametrize(
    ("rgb", "available", "colour"),
    [
        pytest.param("FF0000", DEFAULT_COLOURS, RED, id="red in the default key"),
        pytest.param("FFC000", DEFAULT_COLOURS, AMBER, id="amber in the default key"),
        pytest.param("00B050", DEFAULT_COLOURS, GREEN, id="green in the default key"),
        pytest.param("0070C0", DEFAULT_COLOURS, BLUE, id="blue is Complete in the default key"),
        pytest.param("FFFF00", DEFAULT_COLOURS, AMBER, id="yellow reads as amber without yellow"),
        pytest.param("FFFF00", FOUR_COLOURS, YELLOW, id="yellow in a four-colour key"),
        pytest.param("FFC000", FOUR_COLOURS, AMBER, id="amber beside yellow stays amber"),
        pytest.param("FFC000", frozenset({RED, YELLOW, GREEN}), YELLOW, id="amber as yellow"),
        pytest.param("00B0F0", BRAG, BLUE, id="light blue in BRAG"),
        pytest.param("0070C0", FOUR_COLOURS, None, id="blue with no blue entry"),
        pytest.param("00B050", frozenset({BLUE, AMBER}), None, id="green is never blue"),
        pytest.param("7030A0", BRAG, None, id="purple matches no status colour"),
        pytest.param("A6A6A6", WITH_GREY, GREY, id="grey in a key with grey"),
        pytest.param("A6A6A6", DEFAULT_COLOURS, None, id="grey without a grey entry"),
        pytest.param("000000", WITH_GREY, None, id="black is not grey"),
    ],
)
def test_fill_is_read_as_the_nearest_colour_the_key_has(rgb, available, colour):
    assert fill_status_colour(rgb, available) is colour


@pytest.mark.parametrize(
    ("rgb", "tint", "expected"),
    [
        pytest.param("4472C4", 0.0, "4472C4", id="no tint"),
        pytest.param("4472C4", 0.7999816888943144, "DAE3F3", id="lighter 80%"),
        pytest.param("4472C4", 0.3999755851924192, "8FAADC", id="lighter 40%"),
        pytest.param("4472C4", -0.249977111117893, "2F5597", id="darker 25%"),
        pytest.param("FFFFFF", -0.1499984740745262, "D9D9D9", id="white darker 15%"),
    ],
)
def test_tint_lightens_or_darkens_as_excel_does(rgb, tint, expected):
    assert tinted(rgb, tint) == expected


@pytest.mark.parametrize(
    ("index", "tint", "rgb"),
    [
        pytest.param(0, 0.0, "FFFFFF", id="0 is light 1, not dark 1"),
        pytest.param(1, 0.0, "000000", id="1 is dark 1"),
        pytest.param(2, 0.0, "E7E6E6", id="2 is light 2"),
        pytest.param(3, 0.0, "44546A", id="3 is dark 2"),
        pytest.param(5, 0.0, "ED7D31", id="5 is accent 2"),
        pytest.param(9, 0.0, "70AD47", id="9 is accent 6"),
        pytest.param(0, -0.1499984740745262, "D9D9D9", id="light 1 darker 15%"),
        pytest.param(4, 0.7999816888943144, "DAE3F3", id="accent 1 lighter 80%"),
        pytest.param(12, 0.0, None, id="past the theme"),
    ],
)
def test_theme_colour_is_resolved_from_the_workbook_theme(index, tint, rgb):
    assert theme_rgb(index, tint, OFFICE_THEME) == rgb


def test_theme_colour_without_a_theme_is_unknown():
    assert theme_rgb(5, 0.0, ()) is None


@pytest.mark.parametrize(
    ("index", "rgb"), [(2, "FF0000"), (3, "00FF00"), (5, "FFFF00"), (64, None), (-1, None)]
)
def test_indexed_colour_is_resolved_from_the_palette_and_system_colours_have_none(index, rgb):
    assert indexed_rgb(index, PALETTE) == rgb


@pytest.mark.parametrize(
    ("index", "tint", "colour"),
    [
        pytest.param(5, 0.0, AMBER, id="accent 2 orange reads amber"),
        pytest.param(9, 0.0, GREEN, id="accent 6 green"),
        pytest.param(4, 0.0, BLUE, id="accent 1 blue"),
        pytest.param(9, 0.5999938962981048, GREEN, id="accent 6 lighter 60%"),
    ],
)
def test_theme_fills_read_through_the_default_key(index, tint, colour):
    rgb = theme_rgb(index, tint, OFFICE_THEME)
    assert fill_status_colour(rgb, DEFAULT_COLOURS) is colour
