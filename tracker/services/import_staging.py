"""Keep an uploaded plan file between checking it and confirming its import, then delete it."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import IO

from tracker.services.tabular import SUFFIXES

STAGED_NAME = re.compile(r"^[A-Za-z0-9_-]{32}\.(?:xlsx|csv)$")
STAGING_LIFETIME_SECONDS = 60 * 60


def stage_upload(stream: IO[bytes], suffix: str, directory: Path) -> str:
    """Save an upload under a random name in the staging folder and return that name."""
    if suffix not in SUFFIXES:
        raise ValueError(f"'{suffix}' is not a plan file suffix")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    sweep_stale(directory)
    name = secrets.token_urlsafe(24) + suffix
    with (directory / name).open("xb") as staged:
        shutil.copyfileobj(stream, staged)
    return name


def staged_path(directory: Path, name: str) -> Path | None:
    """Return the path of a staged file by its name, or None if the name is not one or is gone."""
    if not STAGED_NAME.match(name):
        return None
    path = directory / name
    return path if path.is_file() else None


def discard(directory: Path, name: str) -> None:
    """Delete a staged file, if it is still there."""
    path = staged_path(directory, name)
    if path is not None:
        path.unlink(missing_ok=True)


def sweep_stale(directory: Path) -> None:
    """Delete staged files left behind by checks that were never confirmed."""
    cutoff = time.time() - STAGING_LIFETIME_SECONDS
    with os.scandir(directory) as entries:
        for entry in entries:
            if STAGED_NAME.match(entry.name) and entry.stat().st_mtime < cutoff:
                Path(entry.path).unlink(missing_ok=True)
