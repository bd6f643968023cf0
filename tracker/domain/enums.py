"""Name the fixed vocabularies of an improvement plan."""

from enum import StrEnum


class Completion(StrEnum):
    """Say how far an action has got."""

    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
    PARTIALLY_COMPLETED = "partially_completed"
    NOT_KNOWN = "not_known"

    @property
    def label(self) -> str:
        """Return the wording the council papers use."""
        return _COMPLETION_LABELS[self]


_COMPLETION_LABELS = {
    Completion.COMPLETED: "Completed",
    Completion.NOT_COMPLETED: "Not completed",
    Completion.PARTIALLY_COMPLETED: "Partially completed",
    Completion.NOT_KNOWN: "Completion status not known",
}


class Rag(StrEnum):
    """Rate an action red, amber or green, or mark it complete."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        """Return the wording the council papers use."""
        return self.value.capitalize()


class Direction(StrEnum):
    """Say which way performance is moving since the previous update."""

    IMPROVING = "improving"
    UNCHANGED = "unchanged"
    DECLINING = "declining"

    @property
    def arrow(self) -> str:
        """Return the arrow the council papers print."""
        return _ARROWS[self]

    @property
    def label(self) -> str:
        """Return the word for the direction."""
        return self.value.capitalize()


_ARROWS = {Direction.IMPROVING: "↑", Direction.UNCHANGED: "→", Direction.DECLINING: "↓"}


class Recurrence(StrEnum):
    """Say whether an action recurs instead of falling due once."""

    NONE = "none"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ONGOING = "ongoing"


class Role(StrEnum):
    """Say what a signed-in account may do."""

    ADMIN = "admin"
    LEAD = "lead"
    PANEL = "panel"
