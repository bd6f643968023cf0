"""Build the Improvement Tracker Flask app."""

import secrets
from importlib import metadata
from pathlib import Path

from flask import Flask, g, request, session
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from tracker import errors, request_log, web_input
from tracker.config import (
    Config,
    ConfigError,
    configuration_problems,
    fill_development_defaults,
    proxy_count,
)
from tracker.extensions import csrf, db, login_manager, migrate

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
# A checkout keeps the templates and migrations beside the package; a wheel carries them inside.
SHIPPED_DIR = PACKAGE_DIR if (PACKAGE_DIR / "templates").is_dir() else ROOT
TEMPLATES_DIR = SHIPPED_DIR / "templates"
MIGRATIONS_DIR = SHIPPED_DIR / "migrations"
VERSION = metadata.version("improvement-tracker")


def create_app(config_class: type[Config] = Config) -> Flask:
    """Create the app for the given configuration class."""
    app = errors.TrackerApp(
        __name__,
        instance_path=config_class.INSTANCE_PATH,
        template_folder=str(TEMPLATES_DIR),
    )
    app.config.from_object(config_class)
    problems = configuration_problems(app.config)
    if problems:
        raise ConfigError(*problems)
    fill_development_defaults(app.config, Path(app.instance_path))
    proxies = app.config["TRACKER_PROXIES"] = proxy_count(app.config["TRACKER_PROXIES"])
    if proxies:
        # Trust only the headers the configured proxies add, so a client cannot pick its address.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(TEMPLATES_DIR)),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.globals["tracker_version"] = VERSION
    app.jinja_env.lstrip_blocks = True

    request_log.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        _configure_sqlite(db.engine)
        _configure_postgresql(db.engine)

    from tracker import filters
    from tracker.auth import permissions  # noqa: F401  (registers the user loader)

    filters.register(app)
    # Before the blueprints: their routes take the bounded converters when they are added.
    web_input.register(app)
    _register_blueprints(app)
    _register_commands(app)
    _register_security_headers(app)
    errors.register(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from tracker.actions import bp as actions_bp
    from tracker.admin import bp as admin_bp
    from tracker.api import bp as api_bp
    from tracker.auth import bp as auth_bp
    from tracker.backup import bp as backup_bp
    from tracker.health import bp as health_bp
    from tracker.indicators import bp as indicators_bp
    from tracker.main import bp as main_bp
    from tracker.plans import bp as plans_bp
    from tracker.prepared import bp as prepared_bp
    from tracker.reminders import bp as reminders_bp
    from tracker.reports import bp as reports_bp
    from tracker.seed import bp as seed_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(plans_bp, url_prefix="/plans")
    app.register_blueprint(actions_bp, url_prefix="/actions")
    app.register_blueprint(indicators_bp, url_prefix="/indicators")
    app.register_blueprint(reports_bp, url_prefix="/reports")
    app.register_blueprint(prepared_bp, url_prefix="/prepared")
    app.register_blueprint(reminders_bp, url_prefix="/reminders")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(seed_bp)
    app.register_blueprint(backup_bp)
    app.register_blueprint(health_bp, url_prefix="/health")
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def _register_commands(app: Flask) -> None:
    """Add the command groups that no blueprint owns: flask scheduler, people and tokens."""
    from tracker.auth.token_cli import tokens_cli
    from tracker.reminders.cli import people_cli, scheduler_cli

    app.cli.add_command(scheduler_cli)
    app.cli.add_command(people_cli)
    app.cli.add_command(tokens_cli)


def _configure_postgresql(engine: Engine) -> None:
    """Turn PostgreSQL's JIT compilation off for the app's connections."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_connection, _connection_record):  # type: ignore[no-untyped-def]
        # The grouped figures' queries are estimated dear enough to be JIT-compiled, and
        # compiling took 343 ms of a 469 ms query whose work is about 105 ms. Set for the
        # session, outside a transaction, and beside any options the database URL gives.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        cursor = dbapi_connection.cursor()
        cursor.execute("SET SESSION jit = off")
        cursor.close()
        dbapi_connection.autocommit = autocommit


def _configure_sqlite(engine: Engine) -> None:
    """Make SQLite wait for locks and take the write lock when a transaction starts."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _connection_record):  # type: ignore[no-untyped-def]
        # Hand transaction control to SQLAlchemy so that BEGIN IMMEDIATE below takes effect.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        # A deferred transaction that later writes can fail with "database is locked" at once;
        # an immediate one waits for the busy timeout instead. A connection opened read-only
        # (the readiness check) takes no write lock, so it never waits behind a writer.
        if connection.get_execution_options().get("read_only"):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def _register_security_headers(app: Flask) -> None:
    @app.before_request
    def _make_csp_nonce() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.context_processor
    def _inject_csp_nonce() -> dict[str, str]:
        return {"csp_nonce": g.get("csp_nonce", "")}

    @app.after_request
    def _set_security_headers(response):  # type: ignore[no-untyped-def]
        nonce = g.get("csp_nonce", "")
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        # Nothing shown to a signed-in account may be kept by a browser or a shared cache, nor a
        # page whose address holds a reset token.
        if session.get("_user_id") or request.endpoint == "auth.reset_password":
            response.headers["Cache-Control"] = "no-store"
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
