import pytest

from tracker.auth.redirects import local_path


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/actions/mine", "/actions/mine"),
        ("/plans/rmbc?as_at=2011-03-30#theme-2", "/plans/rmbc?as_at=2011-03-30#theme-2"),
        ("/", "/"),
        (None, None),
        ("", None),
        ("actions/mine", None),
        ("https://evil.example/", None),
        ("//evil.example/path", None),
        ("/\\evil.example", None),
        ("/path\\with-backslash", None),
        ("/\t/evil.example", None),
        ("/\n/evil.example", None),
        ("javascript:alert(1)", None),
        ("http:/evil.example", None),
    ],
)
def test_local_path(target, expected):
    assert local_path(target) == expected
