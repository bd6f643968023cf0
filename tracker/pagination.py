"""Build govukPagination's settings for any paged list."""

from collections.abc import Callable


def pagination(current: int, pages: int, href: Callable[[int], str]) -> dict:
    """Return govukPagination's settings: first, last and neighbouring pages, with gaps."""
    shown = {1, pages, current - 1, current, current + 1}
    items: list[dict] = []
    previous = 0
    for number in sorted(n for n in shown if 1 <= n <= pages):
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == current})
        previous = number
    params: dict = {"items": items}
    if current > 1:
        params["previous"] = {"href": href(current - 1)}
    if current < pages:
        params["next"] = {"href": href(current + 1)}
    return params
