"""Hold the plain facts about actions and updates that the domain rules work on."""

from dataclasses import dataclass
from datetime import date, datetime

from tracker.domain.assurance import SignOff, counted_completion
from tracker.domain.date_revisions import RevisionFacts
from tracker.domain.enums import Completion, Direction, Rag, Recurrence
from tracker.domain.milestones import MilestoneFacts
from tracker.domain.status_key import StatusColour


@dataclass(frozen=True, slots=True)
class ActionFacts:
    """Describe one key action as the rules need it, loaded by a service."""

    action_id: int
    plan_id: int
    ref: str | None
    text: str
    theme_number: int
    theme_title: str
    band_number: int | None
    target_date_text: str
    target_date: date | None
    milestones: tuple[MilestoneFacts, ...]
    recurrence: Recurrence
    leads: tuple[str, ...]
    lead_ids: tuple[int, ...] = ()
    position: int = 0
    objective_position: int = 0
    short_title: str | None = None
    # The first target date and the approved new dates, so a past report uses the date then.
    baseline_target_date: date | None = None
    revisions: tuple[RevisionFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class UpdateFacts:
    """Describe one recorded status update; later as_at wins, then later recorded_at, then id."""

    update_id: int
    action_id: int
    as_at: date
    recorded_at: datetime
    completion: Completion
    rag: Rag | None
    direction: Direction | None
    commentary: str
    completed_on: date | None
    current_performance: str = ""
    # Completed on or before as_at, the date not known (complete when the plan came in).
    completed_on_unknown: bool = False
    status_label: str | None = None
    status_colour: StatusColour | None = None
    status_exception: bool = False
    report_note: str | None = None
    # Where a Completed update stands with the plan's sign-off; None where none is asked.
    sign_off: SignOff | None = None

    @property
    def counted_completion(self) -> Completion:
        """Return the completion the tallies count: awaiting sign-off counts as partial."""
        return counted_completion(self.completion, self.sign_off)

    @property
    def order_key(self) -> tuple[date, datetime, int]:
        """Return the key that puts an action's updates in the order they take effect."""
        return (self.as_at, self.recorded_at, self.update_id)
