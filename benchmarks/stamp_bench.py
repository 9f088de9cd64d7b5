"""Time-stamping cost per snapshot (issue 21): stamping a snapshot's manifest with two
authorities (the manifest written, two RFC 3161 requests, each reply verified and kept)
against writing the manifest alone, for a small archive and a 10,000-pin one, as ratios
measured side by side in one run. The authorities are the test suite's, on loopback
(tests/evidence/tsa.py: `openssl ts -reply` behind HTTP), so the figure is the app's own
cost plus a fast authority's; a public one adds its network round trip and queue.
Writes its section of docs/BENCHMARKS.md.

    .venv/bin/python -m benchmarks.stamp_bench
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.backup_bench import our_backup
from benchmarks.common import Timer, sandbox_process, write_section
from creator_backup.archive.store import Archive
from creator_backup.evidence.authorities import Authorities
from creator_backup.evidence.snapshot_stamps import (
    ensure_manifest,
    stamp_snapshot,
    stamps_folder,
)
from tests.evidence.tsa import LocalTsa, make_authority_keys

SIZES = (("small", 200, 10), ("large", 10_000, 100))  # name, pins, boards


@dataclass(frozen=True)
class Measured:
    name: str
    pins: int
    manifest_bytes: int
    alone_s: float  # median: the manifest built and written durably
    stamped_s: float  # median: the same, then two authorities asked and their tokens kept

    @property
    def ratio(self) -> float:
        return self.stamped_s / self.alone_s


def median_seconds(runs: int, before: Callable[[], None], measured: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        before()
        with Timer() as timer:
            measured()
        times.append(timer.seconds)
    return statistics.median(times)


def measure(name: str, pins: int, boards: int, work: Path, authorities: Authorities,
            runs: int) -> Measured:  # fmt: skip
    root = work / name
    # No media: the manifest's size and cost come from the items, and a 10,000-pin backup
    # with pictures would time the sandbox, not the stamping.
    with sandbox_process("--pins", str(pins), "--boards", str(boards)) as info:
        our_backup(info, root, media=False, timestamp=False)
    with Archive.open(root) as archive:
        snapshot = archive.last_complete()
        assert snapshot is not None
        folder = stamps_folder(root, snapshot.id)

        def fresh() -> None:  # every run starts from an unstamped snapshot
            shutil.rmtree(folder, ignore_errors=True)

        manifest_bytes = len(ensure_manifest(archive, snapshot))
        alone, stamped = [], []
        for _ in range(runs):  # interleaved: both see the same moments of a shared machine
            alone.append(median_seconds(1, fresh, lambda: ensure_manifest(archive, snapshot)))
            stamped.append(
                median_seconds(1, fresh, lambda: stamp_snapshot(archive, snapshot, authorities))
            )
            assert len(list(folder.glob("*.tsr"))) == 2, "both authorities stamped"
    return Measured(name, pins, manifest_bytes, statistics.median(alone),
                    statistics.median(stamped))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cb-stamp-bench-"))
    servers: list[LocalTsa] = []
    try:
        keys = [make_authority_keys(work / "tsa" / n, n) for n in ("Alpha", "Beta")]
        servers = [LocalTsa(k).start() for k in keys]
        roots = work / "roots.pem"
        roots.write_bytes(b"".join(k.root_pem.read_bytes() for k in keys))
        authorities = Authorities(tuple(s.url for s in servers), (roots,))
        results = [measure(n, p, b, work, authorities, args.runs) for n, p, b in SIZES]
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        f"- {m.pins:,} pins (manifest {m.manifest_bytes / 1e3:,.0f} kB): the manifest alone "
        f"{m.alone_s * 1e3:,.0f} ms, stamped by two authorities {m.stamped_s * 1e3:,.0f} ms: "
        f"**{m.ratio:.1f}x** (+{(m.stamped_s - m.alone_s) * 1e3:,.0f} ms)"
        for m in results
    ]
    for line in lines:
        print(line)
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    write_section(
        "stamp",
        f"## Time-stamping a snapshot\n\n`python -m benchmarks.stamp_bench`, {stamp}, Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} cores; median of {args.runs} runs each, "
        "interleaved. Stamping = writing the manifest, asking two RFC 3161 authorities on "
        "loopback (`openssl ts -reply`, tests/evidence/tsa.py) and verifying and keeping their "
        "tokens; only the manifest's hash is sent, so its cost over the manifest alone is "
        "nearly fixed per snapshot. A public authority adds its own network round trip to "
        "each of the two requests, once per backup.\n\n" + "\n".join(lines),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
