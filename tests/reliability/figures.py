"""What a reliability test did, counted, for docs/RELIABILITY.md.

A test calls `record(...)` with what it really did (kill points, faults injected, hostile
inputs tried, items lost). When CREATOR_BACKUP_FIGURES_DIR is set (docs/make_reliability.py
sets it), each call appends one JSON line there; otherwise it does nothing, so the
ordinary test run writes no files.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

FIGURES_ENV = "CREATOR_BACKUP_FIGURES_DIR"
COUNTS = ("kill_points", "faults_injected", "hostile_inputs", "items_lost")


def record(**counts: int) -> None:
    """Counts are whole numbers; the test is the one pytest is running now."""
    folder = os.environ.get(FIGURES_ENV)
    if not folder:
        return
    # "tests/x.py::test_y[param] (call)": the node id, without the phase.
    test = os.environ.get("PYTEST_CURRENT_TEST", "unknown").rsplit(" ", 1)[0]
    line = {"test": test, "at": time.time(), **{k: int(v) for k, v in counts.items()}}
    path = Path(folder) / f"{os.getpid()}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")
