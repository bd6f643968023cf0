"""The mailer's settings and sign-in, against a real SMTP server."""

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.reminders.conftest import TUESDAY, many_leads, send
from tracker.services.mailer import MailConfigError, MailSettings, build_message


class Authenticator:
    """Accept one login and password, remembering every attempt."""

    def __init__(self) -> None:
        self.attempts: list[tuple[bytes, bytes]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        assert isinstance(auth_data, LoginPassword)
        self.attempts.append((auth_data.login, auth_data.password))
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"tracker", b"s3cret"))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"MAIL_USE_TLS": True, "MAIL_USE_SSL": True}, "not both"),
        ({"MAIL_DEFAULT_SENDER": "Improvement Tracker"}, "has no address"),
    ],
)
def test_settings_that_cannot_work_are_refused(app, runner, overrides, message):
    app.config.update(overrides)

    with pytest.raises(MailConfigError, match=message):
        MailSettings.from_config(app.config)
    result = runner.invoke(args=["reminders", "send", "--as-at", "2026-03-31"])
    assert result.exit_code == 1
    assert message in result.output


def test_the_message_id_domain_is_the_senders(app):
    app.config["MAIL_DEFAULT_SENDER"] = "Improvement Tracker <reminders@council.example>"

    settings = MailSettings.from_config(app.config)

    assert settings.sender_address == "reminders@council.example"
    assert settings.message_id_domain == "council.example"


def test_the_mailer_signs_in_when_a_username_is_set(app, runner, start_smtp):
    many_leads(1)
    authenticator = Authenticator()
    server = start_smtp(auth_require_tls=False, authenticator=authenticator)
    app.config.update(MAIL_PORT=server.port, MAIL_USERNAME="tracker", MAIL_PASSWORD="s3cret")

    assert send(runner, TUESDAY)["sent"] == 1
    assert authenticator.attempts == [(b"tracker", b"s3cret")]
    assert len(server.received) == 1


def test_a_refused_sign_in_leaves_the_messages_for_a_retry(app, runner, start_smtp):
    many_leads(2)
    server = start_smtp(auth_require_tls=False, authenticator=Authenticator())
    app.config.update(MAIL_PORT=server.port, MAIL_USERNAME="tracker", MAIL_PASSWORD="wrong")

    summary = send(runner, TUESDAY)

    assert (summary["sent"], summary["failed"]) == (0, 2)
    assert server.received == []
    app.config["MAIL_PASSWORD"] = "s3cret"
    assert send(runner, TUESDAY)["sent"] == 2
    assert len(server.received) == 2


def test_a_message_is_built_with_one_line_headers_whatever_it_was_given(app):
    settings = MailSettings.from_config(
        {**app.config, "MAIL_DEFAULT_SENDER": "Improvement\nTracker <tracker@council.example>"}
    )

    payload = build_message(
        settings,
        recipient="howard@example.org",
        subject="1 overdue action – Children's\r\nPlan\u2028Now",
        body_text="text",
        body_html="<p>html</p>",
        message_id="<reminder-1@council.example>",
        date=datetime(2026, 3, 31, 7, tzinfo=UTC),
    )

    message = message_from_bytes(payload, policy=policy.default)
    assert message["Subject"] == "1 overdue action – Children's Plan Now"
    assert message["From"] == "Improvement Tracker <tracker@council.example>"
