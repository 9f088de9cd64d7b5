"""The note a move leaves in the folder the archives left (MOVED.json): which archive
went where. A process that read the settings before the move (a second window, the
window's scheduler) still opens the old folder; the note makes it stop with a sentence
naming the new one, rather than write into the old copy (which the move is removing) or
start a fresh archive there, its history left behind."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

from creator_backup.atomic import write_text_durably

log = logging.getLogger(__name__)

MOVED_NOTE = "MOVED.json"


def _read(folder: Path) -> dict[str, str]:
    try:
        body = json.loads((folder / MOVED_NOTE).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring an unreadable note of moved archives (%s)", type(exc).__name__)
        return {}
    moved = body.get("moved") if isinstance(body, dict) else None
    if not isinstance(moved, dict):
        return {}
    return {str(k): str(v) for k, v in moved.items() if isinstance(v, str)}


def moved_to(root: Path) -> Path | None:
    """The folder the archive at `root` was moved to, when a move left the note saying so."""
    where = _read(root.parent).get(root.name)
    return Path(where) if where else None


def note_moved(folder: Path, names: Iterable[str], destination: Path) -> None:
    """Notes (durably) that the archives `names` in `folder` now live in `destination`."""
    moved = _read(folder)
    moved.update({name: str(destination) for name in names})
    write_text_durably(folder / MOVED_NOTE, json.dumps({"moved": moved}, indent=2))


def forget_moved(folder: Path, names: Iterable[str]) -> None:
    """The archives `names` live in `folder` again (a move undone, or made back here)."""
    back = set(names)
    moved = _read(folder)
    kept = {name: where for name, where in moved.items() if name not in back}
    if kept == moved:
        return
    if kept:
        write_text_durably(folder / MOVED_NOTE, json.dumps({"moved": kept}, indent=2))
    else:
        (folder / MOVED_NOTE).unlink(missing_ok=True)
