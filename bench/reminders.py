"""Time `reminders send` against the floor: raw SQL, the email package and a bare smtplib loop.

Each workload (S, M and, unless quick, L) is generated afresh; then the product's whole run
(selection, rendering, outbox, SMTP) and the floor take turns, each into the same counting
SMTP sink on loopback, which must receive every expected message exactly once. The floor
sends one message per person per day, the plan's items grouped under its title. Run
`python -m bench.reminders --databases sqlite,postgresql`.
"""

from __future__ import annotations

import json
import secrets
import smtplib
import socket
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape

from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from bench.generate import generate_reminder_workload
from bench.run import _reset, measure_each_database
from tracker import create_app
from tracker.config import Config
from tracker.extensions import db

TODAY = date(2026, 3, 31)
SENDER = "tracker@council.example"
BASE_URL = "http://tracker.example"
# name: (plans, actions per plan, leads, interleaved pairs)
WORKLOADS = {
    "S": (20, 50, 50, 3),
    "M": (200, 50, 500, 3),
    "L": (2_000, 50, 5_000, 1),
}
QUICK_WORKLOADS = ("S",)
WIRE_POLICY = policy.SMTP.clone(max_line_length=998)

FLOOR_SELECTION = """
SELECT p.id, p.name, p.email, pl.id, pl.title, pl.slug, a.id, a.ref, a.text, a.target_date
FROM action a
JOIN plan pl ON pl.id = a.plan_id
JOIN action_lead al ON al.action_id = a.id
JOIN person p ON p.id = al.person_id
WHERE a.archived_at IS NULL AND pl.archived_at IS NULL AND p.active
  AND p.email IS NOT NULL AND p.email <> ''
  AND a.target_date < {mark} AND a.current_completion <> 'completed'
ORDER BY p.id, pl.title, pl.id, a.id
"""


@dataclass
class CountingHandler:
    """Count each Message-ID the sink receives."""

    received: Counter = field(default_factory=Counter)

    async def handle_DATA(self, server, session, envelope) -> str:
        """Keep the message's Message-ID and accept it."""
        content = envelope.content
        start = content.find(b"\nMessage-ID:")
        if start < 0:
            start = content.find(b"\nMessage-Id:")
        end = content.find(b"\r\n", start + 1)
        self.received[content[start + 12 : end].strip().decode()] += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _floor_message(name: str, email: str, plans: list[tuple[str, str, list[tuple]]]) -> bytes:
    """Build one person's day of overdue actions, grouped by plan, with the email package."""
    count = sum(len(items) for _, _, items in plans)
    text_parts = [f"Dear {name},", "", f"You lead {count} overdue actions.", ""]
    html_parts = [f"<p>Dear {escape(name)},</p><p>You lead {count} overdue actions.</p>"]
    for title, slug, items in plans:
        link = f"{BASE_URL}/plans/{slug}/"
        text_parts += [title, link]
        html_parts.append(f'<h2><a href="{escape(link)}">{escape(title)}</a></h2><ul>')
        for action_id, ref, action_text, target in items:
            days = (TODAY - target).days
            url = f"{BASE_URL}/plans/{slug}/actions/{action_id}"
            text_parts.append(f"- {ref} {action_text} (due {target:%d %B %Y}, {days} days overdue)")
            text_parts.append(f"  {url}")
            html_parts.append(
                f'<li><a href="{escape(url)}">{escape(ref)}</a> {escape(action_text)} '
                f"(due {target:%d %B %Y}, {days} days overdue)</li>"
            )
        text_parts.append("")
        html_parts.append("</ul>")
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = email
    message["Subject"] = f"{count} overdue actions"
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="council.example")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content("\n".join(text_parts), cte="quoted-printable")
    message.add_alternative("".join(html_parts), subtype="html", cte="quoted-printable")
    return message.as_bytes(policy=WIRE_POLICY)


def run_floor(url: str, port: int) -> int:
    """Select the overdue items in SQL, build a message per person and send them; count them."""
    engine = create_engine(url)
    raw = engine.raw_connection()
    try:
        mark = "%s" if url.startswith("postgresql") else "?"
        cursor = raw.cursor()
        cursor.execute(FLOOR_SELECTION.format(mark=mark), (TODAY.isoformat(),))
        rows = cursor.fetchall()
        cursor.close()
        raw.commit()
    finally:
        raw.close()
        engine.dispose()
    people: dict[int, tuple[str, str]] = {}
    grouped: dict[int, dict[int, tuple[str, str, list[tuple]]]] = defaultdict(dict)
    for person_id, name, email, plan_id, title, slug, action_id, ref, action_text, target in rows:
        people[person_id] = (name, email)
        if isinstance(target, str):
            target = date.fromisoformat(target)
        plan = grouped[person_id].setdefault(plan_id, (title, slug, []))
        plan[2].append((action_id, ref, action_text, target))
    smtp = smtplib.SMTP("127.0.0.1", port, timeout=30)
    try:
        for person_id, (name, email) in people.items():
            payload = _floor_message(name, email, list(grouped[person_id].values()))
            smtp.sendmail(SENDER, [email], payload)
    finally:
        smtp.quit()
    return len(people)


def _app(url: str, port: int):
    config = type(
        "ReminderBenchConfig",
        (Config,),
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_USE_TLS": False,
            "MAIL_USE_SSL": False,
            "MAIL_DEFAULT_SENDER": SENDER,
            "TRACKER_BASE_URL": BASE_URL,
            "TRACKER_REMINDERS": True,
            "SECRET_KEY": secrets.token_hex(32),
        },
    )
    return create_app(config)


def _clear_outbox(app) -> None:
    with app.app_context():
        db.session.execute(text("DELETE FROM outbox_attempt"))
        db.session.execute(text("DELETE FROM outbox_message"))
        db.session.commit()


def run_product(app, handler: CountingHandler) -> dict:
    """Run `reminders send` for TODAY; check the sink got each outbox message exactly once."""
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--as-at", TODAY.isoformat()])
    if result.exit_code != 0:
        raise RuntimeError(f"reminders send failed: {result.output} {result.exception!r}")
    summary = json.loads(result.output.strip().splitlines()[-1])
    with app.app_context():
        rows = db.session.execute(text("SELECT message_id, status FROM outbox_message")).all()
        db.session.rollback()
    expected = {message_id for message_id, _ in rows}
    if any(status != "sent" for _, status in rows) or summary["sent"] != len(rows):
        raise RuntimeError(f"not every message was sent: {summary}")
    if set(handler.received) != expected or set(handler.received.values()) != {1}:
        raise RuntimeError("the sink did not get each outbox message exactly once")
    return {"messages": len(rows)}


def measure_workload(url: str, name: str) -> dict:
    """Generate one workload and time the product and the floor on it in interleaved pairs."""
    plans, per_plan, leads, pairs = WORKLOADS[name]
    _reset(url)
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        app = _app(url, controller.port)
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            workload = generate_reminder_workload(
                db.engine, plans=plans, actions_per_plan=per_plan, leads=leads, today=TODAY
            )
            generation_seconds = time.perf_counter() - started
            db.session.remove()
        product_times, floor_times = [], []
        product_messages = floor_messages = 0
        for _ in range(pairs):
            _clear_outbox(app)
            handler.received.clear()
            started = time.perf_counter()
            product_messages = run_product(app, handler)["messages"]
            product_times.append(time.perf_counter() - started)
            handler.received.clear()
            started = time.perf_counter()
            floor_messages = run_floor(url, controller.port)
            floor_times.append(time.perf_counter() - started)
            if len(handler.received) != floor_messages or set(handler.received.values()) != {1}:
                raise RuntimeError("the sink did not get each floor message exactly once")
    finally:
        controller.stop()
    product = statistics.median(product_times)
    floor = statistics.median(floor_times)
    return {
        "plans": workload.plans,
        "actions": workload.actions,
        "leads": workload.leads,
        "overdue_actions": workload.overdue,
        "generation_seconds": round(generation_seconds, 1),
        "pairs": pairs,
        "product_seconds": round(product, 3),
        "floor_seconds": round(floor, 3),
        "ratio": round(product / floor, 2),
        # Until the product sends one digest per person per day, as the floor does, the two
        # send different numbers of messages; this compares their cost per message.
        "ratio_per_message": round((product / product_messages) / (floor / floor_messages), 2),
        "product_messages": product_messages,
        "floor_messages": floor_messages,
        "product_times": [round(value, 3) for value in product_times],
        "floor_times": [round(value, 3) for value in floor_times],
    }


def measure(url: str, *, quick: bool = False) -> dict:
    """Measure the reminder run against its floor on each workload; return keys and details."""
    names = QUICK_WORKLOADS if quick else tuple(WORKLOADS)
    details = {}
    for name in names:
        print(f"  reminders {name}", flush=True)
        details[name] = measure_workload(url, name)
    keys: dict[str, object] = {}
    for name in names:
        keys[f"reminder_{name.lower()}_seconds"] = details[name]["product_seconds"]
    if "M" in details:
        keys["reminder_floor_ratio"] = details["M"]["ratio"]
        keys["reminder_floor_m_seconds"] = details["M"]["floor_seconds"]
        keys["reminder_scaling"] = {
            "m_over_s": round(details["M"]["product_seconds"] / details["S"]["product_seconds"], 2)
        }
        if "L" in details:
            keys["reminder_scaling"]["l_over_m"] = round(
                details["L"]["product_seconds"] / details["M"]["product_seconds"], 2
            )
    else:
        keys["reminder_floor_ratio_s"] = details["S"]["ratio"]
    return {"keys": keys, "details": details}


def main() -> None:
    """Measure on the databases asked for and print the results."""
    results = measure_each_database(
        "reminders",
        "reminders.db",
        "BENCH_REMINDERS_POSTGRES_URL",
        "postgresql+psycopg://postgres@127.0.0.1:5432/bench_reminders",
        measure,
        description=__doc__.splitlines()[0],
    )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
