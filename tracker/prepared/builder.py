"""Build queued documents on a few threads of the web process, each in its own app context."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from flask import Flask, current_app

from tracker import clock
from tracker.auth.permissions import SignedInUser
from tracker.domain.prepared_documents import FAILED_MESSAGE
from tracker.extensions import db
from tracker.models import Plan, User
from tracker.prepared.kinds import KINDS, DocumentJob, DocumentRefused
from tracker.services import job_lock, prepared_documents

_EXECUTOR_KEY = "prepared_documents"
_executor_lock = threading.Lock()


def submit(app: Flask, token: str) -> None:
    """Have one of the app's builder threads build the job, if the app runs any."""
    workers = app.config["PREPARED_DOCUMENT_WORKERS"]
    if workers < 1:
        return
    with _executor_lock:
        executor = app.extensions.get(_EXECUTOR_KEY)
        if executor is None:
            executor = app.extensions[_EXECUTOR_KEY] = ThreadPoolExecutor(
                max_workers=workers, thread_name_prefix="prepared-documents"
            )
    executor.submit(_build_in_thread, app, token)


def _build_in_thread(app: Flask, token: str) -> None:
    with app.app_context():
        try:
            build(token)
        except Exception:
            # The job stays as it was; its lease, if it was taken, runs out and says so.
            app.logger.exception("Preparing document %s failed", token)
        finally:
            db.session.remove()


def build_queued() -> int:
    """Build the jobs queued now, oldest first, and return how many this process built."""
    return sum(build(token) for token in prepared_documents.queued_tokens())


def build(token: str) -> bool:
    """Claim the queued job, build its document and store it or why not; False if not queued."""
    holder = job_lock.new_holder()
    lease = timedelta(seconds=current_app.config["PREPARED_DOCUMENT_LEASE_SECONDS"])
    # Committed at once, so that other processes see the job taken (transactions.py).
    job = prepared_documents.claim(token, holder, clock.now(), lease)
    db.session.commit()
    if job is None:
        return False
    problem = None
    content = b""
    try:
        # A read-only transaction: on SQLite it takes no write lock for the length of the build.
        db.session.connection(execution_options={"read_only": True})
        kind = KINDS[job.kind]
        plan: Plan | None = None
        if job.plan_id is not None:
            plan = prepared_documents.plan_to_build(job.plan_id)
        account = SignedInUser(db.session.get_one(User, job.user_id))
        content = kind.build(DocumentJob(plan, job.options, job.filename, account, clock.now()))
    except DocumentRefused as error:
        problem = str(error)
    except Exception:
        current_app.logger.exception("Preparing document %s failed", token)
        problem = FAILED_MESSAGE
    finally:
        db.session.rollback()
    if problem is None:
        prepared_documents.finish(token, holder, content, clock.now())
    else:
        prepared_documents.fail(token, holder, problem, clock.now())
    # Committed at once, so that the preparing page in any process sees the result.
    db.session.commit()
    return True
