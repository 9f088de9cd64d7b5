"""Moving the archives to a folder the user chose (an external drive, a bigger disk).

An archive is years of evidence, so a move never leaves it half in each place, and a crash
at any point (kill -9, a power cut) leaves one whole archive where the settings say:

1. The intent is written first (move-intent.json beside the settings, atomically).
2. On another file system each account's folder is copied beside its destination under a
   hidden name, every file and folder fsynced, the sizes checked, then renamed into place
   in one step. On the same file system the folder is simply renamed.
3. The new location is saved in the settings (durably): the move's commit point.
4. Only then is the old copy removed, and the intent with it.

Every start (the window, every command) goes through `apply_storage_setting`, which
finishes a move it finds interrupted: rolled forward when every archive is whole in the
new folder (removing what is left of the old copy, saving the settings if they were not),
rolled back otherwise (the partial copy removed; the original was never touched). The
archives' locks are held throughout, and a move lock keeps two moves (or a move and a
start's check) apart. Cancelling between files removes the unfinished copy and leaves the
original as it was.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path

from creator_backup.archive.lock import ArchiveLock, LockHeld
from creator_backup.archive.media_store import fsync_dir
from creator_backup.archive.store import DB_NAME
from creator_backup.backup.progress import CancelToken, Progress, ProgressSink, ignore_progress
from creator_backup.errors import AppError
from creator_backup.paths import AppPaths
from creator_backup.settings import SettingsStore, with_storage_setting, write_durably

log = logging.getLogger(__name__)

PARTIAL_PREFIX = ".moving-"
# SQLite's shared-memory index is rebuilt on open, and the lock file holds only the note of
# this move, which holds it: copying either could only carry stale state.
SKIPPED_SUFFIXES = ("-shm",)
SKIPPED_NAMES = ("lock",)
COPY_CHUNK = 1 << 20
# Beside the settings: what a move set out to do, until it is done or undone.
MOVE_INTENT = "move-intent.json"
MOVE_LOCK = "move.lock"
# How long a start waits for a move under way in another process to let go (a move on
# one disk takes an instant; a copy is left alone: its archives stay locked meanwhile).
MOVE_LOCK_WAIT_S = 2.0
# Tests set it to copy as between two disks, which one test machine may not have.
BY_COPY_ENV = "CREATOR_BACKUP_MOVE_BY_COPY"


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


@dataclass(frozen=True)
class MoveIntent:
    """A move as set out, written before anything is touched."""

    source: Path
    destination: Path
    archives: tuple[str, ...]
    by_copy: bool

    def to_json(self) -> str:
        return json.dumps(
            {
                "source": str(self.source),
                "destination": str(self.destination),
                "archives": list(self.archives),
                "by_copy": self.by_copy,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> MoveIntent:
        """Raises ValueError for anything but the shape this app writes (the settings
        folder is the user's, so the note may have been edited): absolute folders, and
        plain folder names for the archives."""
        body = json.loads(text)
        source, destination = Path(body["source"]), Path(body["destination"])
        archives = body["archives"]
        names_ok = isinstance(archives, list) and all(
            isinstance(n, str) and n and Path(n).name == n and n not in (".", "..")
            for n in archives
        )
        if not (source.is_absolute() and destination.is_absolute() and names_ok):
            raise ValueError("not a move this app wrote")
        return cls(source, destination, tuple(archives), bool(body["by_copy"]))


def move_archives(
    plan: MovePlan,
    paths: AppPaths,
    progress: ProgressSink = ignore_progress,
    cancel: CancelToken | None = None,
) -> bool:
    """Moves every archive of the plan and saves the new folder in the settings, all or
    none: True when they were moved, False when cancelled (everything is then where it
    was). Safe against a crash at any point (see the module's note)."""
    move_lock = _take_move_lock(paths.config_dir, wait_s=0.0)
    try:
        _make_folder_durably(plan.destination)
        locks = _lock_archives(plan)
        by_copy = not _same_device(plan.source, plan.destination)
        intent = MoveIntent(plan.source, plan.destination, plan.archives, by_copy)
        try:
            _write_intent(paths.config_dir, intent)
            if not _put_in_place(plan, intent, paths, progress, cancel):
                _forget_intent(paths.config_dir)
                return False
        except BaseException:
            _undo(paths, intent)
            raise
        finally:
            for lock in locks:
                lock.release()
        # The new folder is whole and named in the settings: only now does the old go.
        if _remove_sources(intent)[1] == 0:
            _forget_intent(paths.config_dir)
        return True
    finally:
        move_lock.release()


def _put_in_place(
    plan: MovePlan,
    intent: MoveIntent,
    paths: AppPaths,
    progress: ProgressSink,
    cancel: CancelToken | None,
) -> bool:
    """Every archive whole in the new folder, then the settings saved (the commit point).
    False when cancelled, with the unfinished copy removed."""
    if not intent.by_copy and _rename_all(plan):
        progress(Progress("Moving archives", plan.files, plan.files, plan.bytes))
    else:
        if not intent.by_copy:  # the system refused the rename: copied after all
            _write_intent(paths.config_dir, replace(intent, by_copy=True))
        if not _copy_all(plan, progress, cancel):
            return False
        for name in plan.archives:
            os.rename(plan.destination / f"{PARTIAL_PREFIX}{name}", plan.destination / name)
        fsync_dir(plan.destination)
    _save_location(paths, plan.destination)
    return True


def _undo(paths: AppPaths, intent: MoveIntent) -> None:
    """After a failure before the settings named the new folder: everything back as it
    was. What cannot be undone now is left to the next start (the intent stays)."""
    if _named_in_settings(paths) == intent.destination:
        return  # saved already: the move is done but for removing the old copy
    try:
        _roll_back(intent)
    except OSError:
        log.exception("an unfinished move could not be undone; the next start tries again")
        return
    _forget_intent(paths.config_dir)


def apply_storage_setting(paths: AppPaths) -> AppPaths:
    """The paths with the archive folder the user chose in Settings, so the window, the
    command line and scheduled backups all use the same archives; a move found
    interrupted is finished or undone first."""
    try:
        finish_interrupted_move(paths)
    except (OSError, MoveFailed):
        # Never a reason not to start: the archives stay as they are, and the next
        # start tries again.
        log.exception("an interrupted move of the archives could not be finished")
    return with_storage_setting(paths)


def finish_interrupted_move(paths: AppPaths) -> str | None:
    """Finishes or undoes a move that a crash interrupted; what it did, in words (None
    when there was nothing to do, or a move is under way in another process)."""
    if not (paths.config_dir / MOVE_INTENT).exists():
        return None
    try:
        move_lock = _take_move_lock(paths.config_dir, wait_s=MOVE_LOCK_WAIT_S)
    except MoveFailed:
        log.info("the archives are being moved by another process; not touching them")
        return None
    try:
        intent = _read_intent(paths.config_dir)
        if intent is None:
            return None
        done = _settle(paths, intent)
        if done is not None:
            log.warning("%s", done)
        return done
    finally:
        move_lock.release()


def _settle(paths: AppPaths, intent: MoveIntent) -> str | None:
    named = _named_in_settings(paths)
    in_place = all(_is_archive(intent.destination / name) for name in intent.archives)
    if named == intent.destination or (named == intent.source and in_place):
        if named != intent.destination:
            _save_location(paths, intent.destination)
        removed, in_use = _remove_sources(intent)
        if in_use:
            return None  # an old copy is open: a later start removes it
        _forget_intent(paths.config_dir)
        old = f", and the old copy in {intent.source} was removed" if removed else ""
        return (
            f"An interrupted move of the archives was finished: they are now kept in "
            f"{intent.destination}{old}."
        )
    if named == intent.source:
        _roll_back(intent)
        _forget_intent(paths.config_dir)
        return (
            f"An interrupted move of the archives was undone: they are kept in "
            f"{intent.source} as before, and nothing of the move is left in "
            f"{intent.destination}."
        )
    _forget_intent(paths.config_dir)
    return (
        f"An interrupted move from {intent.source} to {intent.destination} was left as it "
        f"was: the settings now name {named}."
    )


def _roll_back(intent: MoveIntent) -> None:
    """Before the commit point: a copy is removed (its original is whole, never touched
    before the settings named the copy); a folder renamed on one disk is renamed back."""
    for name in intent.archives:
        source, destination = intent.source / name, intent.destination / name
        shutil.rmtree(intent.destination / f"{PARTIAL_PREFIX}{name}", ignore_errors=True)
        if not destination.exists():
            continue
        if _is_archive(source):
            shutil.rmtree(destination)
        elif not source.exists():
            os.rename(destination, source)
    for folder in (intent.destination, intent.source):
        if folder.is_dir():
            fsync_dir(folder)


def _remove_sources(intent: MoveIntent) -> tuple[int, int]:
    """After the commit point: the old copy of each archive that is whole in the new
    folder. How many were removed, and how many are still open (their lock held) and
    left for a later start."""
    removed = in_use = 0
    for name in intent.archives:
        source = intent.source / name
        if not source.exists() or not _is_archive(intent.destination / name):
            continue
        lock = ArchiveLock(source / "lock")
        try:
            lock.acquire()
        except LockHeld:
            in_use += 1
            continue
        except OSError:
            pass  # partly removed already: no lock to take
        else:
            lock.release()
        shutil.rmtree(source, ignore_errors=True)
        removed += 1
    if intent.source.is_dir():
        fsync_dir(intent.source)
    return removed, in_use


def _lock_archives(plan: MovePlan) -> list[ArchiveLock]:
    locks: list[ArchiveLock] = []
    for name in plan.archives:
        lock = ArchiveLock(plan.source / name / "lock")
        try:
            lock.acquire()
        except LockHeld as held:
            for taken in locks:
                taken.release()
            raise MoveFailed(
                f"A backup is writing to the archive {name} ({held.holder}); "
                "move the archives when it has finished."
            ) from None
        locks.append(lock)
    return locks


def _take_move_lock(config_dir: Path, wait_s: float) -> ArchiveLock:
    config_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = ArchiveLock(config_dir / MOVE_LOCK)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            lock.acquire()
            return lock
        except LockHeld as held:
            if time.monotonic() >= deadline:
                raise MoveFailed(
                    f"The archives are being moved already ({held.holder}); "
                    "wait until that move has finished."
                ) from None
        time.sleep(0.05)


def _save_location(paths: AppPaths, destination: Path) -> None:
    store = SettingsStore(paths.config_dir)
    settings = store.load()
    default = paths.default_archives_dir.resolve()
    settings.archives_dir = "" if destination.resolve() == default else str(destination)
    store.save(settings)


def _named_in_settings(paths: AppPaths) -> Path:
    return with_storage_setting(paths).archives_dir.resolve()


def _write_intent(config_dir: Path, intent: MoveIntent) -> None:
    write_durably(config_dir / MOVE_INTENT, intent.to_json())


def _read_intent(config_dir: Path) -> MoveIntent | None:
    path = config_dir / MOVE_INTENT
    try:
        return MoveIntent.from_json(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # Not a move this app set out on: nothing to finish, and nothing is touched.
        log.warning("ignoring an unreadable note of a move (%s)", type(exc).__name__)
        _forget_intent(config_dir)
        return None


def _forget_intent(config_dir: Path) -> None:
    (config_dir / MOVE_INTENT).unlink(missing_ok=True)
    fsync_dir(config_dir)


def _make_folder_durably(folder: Path) -> None:
    """Makes `folder` and whatever is missing above it, each one's name made durable in
    its parent: the settings are about to name it, and a power cut must not undo it."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()]
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for made in reversed(missing):
        fsync_dir(made.parent)


def _is_archive(folder: Path) -> bool:
    return (folder / DB_NAME).is_file()


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
    if os.environ.get(BY_COPY_ENV) == "1":
        return False
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
