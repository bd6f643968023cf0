"""Load the demo plans from seed/ through the importer, with accounts to sign in with."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from tracker.domain.enums import Role
from tracker.domain.example_plan import offset_date, resolve_dates, snapshots
from tracker.domain.leads import person_key
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db
from tracker.models import Achievement, Person, Plan, PriorityBand, Recommendation, Risk, User
from tracker.services.accounts import hash_password
from tracker.services.indicator_seed import IndicatorSeedSummary, load_demo_indicators
from tracker.services.organisations import default_organisation
from tracker.services.plan_import import ImportSummary, import_plan_file, import_plan_rows
from tracker.services.tabular import TableLimits

DEMO_PASSWORD = "improve-2026"
ADMIN = ("Ada Administrator", "admin@example.org", Role.ADMIN)
PANEL = ("Pat Panel", "panel@example.org", Role.PANEL)


@dataclass
class DemoSeedResult:
    """Say what loading the demo did and how to sign in."""

    imports: list[ImportSummary] = field(default_factory=list)
    accounts_created: list[tuple[str, str]] = field(default_factory=list)
    sign_ins: list[tuple[str, str, Role]] = field(default_factory=list)
    example_plan_title: str = ""
    example_sign_ins: list[str] = field(default_factory=list)
    indicators: list[IndicatorSeedSummary] = field(default_factory=list)


def load_demo(seed_dir: Path, *, today: date, now: datetime, limits: TableLimits) -> DemoSeedResult:
    """Import the manifest's plans and example plan, create the demo accounts; safe to repeat."""
    manifest = json.loads((seed_dir / "manifest.json").read_text(encoding="utf-8"))
    result = DemoSeedResult()
    for entry in manifest["plans"]:
        for snapshot in entry["snapshots"]:
            result.imports.append(
                import_plan_file(
                    seed_dir / snapshot["file"],
                    slug=entry["slug"],
                    title=entry["title"],
                    as_at=date.fromisoformat(snapshot["as_at"]),
                    today=today,
                    now=now,
                    limits=limits,
                )
            )
        plan = db.session.execute(select(Plan).where(Plan.slug == entry["slug"])).scalar_one()
        _apply_plan_details(plan, entry)
    example_file = manifest.get("example_plan")
    example_people = []
    if example_file:
        example = json.loads((seed_dir / example_file).read_text(encoding="utf-8"))
        result.imports.extend(load_example_plan(example, today=today, now=now))
        example_people = example["people"]
        result.example_plan_title = example["title"]
        result.example_sign_ins = [person["email"] for person in example_people]
    for person in [*manifest["people"], *example_people]:
        _ensure_account(result, person["name"], person["email"], Role.LEAD)
    for name, email, role in (ADMIN, PANEL):
        _ensure_account(result, name, email, role)
    db.session.flush()
    indicators_file = manifest.get("indicators")
    if indicators_file:
        # After the accounts, so each indicator's owner is a person with an email address.
        indicators = json.loads((seed_dir / indicators_file).read_text(encoding="utf-8"))
        result.indicators = load_demo_indicators(indicators, today=today, now=now)
    return result


def load_example_plan(example: dict, *, today: date, now: datetime) -> list[ImportSummary]:
    """Import the fictional plan's monthly snapshots dated from today, unless it is already in."""
    # Its dates are counted from the day it is first loaded and stay so: loading it again, on any
    # later day, would move every date and add a second year of updates, so it is left alone.
    if db.session.scalar(select(Plan.id).where(Plan.slug == example["slug"])) is not None:
        return []
    working = WorkingCalendar()
    summaries = [
        import_plan_rows(
            rows,
            slug=example["slug"],
            title=example["title"],
            as_at=as_at,
            today=today,
            now=now,
            source=f"example plan as at {as_at.isoformat()}",
        )
        for as_at, rows in snapshots(example, today=today, working=working)
    ]
    plan = db.session.execute(select(Plan).where(Plan.slug == example["slug"])).scalar_one()
    _apply_plan_details(
        plan,
        {
            **example,
            "bands": [resolve_dates(b, today=today, working=working) for b in example["bands"]],
            "risks": [resolve_dates(r, today=today, working=working) for r in example["risks"]],
            "achievements": [
                resolve_dates(a, today=today, working=working) for a in example["achievements"]
            ],
        },
    )
    _describe_recommendations(plan.id, example.get("recommendations", {}), today, working)
    return summaries


def _describe_recommendations(
    plan_id: int, written: dict, today: date, working: WorkingCalendar
) -> None:
    # The import made each recommendation from its ref and words; who made it, and when, are not
    # columns of a plan table.
    for recommendation in db.session.scalars(
        select(Recommendation).where(Recommendation.plan_id == plan_id)
    ):
        entry = written.get(recommendation.ref)
        if entry is not None:
            recommendation.source = entry["source"]
            recommendation.made_on = offset_date(entry["made"], today=today, working=working)


def _apply_plan_details(plan: Plan, entry: dict) -> None:
    plan.owner = entry.get("owner", "")
    plan.reporting_cadence = entry.get("cadence", "monthly")
    plan.report_cut_off_working_days = entry.get("report_cut_off_working_days", 0)
    if plan.owner:
        plan.owner_person = _ensure_person(plan.owner)
    bands = {
        band.number: band
        for band in db.session.scalars(select(PriorityBand).where(PriorityBand.plan_id == plan.id))
    }
    for band_entry in entry.get("bands", []):
        band = bands.get(band_entry["number"])
        if band is None:
            band = PriorityBand(plan_id=plan.id, number=band_entry["number"])
            db.session.add(band)
        band.label = band_entry["label"]
        band.window_start = _date(band_entry.get("window_start"))
        band.window_end = _date(band_entry.get("window_end"))
    existing_risks = set(
        db.session.scalars(select(Risk.description).where(Risk.plan_id == plan.id))
    )
    for risk in entry.get("risks", []):
        if risk["description"] in existing_risks:
            continue
        db.session.add(
            Risk(
                plan_id=plan.id,
                description=risk["description"],
                likelihood=risk.get("likelihood", ""),
                consequences=risk.get("consequences", ""),
                mitigation=risk.get("mitigation", ""),
                owner=risk.get("owner", ""),
                status=risk.get("status", "open"),
                raised_on=date.fromisoformat(risk["raised_on"]),
                closed_on=_date(risk.get("closed_on")),
            )
        )
    existing_achievements = set(
        tuple(row)
        for row in db.session.execute(
            select(Achievement.text, Achievement.achieved_on).where(Achievement.plan_id == plan.id)
        ).all()
    )
    for achievement in entry.get("achievements", []):
        key = (achievement["text"], date.fromisoformat(achievement["achieved_on"]))
        if key not in existing_achievements:
            db.session.add(Achievement(plan_id=plan.id, text=key[0], achieved_on=key[1]))
            existing_achievements.add(key)


def _ensure_person(name: str) -> Person:
    key = person_key(name)
    organisation_id = default_organisation().id
    person = db.session.scalar(
        select(Person).where(Person.organisation_id == organisation_id, Person.name_key == key)
    )
    if person is None:
        person = Person(organisation_id=organisation_id, name=name, name_key=key)
        db.session.add(person)
        db.session.flush()
    return person


def _ensure_account(result: DemoSeedResult, name: str, email: str, role: Role) -> None:
    person = _ensure_person(name)
    if not person.email:
        person.email = email
    result.sign_ins.append((name, email, role))
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        return
    db.session.add(
        User(
            person_id=person.id,
            email=email,
            role=role,
            password_hash=hash_password(DEMO_PASSWORD),
        )
    )
    result.accounts_created.append((name, email))


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
