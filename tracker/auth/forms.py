"""Forms for signing in, setting a password and making personal access tokens."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovRadioInput, GovTextInput
from wtforms import PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import EqualTo, InputRequired, ValidationError

from tracker import clock
from tracker.domain import text_limits as limits
from tracker.domain.api_tokens import (
    TokenScope,
    default_expiry,
    expiry_problem,
    name_problem,
    parse_scope,
)
from tracker.domain.field_values import email_problem
from tracker.domain.passwords import MAX_PASSWORD_LENGTH, password_problem
from tracker.form_fields import Checked, DateInputField, TrackerForm, WithinLimit


class SignInForm(TrackerForm):
    """Ask for an email address and a password."""

    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired("Enter your email address")],
    )
    password = PasswordField(
        "Password", widget=GovPasswordInput(), validators=[InputRequired("Enter your password")]
    )


class ForgotPasswordForm(TrackerForm):
    """Ask for the email address to send a password link to."""

    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter your email address"),
            WithinLimit(limits.EMAIL),
            Checked(email_problem),
        ],
        description="The address you sign in with.",
        # Spaces around an address pasted from an email are not part of it.
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


# Declared before the new-password fields so that forms list it, and its error, first.
_CURRENT_PASSWORD = PasswordField(
    "Current password",
    widget=GovPasswordInput(),
    validators=[InputRequired("Enter your current password")],
)


class _NewPasswordForm(TrackerForm):
    """Ask for a new password twice and check it against the password rules."""

    new_password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter a new password")],
        description=f"At least 12 characters, up to {MAX_PASSWORD_LENGTH}. "
        "A few unrelated words together make a good one.",
    )
    confirm_password = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Enter the new password again"),
            EqualTo("new_password", "The passwords do not match"),
        ],
    )

    def __init__(self, *args, account_email: str, **kwargs):
        """Remember whose password this is, for the rule against using the email address."""
        super().__init__(*args, **kwargs)
        self.account_email = account_email

    def validate_new_password(self, field: PasswordField) -> None:
        """Apply the password rules."""
        problem = password_problem(field.data or "", email=self.account_email)
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(_NewPasswordForm):
    """Ask for the current password and a new one."""

    current_password = _CURRENT_PASSWORD


class ResetPasswordForm(_NewPasswordForm):
    """Ask for a new password, from a one-time reset link."""


class TokenForm(TrackerForm):
    """Ask for a new token's name, what it may do, and the day it stops working."""

    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[Checked(name_problem)],
        description="What will use it, so that you know which token to revoke, e.g. Power BI.",
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    scope = RadioField(
        "What the token may do",
        choices=[SelectChoice(scope.value, scope.label) for scope in TokenScope],
        validate_choice=False,
        widget=GovRadioInput(),
        validators=[Checked(lambda text: parse_scope(text)[1] or None)],
    )
    expires_on = DateInputField(
        "Expires on",
        error_name="The expiry date",
        description="The token is refused from this day, at most a year from today.",
        default=lambda: default_expiry(clock.today()),
    )

    def validate_expires_on(self, field: DateInputField) -> None:
        """Refuse a day already past or more than a year away."""
        if field.process_errors:
            # What was typed could not be read; that message already says what to fix.
            return
        problem = expiry_problem(field.data, clock.today())
        if problem:
            raise ValidationError(problem)
