"""Offline site benchmark (issue 8): time and peak memory of `export_site` over a backed
up sandbox account, with media, and the same without media at ten times the size to show
that memory stays flat. Prints the figures; writes nothing else.

    .venv/bin/python -m benchmarks.site_bench                  # 10,000 pins (~5 minutes)
    .venv/bin/python -m benchmarks.site_bench --big 100000     # and 100,000 without media
    .venv/bin/python -m benchmarks.site_bench --pins 1000      # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Timer, dir_size, sandbox_process
from creator_backup.api.factory import make_client
from creator_backup.archive.store import Archive
from creator_backup.auth.static import StaticToken
from creator_backup.backup.engine import BackupOptions, BackupRun

# Runs in its own process, so its peak RSS is the export's alone. `copy` stands in for a
# site on another disk (a USB stick), where files cannot be hard-linked.
PROBE = """
import json, os, resource, sys, time
from pathlib import Path
from creator_backup.archive.store import Archive
from creator_backup.site import export_site
if sys.argv[3] == "copy":
    def no_link(*_args, **_kwargs):
        raise OSError(18, "Invalid cross-device link")
    os.link = no_link
start = time.perf_counter()
with Archive.open(Path(sys.argv[1]), write=False) as archive:
    result = export_site(archive, Path(sys.argv[2]))
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rss_mb": rss / 1024, **result.to_json()}))
"""


def backup(pins: int, boards: int, root: Path, media: bool) -> float:
    with sandbox_process("--pins", str(pins), "--boards", str(boards)) as info:
        client = make_client(info["api_base"], StaticToken(info["access_token"]))
        try:
            with Archive.open(root) as archive, Timer() as timer:
                result = BackupRun(client, archive, BackupOptions(media=media)).run()
        finally:
            client.close()
    assert result.complete, result.stopped
    return timer.seconds


def export(root: Path, out: Path, mode: str = "link") -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(root), str(out), mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=7200,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def describe(label: str, f: dict[str, Any]) -> str:
    return (
        f"{label}: {f['pins']:,} pins, {f['boards']:,} boards, {f['pages']:,} pages, "
        f"{f['media_files']:,} media files, {f['bytes'] / 1e6:,.0f} MB in {f['seconds']:.1f} s "
        f"({f['pins'] / f['seconds']:,.0f} pins/s); peak RSS {f['rss_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pins", type=int, default=10_000)
    parser.add_argument("--boards", type=int, default=50)
    parser.add_argument("--big", type=int, default=0, help="also this many pins, no media")
    parser.add_argument("--no-copy", action="store_true", help="skip the copying run")
    args = parser.parse_args()
    (ROOT / "build").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="site-bench-", dir=ROOT / "build"))
    try:
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores")
        root = work / "archive"
        seconds = backup(args.pins, args.boards, root, media=True)
        print(f"backup with media: {seconds:.1f} s, archive {dir_size(root) / 1e6:,.0f} MB")
        linked = export(root, work / "site-linked")
        print(describe("export, media hard-linked", linked))
        if not args.no_copy:
            copied = export(root, work / "site-copied", "copy")
            print(describe("export, media copied", copied))
            shutil.rmtree(work / "site-copied")
        again = export(root, work / "site-linked")
        print(describe("export again over the first (replacing it)", again))
        if args.big:
            big = work / "big"
            seconds = backup(args.big, max(args.boards, args.big // 500), big, media=False)
            print(f"backup of {args.big:,} pins without media: {seconds:.1f} s")
            print(describe("export without media", export(big, work / "site-big")))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
