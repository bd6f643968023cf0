import pytest

from tracker.config import is_local_development


@pytest.mark.parametrize(
    ("environment", "local"),
    [
        ({}, True),
        ({"TRACKER_BASE_URL": "http://127.0.0.1:5000"}, True),
        ({"TRACKER_BASE_URL": "http://localhost:8000/"}, True),
        ({"TRACKER_BASE_URL": "https://tracker.example.gov.uk"}, False),
        ({"TRACKER_BASE_URL": "http://tracker.internal"}, False),
        ({"TRACKER_BASE_URL": "https://localhost"}, False),
        ({"TRACKER_BASE_URL": "https://tracker.example.gov.uk", "FLASK_DEBUG": "1"}, True),
    ],
)
def test_cookies_are_secure_unless_in_local_development(monkeypatch, environment, local):
    monkeypatch.delenv("TRACKER_BASE_URL", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert is_local_development() is local
