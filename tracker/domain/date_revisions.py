"""Decide which target date is in force on a day, from the baseline and the approved revisions."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from tracker.domain.assurance import RevisionStatus

# Where a revision came from when an administrator set the date with no approval asked.
SET_DIRECTLY = "Set by an administrator"
# Where a revision came from when an import brought a target date differing from the baseline.
IMPORTED = "Import"


@dataclass(frozen=True, slots=True)
class RevisionFacts:
    """Describe one proposed new target date as the rules need it."""

    revision_id: int
    from_date: date | None
    to_date: date
    status: RevisionStatus
    # The plan-calendar day the decision took effect; None for an approval in force from the start.
    decided_on: date | None = None

    @property
    def order_key(self) -> tuple[date, int]:
        """Return the key that puts approvals in the order they took effect."""
        return (self.decided_on or date.min, self.revision_id)


@dataclass(frozen=True, slots=True)
class DateInForce:
    """Say which target date was in force on a day, and how it came to be."""

    target_date: date | None
    baseline: date | None
    # The approved revision that set it, or None while the baseline is in force.
    revision: RevisionFacts | None
    # How many approved revisions had taken effect by the day.
    revision_count: int

    @property
    def revised_on(self) -> date | None:
        """Return the day the date in force was approved, None for the baseline or unknown day."""
        return self.revision.decided_on if self.revision else None


def approved_in_order(revisions: Iterable[RevisionFacts]) -> list[RevisionFacts]:
    """Return the approved revisions in the order they took effect."""
    return sorted(
        (revision for revision in revisions if revision.status is RevisionStatus.APPROVED),
        key=lambda revision: revision.order_key,
    )


def baseline_date(current: date | None, revisions: Iterable[RevisionFacts]) -> date | None:
    """Return the first target date: the date the earliest approval replaced, else the current."""
    approved = approved_in_order(revisions)
    return approved[0].from_date if approved else current


def date_in_force(
    baseline: date | None, revisions: Sequence[RevisionFacts], day: date
) -> DateInForce:
    """Return the target date in force on a day: the latest approval taken effect by then."""
    taken_effect = [
        revision
        for revision in approved_in_order(revisions)
        if revision.decided_on is None or revision.decided_on <= day
    ]
    if not taken_effect:
        return DateInForce(baseline, baseline, None, 0)
    latest = taken_effect[-1]
    return DateInForce(latest.to_date, baseline, latest, len(taken_effect))


def proposal_problem(
    proposed: date | None, in_force: date | None, *, pending: bool, today: date
) -> str | None:
    """Return why a proposed new target date cannot be asked for, or None when it can."""
    if proposed is None:
        return "Enter the new target date"
    if pending:
        return "A new target date is already waiting for a decision; it must be decided first"
    if proposed == in_force:
        return "The new target date must differ from the current target date"
    if proposed < today:
        return "The new target date must be today or in the future"
    return None


def may_decide(
    *, is_admin: bool, is_panel: bool, owns_plan: bool, leads_action: bool, proposed_it: bool
) -> bool:
    """Say whether an account may approve or decline a proposed date: never one's own."""
    if is_panel or leads_action or proposed_it:
        return False
    return is_admin or owns_plan
