"""The schema is made only by the migrations."""

import re

from flask_migrate import downgrade, upgrade
from sqlalchemy import Enum, inspect

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


def test_each_enum_column_is_checked_against_exactly_its_words(app):
    inspector = inspect(db.engine)
    checked = {}
    for table in db.metadata.sorted_tables:
        reflected = {c["name"]: c["sqltext"] for c in inspector.get_check_constraints(table.name)}
        for column in table.columns:
            if isinstance(column.type, Enum):
                sqltext = reflected[f"ck_{table.name}_{column.type.name}"]
                checked[(table.name, column.name)] = set(re.findall(r"'([^']*)'", sqltext))
                assert checked[(table.name, column.name)] == set(column.type.enums), column
    assert {("risk", "status"), ("audit_event", "verb"), ("outbox_message", "kind")} <= set(checked)


def test_flask_db_upgrade_command_builds_an_empty_sqlite_database(tmp_path):
    from tests.conftest import make_config
    from tracker import create_app

    app = create_app(make_config(f"sqlite:///{tmp_path / 'fresh.db'}"))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()


def test_0005_puts_existing_plans_and_people_in_the_default_organisation_and_back(app):
    from sqlalchemy import text

    downgrade(revision="0004")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO person (id, name, name_key, due_soon_opt_out, active, created_at) "
                "VALUES (1, 'Head of QA', 'head of qa', FALSE, TRUE, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO plan (id, slug, title, owner, owner_person_id, reporting_cadence, "
                "due_soon_working_days, escalation_working_days, reminder_send_time, created_at) "
                "VALUES (1, 'p', 'P', '', 1, 'monthly', 5, 10, '07:00:00', CURRENT_TIMESTAMP)"
            )
        )

    upgrade()
    with db.engine.connect() as connection:
        organisations = connection.execute(text("SELECT id, name FROM organisation")).all()
        placed = connection.execute(
            text(
                "SELECT (SELECT organisation_id FROM plan WHERE id = 1), "
                "(SELECT organisation_id FROM person WHERE id = 1)"
            )
        ).one()
    [(default_id, name)] = organisations
    assert (name, tuple(placed)) == ("Default organisation", (default_id, default_id))

    downgrade(revision="0004")
    with db.engine.connect() as connection:
        kept = connection.execute(text("SELECT name_key FROM person")).scalars().all()
    assert kept == ["head of qa"]
    assert "organisation" not in inspect(db.engine).get_table_names()
    upgrade()
