"""`verify`: is the archive whole? Structure always; the bytes of media on request.

Modelled on restic's `check` and `check --read-data-subset n/t`: read-only, and a list of
problems rather than a repair. A rotating subset spreads a full re-hash over several runs.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from creator_backup.archive.locate import DB_NAME
from creator_backup.archive.media_store import MEDIA_DIR, hash_file
from creator_backup.archive.store import Archive
from creator_backup.progress import Progress, ProgressSink, ignore_progress


@dataclass
class VerifyReport:
    database: str = "ok"
    media_checked: int = 0
    media_rehashed: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, kind: str, where: str, detail: str) -> None:
        self.problems.append({"kind": kind, "where": where, "detail": detail})

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "database": self.database,
            "media_checked": self.media_checked,
            "media_rehashed": self.media_rehashed,
            "problems": self.problems,
        }


def parse_subset(text: str) -> tuple[int, int]:
    """ "N/M" -> (N, M) with 1 <= N <= M."""
    left, _, right = text.partition("/")
    if not (left.isdigit() and right.isdigit()) or not 1 <= int(left) <= int(right):
        raise ValueError("a subset is written N/M, with 1 <= N <= M (for example 2/7)")
    return int(left), int(right)


def in_subset(sha256: str, subset: tuple[int, int]) -> bool:
    part, parts = subset
    return int(sha256[:8], 16) % parts == part - 1


def verify(
    archive: Archive,
    read_data: bool = False,
    subset: tuple[int, int] | None = None,
    progress: ProgressSink = ignore_progress,
) -> VerifyReport:
    report = VerifyReport()
    try:
        rows = archive.conn.execute("PRAGMA integrity_check").fetchall()
        verdict = "; ".join(str(r[0]) for r in rows)
        fk = archive.conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        report.database = f"unreadable: {exc}"
        report.add("database", DB_NAME, str(exc))
        return report
    if verdict != "ok":
        report.database = verdict
        report.add("database", DB_NAME, verdict)
    if fk:
        report.add("database", DB_NAME, f"{len(fk)} rows point at missing rows")
    referenced: set[Path] = set()
    total = int(archive.conn.execute("SELECT count(*) FROM media").fetchone()[0])
    for sha256, size, relative in archive.conn.execute(
        "SELECT sha256, size, path FROM media ORDER BY sha256"
    ):
        if report.media_checked % 200 == 0:
            progress(Progress("Checking media files", done=report.media_checked, total=total))
        path = archive.root / relative
        referenced.add(path)
        report.media_checked += 1
        if not path.is_file():
            report.add("missing", relative, "the file is gone")
            continue
        if path.stat().st_size != size:
            report.add("size", relative, f"{path.stat().st_size} bytes, expected {size}")
            continue
        if read_data or (subset is not None and in_subset(sha256, subset)):
            report.media_rehashed += 1
            actual = hash_file(path)
            if actual != sha256:
                report.add("corrupt", relative, f"content hashes to {actual[:16]}…")
    for path in sorted((archive.root / MEDIA_DIR).rglob("*")):
        if path.is_file() and path not in referenced:
            report.add("orphan", str(path.relative_to(archive.root)), "no record refers to it")
    dangling = archive.conn.execute(
        "SELECT count(*) FROM media_urls mu LEFT JOIN media m ON m.sha256 = mu.sha256 "
        "WHERE mu.status = 'ok' AND m.sha256 IS NULL"
    ).fetchone()[0]
    if dangling:
        report.add("database", "media_urls", f"{dangling} URLs point at no stored file")
    return report
