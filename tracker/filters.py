"""Register the template filters that format dates, ratings and statuses."""

from datetime import date, datetime

from flask import Flask
from markupsafe import Markup, escape

from tracker.domain.as_at import long_day
from tracker.domain.empty_values import NOT_RECORDED, recorded
from tracker.domain.enums import Completion, Direction, Rag

_RAG_TAG_CLASSES = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.COMPLETE: "govuk-tag--blue",
}

_COMPLETION_TAG_CLASSES = {
    Completion.COMPLETED: "govuk-tag--green",
    Completion.PARTIALLY_COMPLETED: "govuk-tag--yellow",
    Completion.NOT_COMPLETED: "govuk-tag--grey",
    Completion.NOT_KNOWN: "govuk-tag--grey",
}


_COMPLETION_SHORT = {Completion.NOT_KNOWN: "Not known"}


def long_date(value: date | datetime | None) -> str:
    """Format a date the way the council papers do: 30 March 2011."""
    if value is None:
        return ""
    return long_day(value)


def long_datetime(value: datetime | None) -> str:
    """Format a timestamp as 30 March 2011, 14:05 UTC."""
    if value is None:
        return ""
    return f"{long_date(value)}, {value:%H:%M} UTC"


def rag_tag(rag: Rag | None, direction: Direction | None = None) -> Markup:
    """Render a RAG rating as a tag that does not rely on colour alone."""
    if rag is None:
        return Markup('<span class="govuk-hint">Not rated</span>')
    arrow = ""
    if direction is not None:
        arrow = (
            f'<span aria-hidden="true">{direction.arrow} </span>'
            f'<span class="govuk-visually-hidden">{direction.label}, </span>'
        )
    return Markup(
        f'<strong class="govuk-tag {_RAG_TAG_CLASSES[rag]} tracker-rag">{arrow}'
        f"{escape(rag.label)}</strong>"
    )


def completion_tag(completion: Completion | None) -> Markup:
    """Render a completion status as a tag."""
    if completion is None:
        return Markup("")
    return Markup(
        f'<strong class="govuk-tag {_COMPLETION_TAG_CLASSES[completion]}">'
        f"{escape(_COMPLETION_SHORT.get(completion, completion.label))}</strong>"
    )


def register(app: Flask) -> None:
    """Add the filters to the app's Jinja environment."""
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["recorded"] = recorded
    app.jinja_env.globals["NOT_RECORDED"] = NOT_RECORDED
    app.jinja_env.filters["long_datetime"] = long_datetime
    app.jinja_env.filters["rag_tag"] = rag_tag
    app.jinja_env.filters["completion_tag"] = completion_tag
