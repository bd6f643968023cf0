"""Read the POST forms of a page: where each posts to, and the values it would send as it is."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit


class _FormReader(HTMLParser):
    """Collect each post form's action and its fields' current values, name by name."""

    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: dict[str, dict[str, list[str]]] = {}
        self._fields: dict[str, list[str]] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            if attributes.get("method", "get").lower() == "post":
                action = urlsplit(attributes.get("action") or self.page_path).path
                self._fields = self.forms.setdefault(action, {})
            return
        if tag == "option" and self._select is not None and self._fields is not None:
            value = attributes.get("value", "")
            self._first_option = self._first_option if self._first_option is not None else value
            if "selected" in attributes:
                self._fields[self._select].append(value)
                self._selected = True
            return
        if self._fields is None or not attributes.get("name"):
            return
        name = attributes["name"]
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                self._fields.setdefault(name, [])
                if "checked" in attributes:
                    self._fields[name].append(attributes.get("value", "on"))
            elif kind not in ("file", "submit", "button"):
                self._fields.setdefault(name, []).append(attributes.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self._fields.setdefault(name, []).append("")
        elif tag == "select":
            self._select, self._first_option, self._selected = name, None, False
            self._fields.setdefault(name, [])

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._textarea is not None and self._fields is not None:
            self._fields[self._textarea][-1] += data

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "form":
            self._fields = None
        elif tag == "textarea" and self._textarea is not None and self._fields is not None:
            # A browser drops the line break that starts a textarea's content.
            value = self._fields[self._textarea][-1]
            self._fields[self._textarea][-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select" and self._select is not None and self._fields is not None:
            if not self._selected and self._first_option is not None:
                self._fields[self._select].append(self._first_option)
            self._select = None


def post_forms(page_path: str, html: str) -> dict[str, dict[str, list[str]]]:
    """Return each post form of the page by the path it posts to, with its fields' values."""
    reader = _FormReader(page_path)
    reader.feed(html)
    return reader.forms
