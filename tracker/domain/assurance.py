"""Name the words of assurance: sign-off states, date revision states and kinds of evidence."""

from enum import StrEnum

from tracker.domain.enums import Completion


class SignOff(StrEnum):
    """Say where a Completed update stands with the plan's sign-off."""

    AWAITING = "awaiting"
    SIGNED_OFF = "signed_off"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        """Return the wording pages and reports use."""
        return _SIGN_OFF_LABELS[self]


_SIGN_OFF_LABELS = {
    SignOff.AWAITING: "Completed – awaiting sign-off",
    SignOff.SIGNED_OFF: "Signed off",
    SignOff.RETURNED: "Returned at sign-off",
}


class RevisionStatus(StrEnum):
    """Say where a proposed new target date stands."""

    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        """Return the wording pages and reports use."""
        return self.value.capitalize()


class EvidenceKind(StrEnum):
    """Say what a piece of evidence is: a note, a link or an uploaded file."""

    TEXT = "text"
    LINK = "link"
    FILE = "file"


def counted_completion(completion: Completion, sign_off: SignOff | None) -> Completion:
    """Return the completion tallies count: Completed awaiting sign-off counts as partial."""
    if completion is Completion.COMPLETED and sign_off is SignOff.AWAITING:
        return Completion.PARTIALLY_COMPLETED
    return completion
