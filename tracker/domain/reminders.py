"""Choose who gets which reminder digest on a day, and word each digest's subject."""

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tracker.domain.due import (
    DEFAULT_DUE_SOON_WORKING_DAYS,
    DueAssessment,
    DueKind,
    assess_due,
    order_for_my_actions,
)
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.indicator_reminders import (
    DEFAULT_READING_DUE_WORKING_DAYS,
    IndicatorDueFacts,
    MissingReading,
    missing_reading,
)
from tracker.domain.milestones import MilestoneFacts
from tracker.domain.plan_order import natural_ref_key
from tracker.domain.single_line import single_line
from tracker.domain.working_days import WorkingCalendar

DEFAULT_ESCALATION_WORKING_DAYS = 10
DEFAULT_REPEAT_WORKING_DAYS = 5
MAX_REPEAT_WORKING_DAYS = 60
NO_EMAIL_ADDRESS = "no email address"
UNKNOWN_PERSON = "not a known person"

_REPORTABLE_KINDS = (
    DueKind.OVERDUE,
    DueKind.MILESTONE_OVERDUE,
    DueKind.DUE_SOON,
    DueKind.UPDATE_DUE,
)
# Kinds listed as an overdue action is: on the first working day late, then every few days.
_LATE_KINDS = (DueKind.OVERDUE, DueKind.MILESTONE_OVERDUE)


class DigestKind(StrEnum):
    """Say whether a digest goes to an action lead or escalates to a plan owner."""

    LEAD = "lead"
    ESCALATION = "escalation"


@dataclass(frozen=True, slots=True)
class PlanReminderSettings:
    """Describe one plan as the reminder rules need it."""

    plan_id: int
    plan_title: str
    plan_slug: str
    archived: bool
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS
    escalation_working_days: int = DEFAULT_ESCALATION_WORKING_DAYS
    owner_person_id: int | None = None
    repeat_working_days: int = DEFAULT_REPEAT_WORKING_DAYS
    reading_due_working_days: int = DEFAULT_READING_DUE_WORKING_DAYS


@dataclass(frozen=True, slots=True)
class Recipient:
    """Describe a person who may be sent reminders."""

    person_id: int
    name: str
    email: str | None
    active: bool
    due_soon_opt_out: bool = False


@dataclass(frozen=True, slots=True)
class DigestItem:
    """Describe one action listed in a digest."""

    action_id: int
    ref: str | None
    text: str
    target_date: date | None
    target_date_text: str
    kind: DueKind
    days_overdue: int | None
    working_days_overdue: int | None
    due_in_working_days: int | None
    last_update_on: date | None
    leads: tuple[str, ...]
    # The milestone missed (MILESTONE_OVERDUE) or due soon before the target date (DUE_SOON).
    milestone: MilestoneFacts | None = None


@dataclass(frozen=True, slots=True)
class PlanSection:
    """Hold one plan's part of a digest: the plan, its actions and missing readings, in order."""

    plan: PlanReminderSettings
    items: tuple[DigestItem, ...]
    readings: tuple[MissingReading, ...] = ()


@dataclass(frozen=True, slots=True)
class Digest:
    """Describe one email to send: one recipient, one kind, one day, a section per plan."""

    kind: DigestKind
    person_id: int
    for_date: date
    sections: tuple[PlanSection, ...]
    subject: str
    idempotency_key: str

    @property
    def items(self) -> tuple[DigestItem, ...]:
        """Return every action listed, plan by plan."""
        return tuple(item for section in self.sections for item in section.items)

    @property
    def readings(self) -> tuple[MissingReading, ...]:
        """Return every missing indicator reading listed, plan by plan."""
        return tuple(reading for section in self.sections for reading in section.readings)

    @property
    def plan_id(self) -> int | None:
        """Return the plan when the digest is about one plan only, else None."""
        return self.sections[0].plan.plan_id if len(self.sections) == 1 else None


@dataclass(frozen=True, slots=True)
class Unreachable:
    """Record a person who should have had a digest but cannot be sent one."""

    person_id: int
    name: str
    plan_id: int
    reason: str
    kind: DigestKind = DigestKind.LEAD


@dataclass(frozen=True, slots=True)
class ReminderRun:
    """Hold everything one day's reminder run should send and report."""

    for_date: date
    is_working_day: bool
    digests: tuple[Digest, ...]
    unreachable: tuple[Unreachable, ...]


def idempotency_key_for(kind: DigestKind, person_id: int, for_date: date) -> str:
    """Return the key that identifies one digest, so it is sent at most once."""
    return f"{kind}:{person_id}:{for_date.isoformat()}"


def message_id_for(key: str, domain: str) -> str:
    """Return an RFC 5322 Message-ID derived only from key, so a resend reuses it."""
    if not domain or any(c.isspace() or c in "<>@" for c in domain):
        raise ValueError(f"not a usable Message-ID domain: {domain!r}")
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<reminder-{digest}@{domain}>"


def _count(n: int, singular: str, plural: str) -> str:
    """Return n followed by the singular or plural wording."""
    return f"{n} {singular if n == 1 else plural}"


def _join_phrases(phrases: list[str]) -> str:
    """Join phrases as English does: "a", "a and b", "a, b and c"."""
    if len(phrases) == 1:
        return phrases[0]
    return f"{', '.join(phrases[:-1])} and {phrases[-1]}"


def plans_named(plan_titles: Sequence[str]) -> str:
    """Name the plans a digest covers: the title of one, or how many when several."""
    if not plan_titles:
        raise ValueError("a digest covers at least one plan")
    if len(plan_titles) == 1:
        return single_line(plan_titles[0])
    return f"{len(plan_titles)} plans"


def lead_subject(
    overdue: int,
    due_soon: int,
    update_due: int,
    plan_titles: Sequence[str],
    missing_readings: int = 0,
    milestones_overdue: int = 0,
) -> str:
    """Word a lead digest's subject: the first non-empty group in full, the rest briefly."""
    groups = (
        (overdue, "overdue action", "overdue actions", f"{overdue} overdue"),
        (
            milestones_overdue,
            "action with a milestone overdue",
            "actions with a milestone overdue",
            f"{milestones_overdue} with a milestone overdue",
        ),
        (due_soon, "action due soon", "actions due soon", f"{due_soon} due soon"),
        (
            update_due,
            "action needs an update",
            "actions need an update",
            f"{update_due} needing an update",
        ),
        (
            missing_readings,
            "missing indicator reading",
            "missing indicator readings",
            f"{missing_readings} missing {'reading' if missing_readings == 1 else 'readings'}",
        ),
    )
    present = [group for group in groups if group[0] > 0]
    if not present:
        raise ValueError("a lead digest needs at least one action or missing reading")
    first_count, singular, plural, _ = present[0]
    phrases = [_count(first_count, singular, plural)] + [brief for *_, brief in present[1:]]
    return f"{_join_phrases(phrases)} – {plans_named(plan_titles)}"


def escalation_subject(count: int, thresholds: Sequence[int], plan_titles: Sequence[str]) -> str:
    """Word an escalation digest's subject; plans with different limits are not given one."""
    actions = _count(count, "action", "actions")
    limits = set(thresholds)
    if len(limits) == 1:
        threshold = _count(limits.pop(), "working day", "working days")
        beyond = f"overdue by more than {threshold}"
    else:
        beyond = "overdue beyond their plans' limits"
    return f"Escalation: {actions} {beyond} – {plans_named(plan_titles)}"


def _digest_item(action: ActionFacts, assessment: DueAssessment) -> DigestItem:
    """Return the digest line for one assessed action."""
    return DigestItem(
        action_id=action.action_id,
        ref=action.ref,
        text=action.text,
        target_date=action.target_date,
        # Words as written name the baseline, not a revised date.
        target_date_text="" if action.revisions else action.target_date_text,
        kind=assessment.kind,
        days_overdue=assessment.days_overdue,
        working_days_overdue=assessment.working_days_overdue,
        due_in_working_days=assessment.due_in_working_days,
        last_update_on=assessment.last_update_on,
        leads=action.leads,
        milestone=assessment.milestone,
    )


def _lead_section(
    plan: PlanReminderSettings,
    due_soon_opt_out: bool,
    assessed: list[tuple[ActionFacts, DueAssessment]],
    readings: list[MissingReading],
) -> PlanSection | None:
    """Return the person's section for the plan, or None when nothing is left after opt-outs."""
    if due_soon_opt_out:
        assessed = [item for item in assessed if item[1].kind != DueKind.DUE_SOON]
    if not assessed and not readings:
        return None
    return PlanSection(
        plan,
        tuple(_digest_item(a, d) for a, d in order_for_my_actions(assessed)),
        tuple(sorted(readings, key=_reading_order)),
    )


def _reading_order(reading: MissingReading) -> tuple[tuple[str | int, ...], int]:
    """Order missing readings by ref, as a plan orders its refs."""
    return natural_ref_key(reading.ref), reading.indicator_id


def _escalation_section(
    plan: PlanReminderSettings, assessed: list[tuple[ActionFacts, DueAssessment]]
) -> PlanSection | None:
    """Return the owner's section of the plan's actions overdue beyond its threshold, if any."""
    threshold = plan.escalation_working_days
    escalated = [
        (action, assessment)
        for action, assessment in assessed
        # A missed milestone does not make the action overdue, so it does not escalate.
        if assessment.kind is DueKind.OVERDUE
        and assessment.working_days_overdue is not None
        and assessment.working_days_overdue > threshold
    ]
    if not escalated:
        return None
    return PlanSection(plan, tuple(_digest_item(a, d) for a, d in order_for_my_actions(escalated)))


def digest_for(
    kind: DigestKind, person_id: int, sections: Sequence[PlanSection], today: date
) -> Digest:
    """Return one person's digest of a kind for the day, its plans in the order given."""
    items = [item for section in sections for item in section.items]
    titles = [section.plan.plan_title for section in sections]
    if kind is DigestKind.LEAD:
        kinds = [item.kind for item in items]
        subject = lead_subject(
            kinds.count(DueKind.OVERDUE),
            kinds.count(DueKind.DUE_SOON),
            kinds.count(DueKind.UPDATE_DUE),
            titles,
            sum(len(section.readings) for section in sections),
            kinds.count(DueKind.MILESTONE_OVERDUE),
        )
    else:
        thresholds = [section.plan.escalation_working_days for section in sections]
        subject = escalation_subject(len(items), thresholds, titles)
    return Digest(
        kind=kind,
        person_id=person_id,
        for_date=today,
        sections=tuple(sections),
        subject=subject,
        idempotency_key=idempotency_key_for(kind, person_id, today),
    )


def overdue_reminder_due(
    *,
    working_days_overdue: int,
    last_recorded_on: date | None,
    today: date,
    calendar: WorkingCalendar,
    repeat_working_days: int,
) -> bool:
    """Say whether an overdue action goes in its lead's reminder on today.

    It goes on its first working day overdue and every repeat_working_days working days after,
    except within repeat_working_days working days of the day its latest update was recorded.
    An update recorded after today is ignored: a run for a past day did not know of it.
    """
    if not 1 <= repeat_working_days <= MAX_REPEAT_WORKING_DAYS:
        raise ValueError(
            f"repeat every 1 to {MAX_REPEAT_WORKING_DAYS} working days, not {repeat_working_days}"
        )
    if (
        last_recorded_on is not None
        and last_recorded_on <= today
        and calendar.working_days_between(last_recorded_on, today) < repeat_working_days
    ):
        return False
    return (max(working_days_overdue, 1) - 1) % repeat_working_days == 0


def _in_lead_reminder(
    assessment: DueAssessment,
    latest: UpdateFacts | None,
    plan: PlanReminderSettings,
    today: date,
    calendar: WorkingCalendar,
) -> bool:
    """Say whether an assessed action goes in its lead's digest today; escalation is separate."""
    if assessment.kind not in _LATE_KINDS or assessment.working_days_overdue is None:
        return True
    return overdue_reminder_due(
        working_days_overdue=assessment.working_days_overdue,
        last_recorded_on=latest.recorded_at.date() if latest is not None else None,
        today=today,
        calendar=calendar,
        repeat_working_days=plan.repeat_working_days,
    )


def _readings_for_owners(
    plan: PlanReminderSettings,
    indicators: Sequence[IndicatorDueFacts],
    recorded_periods: Mapping[int, Collection[tuple[date, date]]],
    today: date,
    calendar: WorkingCalendar,
) -> dict[int, list[MissingReading]]:
    """Return the plan's readings to chase today, by the person who owns each indicator.

    A missing reading is listed as an overdue action is: on its first working day missing
    and every repeat_working_days working days after, while it stays missing.
    """
    by_owner: dict[int, list[MissingReading]] = {}
    for indicator in indicators:
        missing = missing_reading(
            indicator,
            recorded_periods.get(indicator.indicator_id, ()),
            today=today,
            due_working_days=plan.reading_due_working_days,
            calendar=calendar,
        )
        if missing is None or indicator.owner_person_id is None:
            continue
        if overdue_reminder_due(
            working_days_overdue=missing.working_days_missing,
            last_recorded_on=None,
            today=today,
            calendar=calendar,
            repeat_working_days=plan.repeat_working_days,
        ):
            by_owner.setdefault(indicator.owner_person_id, []).append(missing)
    return by_owner


def _unreachable_reason(recipient: Recipient | None) -> str | None:
    """Return why a digest cannot be sent to the person, or None when it can."""
    if recipient is None:
        return UNKNOWN_PERSON
    if not (recipient.email and recipient.email.strip()):
        return NO_EMAIL_ADDRESS
    return None


def plan_reminders(
    *,
    today: date,
    calendar: WorkingCalendar,
    plans: Sequence[PlanReminderSettings],
    actions: Sequence[ActionFacts],
    latest: Mapping[int, UpdateFacts],
    recipients: Mapping[int, Recipient],
    indicators: Sequence[IndicatorDueFacts] = (),
    recorded_periods: Mapping[int, Collection[tuple[date, date]]] | None = None,
) -> ReminderRun:
    """Return the digests to send on today and the people who should get one but cannot.

    recorded_periods holds, by indicator, the (start, end) of each period it has a reading for.
    """
    if not calendar.is_working_day(today):
        return ReminderRun(for_date=today, is_working_day=False, digests=(), unreachable=())

    live_plans = {plan.plan_id: plan for plan in plans if not plan.archived}
    reportable_by_plan: dict[int, list[tuple[ActionFacts, DueAssessment]]] = {
        plan_id: [] for plan_id in live_plans
    }
    for_leads_by_plan: dict[int, list[tuple[ActionFacts, DueAssessment]]] = {
        plan_id: [] for plan_id in live_plans
    }
    indicators_by_plan: dict[int, list[IndicatorDueFacts]] = {}
    for indicator in indicators:
        if indicator.plan_id in live_plans:
            indicators_by_plan.setdefault(indicator.plan_id, []).append(indicator)
    for action in actions:
        plan = live_plans.get(action.plan_id)
        if plan is None:
            continue
        update = latest.get(action.action_id)
        assessment = assess_due(
            action,
            update,
            today=today,
            calendar=calendar,
            due_soon_working_days=plan.due_soon_working_days,
        )
        if assessment.kind in _REPORTABLE_KINDS:
            reportable_by_plan[plan.plan_id].append((action, assessment))
            if _in_lead_reminder(assessment, update, plan, today, calendar):
                for_leads_by_plan[plan.plan_id].append((action, assessment))

    is_escalation_day = today == calendar.first_working_day_of_week(today)
    sections: dict[tuple[DigestKind, int], list[PlanSection]] = {}
    unreachable: list[Unreachable] = []

    def deliver(
        kind: DigestKind, person_id: int, section: PlanSection | None, recipient: Recipient | None
    ) -> None:
        """Keep the plan's section for the person's digest, or record why they cannot have it."""
        if section is None:
            return
        reason = _unreachable_reason(recipient)
        if reason is None:
            sections.setdefault((kind, person_id), []).append(section)
        else:
            name = recipient.name if recipient is not None else ""
            unreachable.append(Unreachable(person_id, name, section.plan.plan_id, reason, kind))

    for plan_id in sorted(live_plans):
        plan = live_plans[plan_id]
        reportable = reportable_by_plan[plan_id]
        by_lead: dict[int, list[tuple[ActionFacts, DueAssessment]]] = {}
        for action, assessment in for_leads_by_plan[plan_id]:
            for lead_id in dict.fromkeys(action.lead_ids):
                by_lead.setdefault(lead_id, []).append((action, assessment))
        readings_by_owner = _readings_for_owners(
            plan,
            indicators_by_plan.get(plan_id, []),
            recorded_periods or {},
            today,
            calendar,
        )
        for person_id in sorted(by_lead.keys() | readings_by_owner.keys()):
            person = recipients.get(person_id)
            if person is not None and not person.active:
                continue
            opted_out = person is not None and person.due_soon_opt_out
            section = _lead_section(
                plan,
                opted_out,
                by_lead.get(person_id, []),
                readings_by_owner.get(person_id, []),
            )
            deliver(DigestKind.LEAD, person_id, section, person)
        if is_escalation_day and plan.owner_person_id is not None:
            owner = recipients.get(plan.owner_person_id)
            if owner is None or owner.active:
                section = _escalation_section(plan, reportable)
                deliver(DigestKind.ESCALATION, plan.owner_person_id, section, owner)

    # Sections were gathered plan by plan, so each digest lists its plans in plan order.
    digests = [
        digest_for(kind, person_id, person_sections, today)
        for (kind, person_id), person_sections in sorted(
            sections.items(), key=lambda entry: (entry[0][1], entry[0][0] != DigestKind.LEAD)
        )
    ]
    return ReminderRun(
        for_date=today,
        is_working_day=True,
        digests=tuple(digests),
        unreachable=tuple(unreachable),
    )
