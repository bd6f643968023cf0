import pytest

from tracker.domain.passwords import password_problem


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("correct horse battery staple", ""),
        ("short", "Password must be 12 characters or more"),
        ("elevenchars", "Password must be 12 characters or more"),
        ("x" * 129, "Password must be 128 characters or fewer"),
        ("abababababab", "Password must not repeat the same few characters"),
        ("Warren.Carratt-2011", "Password must not contain your email address"),
        ("twelve chars", ""),
    ],
)
def test_password_problem(password, problem):
    assert password_problem(password, email="warren.carratt@example.org") == problem
