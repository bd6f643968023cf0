"""Assemble the monthly highlight report: its boxes and achievements, with tallies and trend."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tracker.domain.as_at import Month, ReportDates, history_as_at, state_as_at
from tracker.domain.assurance import SignOff
from tracker.domain.date_revisions import DateInForce, date_in_force
from tracker.domain.enums import Completion, Rag
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.indicator_rules import Assessment
from tracker.domain.indicator_values import format_value
from tracker.domain.milestones import (
    MILESTONE_OVERDUE,
    MilestoneFacts,
    days_missed,
    due_within,
    first_missed,
)
from tracker.domain.plan_order import plan_order
from tracker.domain.recommendations import RecommendationsSummary
from tracker.domain.risk_dates import RiskStatus
from tracker.domain.sign_off import signed_off_on
from tracker.domain.status_key import StatusColour
from tracker.domain.tallies import Tallies

TREND_MONTHS = 36
# A box of the one-page summary lists each action by a title about this long, as the paper does.
SHORT_TITLE_LENGTH = 80


@dataclass(frozen=True, slots=True)
class RiskFacts:
    """Describe one plan-level risk or issue; a closed one says when it closed."""

    description: str
    likelihood: str
    consequences: str
    mitigation: str
    owner: str
    status: RiskStatus
    raised_on: date
    closed_on: date | None = None

    def __post_init__(self) -> None:
        if self.status not in set(RiskStatus):
            raise ValueError(f"a risk's status is 'open' or 'closed', not {self.status!r}")
        if (self.status == RiskStatus.CLOSED) != (self.closed_on is not None):
            raise ValueError("a closed risk needs the date it closed, and an open one has none")

    def is_open_on(self, day: date) -> bool:
        """Say whether the risk had been raised and not yet closed on a day."""
        return self.raised_on <= day and (self.closed_on is None or self.closed_on > day)


@dataclass(frozen=True, slots=True)
class AchievementFacts:
    """Describe one plan-level achievement and the day it was achieved."""

    text: str
    achieved_on: date


@dataclass(frozen=True, slots=True)
class ReportItem:
    """Show one action in a box of the report, with what that box needs to say about it."""

    action_id: int
    ref: str | None
    action: str
    theme_number: int
    leads: tuple[str, ...]
    target_date: date | None
    target_date_text: str
    completed_on: date | None = None
    days_overdue: int | None = None
    rag: Rag | None = None
    status_label: str | None = None
    status_colour: StatusColour | None = None
    commentary: str = ""
    due_in_month: date | None = None
    # The administrator's short title for the action, if written.
    given_short_title: str | None = None
    # The lead's note for the report on the update that gives the action's state.
    report_note: str = ""
    # In the overdue box: the milestone missed longest, for an action not itself overdue.
    milestone: MilestoneFacts | None = None
    # How many days before the cut-off that milestone was due.
    milestone_days_overdue: int | None = None
    # The first target date, how many approved revisions replaced it, and when the one in
    # force was approved (None for the baseline or an import), all as at the report's date.
    baseline_target_date: date | None = None
    revision_count: int = 0
    revised_on: date | None = None
    # The day a sign-off plan's action was signed off, which places it in the Completed box.
    signed_off_on: date | None = None

    @property
    def short_title(self) -> str:
        """Return the action as the summary boxes list it: the given title, else a cut text."""
        return titled(self.ref, self.given_short_title, self.action)

    @property
    def box_title(self) -> str:
        """Return the short title, marked "(milestone overdue)" when only a milestone is late."""
        if self.milestone is None:
            return self.short_title
        return f"{self.short_title} ({MILESTONE_OVERDUE})"


def titled(ref: str | None, given_short_title: str | None, text: str) -> str:
    """Return a ref and the administrator's short title, or the first words of the text."""
    if given_short_title and given_short_title.strip():
        given = " ".join(given_short_title.split())
        return f"{ref} {given}" if ref else given
    return short_title(ref, text)


def short_title(ref: str | None, text: str) -> str:
    """Return a ref and the first words of a text, cut at a word boundary near 80 characters."""
    words = " ".join(text.split())
    if len(words) > SHORT_TITLE_LENGTH:
        kept = words[: SHORT_TITLE_LENGTH - 1]
        # Cut at the last space when there is one; a single long word is cut where it reaches.
        if " " in kept:
            kept = kept.rsplit(" ", 1)[0]
        words = kept.rstrip(" ,;:.-–") + "…"
    return f"{ref} {words}" if ref else words


@dataclass(frozen=True, slots=True)
class BoxLines:
    """Give a summary box's lines, footnote marks included, and the footnotes under it."""

    lines: tuple[str, ...]
    notes: tuple[str, ...]


def box_lines(items: Sequence[ReportItem], first: Sequence[str] = ()) -> BoxLines:
    """Return items' short titles, marking each with a report note "*", "**", … once a note."""
    marks: dict[str, str] = {}
    lines = list(first)
    for item in items:
        if not item.report_note:
            lines.append(item.box_title)
            continue
        mark = marks.setdefault(item.report_note, "*" * (len(marks) + 1))
        lines.append(f"{item.box_title} {mark}")
    return BoxLines(tuple(lines), tuple(f"{mark} {note}" for note, mark in marks.items()))


@dataclass(frozen=True, slots=True)
class RiskItem:
    """Show one open risk or issue in the report."""

    description: str
    likelihood: str
    consequences: str
    mitigation: str
    owner: str
    raised_on: date


@dataclass(frozen=True, slots=True)
class AchievementItem:
    """Show one achievement in the report."""

    text: str
    achieved_on: date


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """Give the share of actions completed at the end of one month."""

    month: Month
    percent_completed: Decimal
    total: int


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """One indicator an action works towards, with its latest reading, RAG and direction."""

    action_id: int
    action_ref: str | None
    indicator_id: int
    indicator_ref: str
    indicator_title: str
    period: str
    reading: str
    rag: Rag | None
    travel: str


@dataclass(frozen=True, slots=True)
class HighlightReport:
    """Hold everything the highlight report for a month shows, for every renderer."""

    plan_slug: str
    plan_title: str
    month: Month
    as_at: date
    tallies: Tallies
    previous_tallies: Tallies
    change: dict[Completion, Decimal]
    completed: tuple[ReportItem, ...]
    planned: tuple[ReportItem, ...]
    # Actions overdue against their target date, longest first, then actions whose target date
    # is not past but a milestone was missed (each with its milestone), longest missed first.
    overdue: tuple[ReportItem, ...]
    risks: tuple[RiskItem, ...]
    red_actions: tuple[ReportItem, ...]
    achievements: tuple[AchievementItem, ...]
    trend: tuple[TrendPoint, ...]
    cut_off: date
    provisional: bool
    # The indicators the reported actions work towards, in plan order of their actions.
    indicators: tuple[IndicatorLine, ...] = ()
    # The plan's recommendations and which were met at the cut-off; None when it has none.
    recommendations: RecommendationsSummary | None = None

    @property
    def overdue_actions(self) -> tuple[ReportItem, ...]:
        """Return the actions overdue against their own target date: the ones the counts count."""
        return tuple(item for item in self.overdue if item.milestone is None)

    @property
    def milestones_overdue(self) -> tuple[ReportItem, ...]:
        """Return the actions listed only because a milestone was missed."""
        return tuple(item for item in self.overdue if item.milestone is not None)

    # Actions a lead marked Completed that wait for sign-off at the cut-off, in plan order.
    awaiting_sign_off: tuple[ReportItem, ...] = ()

    @property
    def completed_box(self) -> BoxLines:
        """Return the lines and footnotes of the box of actions completed in the month."""
        return box_lines(self.completed)

    @property
    def awaiting_box(self) -> BoxLines:
        """Return the lines and footnotes of the list of actions awaiting sign-off."""
        return box_lines(self.awaiting_sign_off)

    @property
    def planned_box(self) -> BoxLines:
        """Return the lines and footnotes of the box of actions planned for the next month."""
        return box_lines(self.planned)

    @property
    def overdue_box(self) -> BoxLines:
        """Return the lines and footnotes of the box of overdue actions."""
        return box_lines(self.overdue)

    @property
    def risks_box(self) -> BoxLines:
        """Return the risks and issues box: open risks, then red-rated actions."""
        return box_lines(
            self.red_actions, first=[short_title(None, risk.description) for risk in self.risks]
        )


def build_highlight_report(
    *,
    plan_slug: str,
    plan_title: str,
    month: Month,
    actions: Sequence[ActionFacts],
    updates: Sequence[UpdateFacts],
    tallies: Tallies,
    previous_tallies: Tallies,
    trend: Sequence[TrendPoint],
    risks: Sequence[RiskFacts],
    achievements: Sequence[AchievementFacts],
    dates: ReportDates | None = None,
    linked_indicators: Mapping[int, Sequence[Assessment]] | None = None,
) -> HighlightReport:
    """Build the report for a month from the plan's facts and figures as at its cut-off."""
    if dates is None:
        dates = ReportDates(month, month.last_day, month.last_day, provisional=False)
    as_at = dates.as_at
    previous_month_end = month.previous().last_day
    states = state_as_at(updates, as_at)
    histories = history_as_at(updates, as_at)
    in_plan = sorted((action for action in actions if action.action_id in states), key=plan_order)

    next_month = month.next()
    completed: list[ReportItem] = []
    planned: list[ReportItem] = []
    overdue_by_days: list[tuple[int, ReportItem]] = []
    milestones_by_days: list[tuple[int, ReportItem]] = []
    red_actions: list[ReportItem] = []
    awaiting: list[ReportItem] = []
    for action in in_plan:
        state = states[action.action_id]
        in_force = date_in_force(action.baseline_target_date, action.revisions, as_at)
        target_date = in_force.target_date if action.revisions else action.target_date
        if state.sign_off is SignOff.AWAITING:
            # Done in the lead's word only: listed apart, neither completed nor late.
            awaiting.append(_item(action, state, in_force, completed_on=state.completed_on))
        elif state.completion is Completion.COMPLETED:
            run = _completed_run(histories[action.action_id])
            signed_on = signed_off_on([(update.as_at, update.sign_off) for update in run])
            run_began, completed_on = _current_completion(run)
            if signed_on is not None:
                # A signed-off action counts as completed in the month it was signed off.
                if month.contains(signed_on):
                    completed.append(
                        _item(
                            action,
                            state,
                            in_force,
                            completed_on=completed_on,
                            signed_off_on=signed_on,
                        )
                    )
            # A run already under way at the end of M-1 was reported then, whatever date it has;
            # an action complete before the plan came in has no date to place it in a month.
            elif (
                run_began > previous_month_end
                and completed_on is not None
                and month.contains(completed_on)
            ):
                completed.append(_item(action, state, in_force, completed_on=completed_on))
        else:
            # Due on the position date itself is still planned; overdue starts the day after.
            # A milestone done by the cut-off is not planned, whenever it was due.
            due_dates = sorted(
                day
                for day in (
                    target_date,
                    *(
                        milestone.due_on
                        for milestone in due_within(
                            action.milestones, as_at, next_month.last_day, as_at=as_at
                        )
                    ),
                )
                if day is not None and as_at <= day <= next_month.last_day
            )
            if due_dates:
                planned.append(_item(action, state, in_force, due_in_month=due_dates[0]))
            missed = first_missed(action.milestones, as_at)
            if target_date is not None and target_date < as_at:
                days_overdue = (as_at - target_date).days
                overdue_by_days.append(
                    (days_overdue, _item(action, state, in_force, days_overdue=days_overdue))
                )
            elif missed is not None:
                # Listed, marked, but not overdue: its own target date decides that.
                late = days_missed(missed, as_at)
                milestones_by_days.append(
                    (
                        late,
                        _item(
                            action, state, in_force, milestone=missed, milestone_days_overdue=late
                        ),
                    )
                )
        if state.status_exception:
            red_actions.append(_item(action, state, in_force))

    return HighlightReport(
        plan_slug=plan_slug,
        plan_title=plan_title,
        month=month,
        as_at=as_at,
        tallies=tallies,
        previous_tallies=previous_tallies,
        change={
            completion: tallies.overall.percent(completion)
            - previous_tallies.overall.percent(completion)
            for completion in Completion
        },
        completed=tuple(completed),
        planned=tuple(planned),
        overdue=tuple(
            item
            for by_days in (overdue_by_days, milestones_by_days)
            for _, item in sorted(by_days, key=lambda pair: -pair[0])
        ),
        risks=tuple(
            RiskItem(
                risk.description,
                risk.likelihood,
                risk.consequences,
                risk.mitigation,
                risk.owner,
                risk.raised_on,
            )
            for risk in sorted(risks, key=lambda risk: (risk.raised_on, risk.description))
            if risk.is_open_on(as_at)
        ),
        red_actions=tuple(red_actions),
        awaiting_sign_off=tuple(awaiting),
        achievements=tuple(
            AchievementItem(achievement.text, achievement.achieved_on)
            for achievement in sorted(
                achievements, key=lambda achievement: (achievement.achieved_on, achievement.text)
            )
            if month.contains(achievement.achieved_on)
        ),
        trend=tuple(trend),
        cut_off=dates.cut_off,
        provisional=dates.provisional,
        indicators=tuple(
            _indicator_line(action, assessment)
            for action in in_plan
            for assessment in (linked_indicators or {}).get(action.action_id, ())
        ),
    )


def _indicator_line(action: ActionFacts, assessment: Assessment) -> IndicatorLine:
    latest = assessment.latest
    if latest is None:
        reading = "no reading"
    else:
        reading = latest.value.no_data or format_value(
            latest.value.value, assessment.indicator.unit
        )
    travel = assessment.travel
    return IndicatorLine(
        action_id=action.action_id,
        action_ref=action.ref,
        indicator_id=assessment.indicator.id,
        indicator_ref=assessment.indicator.ref,
        indicator_title=assessment.indicator.title,
        period=assessment.period.label,
        reading=reading,
        rag=assessment.rag,
        travel=f"{travel.arrow} {travel.label}" if travel else "",
    )


def _completed_run(history: tuple[UpdateFacts, ...]) -> tuple[UpdateFacts, ...]:
    """Return the latest run of Completed updates of a history, oldest first."""
    run: list[UpdateFacts] = []
    for update in reversed(history):
        if update.completion is not Completion.COMPLETED:
            break
        run.append(update)
    return tuple(reversed(run))


def _current_completion(oldest_first: tuple[UpdateFacts, ...]) -> tuple[date, date | None]:
    """Return when a run of Completed updates began, and its completion date if known."""
    run = tuple(reversed(oldest_first))
    first_of_run = run[-1]
    # The newest date a lead gave wins, since a later update may correct an earlier one.
    stated = next((update.completed_on for update in run if update.completed_on), None)
    if stated is None and first_of_run.completed_on_unknown:
        # Complete when the plan came in: it was not completed in the month of that import.
        return first_of_run.as_at, None
    return first_of_run.as_at, stated or first_of_run.as_at


def _item(
    action: ActionFacts,
    state: UpdateFacts,
    in_force: DateInForce,
    *,
    completed_on: date | None = None,
    days_overdue: int | None = None,
    due_in_month: date | None = None,
    milestone: MilestoneFacts | None = None,
    milestone_days_overdue: int | None = None,
    signed_off_on: date | None = None,
) -> ReportItem:
    return ReportItem(
        action_id=action.action_id,
        ref=action.ref,
        action=action.text,
        theme_number=action.theme_number,
        leads=action.leads,
        # The words as written name the first date; once revised, the date speaks for itself.
        target_date=in_force.target_date if action.revisions else action.target_date,
        target_date_text="" if in_force.revision_count else action.target_date_text,
        completed_on=completed_on,
        days_overdue=days_overdue,
        rag=state.rag,
        status_label=state.status_label,
        status_colour=state.status_colour,
        commentary=state.commentary,
        due_in_month=due_in_month,
        given_short_title=action.short_title,
        report_note=" ".join((state.report_note or "").split()),
        milestone=milestone,
        milestone_days_overdue=milestone_days_overdue,
        baseline_target_date=in_force.baseline if in_force.revision_count else None,
        revision_count=in_force.revision_count,
        revised_on=in_force.revised_on,
        signed_off_on=signed_off_on,
    )
