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


def test_0019_gives_each_person_one_outbox_key_a_day_and_keeps_every_row_as_it_was(app):
    from datetime import UTC, date, datetime, time

    from sqlalchemy import text

    from tests.factories import make_person, make_plan
    from tracker.domain.reminders import DigestKind, idempotency_key_for
    from tracker.services.outbox import existing_statuses

    person_id = make_person("Howard Woolfenden", "howard@example.org").id
    first, second = make_plan(slug="first").id, make_plan(slug="second").id
    db.session.commit()
    db.session.close()
    downgrade(revision="0018")
    tuesday, monday = date(2026, 3, 31), date(2026, 3, 30)
    # Howard had two plans' digests on Tuesday (one sent, one still pending), an escalation and
    # a failed digest on Monday, all under the per-plan keys of before.
    old_rows = [
        (1, "lead", first, tuesday, "sent", 1),
        (2, "lead", second, tuesday, "pending", 0),
        (3, "escalation", first, monday, "sent", 1),
        (4, "lead", first, monday, "failed", 5),
    ]
    sent_at = datetime(2026, 3, 31, 7, 1, tzinfo=UTC)
    with db.engine.begin() as connection:
        for row_id, kind, plan_id, day, status, attempts in old_rows:
            connection.execute(
                text(
                    "INSERT INTO outbox_message (id, idempotency_key, message_id, kind, for_date, "
                    "plan_id, person_id, recipient, subject, body_text, body_html, status, "
                    "attempts, last_error, created_at) VALUES (:id, :key, :message_id, :kind, "
                    ":day, :plan, :person, 'howard@example.org', :subject, 'text', '<p>html</p>', "
                    ":status, :attempts, '', :created)"
                ),
                {
                    "id": row_id,
                    "key": f"{kind}:{person_id}:{plan_id}:{day.isoformat()}",
                    "message_id": f"<reminder-{row_id}@tracker.test>",
                    "kind": kind,
                    "day": day,
                    "plan": plan_id,
                    "person": person_id,
                    "subject": f"Subject {row_id}",
                    "status": status,
                    "attempts": attempts,
                    "created": sent_at,
                },
            )
        connection.execute(
            text(
                "INSERT INTO outbox_attempt (outbox_message_id, attempted_at, outcome, reply, "
                "raw_message) VALUES (1, :at, 'delivered', '250 OK', 'Subject: Subject 1')"
            ),
            {"at": sent_at},
        )

    def outbox() -> list[tuple]:
        with db.engine.connect() as connection:
            return [
                tuple(row)
                for row in connection.execute(
                    text(
                        "SELECT id, idempotency_key, message_id, subject, status, attempts "
                        "FROM outbox_message ORDER BY id"
                    )
                )
            ]

    before = outbox()
    upgrade()

    after = outbox()
    assert [row[1] for row in after] == [
        f"lead:{person_id}:2026-03-31",
        f"lead:{person_id}:{second}:2026-03-31",
        f"escalation:{person_id}:2026-03-30",
        f"lead:{person_id}:2026-03-30",
    ]
    assert [row[:1] + row[2:] for row in after] == [row[:1] + row[2:] for row in before]
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM outbox_attempt")).scalar() == 1
    assert "reminder_send_time" not in {c["name"] for c in inspect(db.engine).get_columns("plan")}
    # A run after the upgrade on Tuesday finds Howard's digest for the day already written.
    tuesdays_key = idempotency_key_for(DigestKind.LEAD, person_id, tuesday)
    assert existing_statuses([tuesdays_key])[tuesdays_key][0] == 1
    db.session.close()

    downgrade(revision="0018")
    assert outbox() == before
    with db.engine.connect() as connection:
        send_times = connection.execute(text("SELECT reminder_send_time FROM plan")).scalars()
        assert {str(value)[:5] for value in send_times} == {str(time(7, 0))[:5]}
    upgrade()
