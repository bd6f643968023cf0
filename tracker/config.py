"""Configure the app from the environment."""

import os
from pathlib import Path
from urllib.parse import urlsplit

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def is_local_development() -> bool:
    """Tell whether the app runs in debug mode or is reached at a loopback address over HTTP."""
    base_url = urlsplit(os.environ.get("TRACKER_BASE_URL", "http://127.0.0.1:5000"))
    on_loopback = base_url.scheme == "http" and base_url.hostname in {
        "127.0.0.1",
        "localhost",
        "::1",
    }
    return _bool("FLASK_DEBUG") or on_loopback


class Config:
    """Read settings for a deployed or local instance from environment variables."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
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
    TRACKER_TIMEZONE = "Europe/London"
    # "text" (the default) or "json": one JSON object per line, for log collectors.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
