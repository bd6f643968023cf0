"""Send email over SMTP, telling a refused message from a retryable one and one of unknown fate."""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from tracker.domain.outbox import Outcome, final_reply_outcome, refusal_outcome
from tracker.domain.single_line import single_line

_LINE_STARTING_WITH_DOT = re.compile(rb"^\.", re.MULTILINE)
# Folding a header at 78 characters can double the space before an encoded word (the en dash
# in "… – Plan"), so headers are only folded at the hard limit of RFC 5322; the bodies are
# quoted-printable and so keep short lines anyway.
_WIRE_POLICY = policy.SMTP.clone(max_line_length=998)
_CLOSING_CHANNEL = 421


class MailConfigError(ValueError):
    """Say that the mail settings cannot work."""


@dataclass(frozen=True, slots=True)
class MailSettings:
    """Hold what the mailer needs from the app's MAIL_* settings."""

    server: str
    port: int
    use_tls: bool
    use_ssl: bool
    username: str | None
    password: str | None
    sender: str
    timeout: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        """Read the settings from a Flask config, refusing combinations that cannot work."""
        settings = cls(
            server=config["MAIL_SERVER"],
            port=int(config["MAIL_PORT"]),
            use_tls=bool(config["MAIL_USE_TLS"]),
            use_ssl=bool(config["MAIL_USE_SSL"]),
            username=config.get("MAIL_USERNAME") or None,
            password=config.get("MAIL_PASSWORD") or None,
            sender=config["MAIL_DEFAULT_SENDER"],
            timeout=float(config["MAIL_TIMEOUT"]),
        )
        if settings.use_tls and settings.use_ssl:
            raise MailConfigError("set MAIL_USE_TLS (STARTTLS) or MAIL_USE_SSL, not both")
        if "@" not in settings.sender_address:
            raise MailConfigError(f"MAIL_DEFAULT_SENDER has no address: {settings.sender!r}")
        return settings

    @property
    def sender_address(self) -> str:
        """Return the bare address of MAIL_DEFAULT_SENDER, which may carry a display name."""
        return parseaddr(self.sender)[1]

    @property
    def message_id_domain(self) -> str:
        """Return the domain Message-IDs are made in: the sender's."""
        return self.sender_address.rpartition("@")[2]


@dataclass(frozen=True, slots=True)
class Delivery:
    """Say how one attempt ended and why."""

    outcome: Outcome
    detail: str


def build_message(
    settings: MailSettings,
    *,
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str,
    message_id: str,
    date: datetime,
) -> bytes:
    """Return a multipart plain-text and HTML message, ready for the wire."""
    # Headers are made single-line whatever was stored: one line break in a header would stop
    # the message from being built at all, on every attempt.
    message = EmailMessage()
    message["From"] = single_line(settings.sender)
    message["To"] = recipient
    message["Subject"] = single_line(subject)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    # Quoted-printable keeps the message 7-bit, so no server needs 8BITMIME to carry it.
    message.set_content(body_text, cte="quoted-printable")
    message.add_alternative(body_html, subtype="html", cte="quoted-printable")
    return message.as_bytes(policy=_WIRE_POLICY)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".strip().rstrip(":")


class SmtpSession:
    """Hold one SMTP connection and send over it in two steps: the envelope, then the data.

    The split lets the session say whether a lost connection came before the end of the message
    (nothing was delivered) or after it (the server may have kept it).
    """

    def __init__(self, settings: MailSettings) -> None:
        """Start without a connection."""
        self._settings = settings
        self._smtp: smtplib.SMTP | None = None

    @property
    def is_open(self) -> bool:
        """Say whether a connection is ready for the next message."""
        return self._smtp is not None

    def open(self) -> str | None:
        """Connect, greet, secure and sign in; return what went wrong, or None."""
        settings = self._settings
        smtp: smtplib.SMTP | None = None
        try:
            if settings.use_ssl:
                smtp = smtplib.SMTP_SSL(
                    settings.server,
                    settings.port,
                    timeout=settings.timeout,
                    context=ssl.create_default_context(),
                )
            else:
                smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
            smtp.ehlo_or_helo_if_needed()
            if settings.use_tls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if settings.username:
                smtp.login(settings.username, settings.password or "")
        except (smtplib.SMTPException, OSError) as error:
            if smtp is not None:
                smtp.close()
            return f"could not open a session with {settings.server}:{settings.port}: " + (
                _describe(error)
            )
        self._smtp = smtp
        return None

    def close(self) -> None:
        """Say goodbye if the connection still works, and drop it."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()

    def _reset(self) -> None:
        """Forget the message begun, keeping the connection for the next one if it still works."""
        if self._smtp is None:
            return
        try:
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _after_refusal(self, code: int) -> None:
        """Get ready for the next message, on a new connection if the server is closing this one."""
        if code == _CLOSING_CHANNEL:
            self._drop()
        else:
            self._reset()

    def start(self, recipient: str) -> Delivery | None:
        """Send MAIL FROM and RCPT TO; return the failure, or None if the server will take data."""
        if self._smtp is None:
            raise RuntimeError("open the session first")
        try:
            for command, argument in (
                (self._smtp.mail, self._settings.sender_address),
                (self._smtp.rcpt, recipient),
            ):
                code, reply = command(argument)
                if not 200 <= code < 300:
                    self._after_refusal(code)
                    return Delivery(
                        refusal_outcome(code), f"{code} {reply.decode(errors='replace')}"
                    )
        except UnicodeEncodeError:
            self._reset()
            return Delivery(Outcome.PERMANENT, f"address cannot be sent over SMTP: {recipient!r}")
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            return Delivery(
                Outcome.TEMPORARY, f"lost before the message was sent: {_describe(error)}"
            )
        return None

    def finish(self, message: bytes) -> Delivery:
        """Send DATA, the message and its end; say whether the server took it."""
        smtp = self._smtp
        if smtp is None:
            raise RuntimeError("start the message first")
        # smtplib's data() cannot say whether a failure came before or after the end of the
        # message reached the server, so its steps are taken one by one here.
        try:
            code, reply = smtp.docmd("DATA")
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            return Delivery(
                Outcome.TEMPORARY, f"lost before the message was sent: {_describe(error)}"
            )
        if code != 354:
            self._after_refusal(code)
            return Delivery(refusal_outcome(code), f"{code} {reply.decode(errors='replace')}")
        if not message.endswith(b"\r\n"):
            message += b"\r\n"
        try:
            smtp.send(_LINE_STARTING_WITH_DOT.sub(b"..", message) + b".\r\n")
        except (smtplib.SMTPException, OSError) as error:
            # The end-of-data line was never handed over whole, so the server cannot have kept it.
            self._drop()
            return Delivery(
                Outcome.TEMPORARY, f"lost while sending the message: {_describe(error)}"
            )
        try:
            code, reply = smtp.getreply()
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            return Delivery(
                Outcome.UNKNOWN,
                f"no reply after the whole message was sent: {_describe(error)}",
            )
        outcome = final_reply_outcome(code)
        if outcome is Outcome.UNKNOWN:
            self._drop()
        elif outcome is not Outcome.DELIVERED:
            self._after_refusal(code)
        return Delivery(outcome, f"{code} {reply.decode(errors='replace')}")
