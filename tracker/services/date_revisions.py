"""Propose, approve and decline new target dates, keeping the baseline and every revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import render_template
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from tracker.domain.as_at import long_day
from tracker.domain.assurance import RevisionStatus
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.date_revisions import (
    SET_DIRECTLY,
    RevisionFacts,
    baseline_date,
    may_decide,
    proposal_problem,
)
from tracker.domain.enums import Role
from tracker.domain.reminders import DigestKind
from tracker.extensions import db
from tracker.models import Action, ActionLead, Person, Plan, TargetDateRevision, User
from tracker.services import outbox
from tracker.services.audit import record_change
from tracker.services.status_updates import ActionChanged


class ProposalRefused(Exception):
    """Say why a new target date cannot be proposed, in words for the form's date field."""


class AlreadyDecided(Exception):
    """Say that someone decided the proposal first."""


@dataclass(frozen=True, slots=True)
class RevisionRow:
    """One revision as the pages show it, with who proposed and who decided it."""

    revision: TargetDateRevision
    proposed_by: str
    decided_by: str


@dataclass(frozen=True, slots=True)
class Mail:
    """Where the emails' links point and the domain their Message-IDs are made in."""

    base_url: str
    message_id_domain: str


@dataclass(frozen=True, slots=True)
class Decider:
    """The account deciding or proposing, as the rules need it."""

    user_id: int
    person_id: int
    role: Role


def revision_rows(action_id: int) -> list[RevisionRow]:
    """Return the action's revisions, newest first, with their proposers' and deciders' names."""
    proposer, decider = aliased(User), aliased(User)
    proposer_person, decider_person = aliased(Person), aliased(Person)
    rows = db.session.execute(
        select(TargetDateRevision, proposer_person.name, decider_person.name)
        .outerjoin(proposer, proposer.id == TargetDateRevision.proposed_by_user_id)
        .outerjoin(proposer_person, proposer_person.id == proposer.person_id)
        .outerjoin(decider, decider.id == TargetDateRevision.decided_by_user_id)
        .outerjoin(decider_person, decider_person.id == decider.person_id)
        .where(TargetDateRevision.action_id == action_id)
        .order_by(TargetDateRevision.proposed_at.desc(), TargetDateRevision.id.desc())
    )
    return [
        RevisionRow(revision, proposed or "", decided or "") for revision, proposed, decided in rows
    ]


def baseline_of(action: Action, rows: list[RevisionRow]) -> date | None:
    """Return the action's first target date, from its approved revisions."""
    return baseline_date(action.target_date, [_facts(row.revision) for row in rows])


def pending_revision(action_id: int) -> TargetDateRevision | None:
    """Return the action's proposal waiting for a decision, if any."""
    return db.session.scalar(
        select(TargetDateRevision).where(
            TargetDateRevision.action_id == action_id,
            TargetDateRevision.status == RevisionStatus.PENDING,
        )
    )


def may_decide_revision(decider: Decider, action: Action, revision: TargetDateRevision) -> bool:
    """Say whether this account may approve or decline this proposal."""
    owner = db.session.scalar(select(Plan.owner_person_id).where(Plan.id == action.plan_id))
    leads = db.session.scalar(
        select(
            exists().where(
                ActionLead.action_id == action.id, ActionLead.person_id == decider.person_id
            )
        )
    )
    return may_decide(
        is_admin=decider.role is Role.ADMIN,
        is_panel=decider.role is Role.PANEL,
        owns_plan=owner is not None and owner == decider.person_id,
        leads_action=bool(leads),
        proposed_it=revision.proposed_by_user_id == decider.user_id,
    )


def sets_directly(action: Action, decider: Decider) -> bool:
    """Say whether this account sets the date with no approval: an administrator, if allowed."""
    needs_approval = db.session.scalar(
        select(Plan.revised_dates_need_approval).where(Plan.id == action.plan_id)
    )
    return decider.role is Role.ADMIN and not needs_approval


def propose(
    action: Action,
    *,
    to_date: date | None,
    reason: str,
    seen_version: int,
    by: Decider,
    now: datetime,
    today: date,
    mail: Mail,
) -> TargetDateRevision:
    """Record a proposed date (approved at once where an administrator may set it directly)."""
    if action.version != seen_version:
        raise ActionChanged
    problem = proposal_problem(
        to_date,
        action.target_date,
        pending=pending_revision(action.id) is not None,
        today=today,
    )
    if problem or to_date is None:
        raise ProposalRefused(problem)
    revision = TargetDateRevision(
        action_id=action.id,
        from_date=action.target_date,
        to_date=to_date,
        reason=reason.strip(),
        status=RevisionStatus.PENDING,
        proposed_by_user_id=by.user_id,
        proposed_at=now,
        decision_note="",
        source="",
    )
    db.session.add(revision)
    direct = sets_directly(action, by)
    if direct:
        revision.source = SET_DIRECTLY
        _decide(revision, action, approve=True, note="", by=by, now=now, today=today)
    else:
        # A proposal moves the version on too, so a second form opened before it is refused.
        flag_modified(action, "target_date")
    _flush(action)
    record_change(
        user_id=by.user_id,
        verb=AuditVerb.APPROVE if direct else AuditVerb.PROPOSE,
        entity=AuditEntity.TARGET_DATE_REVISION,
        entity_id=revision.id,
        summary=(
            f"{'Set' if direct else 'Proposed'} the target date of {_name(action)} "
            f"as {long_day(to_date)}"
        ),
        details={
            "action_id": action.id,
            "from": long_day(revision.from_date) if revision.from_date else "",
            "to": long_day(to_date),
            "reason": revision.reason,
        },
    )
    if not direct:
        _email_approvers(action, revision, by, today, mail)
    db.session.flush()
    return revision


def record_set_by_admin(
    action: Action,
    *,
    from_date: date | None,
    reason: str,
    user_id: int,
    now: datetime,
    today: date,
) -> TargetDateRevision:
    """Record the target date an administrator just gave the action as an approved revision."""
    assert action.target_date is not None
    revision = TargetDateRevision(
        action_id=action.id,
        from_date=from_date,
        to_date=action.target_date,
        reason=reason.strip(),
        status=RevisionStatus.APPROVED,
        proposed_by_user_id=user_id,
        proposed_at=now,
        decided_by_user_id=user_id,
        decided_at=now,
        decided_on=today,
        decision_note="",
        source=SET_DIRECTLY,
    )
    db.session.add(revision)
    db.session.flush()
    record_change(
        user_id=user_id,
        verb=AuditVerb.APPROVE,
        entity=AuditEntity.TARGET_DATE_REVISION,
        entity_id=revision.id,
        summary=f"Set the target date of {_name(action)} as {long_day(revision.to_date)}",
        details={
            "action_id": action.id,
            "from": long_day(from_date) if from_date else "",
            "to": long_day(revision.to_date),
            "reason": revision.reason,
        },
    )
    return revision


def decide(
    revision: TargetDateRevision,
    action: Action,
    *,
    approve: bool,
    note: str,
    seen_version: int,
    by: Decider,
    now: datetime,
    today: date,
    mail: Mail,
) -> None:
    """Approve or decline a proposal, moving the action's target date on when approved."""
    if revision.status is not RevisionStatus.PENDING:
        raise AlreadyDecided
    if action.version != seen_version:
        raise ActionChanged
    _decide(revision, action, approve=approve, note=note, by=by, now=now, today=today)
    _flush(action)
    record_change(
        user_id=by.user_id,
        verb=AuditVerb.APPROVE if approve else AuditVerb.DECLINE,
        entity=AuditEntity.TARGET_DATE_REVISION,
        entity_id=revision.id,
        summary=(
            f"{'Approved' if approve else 'Declined'} {long_day(revision.to_date)} "
            f"as the target date of {_name(action)}"
        ),
        details={"action_id": action.id, "note": revision.decision_note},
    )
    _email_proposer(action, revision, today, mail)
    db.session.flush()


def _decide(
    revision: TargetDateRevision,
    action: Action,
    *,
    approve: bool,
    note: str,
    by: Decider,
    now: datetime,
    today: date,
) -> None:
    revision.status = RevisionStatus.APPROVED if approve else RevisionStatus.DECLINED
    revision.decided_by_user_id = by.user_id
    revision.decided_at = now
    revision.decided_on = today
    revision.decision_note = note.strip()
    if approve:
        action.target_date = revision.to_date
        # The words as written stay, naming the baseline for reports of months before this;
        # pages and reports showing the revised date leave them out.
        action.target_date_problem = None
    else:
        flag_modified(action, "target_date")


def _flush(action: Action) -> None:
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ActionChanged from error


def _facts(revision: TargetDateRevision) -> RevisionFacts:
    return RevisionFacts(
        revision.id, revision.from_date, revision.to_date, revision.status, revision.decided_on
    )


def _name(action: Action) -> str:
    return f"action {action.ref}" if action.ref else f"action #{action.id}"


def decision_url(base_url: str, action_id: int, revision_id: int) -> str:
    """Return the absolute address of the page deciding a proposal."""
    return f"{base_url.rstrip('/')}/actions/{action_id}/target-date/{revision_id}"


def _email_approvers(
    action: Action, revision: TargetDateRevision, by: Decider, today: date, mail: Mail
) -> None:
    """Email each account that may decide: the plan's owner and administrators."""
    owner = db.session.scalar(select(Plan.owner_person_id).where(Plan.id == action.plan_id))
    leads = select(ActionLead.person_id).where(ActionLead.action_id == action.id)
    accounts = db.session.execute(
        select(User.id, User.person_id, User.email, User.role, Person.name)
        .join(Person, Person.id == User.person_id)
        .where(
            User.active.is_(True),
            User.id != by.user_id,
            User.person_id.not_in(leads),
            or_(
                User.role == Role.ADMIN,
                (User.person_id == owner) & (User.role != Role.PANEL),
            ),
        )
        .order_by(User.id)
    )
    plan_title = db.session.scalar(select(Plan.title).where(Plan.id == action.plan_id)) or ""
    proposer = db.session.scalar(select(Person.name).where(Person.id == by.person_id)) or ""
    link = decision_url(mail.base_url, action.id, revision.id)
    for user_id, person_id, email, _role, name in accounts:
        context = {
            "name": name,
            "action": action,
            "revision": revision,
            "plan_title": plan_title,
            "proposer": proposer,
            "link": link,
        }
        outbox.add_message(
            idempotency_key=f"target-date-revision:{revision.id}:approver:{user_id}",
            kind=DigestKind.ESCALATION,
            for_date=today,
            plan_id=action.plan_id,
            person_id=person_id,
            recipient=email,
            subject=f"New target date for {_name(action)} needs your decision",
            bodies=(
                render_template("actions/email/revision_proposed.txt", **context),
                render_template("actions/email/revision_proposed.html", **context),
            ),
            message_id_domain=mail.message_id_domain,
        )


def _email_proposer(action: Action, revision: TargetDateRevision, today: date, mail: Mail) -> None:
    """Tell whoever proposed the date what was decided."""
    row = db.session.execute(
        select(User.person_id, User.email, Person.name)
        .join(Person, Person.id == User.person_id)
        .where(User.id == revision.proposed_by_user_id, User.active.is_(True))
    ).first()
    if row is None:
        return
    person_id, email, name = row
    context = {
        "name": name,
        "action": action,
        "revision": revision,
        "link": f"{mail.base_url.rstrip('/')}/actions/{action.id}",
    }
    outbox.add_message(
        idempotency_key=f"target-date-revision:{revision.id}:decided",
        kind=DigestKind.LEAD,
        for_date=today,
        plan_id=action.plan_id,
        person_id=person_id,
        recipient=email,
        subject=f"New target date for {_name(action)} {revision.status.label.lower()}",
        bodies=(
            render_template("actions/email/revision_decided.txt", **context),
            render_template("actions/email/revision_decided.html", **context),
        ),
        message_id_domain=mail.message_id_domain,
    )
