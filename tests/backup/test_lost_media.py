"""Media files the archive records but the disk no longer holds (deleted by hand, lost in
a crash, cut short): the next backup fetches them again, and never calls the archive
complete while `verify` would find them missing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.store import Archive
from creator_backup.archive.verify import verify
from creator_backup.sandbox import Sandbox
from tests.reliability.figures import record

from .conftest import control, db, do_backup

MEDIA = r"\.(png|mp4|jpg|m3u8|ts)$"
LOST = 6


def lose_files(root: Path, count: int) -> list[Path]:
    """Deletes `count` stored media files by hand, and cuts one more short."""
    with db(root) as conn:
        paths = [root / str(r[0]) for r in conn.execute("SELECT path FROM media ORDER BY sha256")]
    assert len(paths) > count + 1
    for path in paths[:count]:
        path.unlink()
    damaged = paths[count]
    damaged.chmod(0o644)
    damaged.write_bytes(damaged.read_bytes()[:100])
    return paths[: count + 1]


def problems(root: Path) -> list[dict[str, str]]:
    with Archive.open(root, write=False) as archive:
        return verify(archive, read_data=True).problems


def test_a_backup_fetches_again_the_media_files_deleted_by_hand(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=31, boards=3, pins=40)
    assert do_backup(sandbox, archive_root).outcome is RunOutcome.COMPLETE
    lost = lose_files(archive_root, LOST)
    assert len(problems(archive_root)) == LOST + 1
    again = do_backup(sandbox, archive_root)
    assert again.outcome is RunOutcome.COMPLETE, again.to_json()
    assert again.media_files == LOST + 1
    assert all(path.is_file() for path in lost)
    assert problems(archive_root) == []
    # The file found cut short is set aside, not deleted: its bytes may be the last left.
    (aside,) = (archive_root / "damaged").iterdir()
    assert aside.name.endswith(lost[-1].name) and aside.stat().st_size == 100
    record(hostile_inputs=LOST + 1, items_lost=0)


def test_a_backup_that_cannot_fetch_them_again_is_not_complete(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=32, boards=3, pins=40)
    assert do_backup(sandbox, archive_root).outcome is RunOutcome.COMPLETE
    lose_files(archive_root, LOST)
    control(sandbox, "faults", {"script": [
        {"kind": "status", "status": 503, "method": "GET", "path": MEDIA, "times": 10_000}
    ]})  # fmt: skip
    stuck = do_backup(sandbox, archive_root)
    assert stuck.outcome is RunOutcome.MEDIA_PENDING, stuck.to_json()
    assert stuck.media_pending == LOST + 1
    assert stuck.failed, "the files that could not be fetched are named"
    with Archive.open(archive_root, write=False) as archive:
        assert archive.snapshots()[-1].outcome is RunOutcome.MEDIA_PENDING
    # Once the files are served again, the next run fetches them and is complete.
    control(sandbox, "faults", {"clear_script": True})
    healed = do_backup(sandbox, archive_root)
    assert healed.outcome is RunOutcome.COMPLETE, healed.to_json()
    assert problems(archive_root) == []
    record(hostile_inputs=LOST + 1, items_lost=0)


def test_a_removed_pins_lost_file_is_fetched_again_or_kept_pending(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    """The files of a pin Pinterest removed are evidence: one lost from the disk is asked
    for again (the CDN may still serve it), and while it is missing no run is complete."""
    sandbox = make_sandbox(seed=33, boards=3, pins=40)
    assert do_backup(sandbox, archive_root).outcome is RunOutcome.COMPLETE
    with db(archive_root) as conn:
        pin_id, path = conn.execute(
            "SELECT o.id, m.path FROM objects o "
            "JOIN sightings s ON s.id = o.current_sighting "
            "JOIN version_media vm ON vm.version_id = s.version_id "
            "JOIN media_urls mu ON mu.url = vm.url JOIN media m ON m.sha256 = mu.sha256 "
            "WHERE o.kind = 'pin' ORDER BY o.id LIMIT 1"
        ).fetchone()
    control(sandbox, f"pins/{pin_id}/remove")
    assert do_backup(sandbox, archive_root).complete
    (archive_root / str(path)).unlink()
    control(sandbox, "faults", {"script": [
        {"kind": "status", "status": 503, "method": "GET", "path": MEDIA, "times": 10_000}
    ]})  # fmt: skip
    stuck = do_backup(sandbox, archive_root)
    assert stuck.outcome is RunOutcome.MEDIA_PENDING, stuck.to_json()
    assert stuck.media_pending == 1
    control(sandbox, "faults", {"clear_script": True})
    healed = do_backup(sandbox, archive_root)
    assert healed.outcome is RunOutcome.COMPLETE, healed.to_json()
    assert (archive_root / str(path)).is_file()
    assert problems(archive_root) == []
