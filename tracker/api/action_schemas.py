"""Describe the API's actions and status updates: what the lists take, and what each answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema, WithJsonSchema

from tracker.api.spec import ListQuery
from tracker.domain.action_filters import LONGEST_SEARCH, MOST_WORKING_DAYS, ListSort
from tracker.domain.assurance import SignOff
from tracker.domain.enums import Completion, Direction, Rag, Recurrence
from tracker.domain.status_key import StatusColour
from tracker.domain.text_limits import STATUS_LABEL

_DATE = "An ISO date, YYYY-MM-DD."
Whole = Annotated[int, Field(ge=0, le=2**31 - 1)]
WorkingDays = Annotated[int, Field(ge=1, le=MOST_WORKING_DAYS)]
Text = Annotated[str, Field(max_length=200)]
Search = Annotated[str, Field(max_length=LONGEST_SEARCH)]
Slug = Annotated[str, Field(max_length=80)]


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _absent(description: str) -> Any:
    """Return the field of a query parameter that is left out unless it is given."""
    return Field(None, description=description, json_schema_extra=_drop_default)


class PlanActionsQuery(ListQuery):
    """The filters, sort and page of a plan's actions, as the web list of actions takes them."""

    lead: Whole | SkipJsonSchema[None] = _absent("A lead of the plan, by their person id.")
    status: Text | SkipJsonSchema[None] = _absent(
        "A label of the plan's status key, or 'none' for actions with no status yet."
    )
    completion: Completion | SkipJsonSchema[None] = _absent("A completion status.")
    overdue: Literal["yes"] | SkipJsonSchema[None] = _absent(
        "'yes' for only the actions overdue today."
    )
    due_within: WorkingDays | SkipJsonSchema[None] = _absent(
        "Only unfinished actions whose target date is within so many working days."
    )
    due_before: date | SkipJsonSchema[None] = _absent(
        f"Only actions whose target date is on or before this day. {_DATE}"
    )
    due_after: date | SkipJsonSchema[None] = _absent(
        f"Only actions whose target date is on or after this day. {_DATE}"
    )
    updated_since: date | SkipJsonSchema[None] = _absent(
        f"Only actions with a status update recorded on or after this day (UK time). {_DATE}"
    )
    theme: Whole | SkipJsonSchema[None] = _absent("A theme of the plan, by its number.")
    band: Whole | SkipJsonSchema[None] = _absent("A priority band of the plan, by its number.")
    recurring: Literal["yes", "no"] | SkipJsonSchema[None] = _absent(
        "'yes' for only recurring actions, 'no' for only one-off ones."
    )
    q: Search | SkipJsonSchema[None] = _absent(
        "Text found in the ref, the key action or the latest commentary."
    )
    sort: ListSort = Field(ListSort.REF, description="What the list is sorted by.")
    order: Literal["asc", "desc"] = Field("asc", description="The order of the sort.")


class ActionsQuery(PlanActionsQuery):
    """The filters, sort and page of the actions of every plan the token's account may read.

    Across plans the lead, theme and band are whole numbers, not one plan's choices; the status
    is a label of any readable plan's key.
    """

    plan: Slug | SkipJsonSchema[None] = _absent("A plan the token's account may read, by its slug.")
    lead: Whole | SkipJsonSchema[None] = _absent(
        "A lead, by their person id (any whole number across plans)."
    )
    status: Text | SkipJsonSchema[None] = _absent(
        "A label of any readable plan's status key, or 'none' for no status yet."
    )
    theme: Whole | SkipJsonSchema[None] = _absent("A theme number (any whole number across plans).")
    band: Whole | SkipJsonSchema[None] = _absent(
        "A priority band number (any whole number across plans)."
    )


class StatusUpdatesQuery(ListQuery):
    """The status updates of every live plan the token's account may read, newest first."""

    plan: Slug | SkipJsonSchema[None] = _absent("A plan the token's account may read, by its slug.")
    action: Whole | SkipJsonSchema[None] = _absent("An action, by its id.")
    recorded_since: date | SkipJsonSchema[None] = _absent(
        f"Only updates recorded on or after this day (UK time). {_DATE}"
    )
    as_at_from: date | SkipJsonSchema[None] = _absent(
        f"Only updates as at this day or later. {_DATE}"
    )
    as_at_to: date | SkipJsonSchema[None] = _absent(
        f"Only updates as at this day or earlier. {_DATE}"
    )


class _Out(BaseModel):
    model_config = ConfigDict(serialize_by_alias=True)


class ObjectiveOut(_Out):
    """The objective an action serves."""

    id: int
    text: str


class ThemeOut(_Out):
    """The theme of an action's objective."""

    number: int
    title: str


class BandOut(_Out):
    """An action's priority band: its number, and its label as the papers print it."""

    number: int
    label: str


class LeadOut(_Out):
    """A lead of an action."""

    person_id: int
    name: str


class ActionLinks(_Out):
    """Where the action is."""

    self_: str = Field(serialization_alias="self")


class ActionSummary(_Out):
    """An action and its current state: what its latest status update says."""

    id: int
    plan: str = Field(description="The plan's slug.")
    ref: str | None
    text: str = Field(description="The key action.")
    objective: ObjectiveOut
    theme: ThemeOut
    band: BandOut | None
    leads: list[LeadOut]
    target_date: date | None
    target_date_text: str = Field(description="The target date as written in the plan.")
    recurrence: Recurrence
    completion: Completion
    sign_off: SignOff | None
    status_label: str | None
    status_colour: StatusColour | None
    rag: Rag | None
    direction: Direction | None
    current_performance: str
    commentary: str
    as_at: date | None = Field(description="The date the latest status update is as at.")
    completed_on: date | None
    days_overdue: int | None = Field(description="Days past the target date; null unless overdue.")
    version: int = Field(description="The action's version, which If-Match carries.")
    updated_at: datetime | None = Field(description="When its latest status update was recorded.")
    links: ActionLinks


class MilestoneOut(_Out):
    """A dated step of an action."""

    id: int
    ref: str | None
    text: str
    due_on: date
    done_on: date | None


class UpdateLinks(_Out):
    """Where the status update and its action are."""

    self_: str = Field(serialization_alias="self")
    action: str


class StatusUpdateOut(_Out):
    """A status update as it was recorded; updates are never changed."""

    id: int
    action_id: int
    action_ref: str | None
    plan: str = Field(description="The plan's slug.")
    as_at: date
    recorded_at: datetime
    author: str | None = Field(description="Who recorded it; null for an imported update.")
    completion: Completion
    status_label: str | None
    status_colour: StatusColour | None
    rag: Rag | None
    direction: Direction | None
    current_performance: str
    commentary: str
    report_note: str | None
    completed_on: date | None
    completed_on_unknown: bool
    sign_off: SignOff | None
    links: UpdateLinks


class ActionDetail(ActionSummary):
    """An action with its milestones, the recommendations it answers, and its history."""

    archived: bool = Field(description="True when the action or its plan is archived.")
    milestones: list[MilestoneOut]
    recommendations: list[str] = Field(description="The refs of the recommendations it answers.")
    status_updates: list[StatusUpdateOut] = Field(description="Every status update, newest first.")


class RecordedUpdate(StatusUpdateOut):
    """The status update just recorded, and the action's version now."""

    action_version: int


_REQUIRED_UPDATE_FIELDS = ("as_at", "completion", "status")


def _require_update_fields(schema: dict[str, Any]) -> None:
    """Describe as_at, completion and status as required, with no default."""
    schema["required"] = list(_REQUIRED_UPDATE_FIELDS)
    for name in _REQUIRED_UPDATE_FIELDS:
        schema["properties"][name].pop("default", None)


class StatusUpdateIn(BaseModel):
    """A status update, as the update form asks for it; the form's rules check it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_require_update_fields)

    # Null is taken, as a missing value is, so that either gets the form's message; the
    # description asks for a value.
    as_at: Annotated[date | None, WithJsonSchema({"type": "string", "format": "date"})] = Field(
        None, description="The date the update describes, not after today."
    )
    completion: Annotated[
        Completion | None,
        WithJsonSchema({"type": "string", "enum": [member.value for member in Completion]}),
    ] = Field(None, description="How far the action has got.")
    status: Annotated[
        str | None,
        WithJsonSchema({"type": "string", "minLength": 1, "maxLength": STATUS_LABEL.maximum}),
    ] = Field(
        None,
        max_length=STATUS_LABEL.maximum,
        description="A label of the plan's status key (the RAG rating under the default key).",
    )
    direction: Direction | None = Field(None, description="Compared with the last update.")
    current_performance: str = Field("", description="The latest figure or position.")
    commentary: str = Field(
        "",
        description="What has happened since the last update; needed when the completion "
        "changes or the status becomes an exception, such as Red.",
    )
    report_note: str = Field("", description="A footnote for the highlight report.")
    completed_on: date | None = Field(
        None, description="When the action was completed; only with completion 'completed'."
    )
