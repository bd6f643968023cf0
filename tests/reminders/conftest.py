"""Real SMTP servers on loopback for the reminder tests, and a plan with leads to remind."""

from __future__ import annotations

import asyncio
import json
import socket
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from tests.conftest import make_config
from tests.factories import make_action, make_person, make_plan, make_user
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import OutboxMessage, Plan

# 2026: Good Friday is 3 April and Easter Monday 6 April.
MONDAY = date(2026, 3, 30)
TUESDAY = date(2026, 3, 31)
WEDNESDAY = date(2026, 4, 1)
SATURDAY = date(2026, 4, 4)
EASTER_MONDAY = date(2026, 4, 6)
TUESDAY_AFTER_EASTER = date(2026, 4, 7)


def free_port() -> int:
    """Return a loopback port nobody is listening on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    """One message as the server received it."""

    recipients: list[str]
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]


@dataclass
class RecordingHandler:
    """Accept every message and keep it; subclasses misbehave at message number k."""

    received: list[Received] = field(default_factory=list)
    mail_commands: int = 0

    def keep(self, envelope) -> None:
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(Received(list(envelope.rcpt_tos), message))

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mail_commands += 1
        envelope.mail_from = address
        return await self.on_mail(server, self.mail_commands)

    async def on_mail(self, server, number: int) -> str:
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        return await self.on_data(server, envelope, self.mail_commands)

    async def on_data(self, server, envelope, number: int) -> str:
        self.keep(envelope)
        return "250 OK: queued"

    def message_ids(self) -> Counter:
        return Counter(received.message_id for received in self.received)


@dataclass
class DropBeforeData(RecordingHandler):
    """Close the connection on MAIL FROM of message number at."""

    at: int = 0

    async def on_mail(self, server, number: int) -> str:
        if number == self.at:
            server.transport.close()
        return "250 OK"


@dataclass
class AnswerAtMail(RecordingHandler):
    """Answer MAIL FROM of message number at (every message when at is None) with reply."""

    at: int | None = None
    reply: str = "421 4.3.2 Service not available, closing transmission channel"

    async def on_mail(self, server, number: int) -> str:
        return self.reply if self.at in (None, number) else "250 OK"


@dataclass
class RefuseRecipient(RecordingHandler):
    """Refuse one recipient for good."""

    refused: str = ""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@dataclass
class HangBeforeData(RecordingHandler):
    """Say nothing after MAIL FROM of message number at, for longer than the client waits."""

    at: int = 0
    seconds: float = 3

    async def on_mail(self, server, number: int) -> str:
        if number == self.at:
            await asyncio.sleep(self.seconds)
        return "250 OK"


@dataclass
class DropAfterData(RecordingHandler):
    """Keep message number at, then close the connection before replying."""

    at: int = 0

    async def on_data(self, server, envelope, number: int) -> str:
        self.keep(envelope)
        if number == self.at:
            server.transport.close()
        return "250 OK: queued"


@dataclass
class HangAfterData(RecordingHandler):
    """Keep message number at, then say nothing for longer than the client waits."""

    at: int = 0
    seconds: float = 3

    async def on_data(self, server, envelope, number: int) -> str:
        self.keep(envelope)
        if number == self.at:
            await asyncio.sleep(self.seconds)
        return "250 OK: queued"


@dataclass
class RefuseAfterData(RecordingHandler):
    """Refuse message number at after its data with a temporary 451, without keeping it."""

    at: int = 0

    async def on_data(self, server, envelope, number: int) -> str:
        if number == self.at:
            return "451 4.3.0 Try again later"
        self.keep(envelope)
        return "250 OK: queued"


@dataclass
class SmtpServer:
    """A running server: its port and what it received."""

    port: int
    handler: RecordingHandler

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def by_recipient(self) -> dict[str, list[Received]]:
        found: dict[str, list[Received]] = {}
        for received in self.received:
            for recipient in received.recipients:
                found.setdefault(recipient, []).append(received)
        return found


@pytest.fixture
def start_smtp():
    """Return a function that starts an aiosmtpd server with a handler; stop them all after."""
    controllers: list[Controller] = []

    def start(handler: RecordingHandler | None = None, **options) -> SmtpServer:
        handler = handler or RecordingHandler()
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return SmtpServer(port, handler)

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_server(start_smtp) -> SmtpServer:
    """Return a well-behaved server that keeps every message."""
    return start_smtp()


@pytest.fixture
def app_config(database_url: str, smtp_server: SmtpServer) -> type:
    """Point the app's mail settings at the test server, with a short timeout."""
    return make_config(
        database_url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_server.port,
        MAIL_TIMEOUT=2,
    )


def send(runner, day: date | None, *extra: str) -> dict:
    """Run `flask reminders send` and return its JSON summary."""
    args = ["reminders", "send", *extra]
    if day is not None:
        args += ["--as-at", day.isoformat()]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def daily_plan(slug: str, title: str):
    """Create a plan whose overdue actions are listed every working day, so a test of sending
    may send on any day; the repeat rule has tests of its own."""
    plan = make_plan(slug=slug, title=title)
    plan.reminder_repeat_working_days = 1
    return plan


def many_leads(count: int) -> list:
    """Build a plan with count leads, each with an address and one overdue action; commit it."""
    plan = daily_plan(slug="many", title="Many leads plan")
    leads = []
    for number in range(1, count + 1):
        lead = make_person(f"Lead Number{number}", f"lead{number}@example.org")
        make_action(plan, text=f"Action {number}", leads=[lead], target_date=date(2026, 3, 2))
        leads.append(lead)
    db.session.commit()
    return leads


@dataclass
class Team:
    """A plan with leads: two with addresses, one without, and an owner."""

    plan: object
    howard: object
    warren: object
    deb: object
    owner: object


def children_plan(title: str = "Children's Improvement Plan 2009/10") -> Team:
    """Build a plan whose actions are overdue or due soon on Tuesday 31 March 2026; commit it."""
    howard = make_person("Howard Woolfenden", "howard@example.org")
    warren = make_person("Warren Carratt", "warren@example.org")
    deb = make_person("Deb Johnson")
    owner = make_person("Plan Owner", "owner@example.org")
    plan = daily_plan(slug="cyps", title=title)
    plan.owner_person_id = owner.id
    make_action(
        plan,
        ref="1.1",
        text="Recruit social workers",
        leads=[howard],
        target_date=date(2026, 2, 28),
    )
    make_action(
        plan,
        ref="1.2",
        text="Audit case files",
        leads=[howard, warren],
        target_date=date(2026, 3, 27),
    )
    make_action(
        plan,
        ref="1.3",
        text="Publish the workforce strategy",
        leads=[howard],
        target_date=date(2026, 4, 2),
        target_date_text="2nd April 2026",
    )
    make_action(
        plan, ref="1.4", text="Train panel members", leads=[deb], target_date=date(2026, 3, 20)
    )
    make_action(
        plan,
        ref="1.5",
        text="Open the new contact centre",
        leads=[warren],
        target_date=date(2026, 9, 30),
    )
    db.session.commit()
    return Team(plan, howard, warren, deb, owner)


@dataclass
class RefuseOneDropAnother(DropAfterData, RefuseRecipient):
    """Refuse one recipient for good and lose the connection after another message's data."""


def row_for(recipient: str) -> OutboxMessage:
    """Return the outbox row of the message to recipient."""
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == recipient))


@pytest.fixture
def admin(app):
    """Return a committed administrator."""
    user = make_user(Role.ADMIN)
    db.session.commit()
    return user


@pytest.fixture
def settings_plan(app) -> Plan:
    """Return a committed plan whose reminder settings the tests change, as PLAN_FORM names it."""
    plan = make_plan(slug="childrens-plan", title="Children's Improvement Plan 2009/10")
    db.session.commit()
    return plan


def setting_of(slug: str, column) -> int:
    """Read a plan's setting afresh from the database."""
    db.session.expire_all()
    return db.session.scalar(select(column).where(Plan.slug == slug))


@pytest.fixture
def troubled_outbox(app, runner, start_smtp):
    """Send to three leads: lead 1 arrives, lead 2 is refused, lead 3's fate is unknown."""
    many_leads(3)
    server = start_smtp(RefuseOneDropAnother(at=3, refused="lead2@example.org"))
    app.config["MAIL_PORT"] = server.port
    send(runner, TUESDAY)
    return server
