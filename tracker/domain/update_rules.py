"""Decide whether a lead's status update may be recorded, and what it records."""

from dataclasses import dataclass
from datetime import date

from tracker.domain.as_at import long_day
from tracker.domain.enums import Completion, Direction
from tracker.domain.status_key import StatusKey, StatusKeyEntry
from tracker.domain.text_limits import COMMENTARY, CURRENT_PERFORMANCE, REPORT_NOTE
from tracker.domain.typed_text import control_character_problem

# The typed fields of an update as the form labels them, which its messages name them by.
TEXT_LABELS = {
    "current_performance": "Current performance",
    "commentary": "Commentary",
    "report_note": "Note for the highlight report (optional)",
}


@dataclass(frozen=True, slots=True)
class ProposedUpdate:
    """Describe what a lead has entered in the update form."""

    completion: Completion | None
    status: StatusKeyEntry | None
    direction: Direction | None
    current_performance: str
    commentary: str
    completed_on: date | None
    as_at: date | None
    # A footnote for the highlight report's boxes, e.g. "Dependent upon the review".
    report_note: str = ""


@dataclass(frozen=True, slots=True)
class CurrentState:
    """Describe the action as its latest recorded update left it."""

    completion: Completion
    status_exception: bool
    as_at: date | None


@dataclass(frozen=True, slots=True)
class UpdateProblem:
    """Name the form field that is wrong and say how to put it right."""

    field: str
    message: str


def status_field_name(status_key: StatusKey) -> str:
    """Name the status question as the form asks it: the default key's is the RAG rating."""
    return "RAG rating" if status_key.is_default else "status"


def update_problems(
    proposed: ProposedUpdate, current: CurrentState, *, status_key: StatusKey, today: date
) -> list[UpdateProblem]:
    """Return every reason the update cannot be recorded, in the order the form asks."""
    problems: list[UpdateProblem] = []
    status_name = status_field_name(status_key)

    def problem(field: str, message: str) -> None:
        problems.append(UpdateProblem(field, message))

    if proposed.completion is None:
        problem("completion", "Select the completion status")
    if asks_completed_on(proposed.completion):
        if proposed.completed_on is None:
            problem("completed_on", "Enter the date the action was completed")
        elif proposed.completed_on > today:
            problem("completed_on", "The completed-on date must be today or in the past")
        elif proposed.as_at is not None and proposed.completed_on > proposed.as_at:
            problem("completed_on", "The completed-on date must be on or before the as-at date")

    if proposed.status is None:
        problem("rag", f"Select the {status_name}")
    elif proposed.status.completion is Completion.COMPLETED and proposed.completion not in (
        None,
        Completion.COMPLETED,
    ):
        # The status implies the action is complete, which the completion status denies.
        problem(
            "rag",
            f"Select a {status_name} other than {proposed.status.label}, "
            "or Completed as the status",
        )

    if too_long := CURRENT_PERFORMANCE.problem(proposed.current_performance):
        problem("current_performance", too_long)

    if not proposed.commentary.strip():
        if (
            proposed.status is not None
            and proposed.status.exception
            and not current.status_exception
        ):
            problem(
                "commentary",
                f"Enter commentary saying why the action is now rated {proposed.status.label}",
            )
        elif proposed.completion is not None and proposed.completion != current.completion:
            problem("commentary", "Enter commentary saying why the completion status has changed")
    elif too_long := COMMENTARY.problem(proposed.commentary):
        problem("commentary", too_long)

    if too_long := REPORT_NOTE.problem(proposed.report_note):
        problem("report_note", too_long)

    if proposed.as_at is None:
        problem("as_at", "Enter the as-at date")
    elif proposed.as_at > today:
        problem("as_at", "The as-at date must be today or in the past")
    elif current.as_at is not None and proposed.as_at < current.as_at:
        # An earlier date would rewrite a month that may already have been reported.
        problem(
            "as_at",
            f"The as-at date must be on or after {long_day(current.as_at)}, "
            "the date of the last update",
        )
    return problems


@dataclass(frozen=True, slots=True)
class SentUpdate:
    """Describe a status update as another system sent it: the status named by its label."""

    as_at: date | None
    completion: Completion | None
    status: str | None
    direction: Direction | None
    current_performance: str
    commentary: str
    report_note: str
    completed_on: date | None


def sent_update_problems(
    sent: SentUpdate, current: CurrentState, *, status_key: StatusKey, today: date
) -> tuple[ProposedUpdate, list[UpdateProblem]]:
    """Return the update as the form would read it, and every problem the form would find."""
    entry = status_key.entry_named(sent.status) if sent.status else None
    proposed = ProposedUpdate(
        completion=sent.completion,
        status=entry,
        direction=sent.direction,
        current_performance=sent.current_performance,
        commentary=sent.commentary,
        completed_on=sent.completed_on,
        as_at=sent.as_at,
        report_note=sent.report_note,
    )
    texts = {
        "current_performance": sent.current_performance,
        "commentary": sent.commentary,
        "report_note": sent.report_note,
    }
    # As every form does, a control character is the only thing said until it is removed.
    control = [
        UpdateProblem(name, problem)
        for name, text in texts.items()
        if (problem := control_character_problem(TEXT_LABELS[name], text, multiline=True))
    ]
    if control:
        return proposed, control
    problems = update_problems(proposed, current, status_key=status_key, today=today)
    if sent.status and entry is None:
        # A form offers only the key's entries; a label sent from elsewhere may be none of them.
        labels = ", ".join(key_entry.label for key_entry in status_key.entries)
        unknown = UpdateProblem(
            "rag",
            f"Select the {status_field_name(status_key)} from the plan's key ({labels}); "
            f"'{sent.status}' is not in it",
        )
        problems = [unknown if problem.field == "rag" else problem for problem in problems]
    return proposed, problems


def asks_completed_on(completion: Completion | None) -> bool:
    """Tell whether the completed-on date is asked for: only a completed action has one."""
    return completion is Completion.COMPLETED


def completed_on_to_record(proposed: ProposedUpdate) -> date | None:
    """Return the completed-on date to keep: only a completed action has one."""
    return proposed.completed_on if asks_completed_on(proposed.completion) else None
