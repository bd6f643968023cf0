"""Schemathesis's own command, with every check it has and this repository's settings, passes.

The suite's per-operation fuzz (test_schemathesis.py) checks what the issue asks of every
response; this runs `st run` as anyone would against the served description, with the
settings in schemathesis.toml, so that its other checks (valid data accepted, invalid data
refused, a missing header, an unsupported method, a record read after it is made) hold too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.api.live_api import DESCRIPTION, app_config, live_api  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
# Per operation and phase; with a fixed seed the run is the same every time.
EXAMPLES = 20
SEED = 1


def test_schemathesis_run_with_every_check_passes(live_api):  # noqa: F811
    assert (ROOT / "schemathesis.toml").is_file(), "the settings st run reads are in the repo"
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            live_api.base_url + DESCRIPTION,
            "--header",
            f"Authorization: Bearer {live_api.token}",
            "--max-examples",
            str(EXAMPLES),
            "--seed",
            str(SEED),
            "--no-color",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    summary = finished.stdout[finished.stdout.find("SUMMARY") :]
    assert finished.returncode == 0, finished.stdout[-6000:] + finished.stderr[-2000:]
    assert "Tested: " in summary and " passed" in summary, summary
