"""Backup benchmarks (issue 4): API calls against the minimum, wall time against a naive
client and against the physical floor, media throughput, peak memory, quick re-runs and
archive growth. Prints the figures and writes them to docs/BENCHMARKS.md.

    .venv/bin/python -m benchmarks.backup_bench            # the full set (~15 minutes)
    .venv/bin/python -m benchmarks.backup_bench --small    # a quick look (~1 minute)
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from benchmarks.common import (
    ROOT,
    Timer,
    dir_size,
    requests_served,
    sandbox_process,
    sandbox_state,
    write_section,
)
from creator_backup.api.factory import make_client
from creator_backup.archive.store import Archive
from creator_backup.auth.static import StaticToken
from creator_backup.backup.engine import BackupOptions, BackupResult, BackupRun


def our_backup(info: dict[str, Any], root: Path, **options: Any) -> tuple[BackupResult, float]:
    client = make_client(info["api_base"], StaticToken(info["access_token"]))
    try:
        with Archive.open(root) as archive, Timer() as timer:
            result = BackupRun(client, archive, BackupOptions(**options)).run()
    finally:
        client.close()
    assert result.complete, result.stopped
    return result, timer.seconds


def naive_backup(info: dict[str, Any], folder: Path) -> tuple[int, float]:
    """A reference client as a first script would be written: page_size 25, one request
    at a time, images one by one. Returns (files, seconds)."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {info['access_token']}"
    media = requests.Session()
    base = info["api_base"]

    def listing(path: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        bookmark = None
        while True:
            params: dict[str, Any] = {"page_size": 25}
            if bookmark:
                params["bookmark"] = bookmark
            body = session.get(base + path, params=params, timeout=60).json()
            items += body["items"]
            bookmark = body.get("bookmark")
            if not bookmark:
                return items

    folder.mkdir(parents=True, exist_ok=True)
    files = 0
    with Timer() as timer:
        session.get(base + "/user_account", timeout=60).json()
        pins: dict[str, dict[str, Any]] = {}
        for board in listing("/boards"):
            listing(f"/boards/{board['id']}/sections")
            for pin in listing(f"/boards/{board['id']}/pins"):
                pins[pin["id"]] = pin
        for pin in listing("/pins"):
            pins[pin["id"]] = pin
        for pin_id, pin in pins.items():
            images = pin["media"].get("images") or (pin["media"].get("items") or [{}])[0].get(
                "images", {}
            )
            if not images:
                continue
            url = max(images.values(), key=lambda v: v.get("width") or 0)["url"]
            data = media.get(url, timeout=60).content
            (folder / f"{pin_id}.img").write_bytes(data)
            hashlib.sha256(data).hexdigest()
            files += 1
    return files, timer.seconds


def minimum_calls(state: dict[str, Any]) -> int:
    boards = state["boards"]
    own = sum(1 for p in state["pins"] if p.get("is_owner", True))
    per_board = 0
    for board in boards:
        pins = sum(1 for p in state["pins"] if p["board_id"] == board["id"])
        sections = sum(1 for s in state["sections"] if s["board_id"] == board["id"])
        per_board += max(1, math.ceil(pins / 250)) + max(1, math.ceil(sections / 250))
    return 1 + max(1, math.ceil(len(boards) / 250)) + per_board + max(1, math.ceil(own / 250))


def peak_rss_metadata_only(pins: int, boards: int, workdir: Path) -> tuple[float, float]:
    """Peak RSS (MB) and seconds of a metadata-only CLI backup, measured in its process."""
    probe = (
        "import resource, sys\n"
        "from creator_backup.cli import main\n"
        "code = main(['backup', '--no-media', '--json'])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "raise SystemExit(code)\n"
    )
    with sandbox_process(
        "--pins", str(pins), "--boards", str(boards), "--latency-ms", "20"
    ) as info:
        env = dict(os.environ, CREATOR_BACKUP_HOME=str(workdir / "rss-home"))
        env["CREATOR_BACKUP_API_BASE"] = info["api_base"]
        env["CREATOR_BACKUP_ACCESS_TOKEN"] = info["access_token"]
        with Timer() as timer:
            done = subprocess.run(
                [sys.executable, "-c", probe],
                env=env,
                capture_output=True,
                text=True,
                timeout=3600,
                check=False,
            )
        assert done.returncode == 0, done.stderr
        return int(done.stderr.strip().splitlines()[-1]) / 1024, timer.seconds


def archive_bytes(root: Path) -> int:
    with Archive.open(root) as archive:
        archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum((root / n).stat().st_size for n in ("archive.sqlite",) if (root / n).exists())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="small sizes, for a quick look")
    args = parser.parse_args()
    pins, boards, big = (10_000, 50, 100_000) if not args.small else (600, 10, 5_000)
    work = Path(
        tempfile.mkdtemp(
            prefix="cb-bench-", dir=ROOT / "build" if (ROOT / "build").exists() else None
        )
    )
    lines: list[str] = []

    def report(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    try:
        # 1. Calls, ours against the naive client, at 20 ms per request.
        with sandbox_process(
            "--pins", str(pins), "--boards", str(boards), "--latency-ms", "20"
        ) as info:
            state = sandbox_state(info)
            before = requests_served(info)
            ours, ours_s = our_backup(info, work / "ours")
            calls = requests_served(info) - before
            api_calls = ours.api_calls
            minimum = minimum_calls(state)
            quick, quick_s = our_backup(info, work / "ours")
            sizes = [archive_bytes(work / "ours")]
            for _ in range(30):
                our_backup(info, work / "ours")
            sizes.append(archive_bytes(work / "ours"))
            _, wide_s = our_backup(info, work / "wide", workers=16)
            shutil.rmtree(work / "wide", ignore_errors=True)
            files, naive_s = naive_backup(info, work / "naive")
        report(
            f"Account: {pins:,} pins on {boards} boards, {ours.media_files:,} media files, "
            f"{ours.media_bytes / 1e6:,.0f} MB; sandbox latency 20 ms per request."
        )
        report(
            f"- API calls: {api_calls:,} against a minimum of {minimum:,} "
            f"({api_calls / minimum:.3f}x; goal at most 1.02x); the sandbox counted "
            f"{calls:,} API requests."
        )
        report(
            f"- Full backup: {ours_s:.1f} s; naive reference client ({files:,} images, page "
            f"size 25, one request at a time): {naive_s:.1f} s, so ours is "
            f"{naive_s / ours_s:.1f}x faster (goal at least 10x)."
        )
        report(
            f"- The same with 16 download workers instead of the default 8: {wide_s:.1f} s, "
            f"{naive_s / wide_s:.1f}x faster than the naive client. Doubling the pool gains "
            "little: the two cores are shared by the sandbox serving the images and the "
            "client hashing and writing them, so CPU, not latency, bounds this run."
        )
        report(
            f"- Media throughput: {ours.media_bytes / 1e6 / ours_s:.1f} MB/s "
            f"({ours.media_files / ours_s:.0f} files/s)."
        )
        report(
            f"- Quick re-run over the unchanged account: {quick_s:.2f} s, "
            f"{quick_s / ours_s * 100:.1f}% of the full run (goal at most 5%), "
            f"{quick.api_calls} API calls."
        )
        report(
            f"- Archive database growth over 30 unchanged quick runs: "
            f"{(sizes[1] - sizes[0]) / 1024:.0f} KB (goal well under 1 MB); the database "
            f"is {sizes[0] / 1e6:.1f} MB, the media {dir_size(work / 'ours' / 'media') / 1e6:,.0f} MB."
        )
        shutil.rmtree(work / "naive", ignore_errors=True)

        # 2. Against the physical floor: 50 ms per request, 100 Mbit/s for media.
        with sandbox_process(
            "--pins",
            str(pins),
            "--boards",
            str(boards),
            "--latency-ms",
            "50",
            "--bandwidth-mbps",
            "100",
        ) as info:
            floor_run, floor_s = our_backup(info, work / "floor")
            rate_limit_per_s = 1000 / 60
            floor = max(floor_run.api_calls / rate_limit_per_s, floor_run.media_bytes * 8 / 100e6)
        report(
            f"- Against the physical floor (50 ms latency, 100 Mbit/s): {floor_s:.1f} s; "
            f"floor max({floor_run.api_calls} calls / 1,000 a minute, "
            f"{floor_run.media_bytes / 1e6:,.0f} MB / 100 Mbit/s) = {floor:.1f} s: "
            f"{floor_s / floor:.2f}x (goal within 1.2x)."
        )
        shutil.rmtree(work / "floor", ignore_errors=True)

        # 3. Memory of a metadata-only backup of a big account.
        rss, rss_s = peak_rss_metadata_only(big, 200 if not args.small else 20, work)
        report(
            f"- Peak RSS of a metadata-only backup of {big:,} pins: {rss:.0f} MB "
            f"(goal at most 300 MB), in {rss_s:.0f} s."
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    title = "## Backup" + (" (small run)" if args.small else "")
    write_section(
        "backup",
        f"{title}\n\n`python -m benchmarks.backup_bench{' --small' if args.small else ''}`, "
        f"{stamp}, Python {sys.version.split()[0]}, {os.cpu_count()} cores.\n\n" + "\n".join(lines),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
