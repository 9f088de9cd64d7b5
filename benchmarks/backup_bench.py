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
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
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
from creator_backup.backup.media_pipeline import DEFAULT_WORKERS


def our_backup(info: dict[str, Any], root: Path, **options: Any) -> tuple[BackupResult, float]:
    result, seconds, _ = our_backup_cpu(info, root, **options)
    return result, seconds


def our_backup_cpu(
    info: dict[str, Any], root: Path, **options: Any
) -> tuple[BackupResult, float, tuple[float, float]]:
    """A backup with its wall time and the (user, system) CPU seconds of this process
    (every thread: listing, downloads, hashing, writing); the sandbox runs apart."""
    client = make_client(info["api_base"], StaticToken(info["access_token"]))
    before = resource.getrusage(resource.RUSAGE_SELF)
    try:
        with Archive.open(root) as archive, Timer() as timer:
            result = BackupRun(client, archive, BackupOptions(**options)).run()
    finally:
        client.close()
    after = resource.getrusage(resource.RUSAGE_SELF)
    assert result.complete, result.stopped
    cpu = (after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime)
    return result, timer.seconds, cpu


def list_all_pins(info: dict[str, Any], page_size: int) -> dict[str, dict[str, Any]]:
    """Every pin of the account, one request at a time, as a first script would list them."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {info['access_token']}"
    base = info["api_base"]

    def listing(path: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        bookmark = None
        while True:
            params: dict[str, Any] = {"page_size": page_size}
            if bookmark:
                params["bookmark"] = bookmark
            body = session.get(base + path, params=params, timeout=60).json()
            items += body["items"]
            bookmark = body.get("bookmark")
            if not bookmark:
                return items

    session.get(base + "/user_account", timeout=60).json()
    pins: dict[str, dict[str, Any]] = {}
    for board in listing("/boards"):
        listing(f"/boards/{board['id']}/sections")
        for pin in listing(f"/boards/{board['id']}/pins"):
            pins[pin["id"]] = pin
    for pin in listing("/pins"):
        pins[pin["id"]] = pin
    return pins


def pin_files(pin: dict[str, Any]) -> list[str]:
    """The files a complete backup keeps, picked as plainly as a first script would: the
    widest image of the pin and of each carousel item, and any video."""
    media = pin.get("media") or {}

    def widest(images: dict[str, Any] | None) -> list[str]:
        if not images:
            return []
        return [max(images.values(), key=lambda v: v.get("width") or 0)["url"]]

    urls = widest(media.get("images"))
    for item in media.get("items") or []:
        urls += widest(item.get("images"))
        urls += [item["video_url"]] if item.get("video_url") else []
    urls += [media["video_url"]] if media.get("video_url") else []
    return urls


def naive_backup(info: dict[str, Any], folder: Path) -> tuple[int, float]:
    """A reference client as a first script would be written: page_size 25, one request
    at a time, files one by one, the same files ours keeps (each once). Returns (files,
    seconds)."""
    media = requests.Session()
    folder.mkdir(parents=True, exist_ok=True)
    files = 0
    seen: set[str] = set()
    with Timer() as timer:
        for pin_id, pin in list_all_pins(info, 25).items():
            for number, url in enumerate(pin_files(pin)):
                if url in seen:
                    continue
                seen.add(url)
                data = media.get(url, timeout=60).content
                (folder / f"{pin_id}-{number}").write_bytes(data)
                hashlib.sha256(data).hexdigest()
                files += 1
    return files, timer.seconds


def fetch_only(info: dict[str, Any], workers: int) -> tuple[int, int, float]:
    """The ceiling of this machine and sandbox: every file fetched over `workers`
    connections and thrown away (no hashing, no disk). Also fills the sandbox's media
    cache, so every timed client after it is served ready files, as from a CDN.
    Returns (files, bytes, seconds of fetching)."""
    urls = sorted({url for pin in list_all_pins(info, 250).values() for url in pin_files(pin)})
    local = threading.local()

    def fetch(url: str) -> int:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        total = 0
        with local.session.get(url, stream=True, timeout=60) as response:
            response.raise_for_status()
            for chunk in response.iter_content(64 * 1024):
                total += len(chunk)
        return total

    with Timer() as timer, ThreadPoolExecutor(workers) as pool:
        received = sum(pool.map(fetch, urls))
    return len(urls), received, timer.seconds


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
        # 1. Calls, ours against the naive client, at 20 ms per request. The sandbox keeps
        # every rendered file in memory and a first fetch-only pass fills it, so the timed
        # clients are served ready files, as from a CDN, rather than sharing the two cores
        # with the sandbox drawing them.
        with sandbox_process(
            "--pins",
            str(pins),
            "--boards",
            str(boards),
            "--latency-ms",
            "20",
            "--media-cache-mb",
            "6000",
            # Many runs share this sandbox within a minute; neither client should wait
            # out a limit here (the physical-floor run below keeps Pinterest's).
            "--rate-limit-per-min",
            "100000",
        ) as info:
            state = sandbox_state(info)
            fetched, fetched_bytes, fetch8_s = fetch_only(info, 8)
            _, _, fetch16_s = fetch_only(info, 16)
            before = requests_served(info)
            ours, ours_s, (ours_user, ours_sys) = our_backup_cpu(info, work / "ours")
            calls = requests_served(info) - before
            api_calls = ours.api_calls
            minimum = minimum_calls(state)
            # The default re-run lists every board (only new files are fetched); a quick
            # one leaves out boards whose counters did not move, and says so.
            rerun, rerun_s = our_backup(info, work / "ours")
            quick, quick_s = our_backup(info, work / "ours", kind="quick")
            sizes = [archive_bytes(work / "ours")]
            for _ in range(30):
                our_backup(info, work / "ours")
            sizes.append(archive_bytes(work / "ours"))
            _, eight_s = our_backup(info, work / "eight", workers=8)
            # Nothing is deleted between timed runs: on ext4 a burst of deleted files
            # slows the next ones created for a while, and would handicap the next client.
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
            f"- Ceiling of this machine and sandbox: fetching the {fetched:,} files "
            f"({fetched_bytes / 1e6:,.0f} MB) and throwing them away, with no listing, "
            f"hashing or disk, takes {fetch8_s:.1f} s over 8 connections and {fetch16_s:.1f} s "
            "over 16. That pass also fills the sandbox's memory with the rendered files, so "
            "every timed client after it is served ready files, as from a CDN."
        )
        report(
            f"- Full backup with the default {DEFAULT_WORKERS} download workers: "
            f"{ours_s:.1f} s; naive reference client ({files:,} files, page size 25, one "
            f"request at a time): {naive_s:.1f} s, so ours is {naive_s / ours_s:.1f}x "
            "faster (goal at least 10x)."
        )
        gigabytes = ours.media_bytes / 1e9
        report(
            f"- CPU of our process in that backup: {ours_user:.1f} s user + {ours_sys:.1f} s "
            f"system, {(ours_user + ours_sys) / gigabytes:.1f} s per GB downloaded (the "
            "sandbox, in its own process, shares the same cores)."
        )
        per_file_ms = fetch8_s * 8 / fetched * 1000
        report(
            f"- With 8 download workers: {eight_s:.1f} s, {naive_s / eight_s:.1f}x faster "
            f"than the naive client. Each file waits out the 20 ms latency "
            f"(about {per_file_ms:.0f} ms a file over 8 connections in the fetch-only pass), "
            f"so 8 connections need at least {fetched:,} x {per_file_ms:.0f} ms / 8 = "
            f"{fetch8_s:.1f} s however cheap the client, against the {naive_s / 10:.1f} s "
            "that 10x would take; 16 connections halve that floor. Pinterest's media CDN "
            "is not under the API rate limit (the API calls still follow it)."
        )
        report(
            f"- Media throughput: {ours.media_bytes / 1e6 / ours_s:.1f} MB/s "
            f"({ours.media_files / ours_s:.0f} files/s)."
        )
        report(
            f"- Default re-run over the unchanged account (every board listed again, no new "
            f"files): {rerun_s:.2f} s, {rerun.api_calls} API calls, "
            f"{rerun_s / ours_s * 100:.1f}% of the first run. At Standard access (1,000 "
            f"reads a minute) those calls take at least {rerun.api_calls * 60 / 1000:.1f} s; "
            f"with Trial access (1,000 requests a day) about {1000 // max(1, rerun.api_calls)} "
            "such backups fit in a day."
        )
        report(
            f"- Quick re-run (the default before this change; now `--quick`): {quick_s:.2f} s, "
            f"{quick_s / ours_s * 100:.1f}% of the full run (goal at most 5%), "
            f"{quick.api_calls} API calls, {len(quick.unchecked)} boards left out and "
            "reported as not checked."
        )
        report(
            f"- Archive database growth over 30 unchanged default runs: "
            f"{(sizes[1] - sizes[0]) / 1024:.0f} KB (goal well under 1 MB); the database "
            f"is {sizes[0] / 1e6:.1f} MB, the media {dir_size(work / 'ours' / 'media') / 1e6:,.0f} MB."
        )
        for name in ("eight", "naive"):
            shutil.rmtree(work / name, ignore_errors=True)

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
