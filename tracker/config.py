"""Configure the app from the environment."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def is_local_base_url(base_url: str) -> bool:
    """Tell whether the base URL is plain HTTP on a loopback address."""
    parts = urlsplit(base_url)
    return parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost", "::1"}


def is_local_development() -> bool:
    """Tell whether the app runs in debug mode or is reached at a loopback address over HTTP."""
    return _bool("FLASK_DEBUG") or is_local_base_url(
        os.environ.get("TRACKER_BASE_URL", "http://127.0.0.1:5000")
    )


class ConfigError(Exception):
    """Say which setting stops the app from starting, and how to fix it."""


MIN_SECRET_BYTES = 32
MAKE_A_SECRET = "python3 -c 'import secrets; print(secrets.token_hex(32))'"
SECRET_KEY_FILE = "secret_key"


def instance_secret_key(instance_dir: Path = INSTANCE_DIR) -> str:
    """Return the local development secret kept in the instance folder, creating it if missing."""
    path = instance_dir / SECRET_KEY_FILE
    instance_dir.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written whole under another name, then linked into place: a process starting at the
        # same moment finds either no file or the full key, and the first key made wins.
        draft = instance_dir / f".{SECRET_KEY_FILE}.{secrets.token_hex(8)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(MIN_SECRET_BYTES) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    key = path.read_text().strip()
    if len(key.encode()) < MIN_SECRET_BYTES:
        raise ConfigError(f"{path} holds no usable key; delete it and start the app again.")
    return key


def proxy_count(value: object) -> int:
    """Return TRACKER_PROXIES as a number of proxies, refusing anything but a whole number."""
    text = str(value).strip()
    if not text.isdigit():
        raise ConfigError(
            f"TRACKER_PROXIES must be the number of trusted proxies in front of the app "
            f"(0 when there are none), not {text!r}."
        )
    return int(text)


def secret_key_for(configured: str | None, *, local: bool, instance_dir: Path) -> str:
    """Return the key to sign sessions with, refusing a missing or short one outside development."""
    if configured and (local or len(configured.encode()) >= MIN_SECRET_BYTES):
        return configured
    if local:
        return instance_secret_key(instance_dir)
    problem = (
        f"SECRET_KEY is only {len(configured.encode())} bytes long"
        if configured
        else "SECRET_KEY is not set"
    )
    raise ConfigError(
        f"{problem}; outside local development it must be a random value of at least "
        f"{MIN_SECRET_BYTES} bytes. Make one with:\n\n    export SECRET_KEY=$({MAKE_A_SECRET})\n"
    )


class Config:
    """Read settings for a deployed or local instance from environment variables."""

    # Checked by the app factory: required outside local development (see secret_key_for).
    SECRET_KEY = os.environ.get("SECRET_KEY")
    INSTANCE_PATH = str(INSTANCE_DIR)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'tracker.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Cookies go over HTTPS only, except in local development; SESSION_COOKIE_SECURE overrides.
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", default=not is_local_development())
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 5 * 1024 * 1024))
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 5000))
    IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", 60))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "improvement-tracker@localhost")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", 30))
    TRACKER_BASE_URL = os.environ.get("TRACKER_BASE_URL", "http://127.0.0.1:5000")
    # How many proxies in front of the app set X-Forwarded-For, -Proto, -Host and -Prefix.
    TRACKER_PROXIES = os.environ.get("TRACKER_PROXIES", "0")
    TRACKER_TIMEZONE = "Europe/London"
    # "text" (the default) or "json": one JSON object per line, for log collectors.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
