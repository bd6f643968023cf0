"""The session-signing key: required and long outside development, kept locally in development."""

import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from tests.conftest import make_config
from tests.factories import make_user
from tracker import create_app
from tracker.config import ConfigError, instance_secret_key
from tracker.domain.enums import Role
from tracker.extensions import db

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION_URL = "https://tracker.example.gov.uk"
OLD_PUBLIC_CONSTANT = "dev-only-not-secret"


def session_cookie_signed_with(key: str, user) -> str:
    signer = Flask(__name__)
    signer.secret_key = key
    serializer = SecureCookieSessionInterface().get_signing_serializer(signer)
    return serializer.dumps({"_user_id": f"{user.id}:{user.session_version}", "_fresh": True})


@pytest.fixture
def production_app(database_url):
    app = create_app(
        make_config(database_url, TRACKER_BASE_URL=PRODUCTION_URL, SECRET_KEY="k" * 64)
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_cookie_forged_with_the_old_public_constant_does_not_open_admin_pages(production_app):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    forger = production_app.test_client()
    forger.set_cookie("session", session_cookie_signed_with(OLD_PUBLIC_CONSTANT, admin))
    response = forger.get("/admin/accounts")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/sign-in")

    genuine = production_app.test_client()
    genuine.set_cookie("session", session_cookie_signed_with("k" * 64, admin))
    assert genuine.get("/admin/accounts").status_code == 200


def test_development_key_refuses_a_cookie_forged_with_the_old_constant(database_url, tmp_path):
    app = create_app(
        make_config(
            database_url,
            TRACKER_BASE_URL="http://127.0.0.1:5000",
            SECRET_KEY=None,
            INSTANCE_PATH=str(tmp_path),
        )
    )
    with app.app_context():
        admin = make_user(Role.ADMIN)
        db.session.commit()
        forger = app.test_client()
        forger.set_cookie("session", session_cookie_signed_with(OLD_PUBLIC_CONSTANT, admin))
        assert forger.get("/admin/accounts").status_code == 302
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(
    ("base_url", "secret_key", "message"),
    [
        (PRODUCTION_URL, None, "SECRET_KEY is not set"),
        (PRODUCTION_URL, "", "SECRET_KEY is not set"),
        (PRODUCTION_URL, "x" * 31, "SECRET_KEY is only 31 bytes long"),
        (PRODUCTION_URL, "é" * 15, "SECRET_KEY is only 30 bytes long"),
        ("http://tracker.internal", None, "SECRET_KEY is not set"),
    ],
)
def test_app_outside_development_refuses_to_start_without_a_long_key(
    database_url, tmp_path, base_url, secret_key, message
):
    config = make_config(
        database_url, TRACKER_BASE_URL=base_url, SECRET_KEY=secret_key, INSTANCE_PATH=str(tmp_path)
    )
    with pytest.raises(ConfigError) as refused:
        create_app(config)
    assert message in str(refused.value)
    assert "secrets.token_hex(32)" in str(refused.value)
    assert not (tmp_path / "secret_key").exists()


def test_key_of_32_bytes_is_enough_outside_development(database_url):
    app = create_app(
        make_config(database_url, TRACKER_BASE_URL=PRODUCTION_URL, SECRET_KEY="s" * 32)
    )
    assert app.secret_key == "s" * 32


@pytest.mark.parametrize(
    ("base_url", "debug"), [("http://127.0.0.1:5000", False), (PRODUCTION_URL, True)]
)
def test_development_creates_a_private_key_file_once_and_reuses_it(
    database_url, tmp_path, base_url, debug
):
    config = make_config(
        database_url,
        TRACKER_BASE_URL=base_url,
        DEBUG=debug,
        SECRET_KEY=None,
        INSTANCE_PATH=str(tmp_path / "instance"),
    )
    first = create_app(config)
    key_file = tmp_path / "instance" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.secret_key.encode()) >= 32
    assert key_file.read_text().strip() == first.secret_key
    assert create_app(config).secret_key == first.secret_key


def test_setting_secret_key_in_development_uses_it_and_writes_no_file(database_url, tmp_path):
    config = make_config(
        database_url,
        TRACKER_BASE_URL="http://localhost:8000",
        SECRET_KEY="chosen by the developer",
        INSTANCE_PATH=str(tmp_path),
    )
    assert create_app(config).secret_key == "chosen by the developer"
    assert not (tmp_path / "secret_key").exists()


def production_environment_without_a_key(tmp_path: Path) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SECRET_KEY", "FLASK_DEBUG", "TRACKER_BASE_URL"}
    }
    return environment | {
        "TRACKER_BASE_URL": PRODUCTION_URL,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
    }


def test_flask_command_without_a_key_in_production_says_how_to_make_one(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "routes"],
        cwd=ROOT,
        env=production_environment_without_a_key(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 3
    assert "Improvement Tracker cannot start: SECRET_KEY is not set" in finished.stderr
    assert "export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')" in (
        finished.stderr
    )
    assert "Traceback" not in finished.stderr


def test_gunicorn_without_a_key_in_production_stops_instead_of_restarting_workers(tmp_path):
    finished = subprocess.run(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers",
            "1",
            "--bind",
            "127.0.0.1:0",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=production_environment_without_a_key(tmp_path),
        capture_output=True,
        text=True,
        # Before, the master started a new worker every second until it was killed.
        timeout=60,
    )
    assert finished.returncode == 3
    assert "Worker failed to boot" in finished.stderr
    assert "Improvement Tracker cannot start: SECRET_KEY is not set" in finished.stderr
    assert "Traceback" not in finished.stderr


def test_starts_at_the_same_moment_in_development_agree_on_one_key(tmp_path):
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _: instance_secret_key(tmp_path), range(32)))
    assert len(keys) == 1
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]
