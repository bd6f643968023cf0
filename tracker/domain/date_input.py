"""Read a date typed as day, month and year boxes, with the GOV.UK error messages."""

from datetime import date

_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


def _month_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _MONTH_NAMES.get(text.lower())


def parse_date_parts(day: str, month: str, year: str, *, name: str) -> tuple[date | None, str]:
    """Return the date typed, or None with the message to show; all boxes empty is no date."""
    day, month, year = day.strip(), month.strip(), year.strip()
    if not (day or month or year):
        return None, ""
    missing = [part for part, text in (("day", day), ("month", month), ("year", year)) if not text]
    if missing:
        return None, f"{name} must include a {' and '.join(missing)}"
    month_number = _month_number(month)
    if not day.isdigit() or month_number is None or not year.isdigit():
        return None, f"{name} must be a real date"
    if len(year) != 4:
        return None, "Year must include 4 numbers"
    try:
        return date(int(year), month_number, int(day)), ""
    except ValueError:
        return None, f"{name} must be a real date"
