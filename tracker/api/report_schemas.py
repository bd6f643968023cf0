"""Describe the reports the API answers, field by field as their JSON builders write them."""

# Each model here is the shape of a builder in tracker/reports/report_json.py or
# tracker/domain/scorecard.py; tests validate the builders' real output against them, so a
# builder that changes its shape fails a test rather than the API's description.

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from tracker.api.plan_schemas import Described
from tracker.domain.date_params import MONTH_PATTERN
from tracker.domain.enums import Rag
from tracker.domain.indicator_rules import Quartile, Travel, YtdSymbol
from tracker.domain.indicator_terms import (
    BenchmarkKind,
    Frequency,
    Polarity,
    RagMethod,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.domain.recommendations import RecommendationStatus
from tracker.domain.status_key import StatusColour

_MONTH_PATTERN = r"^[0-9]{4}-[0-9]{2}$"
Percent = Annotated[
    str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", description="A percentage to two places.")
]
Points = Annotated[
    str,
    Field(
        pattern=r"^(0\.00|[+-][0-9]+\.[0-9]{2})$",
        description="A change in percentage points, signed, to two places.",
    ),
]
MonthText = Annotated[str, Field(pattern=_MONTH_PATTERN, description="A month, YYYY-MM.")]
# A month asked for: within the years reports cover.
MonthAsked = Annotated[str, Field(pattern=MONTH_PATTERN)]


class AsAtQuery(BaseModel):
    """The date figures are as at."""

    as_at: date | SkipJsonSchema[None] = Field(
        None, description="The date, YYYY-MM-DD; today when left out."
    )


class HighlightQuery(BaseModel):
    """The month of a highlight report and its cut-off."""

    month: MonthAsked | SkipJsonSchema[None] = Field(
        None,
        description="The month, YYYY-MM; the latest month with updates when left out.",
    )
    as_at: date | SkipJsonSchema[None] = Field(
        None,
        description="The cut-off, YYYY-MM-DD, from the month's last day to the end of the next"
        " month; the plan's usual cut-off when left out.",
    )


class ScorecardQuery(BaseModel):
    """The month of a scorecard."""

    period: MonthAsked | SkipJsonSchema[None] = Field(
        None,
        description="The month, YYYY-MM; the last complete month when left out.",
    )


class PlanName(Described):
    """The plan a report is of."""

    slug: str
    title: str


class Percentages(Described):
    """Each completion status's share of the actions."""

    completed: Percent
    not_completed: Percent
    partially_completed: Percent
    not_known: Percent


class TallyOut(Described):
    """How many actions have each completion status, and their shares."""

    total: int
    completed: int
    not_completed: int
    partially_completed: int
    not_known: int
    percent: Percentages


class BandTallyOut(TallyOut):
    """The tally of a priority band; number is None for actions without a band."""

    number: int | None
    label: str


class ThemeTallyOut(TallyOut):
    """The tally of a theme, split by every band of the plan."""

    number: int
    title: str
    bands: list[BandTallyOut]


class TalliesOut(Described):
    """A plan's tallies as at a date: overall, per priority band and per theme."""

    as_at: date
    overall: TallyOut
    bands: list[BandTallyOut]
    themes: list[ThemeTallyOut]


class PlanTalliesOut(TalliesOut):
    """A plan's tallies as at a date, with the plan they are of."""

    plan: PlanName


class ReportItemOut(Described):
    """An action in a box of the highlight report."""

    action_id: int
    ref: str | None
    action: str
    theme: int
    leads: list[str]
    target_date: date | None
    target_date_text: str
    baseline_target_date: date | None
    revision_count: int
    revised_on: date | None
    revision_note: str
    rag: Rag | None
    status: str | None
    status_colour: StatusColour | None
    commentary: str
    short_title: str
    report_note: str


class CompletedItem(ReportItemOut):
    """An action completed in the month."""

    completed_on: date | None
    signed_off_on: date | None


class AwaitingSignOffItem(ReportItemOut):
    """An action marked completed that waits for sign-off at the cut-off."""

    completed_on: date | None


class PlannedItem(ReportItemOut):
    """An action due in the month after the report's."""

    due: date | None


class OverdueItem(ReportItemOut):
    """An action overdue against its target date at the cut-off."""

    days_overdue: int | None


class MilestoneOut(Described):
    """A dated milestone of an action."""

    ref: str | None
    text: str
    due_on: date | None
    done_on: date | None


class MilestoneOverdueItem(ReportItemOut):
    """An action listed because one of its milestones was missed."""

    milestone_overdue: str
    milestone: MilestoneOut
    milestone_days_overdue: int | None


class HighlightRisk(Described):
    """A risk or issue open at the cut-off."""

    description: str
    likelihood: str
    consequences: str
    mitigation: str
    owner: str
    raised_on: date


class HighlightAchievement(Described):
    """An achievement of the month."""

    text: str
    achieved_on: date


class IndicatorLineOut(Described):
    """An indicator a reported action works towards, with its latest reading."""

    action_id: int
    action_ref: str | None
    indicator_id: int
    ref: str
    title: str
    period: str
    latest: str
    rag: Rag | None
    dot: str


class RecommendationRow(Described):
    """A recommendation, and whether the actions answering it were done at the cut-off."""

    ref: str
    text: str
    source: str
    made_on: date | None
    due_on: date | None
    status: RecommendationStatus
    status_text: str
    actions_done: int
    actions: int
    action_ids: list[int]


class RecommendationsOut(Described):
    """The plan's recommendations and how many were met on a day."""

    as_at: date
    met: int
    total: int
    line: str
    rows: list[RecommendationRow]


class TrendPointOut(Described):
    """The share of actions completed at the end of a month."""

    month: MonthText
    percent_completed: Percent
    total: int


class HighlightOut(Described):
    """The highlight report for a month, as the page, PDF and Word document show it."""

    plan: PlanName
    month: MonthText
    as_at: date
    cut_off: date
    provisional: bool
    title: str
    tallies: TalliesOut
    previous_tallies: TalliesOut
    change: Percentages
    completed: list[CompletedItem]
    awaiting_sign_off: list[AwaitingSignOffItem]
    planned: list[PlannedItem]
    overdue: list[OverdueItem]
    milestones_overdue: list[MilestoneOverdueItem]
    risks: list[HighlightRisk]
    red_actions: list[ReportItemOut]
    achievements: list[HighlightAchievement]
    indicators: list[IndicatorLineOut]
    recommendations: RecommendationsOut | None
    trend: list[TrendPointOut]


class PortfolioTotal(TallyOut):
    """Every readable plan's actions together."""

    change: Points
    overdue: int
    exceptions: int


class MonthCompleted(Described):
    """How many actions were completed in a month."""

    month: MonthText
    completed: int


class PortfolioPlan(Described):
    """One plan's figures in the cross-plan tallies."""

    slug: str
    title: str
    owner: str
    tally: TallyOut
    change: Points
    overdue: int
    exceptions: int
    last_update_on: date | None
    completed_by_month: list[MonthCompleted]


class PortfolioOut(Described):
    """The cross-plan tallies as at a date, with the change since the end of last month."""

    as_at: date
    previous_as_at: date
    overall: PortfolioTotal
    plans: list[PortfolioPlan]


class ScorecardPlan(Described):
    """The plan a scorecard is of."""

    slug: str
    title: str
    organisation: str


class PeriodOut(Described):
    """A period an indicator is read for."""

    label: str
    start: date
    end: date


class ReadingOut(Described):
    """A reading in force for a period; value is None when the source gave no figure."""

    period: str
    start: date
    end: date
    value: float | None
    numerator: float | None
    denominator: float | None
    text: str | None
    no_data: str | None
    commentary: str
    corrected: bool


class RecentColumn(PeriodOut):
    """One of the scorecard's last periods, with its reading if there is one."""

    reading: ReadingOut | None


class TargetOut(Described):
    """A target and the dates it applies over."""

    value: float
    text: str
    applies_from: date | None
    applies_until: date


class ToleranceOut(Described):
    """The tolerance bands in force, as the paper writes them."""

    red: str
    amber: str
    green: str


class BenchmarkOut(Described):
    """A comparator figure."""

    kind: BenchmarkKind
    value: float
    period: str


class IndicatorOut(Described):
    """One indicator's line of the scorecard."""

    id: int
    ref: str
    title: str
    theme: str
    polarity: Polarity
    unit: Unit
    frequency: Frequency
    year_basis: YearBasis
    ytd_method: YtdMethod
    period: PeriodOut
    readings: list[ReadingOut]
    recent: list[RecentColumn]
    latest: ReadingOut | None
    previous: ReadingOut | None
    ytd: float | None
    rag: Rag | None
    rag_method: RagMethod
    dot: Travel | None
    dot_arrow: str | None
    dot_text: str
    movement: Travel | None
    top_performance: bool
    on_target: bool | None
    target: TargetOut | None
    tolerance: ToleranceOut | None
    ytd_symbol: YtdSymbol
    ytd_symbol_mark: str
    benchmarks: list[BenchmarkOut]
    quartile: Quartile | None
    outturns: list[ReadingOut]
    clinic_candidate: bool
    clinic_quarters: list[str]
    problems: list[str]


class ThemeSummaryOut(Described):
    """A theme's counts of indicators on target, by direction, year to date and RAG."""

    theme: str
    total: int
    on_target: int
    off_target: int
    no_target: int
    improving: int
    maintained: int
    declining: int
    no_travel: int
    information_only: int
    ytd_above: int
    ytd_on: int
    ytd_below: int
    ytd_none: int
    red: int
    amber: int
    green: int
    not_rated: int


class IndicatorBrief(Described):
    """An indicator in the exception report or the clinic list."""

    id: int
    ref: str
    title: str
    theme: str
    period: str
    latest: ReadingOut | None
    commentary: str
    rag: Rag | None
    dot: Travel | None
    dot_text: str
    on_target: bool | None
    target: TargetOut | None
    clinic_quarters: list[str]


class ScorecardOut(Described):
    """A plan's performance scorecard for a month, with its summary, exceptions and clinics."""

    plan: ScorecardPlan
    period: PeriodOut
    generated_on: date
    themes: list[str]
    indicators: list[IndicatorOut]
    summary: list[ThemeSummaryOut]
    summary_all_themes: ThemeSummaryOut | None
    exceptions: list[IndicatorBrief]
    clinics: list[IndicatorBrief]
