"""Data before index: no media row is committed before its file and the file's name are
durable, also now that the folders of a batch are fsynced together."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from creator_backup.api.factory import make_client
from creator_backup.archive.store import Archive
from creator_backup.auth.static import StaticToken
from creator_backup.backup.engine import BackupOptions, BackupRun
from creator_backup.sandbox import Sandbox

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/fd").exists(), reason="needs /proc to name what is fsynced"
)


def test_every_media_row_commits_after_its_file_and_folders_are_fsynced(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandbox = make_sandbox(seed=61, boards=3, pins=60)
    # In the order they happened, from every thread: (what, path or SQL, inode fsynced).
    events: list[tuple[str, str, int]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        path, inode = os.readlink(f"/proc/self/fd/{fd}"), os.fstat(fd).st_ino
        real_fsync(fd)
        events.append(("fsync", path, inode))

    monkeypatch.setattr(os, "fsync", fsync)
    root = tmp_path / "archive"
    client = make_client(sandbox.api_base, StaticToken(sandbox.access_token))
    try:
        with Archive.open(root) as archive:
            archive.conn.set_trace_callback(lambda sql: events.append(("sql", sql, 0)))
            result = BackupRun(client, archive, BackupOptions(workers=6)).run()
            archive.conn.set_trace_callback(None)
            rows = archive.conn.execute("SELECT path, sha256 FROM media").fetchall()
    finally:
        client.close()
    assert result.complete and result.media_files == len(rows) > 20

    def first_sql(*words: str, after: int = 0) -> int:
        """Where the first statement from `after` on containing all `words` ran."""
        return next(
            i
            for i in range(after, len(events))
            if events[i][0] == "sql" and all(w in events[i][1] for w in words)
        )

    synced_at: dict[str | int, list[int]] = {}
    for i, (kind, name, inode) in enumerate(events):
        if kind == "fsync":
            synced_at.setdefault(name, []).append(i)
            synced_at.setdefault(inode, []).append(i)
    media = root / "media"
    for relative, sha256 in rows:
        inserted = first_sql("INSERT", str(relative))
        committed = first_sql("COMMIT", after=inserted)
        stored = root / relative
        # Its bytes (fsynced under the temp name: the same inode), its folder, and the
        # folders above it, which hold the names of the shard folders made for it.
        for what in (stored.stat().st_ino, stored.parent, stored.parent.parent, media):
            key = what if isinstance(what, int) else str(what)
            assert any(i < committed for i in synced_at.get(key, [])), (
                f"{what} was not fsynced before the row for {sha256[:8]} was committed"
            )
