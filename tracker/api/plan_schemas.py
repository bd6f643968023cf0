"""Describe the API's plans, their themes, objectives, risks and achievements, and people."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.api.spec import ListQuery
from tracker.domain.enums import Completion, Rag, Role
from tracker.domain.risk_dates import RiskStatus
from tracker.domain.status_key import StatusColour

_ARCHIVED = "no lists the live records, yes the archived ones, all both."


class Described(BaseModel):
    """A record the API answers with exactly these fields, and no others."""

    model_config = ConfigDict(extra="forbid")


class ArchivedQuery(ListQuery):
    """A page of a list of records that may be archived."""

    archived: Literal["no", "yes", "all"] = Field("no", description=_ARCHIVED)


class RiskQuery(ListQuery):
    """A page of a plan's risks and issues, open or closed."""

    status: Literal["open", "closed", "all"] = Field(
        "all", description="open lists the open risks and issues, closed the closed ones."
    )


class PeopleQuery(ListQuery):
    """A page of people, found by name."""

    q: str = Field(
        "",
        max_length=200,
        description="Part of a person's name; case is ignored.",
    )


class PlanLinks(Described):
    """Where a plan and what it holds are read in the API."""

    self: str
    actions: str
    themes: str
    objectives: str
    risks: str
    achievements: str
    tallies: str
    highlight: str
    scorecard: str


class PlanSummary(Described):
    """A plan in the list of plans, with how many of its live actions are completed."""

    slug: str
    title: str
    organisation: str
    owner: str
    created_at: datetime
    archived_at: datetime | None
    actions: int = Field(description="Live actions.")
    completed: int = Field(description="Live actions counted as completed (signed off if asked).")
    links: PlanLinks


class StatusKeyEntryOut(Described):
    """A status of the plan's key: its label and colour, and what it stands for."""

    label: str
    colour: StatusColour
    completion: Completion
    rag: Rag | None
    exception: bool = Field(description="An action showing it is listed in exception reports.")
    signed_off: bool = Field(description="The status a signed-off action shows.")


class BandOut(Described):
    """A priority band with its date window."""

    number: int
    label: str = Field(description="As the papers print it: 'Priority 1 Actions to be ...'.")
    window_start: date | None
    window_end: date | None


class PlanCounts(Described):
    """How much a plan holds: live records, and its open risks."""

    actions: int
    completed: int
    themes: int
    objectives: int
    open_risks: int
    achievements: int
    indicators: int


class PlanSettings(Described):
    """The plan's settings that say how its figures and reports are made."""

    reporting_cadence: str
    report_cut_off_working_days: int
    due_soon_working_days: int
    sign_off_required: bool
    panel_may_sign_off: bool
    revised_dates_need_approval: bool


class PlanOut(Described):
    """One plan: its owner, settings, status key, priority bands and counts."""

    slug: str
    title: str
    organisation: str
    owner: str
    created_at: datetime
    archived_at: datetime | None
    settings: PlanSettings
    counts: PlanCounts
    status_key: list[StatusKeyEntryOut]
    bands: list[BandOut]
    has_scorecard: bool = Field(description="The plan has live indicators, so a scorecard.")
    links: PlanLinks


class ThemeOut(Described):
    """A numbered theme of a plan, with its live objectives and actions."""

    id: int
    number: int
    title: str
    archived_at: datetime | None
    objectives: int
    actions: int


class ObjectiveOut(Described):
    """An objective of a plan under its theme, with its live actions."""

    id: int
    theme_number: int
    theme_title: str
    position: int
    text: str
    archived_at: datetime | None
    actions: int


class RiskOut(Described):
    """A risk or issue of a plan; a closed one says when it closed."""

    id: int
    description: str
    likelihood: str
    consequences: str
    mitigation: str
    owner: str
    status: RiskStatus
    raised_on: date
    closed_on: date | None


class AchievementOut(Described):
    """An achievement of a plan, listed in the highlight report of its month."""

    id: int
    text: str
    achieved_on: date
    archived_at: datetime | None


class PersonOut(Described):
    """Someone who can lead actions, with their sign-in account if they have one."""

    id: int
    name: str
    email: str | None
    organisation: str
    active: bool
    account_role: Role | None = Field(description="None when the person has no account.")
    account_active: bool | None = Field(description="None when the person has no account.")
    actions_led: int
