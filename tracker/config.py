"""Configure the app from the environment."""

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tracker.domain.field_values import parse_clock_time
from tracker.services.mailer import MailConfigError, MailSettings

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
# The folder Flask serves to anyone; evidence files must never be kept under it.
STATIC_DIR = Path(__file__).resolve().parent / "static"
EVIDENCE_STORAGE_MODES = ("folder", "database")


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
    """Say which settings stop the app from starting, and how to fix them."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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


DEFAULT_REMINDER_SEND_TIME = "07:00"


def reminder_send_time(value: object) -> time:
    """Return TRACKER_REMINDER_SEND_TIME as a time of day, refusing anything but HH:MM."""
    text = str(value).strip()
    parsed, _ = parse_clock_time(text, name="TRACKER_REMINDER_SEND_TIME")
    if parsed is None:
        raise ConfigError(
            f"TRACKER_REMINDER_SEND_TIME must be the time of day (Europe/London) to send the "
            f"reminders, on the 24-hour clock like {DEFAULT_REMINDER_SEND_TIME}, not {text!r}."
        )
    return parsed


def secret_key_problem(configured: str | None, *, local: bool) -> str | None:
    """Say why the configured key cannot sign sessions, or None when it can."""
    if local or (configured and len(configured.encode()) >= MIN_SECRET_BYTES):
        return None
    problem = (
        f"SECRET_KEY is only {len(configured.encode())} bytes long"
        if configured
        else "SECRET_KEY is not set"
    )
    return (
        f"{problem}; outside local development it must be a random value of at least "
        f"{MIN_SECRET_BYTES} bytes. Make one with:\n\n    export SECRET_KEY=$({MAKE_A_SECRET})\n"
    )


def secret_key_for(configured: str | None, *, local: bool, instance_dir: Path) -> str:
    """Return the key to sign sessions with, refusing a missing or short one outside development."""
    problem = secret_key_problem(configured, local=local)
    if problem:
        raise ConfigError(problem)
    return configured or instance_secret_key(instance_dir)


def development_reason(config: Mapping[str, Any]) -> str | None:
    """Say why these settings are local development, or None when they are a deployment."""
    if config.get("DEBUG"):
        return "FLASK_DEBUG is on"
    if is_local_base_url(config["TRACKER_BASE_URL"]):
        return f"TRACKER_BASE_URL is {config['TRACKER_BASE_URL']}, plain HTTP on this machine"
    return None


LOG_FORMATS = ("text", "json")


def configuration_problems(config: Mapping[str, Any]) -> list[str]:
    """Say what in these settings stops the app from working, each in words one can act on."""
    local = development_reason(config) is not None
    problems: list[str] = []
    if not config.get("SQLALCHEMY_DATABASE_URI") and not local:
        problems.append(
            "DATABASE_URL is not set; outside local development the app needs the address of "
            "its PostgreSQL database, e.g. "
            "DATABASE_URL=postgresql+psycopg://tracker:PASSWORD@127.0.0.1:5432/tracker"
        )
    secret_problem = secret_key_problem(config.get("SECRET_KEY"), local=local)
    if secret_problem:
        problems.append(secret_problem)
    base_url = urlsplit(config["TRACKER_BASE_URL"])
    if base_url.scheme not in {"http", "https"} or not base_url.hostname:
        problems.append(
            f"TRACKER_BASE_URL must be the site's whole address, such as "
            f"https://tracker.example.gov.uk, not {config['TRACKER_BASE_URL']!r}"
        )
    elif base_url.scheme == "http" and config.get("SESSION_COOKIE_SECURE"):
        problems.append(
            f"TRACKER_BASE_URL is {config['TRACKER_BASE_URL']}, plain HTTP, but cookies are sent "
            "over HTTPS only (SESSION_COOKIE_SECURE is on): browsers would not send them back "
            "and every form would fail with 'The CSRF session token is missing'. Serve the site "
            "over HTTPS and set TRACKER_BASE_URL to its https:// address"
        )
    try:
        proxy_count(config["TRACKER_PROXIES"])
    except ConfigError as error:
        problems.extend(error.problems)
    try:
        reminder_send_time(config["TRACKER_REMINDER_SEND_TIME"])
    except ConfigError as error:
        problems.extend(error.problems)
    if config.get("TRACKER_REMINDERS") and not config.get("MAIL_SERVER") and not local:
        problems.append(
            "MAIL_SERVER is not set, and reminders are on (TRACKER_REMINDERS): set MAIL_SERVER "
            "to the council's mail relay (localhost if this server runs its own), or "
            "TRACKER_REMINDERS=off to run without reminder emails"
        )
    try:
        MailSettings.from_config({**config, "MAIL_SERVER": config.get("MAIL_SERVER") or ""})
    except MailConfigError as error:
        problems.append(f"The mail settings cannot work: {error}")
    problems.extend(evidence_problems(config))
    if config.get("LOG_FORMAT") not in LOG_FORMATS:
        problems.append(f"LOG_FORMAT must be 'text' or 'json', not {config.get('LOG_FORMAT')!r}")
    return problems


def evidence_problems(config: Mapping[str, Any]) -> list[str]:
    """Say what in the evidence settings stops files from being kept safely."""
    problems = []
    if config.get("EVIDENCE_STORAGE") not in EVIDENCE_STORAGE_MODES:
        problems.append(
            "EVIDENCE_STORAGE must be 'folder' (files kept in EVIDENCE_FOLDER) or 'database' "
            f"(for several servers sharing one database), not {config.get('EVIDENCE_STORAGE')!r}"
        )
    folder = config.get("EVIDENCE_FOLDER")
    if folder and Path(folder).resolve().is_relative_to(STATIC_DIR):
        problems.append(
            f"EVIDENCE_FOLDER is {folder}, inside the folder the app serves to anyone; choose a "
            "folder outside it, such as /var/lib/improvement-tracker/evidence"
        )
    for name in ("EVIDENCE_MAX_FILE_BYTES", "EVIDENCE_MAX_ACTION_BYTES"):
        value = str(config.get(name)).strip()
        if not value.isdigit() or int(value) == 0:
            problems.append(f"{name} must be a whole number of bytes above 0, not {value!r}")
    return problems


def fill_development_defaults(config: dict[str, Any], instance_dir: Path) -> None:
    """Fill in the database, key and mail server left unset, as only development may leave them."""
    config["SQLALCHEMY_DATABASE_URI"] = config.get("SQLALCHEMY_DATABASE_URI") or (
        f"sqlite:///{instance_dir / DEVELOPMENT_DATABASE_FILE}"
    )
    config["SECRET_KEY"] = secret_key_for(
        config.get("SECRET_KEY"),
        local=development_reason(config) is not None,
        instance_dir=instance_dir,
    )
    config["MAIL_SERVER"] = config.get("MAIL_SERVER") or DEVELOPMENT_MAIL_SERVER


DEVELOPMENT_DATABASE_FILE = "tracker.db"
DEVELOPMENT_MAIL_SERVER = "localhost"


@dataclass(frozen=True)
class Setting:
    """One environment variable the app reads: what it means, its default, when it is needed."""

    name: str
    meaning: str
    default: str
    required: str = ""
    secret: bool = False


REQUIRED_OUTSIDE_DEVELOPMENT = "outside local development"

# Every environment variable the app reads, in the order check-config and the README list them.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        "SQLAlchemy address of the database",
        f"in local development only: SQLite at instance/{DEVELOPMENT_DATABASE_FILE}",
        REQUIRED_OUTSIDE_DEVELOPMENT,
        secret=True,
    ),
    Setting(
        "SECRET_KEY",
        f"signs sessions and forms; a random value of at least {MIN_SECRET_BYTES} bytes",
        f"in local development only: a random key kept in instance/{SECRET_KEY_FILE}",
        REQUIRED_OUTSIDE_DEVELOPMENT,
        secret=True,
    ),
    Setting(
        "TRACKER_BASE_URL",
        "the site's address, for links in emails; plain HTTP on this machine means development",
        "http://127.0.0.1:5000 (local development)",
        "on a server",
    ),
    Setting("TRACKER_PROXIES", "how many trusted proxies set X-Forwarded-* headers", "0"),
    Setting(
        "SESSION_COOKIE_SECURE",
        "1 to send cookies over HTTPS only, 0 not to",
        "on, except in local development",
    ),
    Setting("TRACKER_REMINDERS", "on to send reminder emails, off not to", "on"),
    Setting("TRACKER_API_RATE_LIMIT", "API requests each token may make a minute", "120"),
    Setting(
        "TRACKER_REMINDER_SEND_TIME",
        "the time of day (Europe/London, HH:MM) the scheduler sends every plan's reminders",
        DEFAULT_REMINDER_SEND_TIME,
    ),
    Setting(
        "MAIL_SERVER",
        "the SMTP server reminders go through",
        f"in local development only: {DEVELOPMENT_MAIL_SERVER}",
        "outside local development while reminders are on",
    ),
    Setting("MAIL_PORT", "the SMTP server's port", "25"),
    Setting("MAIL_USE_TLS", "1 to upgrade the connection with STARTTLS", "off"),
    Setting("MAIL_USE_SSL", "1 for SMTP over TLS from the start", "off"),
    Setting("MAIL_USERNAME", "sign in to the SMTP server as", "none"),
    Setting("MAIL_PASSWORD", "the SMTP password", "none", secret=True),
    Setting("MAIL_DEFAULT_SENDER", "the From address", "improvement-tracker@localhost"),
    Setting("MAIL_TIMEOUT", "seconds to wait for the SMTP server at each step", "30"),
    Setting("IMPORT_MAX_BYTES", "largest plan file accepted, in bytes", "5242880"),
    Setting("IMPORT_MAX_ROWS", "most rows in a plan file", "5000"),
    Setting("IMPORT_MAX_COLUMNS", "most columns in a plan file", "60"),
    Setting(
        "PREPARED_DOCUMENT_THRESHOLD",
        "rows (actions and updates) above which a plan's document is prepared aside",
        "5000",
    ),
    Setting("PREPARED_DOCUMENT_WORKERS", "threads per web process preparing documents", "1"),
    Setting(
        "PREPARED_DOCUMENT_LEASE_SECONDS",
        "seconds a document build may run before it is failed",
        "900",
    ),
    Setting(
        "PREPARED_DOCUMENT_REUSE_SECONDS", "seconds a prepared document answers new requests", "600"
    ),
    Setting("PREPARED_DOCUMENT_KEEP_SECONDS", "seconds prepared documents are kept", "86400"),
    Setting(
        "EVIDENCE_STORAGE",
        "where evidence files are kept: folder, or database for several servers",
        "folder",
    ),
    Setting("EVIDENCE_FOLDER", "the folder evidence files are kept in", "instance/evidence"),
    Setting("EVIDENCE_MAX_FILE_BYTES", "largest evidence file accepted, in bytes", "5242880"),
    Setting(
        "EVIDENCE_MAX_ACTION_BYTES", "most bytes of evidence files one action holds", "52428800"
    ),
    Setting("LOG_FORMAT", "text, or json for one JSON object per line", "text"),
    Setting("FLASK_DEBUG", "1 for Flask's debugger: never on a server", "off"),
)


class Config:
    """Read settings for a deployed or local instance from environment variables."""

    # These three are checked by the app factory, which fills them in for local development only
    # (see configuration_problems and fill_development_defaults).
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    INSTANCE_PATH = str(INSTANCE_DIR)
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
    # Werkzeug's method for new password hashes; a hash names its own method, so old ones verify.
    PASSWORD_HASH_METHOD = "scrypt"
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 5 * 1024 * 1024))
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 5000))
    IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", 60))
    # Evidence files: kept in a folder outside the web root, or in the database.
    EVIDENCE_STORAGE = os.environ.get("EVIDENCE_STORAGE", "folder").strip().lower()
    EVIDENCE_FOLDER = os.environ.get("EVIDENCE_FOLDER") or None
    EVIDENCE_MAX_FILE_BYTES = os.environ.get("EVIDENCE_MAX_FILE_BYTES", str(5 * 1024 * 1024))
    EVIDENCE_MAX_ACTION_BYTES = os.environ.get("EVIDENCE_MAX_ACTION_BYTES", str(50 * 1024 * 1024))
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
    TRACKER_REMINDERS = _bool("TRACKER_REMINDERS", default=True)
    TRACKER_API_RATE_LIMIT = int(os.environ.get("TRACKER_API_RATE_LIMIT", 120))
    TRACKER_REMINDER_SEND_TIME = os.environ.get(
        "TRACKER_REMINDER_SEND_TIME", DEFAULT_REMINDER_SEND_TIME
    )
    TRACKER_TIMEZONE = "Europe/London"
    # "text" (the default) or "json": one JSON object per line, for log collectors.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
    # A plan document or export with more rows than this (actions plus their updates) is
    # prepared outside the request and offered for download when ready; smaller ones come at once.
    PREPARED_DOCUMENT_THRESHOLD = int(os.environ.get("PREPARED_DOCUMENT_THRESHOLD", 5000))
    # Threads in each web process that prepare documents; with 0, `flask prepared build` does.
    PREPARED_DOCUMENT_WORKERS = int(os.environ.get("PREPARED_DOCUMENT_WORKERS", 1))
    # A document still being built after this long is taken to have died with its process.
    PREPARED_DOCUMENT_LEASE_SECONDS = int(os.environ.get("PREPARED_DOCUMENT_LEASE_SECONDS", 900))
    # A built document answers new requests for the same data this long, and is deleted after a day.
    PREPARED_DOCUMENT_REUSE_SECONDS = int(os.environ.get("PREPARED_DOCUMENT_REUSE_SECONDS", 600))
    PREPARED_DOCUMENT_KEEP_SECONDS = int(os.environ.get("PREPARED_DOCUMENT_KEEP_SECONDS", 86400))
