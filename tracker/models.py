"""Declare the tables of the tracker as typed SQLAlchemy models."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.domain.api_tokens import TokenScope
from tracker.domain.assurance import EvidenceKind, RevisionStatus, SignOff
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.bands import band_label
from tracker.domain.enums import Completion, Direction, Rag, Recurrence, Role
from tracker.domain.indicator_reminders import DEFAULT_READING_DUE_WORKING_DAYS
from tracker.domain.indicator_terms import (
    BenchmarkKind,
    Frequency,
    Polarity,
    RagMethod,
    RagOn,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.domain.outbox import OutboxStatus, Outcome
from tracker.domain.plan_order import ref_sort_key
from tracker.domain.prepared_documents import JobStatus
from tracker.domain.reminders import DEFAULT_REPEAT_WORKING_DAYS, DigestKind
from tracker.domain.risk_dates import RiskStatus
from tracker.domain.status_key import StatusColour
from tracker.extensions import Base

# A new plan's settings, also offered on the form that creates one.
DEFAULT_REPORT_CUT_OFF_WORKING_DAYS = 0


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC and read them back aware on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Refuse naive datetimes and convert aware ones to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Attach UTC to values that SQLite returns naive."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def result_processor(self, dialect: Any, coltype: Any) -> Callable[[Any], datetime | None]:
        """Read each moment by one call, once per distinct stored value, as imports share them."""
        # The same conversion as process_result_value, after the driver's own, remembered by
        # what the driver gave: a scorecard reads thousands recorded at a few moments.
        inner = self.impl_instance.result_processor(dialect, coltype)
        convert = self.process_result_value
        moments: dict[Any, datetime | None] = {}

        def process(value: Any) -> datetime | None:
            moment = moments.get(value)
            if moment is None and value is not None:
                moment = convert(value if inner is None else inner(value), dialect)
                if len(moments) >= _MOMENTS_KEPT:
                    moments.clear()
                moments[value] = moment
            return moment

        return process


class DecimalValue(TypeDecorator[Decimal]):
    """Store a figure as a float and read it back as the Decimal it was written as."""

    impl = Float
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Any) -> float | None:
        """Hand the database a float."""
        return None if value is None else float(value)

    def process_result_value(self, value: float | None, dialect: Any) -> Decimal | None:
        """Give back the shortest decimal that is that float, as 94.5 not 94.49999."""
        return stored_decimal(value)

    def result_processor(self, dialect: Any, coltype: Any) -> Callable[[Any], Decimal | None]:
        """Convert each figure read by one call, as scorecards read thousands of them."""
        # The same conversion as process_result_value, without the wrapper the base class puts
        # around it for every value.
        inner = self.impl_instance.result_processor(dialect, coltype)
        if inner is None:
            return stored_decimal
        return lambda value: stored_decimal(inner(value))


# Moments each UTCDateTime column's processor remembers, by what the driver gave.
_MOMENTS_KEPT = 4096
# Figures read back, by the float stored: readings repeat the same few hundred figures, and
# working out the shortest decimal is the costly step.
_DECIMALS: dict[float, Decimal] = {}
_DECIMALS_KEPT = 4096


def stored_decimal(value: float | None) -> Decimal | None:
    """Return the shortest decimal that is a stored float, as 94.5 not 94.49999."""
    if value is None:
        return None
    decimal = _DECIMALS.get(value)
    if decimal is None:
        decimal = Decimal(repr(float(value)))
        # Zero stays out, as -0.0 and 0.0 are one key but two decimals.
        if value:
            if len(_DECIMALS) >= _DECIMALS_KEPT:
                _DECIMALS.clear()
            _DECIMALS[value] = decimal
    return decimal


def _enum(enum_class: type[StrEnum], name: str, length: int = 24) -> Enum:
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Organisation(Base):
    """The council or trust whose plans and people these are; people are matched within it."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class KeptWholeLead(Base):
    """A Lead text an administrator said is one lead, so no import splits it."""

    __tablename__ = "kept_whole_lead"
    __table_args__ = (UniqueConstraint("organisation_id", "text_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    text: Mapped[str] = mapped_column(String(200))
    text_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Plan(Base):
    """An improvement plan that a public body runs under an improvement notice."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(200), default="")
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    reporting_cadence: Mapped[str] = mapped_column(String(20), default="monthly")
    due_soon_working_days: Mapped[int] = mapped_column(Integer, default=5)
    escalation_working_days: Mapped[int] = mapped_column(Integer, default=10)
    # An overdue action is listed in its lead's reminder again after this many working days.
    reminder_repeat_working_days: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_REPEAT_WORKING_DAYS
    )
    # A month's highlight report is as at this many working days after the month's last day.
    report_cut_off_working_days: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_REPORT_CUT_OFF_WORKING_DAYS
    )
    # An indicator's reading for a period is chased this many working days after it ends.
    reading_due_working_days: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_READING_DUE_WORKING_DAYS
    )
    # A new target date takes effect once the plan owner or an administrator approves it;
    # False lets administrators set dates directly, recorded as approved revisions all the same.
    revised_dates_need_approval: Mapped[bool] = mapped_column(default=True)
    # A lead's Completed waits for sign-off before the action counts as completed.
    sign_off_required: Mapped[bool] = mapped_column(default=False)
    # Panel members may sign off as well as the plan owner and administrators.
    panel_may_sign_off: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The plan's own status key as the mapping file writes it; None is the default key.
    status_key: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # The column mapping confirmed at the last import, used for the next one and for export.
    import_mapping: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    owner_person: Mapped[Person | None] = relationship(foreign_keys=[owner_person_id])
    bands: Mapped[list[PriorityBand]] = relationship(
        back_populates="plan", order_by="PriorityBand.number"
    )
    themes: Mapped[list[Theme]] = relationship(back_populates="plan", order_by="Theme.number")


class PriorityBand(Base):
    """A numbered priority with the date window its actions should be done in."""

    __tablename__ = "priority_band"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300), default="")
    window_start: Mapped[date | None] = mapped_column(Date)
    window_end: Mapped[date | None] = mapped_column(Date)

    plan: Mapped[Plan] = relationship(back_populates="bands")

    @property
    def display_label(self) -> str:
        """Return 'Priority N' followed by the band's own wording."""
        return band_label(self.number, self.label)


class Theme(Base):
    """A numbered section of a plan."""

    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    plan: Mapped[Plan] = relationship(back_populates="themes")
    objectives: Mapped[list[Objective]] = relationship(
        back_populates="theme", order_by="Objective.position"
    )


class Objective(Base):
    """An objective sentence under a theme."""

    __tablename__ = "objective"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    theme: Mapped[Theme] = relationship(back_populates="objectives")
    actions: Mapped[list[Action]] = relationship(
        back_populates="objective", order_by="Action.position"
    )


class Person(Base):
    """Someone (or a named group) who can lead actions, with an optional sign-in account."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("organisation_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    due_soon_opt_out: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    account: Mapped[User | None] = relationship(back_populates="person", uselist=False)


class Action(Base):
    """A key action: the unit the plan tracks, with its current state kept for fast reads."""

    __tablename__ = "action"
    __table_args__ = (UniqueConstraint("plan_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id"), index=True)
    band_id: Mapped[int | None] = mapped_column(ForeignKey("priority_band.id"))
    ref: Mapped[str | None] = mapped_column(String(40))
    # The ref as text that sorts naturally in SQL (1.9 before 1.10), kept in step on every write.
    ref_sort_key: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    # What the highlight report's boxes list the action as; None cuts its text instead.
    short_title: Mapped[str | None] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    target_date_text: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date | None] = mapped_column(Date, index=True)
    target_date_problem: Mapped[str | None] = mapped_column(Text)
    recurrence: Mapped[Recurrence] = mapped_column(
        _enum(Recurrence, "recurrence"), default=Recurrence.NONE
    )
    baseline: Mapped[str] = mapped_column(Text, default="")
    targets: Mapped[str] = mapped_column(Text, default="")
    workstreams: Mapped[str] = mapped_column(Text, default="")
    lead_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    current_completion: Mapped[Completion] = mapped_column(
        _enum(Completion, "completion"), default=Completion.NOT_KNOWN
    )
    current_rag: Mapped[Rag | None] = mapped_column(_enum(Rag, "rag"))
    current_direction: Mapped[Direction | None] = mapped_column(_enum(Direction, "direction"))
    current_performance: Mapped[str] = mapped_column(Text, default="")
    current_commentary: Mapped[str] = mapped_column(Text, default="")
    current_as_at: Mapped[date | None] = mapped_column(Date)
    current_completed_on: Mapped[date | None] = mapped_column(Date)
    current_completed_on_unknown: Mapped[bool] = mapped_column(default=False)
    current_status_label: Mapped[str | None] = mapped_column(String(100))
    current_status_colour: Mapped[StatusColour | None] = mapped_column(
        _enum(StatusColour, "status_colour")
    )
    current_status_exception: Mapped[bool] = mapped_column(default=False)
    current_sign_off: Mapped[SignOff | None] = mapped_column(_enum(SignOff, "sign_off"))
    # Columns of the council's file kept as they were typed: header to text, in file order.
    extras: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    objective: Mapped[Objective] = relationship(back_populates="actions")
    band: Mapped[PriorityBand | None] = relationship()
    leads: Mapped[list[ActionLead]] = relationship(
        back_populates="action", order_by="ActionLead.position", cascade="all, delete-orphan"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="action",
        order_by="[Milestone.due_on, Milestone.position]",
        cascade="all, delete-orphan",
    )
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary="action_recommendation", back_populates="actions", viewonly=True
    )


@event.listens_for(Action, "before_insert")
@event.listens_for(Action, "before_update")
def _keep_ref_sort_key(_mapper: Any, _connection: Any, target: Action) -> None:
    target.ref_sort_key = ref_sort_key(target.ref)


class ActionLead(Base):
    """Link an action to one of its leads."""

    __tablename__ = "action_lead"

    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    action: Mapped[Action] = relationship(back_populates="leads")
    person: Mapped[Person] = relationship()


class Milestone(Base):
    """A dated step of an action, from its target-date text or added by an administrator."""

    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    ref: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_on: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)

    action: Mapped[Action] = relationship(back_populates="milestones")


class StatusUpdate(Base):
    """What a lead reported about an action as at a date; never changed once written."""

    __tablename__ = "status_update"
    __table_args__ = (
        Index("ix_status_update_action_order", "action_id", "as_at", "recorded_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"))
    as_at: Mapped[date] = mapped_column(Date, index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    source: Mapped[str] = mapped_column(String(200), default="")
    completion: Mapped[Completion] = mapped_column(_enum(Completion, "completion"))
    rag: Mapped[Rag | None] = mapped_column(_enum(Rag, "rag"))
    direction: Mapped[Direction | None] = mapped_column(_enum(Direction, "direction"))
    current_performance: Mapped[str] = mapped_column(Text, default="")
    commentary: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[date | None] = mapped_column(Date)
    # Completed on or before as_at, the date not known: complete when the plan came in.
    completed_on_unknown: Mapped[bool] = mapped_column(default=False)
    # The status key entry as it was when recorded: a later change to the key re-reads nothing.
    status_label: Mapped[str | None] = mapped_column(String(100))
    status_colour: Mapped[StatusColour | None] = mapped_column(_enum(StatusColour, "status_colour"))
    status_exception: Mapped[bool] = mapped_column(default=False)
    # A footnote for the highlight report's boxes, kept with the update it was written with.
    report_note: Mapped[str | None] = mapped_column(String(500))
    # Where a Completed update stands with the plan's sign-off; None where none is asked.
    sign_off: Mapped[SignOff | None] = mapped_column(_enum(SignOff, "sign_off"))

    action: Mapped[Action] = relationship()
    author: Mapped[User | None] = relationship()


@event.listens_for(StatusUpdate, "before_update")
def _refuse_status_update_change(_mapper: Any, _connection: Any, target: StatusUpdate) -> None:
    raise ValueError("status updates are history: record a new update instead of changing one")


@event.listens_for(StatusUpdate, "before_delete")
def _refuse_status_update_delete(_mapper: Any, _connection: Any, target: StatusUpdate) -> None:
    raise ValueError("status updates are history and cannot be deleted")


class Recommendation(Base):
    """A recommendation made to the plan's body, such as an inspection's, that actions answer."""

    __tablename__ = "recommendation"
    __table_args__ = (UniqueConstraint("plan_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    ref: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    # Who made it, as the plan writes it: "Ofsted inspection, August 2009", "CQC must do".
    source: Mapped[str] = mapped_column(String(300), default="")
    made_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actions: Mapped[list[Action]] = relationship(
        secondary="action_recommendation", back_populates="recommendations", viewonly=True
    )


class ActionRecommendation(Base):
    """Link an action to a recommendation it answers."""

    __tablename__ = "action_recommendation"

    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id"), primary_key=True, index=True
    )


class TargetDateRevision(Base):
    """A new target date proposed for an action, with who asked, why, and who decided."""

    __tablename__ = "target_date_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    # The target date in force when it was proposed, and the one asked for.
    from_date: Mapped[date | None] = mapped_column(Date)
    to_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[RevisionStatus] = mapped_column(
        _enum(RevisionStatus, "revision_status", length=20), default=RevisionStatus.PENDING
    )
    proposed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The day the decision took effect in the plan's calendar; None for an approval whose day
    # is not known (a revised date brought in by an import), in force from the start.
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    # Where it came from when not proposed on a page: an import, or set directly.
    source: Mapped[str] = mapped_column(String(200), default="")

    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_user_id])


class Evidence(Base):
    """A note, link or file a lead gives with an update to show an action was done."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    status_update_id: Mapped[int | None] = mapped_column(ForeignKey("status_update.id"), index=True)
    kind: Mapped[EvidenceKind] = mapped_column(_enum(EvidenceKind, "evidence_kind", length=20))
    # The note, the link's words, or a file's name made safe.
    text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(2000))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    # A file is kept either in the evidence folder under this name or in the database.
    stored_name: Mapped[str | None] = mapped_column(String(80), unique=True)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Risk(Base):
    """A plan-level risk or issue for the highlight report."""

    __tablename__ = "risk"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[str] = mapped_column(Text, default="")
    consequences: Mapped[str] = mapped_column(Text, default="")
    mitigation: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[RiskStatus] = mapped_column(
        _enum(RiskStatus, "risk_status", length=20), default=RiskStatus.OPEN
    )
    raised_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)


class Achievement(Base):
    """A plan-level highlight listed in the report."""

    __tablename__ = "achievement"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    achieved_on: Mapped[date] = mapped_column(Date)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class User(Base):
    """A sign-in account belonging to a person."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    active: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    password_reset_token_hash: Mapped[str | None] = mapped_column(String(128))
    password_reset_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship(back_populates="account")


class AuditEvent(Base):
    """Record who changed what, and when."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    verb: Mapped[AuditVerb] = mapped_column(_enum(AuditVerb, "audit_verb", length=64))
    entity: Mapped[AuditEntity] = mapped_column(_enum(AuditEntity, "audit_entity", length=64))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The personal access token a change was made with through the API, if any.
    api_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"))


class ApiToken(Base):
    """A personal access token for the API: only its hash is kept, never the token."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The token's first characters, shown so that its owner can tell tokens apart.
    shown_prefix: Mapped[str] = mapped_column(String(16))
    scope: Mapped[TokenScope] = mapped_column(_enum(TokenScope, "token_scope"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_on: Mapped[date] = mapped_column(Date)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The rate limit's current window: when it began and how many requests it has counted.
    window_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    window_count: Mapped[int] = mapped_column(Integer, default=0)


class RateLimitEvent(Base):
    """A failed sign-in or password attempt, or one whose password is still being checked."""

    __tablename__ = "rate_limit_event"
    __table_args__ = (
        Index("ix_rate_limit_event_account", "kind", "account", "occurred_at"),
        Index("ix_rate_limit_event_address", "kind", "address", "occurred_at"),
        Index("ix_rate_limit_event_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # "sign-in" (account is the email address typed) or "password" (account is the user id),
    # or "reset-request" (account is the email address typed; kept whether or not it is known).
    kind: Mapped[str] = mapped_column(String(20))
    account: Mapped[str] = mapped_column(String(400))
    address: Mapped[str] = mapped_column(String(100))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxMessage(Base):
    """An email written before it is sent, so that each is sent exactly once."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    message_id: Mapped[str] = mapped_column(String(300))
    kind: Mapped[DigestKind] = mapped_column(_enum(DigestKind, "outbox_kind", length=40))
    for_date: Mapped[date] = mapped_column(Date)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(
        _enum(OutboxStatus, "outbox_status", length=20), default=OutboxStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxAttempt(Base):
    """One attempt to hand an outbox message to the mail server, and the message as it went."""

    __tablename__ = "outbox_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_message_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome, "outbox_attempt_outcome", length=20))
    # The server's reply, or what went wrong before it could reply.
    reply: Mapped[str] = mapped_column(Text)
    # The message as it went over the wire; None when it could not be built.
    raw_message: Mapped[str | None] = mapped_column(Text)


class JobLock(Base):
    """A named lock row that a periodic job holds while it runs."""

    __tablename__ = "job_lock"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200), default="")
    acquired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StagedImport(Base):
    """An uploaded plan file kept between checking it and confirming its import."""

    __tablename__ = "staged_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # What the administrator confirmed on each step of the import so far.
    choices: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class PersonAlias(Base):
    """Another name an organisation's plans give a person, matched on import as that person."""

    __tablename__ = "person_alias"
    __table_args__ = (UniqueConstraint("organisation_id", "alias_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    alias: Mapped[str] = mapped_column(String(200))
    # The name's person_key, as leads are matched to Person.name_key.
    alias_key: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PreparedDocument(Base):
    """A document too big to build in a request, built aside and kept for download a while."""

    __tablename__ = "prepared_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The secret part of the preparing page's address.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # What requests for the same document of the same data share; see document_key.
    key: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    # The document's choices from its address, such as the as-at date and file type.
    options: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    filename: Mapped[str] = mapped_column(String(255))
    status: Mapped[JobStatus] = mapped_column(_enum(JobStatus, "prepared_document_status"))
    # The process building it, and when that claim lapses if the process dies.
    holder: Mapped[str] = mapped_column(String(200), default="")
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why it could not be prepared, in words for the person who asked.
    problem: Mapped[str | None] = mapped_column(Text)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Indicator(Base):
    """A performance indicator a plan reports on, with how its readings are judged."""

    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("plan_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    ref: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    # The scorecard's section heading the indicator sits under, as the council writes it.
    theme: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    unit: Mapped[Unit] = mapped_column(_enum(Unit, "indicator_unit"))
    polarity: Mapped[Polarity] = mapped_column(_enum(Polarity, "indicator_polarity"))
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency, "indicator_frequency"))
    year_basis: Mapped[YearBasis] = mapped_column(_enum(YearBasis, "indicator_year_basis"))
    ytd_method: Mapped[YtdMethod] = mapped_column(_enum(YtdMethod, "indicator_ytd_method"))
    rag_method: Mapped[RagMethod] = mapped_column(
        _enum(RagMethod, "indicator_rag_method"), default=RagMethod.TOLERANCE
    )
    # A paper reporting a month in arrears rates last month's figure in this month's column.
    months_in_arrears: Mapped[int] = mapped_column(Integer, default=0)
    rag_on: Mapped[RagOn] = mapped_column(_enum(RagOn, "indicator_rag_on"), default=RagOn.PERIOD)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    # The scorecard's data note, such as where the figures come from.
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Moved on by every reading recorded, so a form filled in on stale readings gets a 409.
    last_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    owner: Mapped[Person | None] = relationship()


class IndicatorAction(Base):
    """Link an indicator to an action that works towards it."""

    __tablename__ = "indicator_action"

    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), primary_key=True, index=True)


class IndicatorTolerance(Base):
    """An indicator's red, amber and green bands for one year, as the paper writes them."""

    __tablename__ = "indicator_tolerance"
    __table_args__ = (UniqueConstraint("indicator_id", "year_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    # The first day of the year (on the indicator's year basis) the bands apply to.
    year_start: Mapped[date] = mapped_column(Date)
    red: Mapped[str] = mapped_column(String(200), default="")
    amber: Mapped[str] = mapped_column(String(200), default="")
    green: Mapped[str] = mapped_column(String(200), default="")


class IndicatorTarget(Base):
    """A target value and the period it applies to, one of a staged series or a year's."""

    __tablename__ = "indicator_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    value: Mapped[Decimal] = mapped_column(DecimalValue)
    # None for a staged target that applies from the one before it ("65% March 2010").
    applies_from: Mapped[date | None] = mapped_column(Date)
    applies_until: Mapped[date] = mapped_column(Date)
    # The target as written, such as "68% October 2010".
    text: Mapped[str] = mapped_column(String(300), default="")


class IndicatorReading(Base):
    """A figure for one period, never changed once written: a correction supersedes it."""

    __tablename__ = "indicator_reading"
    __table_args__ = (
        Index("ix_indicator_reading_order", "indicator_id", "period_end", "recorded_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date, index=True)
    # None when the source says there is no figure for the period ("-", "n/a").
    value: Mapped[Decimal | None] = mapped_column(DecimalValue)
    numerator: Mapped[Decimal | None] = mapped_column(DecimalValue)
    denominator: Mapped[Decimal | None] = mapped_column(DecimalValue)
    # The reading as it was typed or read from the file, such as "77.8% (1767/2270)".
    text: Mapped[str] = mapped_column(String(200), default="")
    commentary: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    source: Mapped[str] = mapped_column(String(200), default="")
    # One correction at most per reading, so two people correcting it at once cannot both win.
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicator_reading.id"), unique=True
    )

    recorded_by: Mapped[User | None] = relationship()


@event.listens_for(IndicatorReading, "before_update")
def _refuse_reading_change(_mapper: Any, _connection: Any, target: IndicatorReading) -> None:
    raise ValueError("readings are history: record a correcting reading instead of changing one")


@event.listens_for(IndicatorReading, "before_delete")
def _refuse_reading_delete(_mapper: Any, _connection: Any, target: IndicatorReading) -> None:
    raise ValueError("readings are history and cannot be deleted")


class IndicatorBenchmark(Base):
    """A comparator figure for an indicator, with the period it refers to."""

    __tablename__ = "indicator_benchmark"
    __table_args__ = (UniqueConstraint("indicator_id", "kind", "period_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    kind: Mapped[BenchmarkKind] = mapped_column(_enum(BenchmarkKind, "indicator_benchmark_kind"))
    value: Mapped[Decimal] = mapped_column(DecimalValue)
    # The period the figure refers to as the source names it, such as "2014/15".
    period_label: Mapped[str] = mapped_column(String(100), default="")
    period_end: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(String(300), default="")
