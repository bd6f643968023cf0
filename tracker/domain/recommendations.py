"""Derive where each recommendation stands from the actions that answer it, as at any day."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tracker.domain.enums import Completion
from tracker.domain.facts import UpdateFacts
from tracker.domain.plan_order import natural_ref_key
from tracker.domain.text_limits import RECOMMENDATION_REF, RECOMMENDATION_TEXT

# A ref names a recommendation in a plan and in an export's cell, where refs are "; "-separated.
REF_SEPARATOR = ";"
# An import may give a new recommendation's text after its ref: "R3: Improve supervision".
TEXT_SEPARATOR = ":"


@dataclass(frozen=True, slots=True)
class RecommendationFacts:
    """Describe one live recommendation and the live actions linked to it, loaded by a service."""

    recommendation_id: int
    ref: str
    text: str
    source: str = ""
    made_on: date | None = None
    due_on: date | None = None
    action_ids: tuple[int, ...] = ()
    position: int = 0


class RecommendationStatus(StrEnum):
    """Say where a recommendation stands: met, under way, or with no action answering it yet."""

    MET = "met"
    IN_PROGRESS = "in_progress"
    NO_ACTIONS = "no_actions"


@dataclass(frozen=True, slots=True)
class RecommendationProgress:
    """Give one recommendation's status on a day and how many of its actions were done."""

    recommendation: RecommendationFacts
    status: RecommendationStatus
    done: int
    total: int

    @property
    def label(self) -> str:
        """Return the status as pages and reports word it."""
        if self.status is RecommendationStatus.MET:
            return "Met"
        if self.status is RecommendationStatus.NO_ACTIONS:
            return "No actions yet"
        noun = "action" if self.total == 1 else "actions"
        return f"{self.done} of {self.total} {noun} done"


@dataclass(frozen=True, slots=True)
class RecommendationsSummary:
    """Give how many of the plan's recommendations were met on a day, and each one's row."""

    as_at: date
    met: int
    total: int
    rows: tuple[RecommendationProgress, ...]


def is_done(update: UpdateFacts | None) -> bool:
    """Say whether an action's state counts as done: Completed, and not awaiting sign-off."""
    return update is not None and update.counted_completion is Completion.COMPLETED


def recommendation_progress(
    recommendation: RecommendationFacts, states: Mapping[int, UpdateFacts]
) -> RecommendationProgress:
    """Return a recommendation's status from its actions' states on one day.

    `states` holds each action's latest update on that day; a linked action with none was not
    yet in the plan then, so it does not count, and a report for a past month stays as it was.
    """
    answering = [
        states[action_id] for action_id in recommendation.action_ids if action_id in states
    ]
    done = sum(1 for update in answering if is_done(update))
    if not answering:
        status = RecommendationStatus.NO_ACTIONS
    elif done == len(answering):
        status = RecommendationStatus.MET
    else:
        status = RecommendationStatus.IN_PROGRESS
    return RecommendationProgress(recommendation, status, done, len(answering))


def summarise_recommendations(
    recommendations: Iterable[RecommendationFacts],
    states: Mapping[int, UpdateFacts],
    day: date,
) -> RecommendationsSummary:
    """Return the recommendations made by a day, in order, each with its status on that day."""
    rows = tuple(
        recommendation_progress(recommendation, states)
        for recommendation in sorted(
            (
                recommendation
                for recommendation in recommendations
                if recommendation.made_on is None or recommendation.made_on <= day
            ),
            key=recommendation_order,
        )
    )
    met = sum(1 for row in rows if row.status is RecommendationStatus.MET)
    return RecommendationsSummary(as_at=day, met=met, total=len(rows), rows=rows)


def recommendation_order(
    recommendation: RecommendationFacts,
) -> tuple[int, tuple[str | int, ...], int]:
    """Return the key that lists a plan's recommendations: position, then ref as people read it."""
    return (
        recommendation.position,
        natural_ref_key(recommendation.ref),
        recommendation.recommendation_id,
    )


@dataclass(frozen=True, slots=True)
class WrittenRecommendation:
    """One recommendation as an import's cell names it: its ref, and its text when written."""

    ref: str
    text: str = ""


def read_recommendation_cell(cell: str) -> tuple[WrittenRecommendation, ...]:
    """Return the recommendations a cell names: "R1; R2" or "R1: text; R2", repeats dropped."""
    written: dict[str, WrittenRecommendation] = {}
    for part in cell.split(REF_SEPARATOR):
        ref, _, text = part.partition(TEXT_SEPARATOR)
        ref, text = " ".join(ref.split()), " ".join(text.split())
        if ref and ref.casefold() not in written:
            written[ref.casefold()] = WrittenRecommendation(ref, text)
    return tuple(written.values())


def recommendation_cell_problem(cell: str) -> str | None:
    """Return what is wrong with a cell's refs or texts for a new recommendation, else None."""
    for entry in read_recommendation_cell(cell):
        problem = RECOMMENDATION_REF.problem(entry.ref) or RECOMMENDATION_TEXT.problem(entry.text)
        if problem:
            return (
                f"{problem}: separate recommendations with ';' and give a new one's words "
                "after its reference and a colon, as in 'R3: Improve supervision'"
            )
    return None


def join_refs(refs: Sequence[str]) -> str:
    """Return refs as one cell, the way read_recommendation_cell reads them back."""
    return f"{REF_SEPARATOR} ".join(refs)
