"""Moving the archives to a folder the user chose (an external drive, a bigger disk).

An archive is years of evidence, so a move never leaves it half in each place, and a crash
at any point (kill -9, a power cut) leaves one whole archive where the settings say:

1. The intent is written first (move-intent.json beside the settings, atomically).
2. On another file system each account's folder is copied beside its destination under a
   hidden name, every file and folder fsynced, the sizes checked, then renamed into place
   in one step. On the same file system the folder is simply renamed.
3. The new location is saved in the settings (durably): the move's commit point.
4. Only then is the old copy removed, and the intent with it. The old copy's locks are
   held from the start until it is removed, and just before the new copy takes its place
   a note (MOVED.json, see moved.py) is left in the old folder: a process that read the
   settings before the move (a second window, the scheduler) is refused with a sentence
   naming the new folder rather than write into the old copy or start a fresh archive.

Every start (the window, every command) goes through `apply_storage_setting`, which
finishes a move it finds interrupted: rolled forward when every archive is whole in the
new folder (removing what is left of the old copy, saving the settings if they were not),
rolled back otherwise (the partial copy removed; the original was never touched). An
old copy is removed only if it has not changed since the move set out, and the intent
is forgotten only once every archive has been seen whole in the new folder and its old
copy gone: a drive not connected at that start leaves both for a later start. The
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
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from creator_backup.archive.locate import DB_NAME
from creator_backup.archive.lock import ArchiveLock, LockHeld
from creator_backup.archive.moved import forget_moved, moved_to, note_moved
from creator_backup.atomic import COPY_CHUNK, fsync_dir, write_text_durably
from creator_backup.errors import AppError
from creator_backup.paths import AppPaths
from creator_backup.progress import CancelToken, Progress, ProgressSink, ignore_progress
from creator_backup.settings import SettingsStore, with_storage_setting

log = logging.getLogger(__name__)

PARTIAL_PREFIX = ".moving-"
# SQLite's shared-memory index is rebuilt on open, and the lock file holds only the note of
# this move, which holds it: copying either could only carry stale state.
SKIPPED_SUFFIXES = ("-shm",)
SKIPPED_NAMES = ("lock",)
# Beside the settings: what a move set out to do, until it is done or undone.
MOVE_INTENT = "move-intent.json"
MOVE_LOCK = "move.lock"
# How long a start waits for a move under way in another process to let go (a move on
# one disk takes an instant; a copy is left alone: its archives stay locked meanwhile).
MOVE_LOCK_WAIT_S = 2.0
# True: copy as between two disks even on one. Never set by the app; a test sets it in
# the process it runs a move in, since one test machine may not have two disks.
COPY_ALWAYS = False


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
    # Each old copy's database files as the move found them (see _db_state): a start
    # removes an old copy only if they are unchanged.
    unchanged_if: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "source": str(self.source),
                "destination": str(self.destination),
                "archives": list(self.archives),
                "by_copy": self.by_copy,
                "unchanged_if": {name: list(s) for name, s in self.unchanged_if.items()},
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
        states = body.get("unchanged_if", {})
        if not isinstance(states, dict):
            raise ValueError("not a move this app wrote")
        unchanged_if = {
            str(name): tuple(int(n) for n in state)
            for name, state in states.items()
            if isinstance(state, list)
        }
        return cls(source, destination, tuple(archives), bool(body["by_copy"]), unchanged_if)


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
        try:
            by_copy = not _same_device(plan.source, plan.destination)
            states = {name: _db_state(plan.source / name) for name in plan.archives}
            intent = MoveIntent(plan.source, plan.destination, plan.archives, by_copy, states)
            try:
                _write_intent(paths.config_dir, intent)
                # Archives moved back where they once were: their old note goes.
                forget_moved(plan.destination, plan.archives)
                if not _put_in_place(plan, intent, paths, progress, cancel):
                    _forget_intent(paths.config_dir)
                    return False
            except BaseException:
                _undo(paths, intent)
                raise
            # The new folder is whole and named in the settings: only now does the old
            # copy go, its locks still held, so that no process that read the settings
            # before the save can write a snapshot into it meanwhile.
            if _remove_sources(intent, locked=True).pending == 0:
                _forget_intent(paths.config_dir)
        finally:
            for lock in locks:
                lock.release()
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
    False when cancelled, with the unfinished copy removed. The old folder's note that
    the archives moved is written just before they take their place in the new one (a
    rename is instant; a copy's original stays readable while it is copied)."""
    if not intent.by_copy:
        note_moved(plan.source, plan.archives, plan.destination)
    if not intent.by_copy and _rename_all(plan):
        progress(Progress("Moving archives", plan.files, plan.files, plan.bytes))
    else:
        if not intent.by_copy:  # the system refused the rename: copied after all
            forget_moved(plan.source, plan.archives)
            _write_intent(paths.config_dir, replace(intent, by_copy=True))
        if not _copy_all(plan, progress, cancel):
            return False
        note_moved(plan.source, plan.archives, plan.destination)
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
    # As last written: a refused rename turned the move into a copy.
    intent = _read_intent(paths.config_dir) or intent
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
        left = _remove_sources(intent, locked=False)
        if left.pending:
            # Not finished, and not said to be: the note stays for a later start.
            log.warning(
                "the archives were moved to %s, but %d of them cannot be seen whole there "
                "yet, or their old copy in %s cannot be removed yet (a drive not "
                "connected, or the old copy open); a later start tries again",
                intent.destination, left.pending, intent.source,
            )  # fmt: skip
            return None
        _forget_intent(paths.config_dir)
        old = f", and the old copy in {intent.source} was removed" if left.removed else ""
        kept = (
            f" The old copy of {', '.join(left.kept)} in {intent.source} was written to "
            "after the move and was kept: see what it holds before removing it."
            if left.kept
            else ""
        )
        return (
            f"An interrupted move of the archives was finished: they are now kept in "
            f"{intent.destination}{old}.{kept}"
        )
    if named == intent.source:
        if intent.by_copy and not all(_is_archive(intent.source / n) for n in intent.archives):
            # A copy's original is whole until the settings name the copy: not seeing it
            # means its drive is not connected. Nothing is touched until it is.
            log.warning(
                "an interrupted move of the archives from %s cannot be undone while that "
                "folder cannot be seen; a later start tries again",
                intent.source,
            )
            return None
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
    before the settings named the copy); a folder renamed on one disk is renamed back.
    A copy is never renamed into the old place: that folder missing means its drive is
    not connected (an empty mount point), not that the copy is the only one."""
    for name in intent.archives:
        source, destination = intent.source / name, intent.destination / name
        shutil.rmtree(intent.destination / f"{PARTIAL_PREFIX}{name}", ignore_errors=True)
        if not destination.exists():
            continue
        if _is_archive(source):
            shutil.rmtree(destination)
        elif not source.exists() and not intent.by_copy:
            os.rename(destination, source)
    if intent.source.is_dir():
        forget_moved(intent.source, intent.archives)  # they are back where they were
    for folder in (intent.destination, intent.source):
        if folder.is_dir():
            fsync_dir(folder)


@dataclass(frozen=True)
class Leftover:
    """What removing the old copies came to."""

    removed: int  # old copies removed
    kept: tuple[str, ...]  # old copies written to since the move: kept, and said so
    pending: int  # archives not yet settled: the next start tries again


def _remove_sources(intent: MoveIntent, *, locked: bool) -> Leftover:
    """After the commit point: the old copy of each archive that is whole in the new
    folder. `locked`: the move itself, holding the old copies' locks since it began.
    Otherwise a start: an old copy open elsewhere is left for a later start, and one
    that changed since the move set out is kept. An archive is settled once it is seen
    whole in the new folder and its old copy is seen gone (the old folder's note of the
    move shows the old folder is there: a drive not connected shows nothing)."""
    removed = pending = 0
    kept: list[str] = []
    for name in intent.archives:
        source = intent.source / name
        if not _is_archive(intent.destination / name):
            pending += 1  # not seen whole in the new folder (its drive not connected?)
            continue
        if not source.exists():
            if moved_to(source) is None:
                pending += 1  # gone, or on a drive not connected: cannot tell
            continue
        if not locked and _changed(intent, name):
            kept.append(name)
            forget_moved(intent.source, [name])  # it can be opened again where it is
            continue
        lock = None if locked else ArchiveLock(source / "lock")
        if lock is not None:
            try:
                lock.acquire()
            except LockHeld:
                pending += 1
                continue
            except OSError:
                lock = None  # partly removed already: no lock to take
        try:
            shutil.rmtree(source, ignore_errors=True)
        finally:
            if lock is not None:
                lock.release()
        if source.exists():
            pending += 1
        else:
            removed += 1
    if intent.source.is_dir():
        fsync_dir(intent.source)
    return Leftover(removed, tuple(kept), pending)


def _db_state(archive: Path) -> tuple[int, ...]:
    """The size and modification time of the archive's database and its write-ahead log
    (where a writer's commits sit until checkpointed); -1 for one that is missing."""
    state: list[int] = []
    for name in (DB_NAME, f"{DB_NAME}-wal"):
        try:
            info = (archive / name).stat()
        except FileNotFoundError:
            state += [-1, -1]
        else:
            state += [info.st_size, info.st_mtime_ns]
    return tuple(state)


def _changed(intent: MoveIntent, name: str) -> bool:
    """Whether the old copy was written to after the move set out. A copy with its
    database gone was partly removed by the move (nothing to keep); a log gone likewise."""
    before = intent.unchanged_if.get(name)
    now = _db_state(intent.source / name)
    if before is None or now[0] < 0:
        return False
    return now[:2] != before[:2] or (now[2] >= 0 and now[2:] != before[2:])


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
    write_text_durably(config_dir / MOVE_INTENT, intent.to_json())


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
    if COPY_ALWAYS:
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
