"""Moving the archives to a folder the user chose (an external drive, a bigger disk).

An archive is years of evidence, so a move never leaves it half in each place: each
account's folder is copied beside its destination under a hidden name, every file
fsynced, the sizes checked, then renamed into place in one step, and only then is the
old folder removed. On the same file system the folder is simply renamed. The archive's
lock is held throughout, so no backup writes to it meanwhile. Cancelling between files
removes the unfinished copy and leaves the original as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from creator_backup.archive.lock import ArchiveLock, LockHeld
from creator_backup.archive.media_store import fsync_dir
from creator_backup.archive.store import DB_NAME
from creator_backup.backup.progress import CancelToken, Progress, ProgressSink, ignore_progress
from creator_backup.errors import AppError

PARTIAL_PREFIX = ".moving-"
# SQLite's shared-memory index is rebuilt on open, and the lock file holds only the note of
# this move, which holds it: copying either could only carry stale state.
SKIPPED_SUFFIXES = ("-shm",)
SKIPPED_NAMES = ("lock",)
COPY_CHUNK = 1 << 20


class MoveFailed(AppError):
    pass


@dataclass(frozen=True)
class MovePlan:
    source: Path
    destination: Path
    archives: tuple[str, ...]  # folder names of the archives to move
    files: int
    bytes: int

    @property
    def empty(self) -> bool:
        return not self.archives


def archive_folders(folder: Path) -> list[Path]:
    """The account archives directly inside `folder` (folders holding a database)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and (p / DB_NAME).exists())


def plan_move(source: Path, destination: Path) -> MovePlan:
    """What moving the archives from `source` to `destination` involves, or a sentence
    saying why it cannot be done."""
    source, destination = source.resolve(), destination.expanduser().resolve()
    if destination == source:
        raise MoveFailed("The archives are already in that folder.")
    if destination.is_relative_to(source):
        raise MoveFailed("Choose a folder outside the current archive folder.")
    _check_writable(destination)
    archives = archive_folders(source)
    clashes = [a.name for a in archives if (destination / a.name).exists()]
    if clashes:
        raise MoveFailed(
            f"{destination} already holds an archive for the same account ({clashes[0]}); "
            "choose another folder, or move one of them aside first."
        )
    files = total = 0
    for archive in archives:
        for path in _files(archive):
            files += 1
            total += path.stat().st_size
    needed_free = total if archives and not _same_device(source, destination) else 0
    free = shutil.disk_usage(destination).free
    if needed_free > free:
        raise MoveFailed(
            f"{destination} has {free // 2**20:,} MB free, but the archives need "
            f"{needed_free // 2**20:,} MB."
        )
    return MovePlan(source, destination, tuple(a.name for a in archives), files, total)


def move_archives(
    plan: MovePlan, progress: ProgressSink = ignore_progress, cancel: CancelToken | None = None
) -> bool:
    """Moves every archive of the plan, all or none: True when they were moved, False when
    cancelled (everything is then where it was). Every archive's lock is held throughout."""
    plan.destination.mkdir(parents=True, exist_ok=True, mode=0o700)
    locks: list[ArchiveLock] = []
    try:
        for name in plan.archives:
            lock = ArchiveLock(plan.source / name / "lock")
            try:
                lock.acquire()
            except LockHeld as held:
                raise MoveFailed(
                    f"A backup is writing to the archive {name} ({held.holder}); "
                    "move the archives when it has finished."
                ) from None
            locks.append(lock)
        if _same_device(plan.source, plan.destination) and _rename_all(plan):
            progress(Progress("Moving archives", plan.files, plan.files, plan.bytes))
            return True
        if not _copy_all(plan, progress, cancel):
            return False
        for name in plan.archives:
            os.rename(plan.destination / f"{PARTIAL_PREFIX}{name}", plan.destination / name)
        fsync_dir(plan.destination)
    finally:
        for lock in locks:
            lock.release()
    # Every copy is whole and in place: only now do the originals go.
    for name in plan.archives:
        shutil.rmtree(plan.source / name, ignore_errors=True)
    fsync_dir(plan.source)
    return True


def _rename_all(plan: MovePlan) -> bool:
    """Moves by renaming (same file system): instant. False, with nothing moved, where the
    system refuses (Windows renames no folder with an open file in it)."""
    renamed: list[str] = []
    try:
        for name in plan.archives:
            os.rename(plan.source / name, plan.destination / name)
            renamed.append(name)
    except OSError:
        for name in reversed(renamed):
            os.rename(plan.destination / name, plan.source / name)
        return False
    fsync_dir(plan.destination)
    fsync_dir(plan.source)
    return True


def _copy_all(plan: MovePlan, progress: ProgressSink, cancel: CancelToken | None) -> bool:
    partials = [plan.destination / f"{PARTIAL_PREFIX}{name}" for name in plan.archives]
    done_files = done_bytes = 0
    try:
        for name, partial in zip(plan.archives, partials, strict=True):
            shutil.rmtree(partial, ignore_errors=True)  # left by a move that crashed
            source = plan.source / name
            for path in _files(source):
                if cancel is not None and cancel.is_set():
                    _remove(partials)
                    return False
                target = partial / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                _copy_file(path, target)
                if target.stat().st_size != path.stat().st_size:
                    raise MoveFailed(f"A file did not copy whole ({path.name}); nothing was moved.")
                done_files += 1
                done_bytes += target.stat().st_size
                progress(Progress("Moving archives", done_files, plan.files, done_bytes))
            for folder in sorted({p.parent for p in partial.rglob("*")} | {partial},
                                 key=lambda p: -len(p.parts)):  # fmt: skip
                fsync_dir(folder)
    except OSError as exc:
        _remove(partials)
        raise MoveFailed(
            f"The archives could not be copied to {plan.destination} "
            f"({exc.strerror or exc}); they are still where they were."
        ) from exc
    except BaseException:
        _remove(partials)
        raise
    return True


def _remove(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def _copy_file(source: Path, target: Path) -> None:
    with source.open("rb") as reader, target.open("xb") as writer:
        while chunk := reader.read(COPY_CHUNK):
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    shutil.copystat(source, target)


def _files(archive: Path) -> list[Path]:
    return sorted(
        p
        for p in archive.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not p.name.endswith(SKIPPED_SUFFIXES)
        and not (p.parent == archive and p.name in SKIPPED_NAMES)
    )


def _same_device(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        probe = folder / f"{PARTIAL_PREFIX}probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = "it is read-only" if exc.errno in (errno.EROFS, errno.EACCES) else exc.strerror
        raise MoveFailed(f"The archives cannot be kept in {folder} ({reason}).") from exc
