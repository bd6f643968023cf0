"""Decide whether a new password is acceptable."""

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128


def password_problem(password: str, *, email: str) -> str:
    """Return why the password cannot be used, or an empty string when it can."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    if len(set(password)) < 4:
        return "Password must not repeat the same few characters"
    local_part = email.partition("@")[0].lower()
    if len(local_part) >= 3 and local_part in password.lower():
        return "Password must not contain your email address"
    return ""
