"""Keep the columns a council adds beside the layout's: header to text, in the file's order."""

from collections.abc import Mapping, Sequence


def extra_headers(plan_headers: Sequence[str], stored: Mapping[str, str]) -> list[str]:
    """Return the extra columns an action's form shows: the plan's in file order, then its own."""
    return list(dict.fromkeys([*plan_headers, *stored]))


def edited_extras(headers: Sequence[str], typed: Sequence[str]) -> dict[str, str]:
    """Return an action's extras as an administrator left them, a cleared one left out."""
    return {
        header: text.strip() for header, text in zip(headers, typed, strict=True) if text.strip()
    }
