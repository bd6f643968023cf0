"""Register the template filters that format dates, ratings and statuses."""

from datetime import date, datetime

from flask import Flask
from markupsafe import Markup, escape

from tracker.clock import LONDON
from tracker.domain.as_at import long_day
from tracker.domain.assurance import SignOff
from tracker.domain.changes import shown_value
from tracker.domain.empty_values import NOT_RECORDED, recorded
from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.status_key import StatusColour

_STATUS_TAG_CLASSES = {
    StatusColour.RED: "govuk-tag--red",
    StatusColour.AMBER: "govuk-tag--orange",
    StatusColour.YELLOW: "govuk-tag--yellow",
    StatusColour.GREEN: "govuk-tag--green",
    StatusColour.BLUE: "govuk-tag--blue",
    StatusColour.GREY: "govuk-tag--grey",
    StatusColour.NONE: "tracker-tag--no-colour",
}

_COMPLETION_TAG_CLASSES = {
    Completion.COMPLETED: "govuk-tag--green",
    Completion.PARTIALLY_COMPLETED: "govuk-tag--yellow",
    Completion.NOT_COMPLETED: "govuk-tag--grey",
    Completion.NOT_KNOWN: "govuk-tag--grey",
}


_RAG_TAG_CLASSES = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
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


def recorded_when_by(value: datetime | None, by: str | None, source: str | None) -> str:
    """Say when a record was made and by whom, or else from which import it came."""
    when = long_datetime(value)
    if by:
        return f"{when} by {by}"
    return f"{when} from {source}" if source else when


def long_date_at_time(value: datetime | None) -> str:
    """Format a timestamp in UK time as 2 November 2009 at 14:05."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{long_date(local)} at {local:%H:%M}"


def status_tag(
    label: str | None, colour: StatusColour | None, direction: Direction | None = None
) -> Markup:
    """Render a recorded status as a tag in its key's colour, always with its label."""
    if label is None:
        return Markup('<span class="govuk-hint">Not rated</span>')
    arrow = ""
    if direction is not None:
        arrow = (
            f'<span aria-hidden="true">{direction.arrow}&nbsp;</span>'
            f'<span class="govuk-visually-hidden">{direction.label}, </span>'
        )
    tag_class = _STATUS_TAG_CLASSES[colour or StatusColour.NONE]
    return Markup(
        f'<strong class="govuk-tag {tag_class} tracker-rag">{arrow}{escape(label)}</strong>'
    )


def completion_tag(completion: Completion | None, sign_off: SignOff | None = None) -> Markup:
    """Render a completion status as a tag, with where it stands with sign-off if anywhere."""
    if completion is None:
        return Markup("")
    if sign_off is SignOff.AWAITING and completion is Completion.COMPLETED:
        return Markup(f'<strong class="govuk-tag govuk-tag--purple">{sign_off.label}</strong>')
    tag = Markup(
        f'<strong class="govuk-tag {_COMPLETION_TAG_CLASSES[completion]}">'
        f"{escape(_COMPLETION_SHORT.get(completion, completion.label))}</strong>"
    )
    if sign_off is SignOff.SIGNED_OFF:
        return tag + Markup(f' <strong class="govuk-tag govuk-tag--blue">{sign_off.label}</strong>')
    if sign_off is SignOff.RETURNED:
        return tag + Markup(
            f' <strong class="govuk-tag govuk-tag--orange">{sign_off.label}</strong>'
        )
    return tag


def rag_tag_class(rag: Rag | None) -> str:
    """Return the tag colour of an indicator's RAG, grey where it is not red, amber or green."""
    return _RAG_TAG_CLASSES.get(rag, "govuk-tag--grey") if rag else "govuk-tag--grey"


def register(app: Flask) -> None:
    """Add the filters to the app's Jinja environment."""
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["recorded"] = recorded
    app.jinja_env.globals["NOT_RECORDED"] = NOT_RECORDED
    app.jinja_env.filters["long_datetime"] = long_datetime
    app.jinja_env.filters["long_date_at_time"] = long_date_at_time
    app.jinja_env.filters["recorded_when_by"] = recorded_when_by
    app.jinja_env.filters["rag_tag_class"] = rag_tag_class
    app.jinja_env.filters["audit_shown"] = shown_value
    app.jinja_env.filters["status_tag"] = status_tag
    app.jinja_env.filters["completion_tag"] = completion_tag
