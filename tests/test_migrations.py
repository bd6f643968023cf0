"""The schema is made only by the migrations."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from tracker.extensions import db


def test_upgrade_from_empty_creates_every_model_table(app):
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_downgrade_to_base_and_upgrade_again_round_trips(app):
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())


def test_models_and_migrations_describe_the_same_schema(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_flask_db_upgrade_command_builds_an_empty_sqlite_database(tmp_path):
    from tests.conftest import make_config
    from tracker import create_app

    app = create_app(make_config(f"sqlite:///{tmp_path / 'fresh.db'}"))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()
