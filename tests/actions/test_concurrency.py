"""Eight writer processes post updates at once: every update is recorded exactly once."""

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy import func, select

from tests.actions.concurrent_writer import write_updates
from tests.factories import add_update, make_action, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Action, StatusUpdate

WRITERS = 8
UPDATES_EACH = 200
ACTIONS = 4


def test_eight_writers_record_every_update_exactly_once(app, database_url):
    lead = make_user(Role.LEAD)
    plan = make_plan()
    actions = [make_action(plan, ref=f"C{n}", leads=[lead.person]) for n in range(ACTIONS)]
    for action in actions:
        add_update(action, as_at=clock.today(), commentary="Baseline")
    db.session.commit()
    versions_before = {action.id: action.version for action in actions}
    action_ids = list(versions_before)
    user_id, session_version = lead.id, lead.session_version
    # On SQLite even a read takes the write lock (BEGIN IMMEDIATE): let go before the writers start.
    db.session.close()

    started = time.perf_counter()
    with ProcessPoolExecutor(WRITERS, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [
            pool.submit(
                write_updates,
                database_url,
                user_id,
                session_version,
                action_ids[worker % ACTIONS],
                worker,
                UPDATES_EACH,
            )
            for worker in range(WRITERS)
        ]
        results = [future.result() for future in futures]
    elapsed = time.perf_counter() - started

    assert [result["recorded"] for result in results] == [UPDATES_EACH] * WRITERS
    db.session.expire_all()
    written = db.session.execute(
        select(StatusUpdate.commentary, func.count())
        .where(StatusUpdate.commentary.like("worker %"))
        .group_by(StatusUpdate.commentary)
    ).all()
    assert len(written) == WRITERS * UPDATES_EACH
    assert {count for _, count in written} == {1}
    per_action = WRITERS // ACTIONS * UPDATES_EACH
    for action_id in action_ids:
        refreshed = db.session.get(Action, action_id)
        assert refreshed.version == versions_before[action_id] + per_action
        latest = db.session.scalar(
            select(StatusUpdate.commentary)
            .where(StatusUpdate.action_id == action_id)
            .order_by(StatusUpdate.recorded_at.desc(), StatusUpdate.id.desc())
            .limit(1)
        )
        assert refreshed.current_commentary == latest
    conflicts = sum(result["conflicts"] for result in results)
    print(
        f"{db.engine.dialect.name}: {WRITERS}×{UPDATES_EACH} updates in {elapsed:.1f}s, "
        f"{conflicts} submitted again on top after a 409"
    )
