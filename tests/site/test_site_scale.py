"""100,000 pins export without holding them in memory: the export runs in its own process
so that its peak RSS is its own, and every pin still gets its page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.backup.conftest import do_backup

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, resource, sys
from pathlib import Path
from creator_backup.archive.store import Archive
from creator_backup.site import export_site
with Archive.open(Path(sys.argv[1]), write=False) as archive:
    result = export_site(archive, Path(sys.argv[2]))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rss_mb": rss, **result.to_json()}))
"""
PEAK_RSS_MB = 200  # measured: 64 MB at 100,000 pins, 62 MB at 10,000


@pytest.mark.slow
@pytest.mark.timeout(3600)  # the 100,000-pin backup alone takes minutes on a busy machine
def test_a_hundred_thousand_pins_export_in_flat_memory(tmp_path: Path) -> None:
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=5, boards=200, pins=100_000, section_conflict_rate=0)
    )
    sandbox.start()
    try:
        assert do_backup(sandbox, tmp_path / "archive", media=False).complete
    finally:
        sandbox.stop()
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "archive"), str(out)],
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["pins"] == 100_000
    assert sum(1 for _ in (out / "pins").iterdir()) == 100_000
    assert figures["rss_mb"] < PEAK_RSS_MB, figures
