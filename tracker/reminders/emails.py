"""Word a reminder digest as an email: its plain-text and HTML bodies, from the templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

from tracker.domain.due import DueKind
from tracker.domain.indicator_reminders import MissingReading
from tracker.domain.reminder_wording import describe_due, describe_missing, describe_target
from tracker.domain.reminders import (
    Digest,
    DigestItem,
    DigestKind,
    PlanReminderSettings,
    PlanSection,
    Recipient,
)
from tracker.services.reminders import DayPlan

_SECTIONS = (
    (DueKind.OVERDUE, "Overdue"),
    (DueKind.MILESTONE_OVERDUE, "Milestone overdue"),
    (DueKind.DUE_SOON, "Due soon"),
    (DueKind.UPDATE_DUE, "Needs an update"),
)


@dataclass(frozen=True, slots=True)
class ItemView:
    """Hold one action as an email words it."""

    ref: str | None
    text: str
    target: str
    due: str
    leads: str
    link: str


def update_url(base_url: str, action_id: int) -> str:
    """Return the absolute address of an action's update form."""
    return f"{base_url.rstrip('/')}/actions/{action_id}/update"


@dataclass(frozen=True, slots=True)
class ReadingView:
    """Hold one missing indicator reading as an email words it."""

    ref: str
    title: str
    period: str
    due: str
    link: str


def reading_url(base_url: str, indicator_id: int) -> str:
    """Return the absolute address of the form recording an indicator's reading."""
    return f"{base_url.rstrip('/')}/indicators/{indicator_id}/reading"


def plan_url(base_url: str, plan_slug: str) -> str:
    """Return the absolute address of a plan's page."""
    return f"{base_url.rstrip('/')}/plans/{plan_slug}"


@dataclass(frozen=True, slots=True)
class PlanView:
    """Hold one plan's part of an email: its page, its actions by heading, its missing readings."""

    plan: PlanReminderSettings
    link: str
    groups: list[tuple[str, list[ItemView]]]
    count: int
    readings: list[ReadingView]


def _item_view(item: DigestItem, base_url: str) -> ItemView:
    return ItemView(
        ref=item.ref,
        text=item.text,
        target=describe_target(item),
        due=describe_due(item),
        leads=", ".join(item.leads),
        link=update_url(base_url, item.action_id),
    )


def _reading_view(reading: MissingReading, base_url: str) -> ReadingView:
    return ReadingView(
        ref=reading.ref,
        title=reading.title,
        period=reading.period.label,
        due=describe_missing(reading),
        link=reading_url(base_url, reading.indicator_id),
    )


def _plan_view(kind: DigestKind, section: PlanSection, base_url: str) -> PlanView:
    if kind is DigestKind.LEAD:
        grouped = [
            (heading, [item for item in section.items if item.kind is due_kind])
            for due_kind, heading in _SECTIONS
        ]
    else:
        grouped = [("Overdue", list(section.items))]
    return PlanView(
        plan=section.plan,
        link=plan_url(base_url, section.plan.plan_slug),
        groups=[
            (heading, [_item_view(item, base_url) for item in items])
            for heading, items in grouped
            if items
        ],
        count=len(section.items),
        readings=[_reading_view(reading, base_url) for reading in section.readings],
    )


def render_digest(digest: Digest, recipient: Recipient, base_url: str) -> tuple[str, str]:
    """Return the plain-text and HTML bodies of a digest, its actions under each plan's title."""
    repeat_days = sorted({section.plan.repeat_working_days for section in digest.sections})
    context = {
        "digest": digest,
        "recipient": recipient,
        "plans": [_plan_view(digest.kind, section, base_url) for section in digest.sections],
        "repeat_days": repeat_days,
        "base_url": base_url.rstrip("/"),
    }
    # The app's environment picks autoescaping by file name: on for .html, off for .txt.
    environment = current_app.jinja_env
    text = environment.get_template(f"reminders/email/{digest.kind}.txt").render(context)
    html = environment.get_template(f"reminders/email/{digest.kind}.html").render(context)
    return text, html


def day_renderer(day: DayPlan, base_url: str) -> Callable[[Digest], tuple[str, str]]:
    """Return a function rendering any digest of the day, for its recipient."""

    def bodies(digest: Digest) -> tuple[str, str]:
        return render_digest(digest, day.recipients[digest.person_id], base_url)

    return bodies
