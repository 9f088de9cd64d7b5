"""What the default backup costs, and what it sees (issue 16): every board listed again,
with only new files downloaded, against the quick run that was the default before.

On an unchanged account of 10,000 pins on 50 boards (20 ms a request, Pinterest's
Standard limit of 1,000 reads a minute), both re-runs are timed and their requests
counted side by side in one run. Then, in the sandbox's realism mode (real responses'
shapes: most boards without counters, moderation that moves no counter), one pin is
removed by moderation from a board whose counters do not move, and each kind of run is
asked whether it saw the removal.

    .venv/bin/python -m benchmarks.listing_bench            # about 2 minutes
    .venv/bin/python -m benchmarks.listing_bench --small    # a quick look
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from benchmarks.common import Timer, sandbox_process, sandbox_state, write_section
from creator_backup.api.factory import make_client
from creator_backup.archive.store import Archive
from creator_backup.auth.static import StaticToken
from creator_backup.backup.engine import BackupOptions, BackupResult, BackupRun
from creator_backup.diff.compare import diff

TRIAL_PER_DAY = 1000
STANDARD_PER_MINUTE = 1000


def run(info: dict[str, Any], root: Path, kind: str | None) -> tuple[BackupResult, float]:
    client = make_client(info["api_base"], StaticToken(info["access_token"]))
    try:
        with Archive.open(root) as archive, Timer() as timer:
            result = BackupRun(client, archive, BackupOptions(kind=kind, media=False)).run()
    finally:
        client.close()
    assert result.complete, result.stopped
    return result, timer.seconds


def removed_pins(root: Path) -> set[str]:
    with Archive.open(root, write=False) as archive:
        complete = [s for s in archive.snapshots() if s.complete]
        compared = diff(archive, complete[-2], complete[-1])
        return {item.id for item in compared.removed["pin"]}


def saved_pin_on_a_counted_board(info: dict[str, Any]) -> str:
    """A pin only its board's listing shows (saved from someone else, so GET /pins does
    not), on a board whose counters moderation leaves alone."""
    counted = set(
        requests.get(info["origin"] + "/_sandbox/realism", timeout=120).json()["boards"][
            "with_counters"
        ]
    )
    pins = sandbox_state(info)["pins"]
    return str(next(p["id"] for p in pins if p["board_id"] in counted and not p["is_owner"]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="small sizes, for a quick look")
    args = parser.parse_args()
    pins, boards = (10_000, 50) if not args.small else (1_000, 10)
    work = Path(tempfile.mkdtemp(prefix="cb-listing-"))
    lines: list[str] = []

    def report(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    try:
        flags = ("--pins", str(pins), "--boards", str(boards), "--latency-ms", "20")
        with sandbox_process(*flags) as info:
            run(info, work / "spec", None)
            default, default_s = run(info, work / "spec", None)
            quick, quick_s = run(info, work / "spec", "quick")
        report(
            f"Account: {pins:,} pins on {boards} boards, unchanged since the last backup; "
            f"20 ms a request, Pinterest's Standard limit of {STANDARD_PER_MINUTE:,} reads a "
            "minute."
        )
        report(
            f"- Default backup (every board listed, new files only): {default.api_calls} "
            f"requests in {default_s:.1f} s; at most {STANDARD_PER_MINUTE:,} a minute, those "
            f"requests need at least {default.api_calls * 60 / STANDARD_PER_MINUTE:.1f} s. "
            f"With Trial access ({TRIAL_PER_DAY:,} requests a day) "
            f"{TRIAL_PER_DAY // default.api_calls} such backups fit in a day."
        )
        report(
            f"- Quick backup (the default before; now a choice): {quick.api_calls} requests "
            f"in {quick_s:.2f} s; it left {len(quick.unchecked)} of {quick.boards} boards "
            "out, each reported as not checked."
        )

        with sandbox_process(*flags, "--realism") as info:
            run(info, work / "real-default", None)
            run(info, work / "real-quick", None)
            gone = saved_pin_on_a_counted_board(info)
            requests.post(info["origin"] + f"/_sandbox/pins/{gone}/remove", timeout=60)
            quick_after, _ = run(info, work / "real-quick", "quick")
            default_after, _ = run(info, work / "real-default", None)
            seen_by_quick = gone in removed_pins(work / "real-quick")
            seen_by_default = gone in removed_pins(work / "real-default")
        without = boards - len(quick_after.unchecked)
        report(
            f"- Real shapes (sandbox realism: {without} of {boards} boards without counters, "
            "so even a quick backup lists them): a pin removed by moderation from a board "
            "whose counters did not move is "
            f"{'seen' if seen_by_default else 'NOT seen'} by the default backup "
            f"({default_after.api_calls} requests) and "
            f"{'seen' if seen_by_quick else 'not seen'} by the quick one "
            f"({quick_after.api_calls} requests), which names "
            f"{len(quick_after.unchecked)} boards as not checked instead."
        )
        report(
            "- Decision: the default backup lists every board and downloads only new files. "
            "At Standard access it costs seconds more than a quick run and sees every removal "
            "a full listing would; the quick run stays as a choice for Trial budgets, and "
            "says which boards it did not check."
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    title = "## The default backup" + (" (small run)" if args.small else "")
    write_section(
        "listing",
        f"{title}\n\n`python -m benchmarks.listing_bench{' --small' if args.small else ''}`, "
        f"{stamp}, Python {sys.version.split()[0]}, {os.cpu_count()} cores.\n\n" + "\n".join(lines),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
