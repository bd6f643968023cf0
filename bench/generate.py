"""Generate benchmark plans with bulk inserts: N actions, ten monthly updates each."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine

from tracker.domain.as_at import Month
from tracker.domain.plan_order import ref_sort_key

UPDATES_PER_ACTION = 10
FIRST_MONTH = Month(2023, 1)
REPORT_MONTH = FIRST_MONTH.shifted(UPDATES_PER_ACTION - 1)
PAST_DATE = date(2023, 6, 15)
ACTIONS_PER_OBJECTIVE = 10
THEMES = (
    "Management arrangements in terms of structure, leadership, capacity and decision making",
    "Resource management in terms of workforce, financial and asset utilisation",
    "Safeguarding arrangements to ensure that sound and safe practices are in place",
    "Performance management arrangements and a review of actual performance",
    "Future direction of the service and the quality of partnership arrangements",
)
BANDS = (
    "Actions to be completed by March 2023",
    "Actions to be completed between 1st April and 30th September 2023",
    "Actions to be completed between 1st October 2023 and 31st March 2024",
)
WORDS = [
    "review",
    "audit",
    "caseload",
    "supervision",
    "referral",
    "assessment",
    "quality",
    "assurance",
    "framework",
    "recruitment",
    "retention",
    "social",
    "workers",
    "managers",
    "locality",
    "panel",
    "board",
    "report",
    "monitoring",
    "performance",
    "data",
    "timeliness",
    "children",
    "families",
    "partners",
    "budget",
    "training",
    "practice",
    "policy",
    "inspection",
    "recommendations",
    "action",
    "plan",
    "evidence",
    "progress",
    "outcomes",
    "team",
    "capacity",
]


@dataclass(frozen=True)
class GeneratedPlan:
    """Name a generated plan and its size."""

    plan_id: int
    slug: str
    actions: int


class _Writer:
    """Insert many rows quickly: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, engine: Engine):
        self.dialect = engine.dialect.name
        self.raw = engine.raw_connection()
        if self.dialect == "sqlite":
            # The app's connections run SQLite in autocommit mode; one transaction for the
            # whole load saves a commit per row.
            self.raw.cursor().execute("BEGIN")

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        cursor = self.raw.cursor()
        if self.dialect == "postgresql":
            names = ", ".join(columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(
                f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})',
                (tuple(_sqlite_value(value) for value in row) for row in rows),
            )
        cursor.close()

    def commit(self) -> None:
        self.raw.commit()

    def close(self) -> None:
        self.raw.close()


def _sqlite_value(value):
    # Stored as SQLAlchemy's SQLite types store them, so the app reads them back unchanged.
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S.%f")
    if isinstance(value, bool):
        return int(value)
    return value


class _Ids:
    """Hand out primary keys, so rows can point at each other without reading ids back."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


def generate(
    engine: Engine, sizes: Sequence[int], seed: int = 2009, *, slug_prefix: str | None = None
) -> list[GeneratedPlan]:
    """Create one plan per size in an empty, migrated database; return the plans made."""
    # With a slug prefix the plans are named prefix-1, prefix-2, ..., so sizes may repeat.
    rng = random.Random(seed)
    sentences = [_sentence(rng, 12, 40) for _ in range(400)]
    action_texts = [_sentence(rng, 8, 24) for _ in range(400)]
    created = datetime(2022, 12, 1, 9, tzinfo=UTC)
    ids = _Ids()
    with engine.connect() as connection:
        # Migration 0005 adds the default organisation every plan and person belongs to here.
        organisation_id = connection.scalar(text("SELECT min(id) FROM organisation"))
    if organisation_id is None:
        raise RuntimeError("the database has no organisation: run the migrations first")
    writer = _Writer(engine)
    people = [
        f"{first} {last}"
        for first in ("Lyn", "Howard", "Deb", "Warren", "Julie", "Simon")
        for last in ("Burns", "Woolfenden", "Johnson", "Carratt", "Westwood", "Perry")
    ]
    person_rows = []
    for name in people:
        person_rows.append(
            (ids.take("person"), organisation_id, name, name.lower(), None, False, True, created)
        )
    writer.write(
        "person",
        (
            "id",
            "organisation_id",
            "name",
            "name_key",
            "email",
            "due_soon_opt_out",
            "active",
            "created_at",
        ),
        person_rows,
    )
    plans = []
    for number, size in enumerate(sizes, start=1):
        slug = None if slug_prefix is None else f"{slug_prefix}-{number}"
        plans.append(
            _plan(
                writer,
                ids,
                rng,
                size,
                people,
                sentences,
                action_texts,
                created,
                slug,
                organisation_id=organisation_id,
            )
        )
    writer.commit()
    writer.close()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for table in ids.next:
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), :value)"),
                    {"value": ids.next[table]},
                )
    return plans


def _sentence(rng: random.Random, shortest: int, longest: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(shortest, longest))
    return " ".join(words).capitalize() + "."


def _plan(
    writer, ids, rng, size, people, sentences, action_texts, created, slug=None, *, organisation_id
) -> GeneratedPlan:
    plan_id = ids.take("plan")
    slug = slug or f"bench-{size}"
    writer.write(
        "plan",
        (
            "id",
            "organisation_id",
            "slug",
            "title",
            "owner",
            "owner_person_id",
            "reporting_cadence",
            "due_soon_working_days",
            "escalation_working_days",
            "created_at",
            "archived_at",
        ),
        [
            (
                plan_id,
                organisation_id,
                slug,
                f"Benchmark Improvement Plan of {size} actions",
                "Julie Westwood",
                None,
                "monthly",
                5,
                10,
                created,
                None,
            )
        ],
    )
    band_ids = []
    band_rows = []
    for number, label in enumerate(BANDS, start=1):
        band_ids.append(ids.take("priority_band"))
        band_rows.append((band_ids[-1], plan_id, number, label, None, None))
    writer.write(
        "priority_band",
        ("id", "plan_id", "number", "label", "window_start", "window_end"),
        band_rows,
    )
    theme_ids = []
    theme_rows = []
    for number, title in enumerate(THEMES, start=1):
        theme_ids.append(ids.take("theme"))
        theme_rows.append((theme_ids[-1], plan_id, number, title, None))
    writer.write("theme", ("id", "plan_id", "number", "title", "archived_at"), theme_rows)

    objective_rows = []
    action_rows = []
    lead_rows = []
    milestone_rows = []
    update_rows = []
    for index in range(size):
        if index % ACTIONS_PER_OBJECTIVE == 0:
            objective_id = ids.take("objective")
            theme_index = (index // ACTIONS_PER_OBJECTIVE) % len(THEMES)
            objective_rows.append(
                (objective_id, theme_ids[theme_index], rng.choice(sentences), index, None)
            )
        action_id = ids.take("action")
        ongoing = rng.random() < 0.05
        target = None if ongoing else Month(2023, 1).shifted(rng.randint(0, 17)).last_day
        leads = rng.sample(people, rng.choice((1, 1, 2)))
        history = _history(rng, action_id, sentences, ids)
        update_rows.extend(history)
        last = history[-1]
        band_id = None if rng.random() < 0.05 else rng.choice(band_ids)
        ref = f"{theme_index + 1}.{index:06d}"
        action_rows.append(
            (
                action_id,
                plan_id,
                objective_id,
                band_id,
                ref,
                ref_sort_key(ref),
                rng.choice(action_texts),
                index,
                "Ongoing" if ongoing else f"{target:%B %Y}",
                target,
                None,
                "ongoing" if ongoing else "none",
                "Baseline as reported in the 2022/23 outturn",
                "Target as agreed by the panel",
                rng.choice(("Social Work", "Workforce / Finance", "Performance")),
                " / ".join(leads),
                created,
                None,
                last[6],
                last[7],
                last[8],
                last[9],
                last[10],
                last[2],
                last[11],
                1,
            )
        )
        person_ids = [people.index(name) + 1 for name in leads]
        lead_rows.extend(
            (action_id, person_id, position) for position, person_id in enumerate(person_ids)
        )
        if target is not None and rng.random() < 0.1:
            milestone_rows.append(
                (ids.take("milestone"), action_id, Month.of(target).shifted(-2).last_day)
            )
    writer.write("objective", ("id", "theme_id", "text", "position", "archived_at"), objective_rows)
    writer.write(
        "action",
        (
            "id",
            "plan_id",
            "objective_id",
            "band_id",
            "ref",
            "ref_sort_key",
            "text",
            "position",
            "target_date_text",
            "target_date",
            "target_date_problem",
            "recurrence",
            "baseline",
            "targets",
            "workstreams",
            "lead_text",
            "created_at",
            "archived_at",
            "current_completion",
            "current_rag",
            "current_direction",
            "current_performance",
            "current_commentary",
            "current_as_at",
            "current_completed_on",
            "version",
        ),
        action_rows,
    )
    writer.write("action_lead", ("action_id", "person_id", "position"), lead_rows)
    writer.write("milestone", ("id", "action_id", "due_on"), milestone_rows)
    writer.write(
        "status_update",
        (
            "id",
            "action_id",
            "as_at",
            "recorded_at",
            "author_user_id",
            "source",
            "completion",
            "rag",
            "direction",
            "current_performance",
            "commentary",
            "completed_on",
        ),
        update_rows,
    )
    writer.write(
        "risk",
        (
            "id",
            "plan_id",
            "description",
            "likelihood",
            "consequences",
            "mitigation",
            "owner",
            "status",
            "raised_on",
            "closed_on",
        ),
        [
            (
                ids.take("risk"),
                plan_id,
                rng.choice(sentences),
                rng.choice(("High", "Medium")),
                rng.choice(sentences),
                rng.choice(sentences),
                rng.choice(people),
                "open",
                date(2023, 1 + number % 9, 1),
                None,
            )
            for number in range(10)
        ],
    )
    writer.write(
        "achievement",
        ("id", "plan_id", "text", "achieved_on", "archived_at"),
        [
            (
                ids.take("achievement"),
                plan_id,
                rng.choice(sentences),
                FIRST_MONTH.shifted(number % UPDATES_PER_ACTION).first_day + timedelta(days=9),
                None,
            )
            for number in range(3 * UPDATES_PER_ACTION)
        ],
    )
    return GeneratedPlan(plan_id, slug, size)


def _history(rng: random.Random, action_id: int, sentences, ids) -> list[tuple]:
    """Return ten monthly updates that move an action towards completion, as leads report."""
    started = rng.randint(0, 3)
    completes = rng.randint(started + 1, UPDATES_PER_ACTION + 4)
    red = rng.random() < 0.1
    # Some actions stall: they stay not completed until the month they are done, if ever.
    stalls = rng.random() < 0.3
    rows = []
    completed_on = None
    for step in range(UPDATES_PER_ACTION):
        as_at = FIRST_MONTH.shifted(step).first_day + timedelta(days=rng.randint(0, 27))
        if step < started:
            status = "not_known"
        elif step >= completes:
            status = "completed"
        elif step >= (started + completes) // 2 and not stalls:
            status = "partially_completed"
        else:
            status = "not_completed"
        if status == "completed":
            completed_on = completed_on or as_at
            rag = "complete"
        else:
            rag = "red" if red and step >= started else rng.choice(("amber", "green", "amber"))
        rows.append(
            (
                ids.take("status_update"),
                action_id,
                as_at,
                datetime.combine(as_at + timedelta(days=1), time(9), tzinfo=UTC),
                None,
                "bench",
                status,
                rag,
                rng.choice(("improving", "unchanged", "declining")),
                "",
                rng.choice(sentences),
                completed_on if status == "completed" else None,
            )
        )
    return rows


@dataclass(frozen=True)
class GeneratedLeads:
    """Name the sign-in of the lead of exactly forty actions, and how many leads there are."""

    email: str
    actions: int
    leads: int


def add_leads(engine: Engine, count: int, *, password_hash: str) -> GeneratedLeads:
    """Give every generated action one of `count` new leads with accounts; one of them leads 40."""
    # Actions in id order go to the leads in turn, so with 100,000 actions and 5,000 leads each
    # lead has 20 actions, one in each of 20 plans. The first lead is also second lead on the
    # second lead's actions: 40 actions across 40 plans. Only that lead's account can sign in.
    created = datetime(2022, 12, 1, 9, tzinfo=UTC)
    with engine.begin() as connection:
        organisation_id = connection.scalar(text("SELECT min(id) FROM organisation"))
        first = connection.scalar(text("SELECT coalesce(max(id), 0) + 1 FROM person"))
        people = [
            {
                "organisation_id": organisation_id,
                "name": f"Lead {number:05d}",
                "name_key": f"lead {number:05d}",
                "email": f"lead{number:05d}@example.org",
                "due_soon_opt_out": False,
                "active": True,
                "created_at": created,
            }
            for number in range(count)
        ]
        connection.execute(
            text(
                "INSERT INTO person (organisation_id, name, name_key, email, due_soon_opt_out, "
                "active, created_at) VALUES (:organisation_id, :name, :name_key, :email, "
                ":due_soon_opt_out, :active, :created_at)"
            ),
            [
                {**person, "created_at": _sqlite_value(created)}
                if engine.dialect.name == "sqlite"
                else person
                for person in people
            ],
        )
        person_ids = list(
            connection.scalars(
                text("SELECT id FROM person WHERE id >= :first ORDER BY id"), {"first": first}
            )
        )
        connection.execute(
            text(
                "INSERT INTO user_account (person_id, email, password_hash, role, active, "
                "session_version, created_at) VALUES (:person_id, :email, :password_hash, "
                "'lead', :active, 1, :created_at)"
            ),
            [
                {
                    "person_id": person_id,
                    "email": person["email"],
                    "password_hash": password_hash if number == 0 else "",
                    "active": True,
                    "created_at": person["created_at"]
                    if engine.dialect.name == "postgresql"
                    else _sqlite_value(created),
                }
                for number, (person_id, person) in enumerate(zip(person_ids, people, strict=True))
            ],
        )
        action_ids = list(connection.scalars(text("SELECT id FROM action ORDER BY id")))
        connection.execute(text("DELETE FROM action_lead"))
        leads = [
            {"action_id": action_id, "person_id": person_ids[index % count], "position": 0}
            for index, action_id in enumerate(action_ids)
        ]
        leads += [
            {"action_id": lead["action_id"], "person_id": person_ids[0], "position": 1}
            for lead in leads
            if lead["person_id"] == person_ids[1]
        ]
        connection.execute(
            text(
                "INSERT INTO action_lead (action_id, person_id, position) "
                "VALUES (:action_id, :person_id, :position)"
            ),
            leads,
        )
    return GeneratedLeads(
        email=people[0]["email"],
        actions=sum(1 for lead in leads if lead["person_id"] == person_ids[0]),
        leads=count,
    )


LEADS_PER_REMINDER_PLAN = 10


@dataclass(frozen=True)
class ReminderWorkload:
    """Name the size of a generated reminder workload and how many actions are overdue."""

    plans: int
    actions: int
    leads: int
    overdue: int


def generate_reminder_workload(
    engine: Engine,
    *,
    plans: int,
    actions_per_plan: int,
    leads: int,
    today: date,
    overdue_share: float = 0.3,
    seed: int = 2009,
) -> ReminderWorkload:
    """Create plans whose actions' leads all have addresses, a share overdue on today.

    Every plan repeats overdue reminders daily and has no owner, so a lead's digest lists each
    of their overdue actions and nothing else: the rest fall due long after today. Each plan has
    ten leads, and the leads are shared out so that each is in about the same number of plans.
    """
    rng = random.Random(seed)
    created = datetime(2022, 12, 1, 9, tzinfo=UTC)
    with engine.connect() as connection:
        organisation_id = connection.scalar(text("SELECT min(id) FROM organisation"))
    if organisation_id is None:
        raise RuntimeError("the database has no organisation: run the migrations first")
    ids = _Ids()
    writer = _Writer(engine)
    person_ids = [ids.take("person") for _ in range(leads)]
    writer.write(
        "person",
        (
            "id",
            "organisation_id",
            "name",
            "name_key",
            "email",
            "due_soon_opt_out",
            "active",
            "created_at",
        ),
        [
            (
                person_id,
                organisation_id,
                f"Lead {person_id:05d}",
                f"lead {person_id:05d}",
                f"lead{person_id}@council.example",
                False,
                True,
                created,
            )
            for person_id in person_ids
        ],
    )
    plan_rows, theme_rows, objective_rows, action_rows, lead_rows = [], [], [], [], []
    overdue = 0
    for number in range(plans):
        plan_id = ids.take("plan")
        plan_rows.append(
            (
                plan_id,
                organisation_id,
                f"reminders-{number + 1}",
                f"Improvement Plan {number + 1} of the {rng.choice(THEMES)}",
                "Julie Westwood",
                None,
                "monthly",
                5,
                10,
                1,
                created,
                None,
            )
        )
        theme_id = ids.take("theme")
        theme_rows.append((theme_id, plan_id, 1, THEMES[0], None))
        objective_id = ids.take("objective")
        objective_rows.append((objective_id, theme_id, "Improve the service", 0, None))
        plan_leads = [
            person_ids[(number * LEADS_PER_REMINDER_PLAN + offset) % leads]
            for offset in range(LEADS_PER_REMINDER_PLAN)
        ]
        for index in range(actions_per_plan):
            action_id = ids.take("action")
            if rng.random() < overdue_share:
                target = today - timedelta(days=rng.randint(3, 90))
                overdue += 1
            else:
                target = today + timedelta(days=rng.randint(60, 400))
            ref = f"1.{index + 1}"
            action_rows.append(
                (
                    action_id,
                    plan_id,
                    objective_id,
                    None,
                    ref,
                    ref_sort_key(ref),
                    " ".join(rng.choices(WORDS, k=rng.randint(8, 20))).capitalize() + ".",
                    index,
                    f"{target:%d %B %Y}",
                    target,
                    None,
                    "none",
                    "",
                    "",
                    "",
                    "",
                    created,
                    None,
                    "not_known",
                    "",
                    "",
                    1,
                )
            )
            lead_rows.append((action_id, plan_leads[index % LEADS_PER_REMINDER_PLAN], 0))
    writer.write(
        "plan",
        (
            "id",
            "organisation_id",
            "slug",
            "title",
            "owner",
            "owner_person_id",
            "reporting_cadence",
            "due_soon_working_days",
            "escalation_working_days",
            "reminder_repeat_working_days",
            "created_at",
            "archived_at",
        ),
        plan_rows,
    )
    writer.write("theme", ("id", "plan_id", "number", "title", "archived_at"), theme_rows)
    writer.write("objective", ("id", "theme_id", "text", "position", "archived_at"), objective_rows)
    writer.write(
        "action",
        (
            "id",
            "plan_id",
            "objective_id",
            "band_id",
            "ref",
            "ref_sort_key",
            "text",
            "position",
            "target_date_text",
            "target_date",
            "target_date_problem",
            "recurrence",
            "baseline",
            "targets",
            "workstreams",
            "lead_text",
            "created_at",
            "archived_at",
            "current_completion",
            "current_performance",
            "current_commentary",
            "version",
        ),
        action_rows,
    )
    writer.write("action_lead", ("action_id", "person_id", "position"), lead_rows)
    writer.commit()
    writer.close()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for table in ids.next:
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), :value)"),
                    {"value": ids.next[table]},
                )
    return ReminderWorkload(plans, plans * actions_per_plan, leads, overdue)
