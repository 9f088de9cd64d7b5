"""The journal on its own (durability, states, the id map); cancelling a run; a duplicate
the user already had is reported, not deleted; a video whose registration answer is lost
still comes back once; media traffic never carries the token."""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Callable
from pathlib import Path

import requests

from creator_backup.archive.restored import JOURNAL_NAME
from creator_backup.progress import CancelToken, Progress
from creator_backup.restore.journal import RestoreJournal, State
from creator_backup.sandbox import Sandbox

from .conftest import (
    UNPACED,
    JsonDict,
    assert_restored,
    cannot_ids,
    control,
    do_backup,
    lose,
    posts,
    restore,
    sandbox_state,
)


def test_the_journal_is_fsynced_and_keeps_the_id_map(tmp_path: Path) -> None:
    with RestoreJournal.open(tmp_path) as journal:
        assert journal.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        journal.sent("pin", "11")
        assert journal.get("pin:11") is not None
        journal.unknown("pin", "11", "connection reset")
        journal.sent("pin", "11")
        journal.done("pin", "11", "99", "created")
        journal.sent("board", "5")
        journal.failed("board", "5", "refused")
        journal.sent("section", "7")
    # What another process sees after this one is gone: everything committed.
    with sqlite3.connect(tmp_path / JOURNAL_NAME) as conn:
        rows = {r[0]: r[1:] for r in conn.execute("SELECT key, state, new_id, attempts FROM items")}
    assert rows == {
        "pin:11": ("done", "99", 2),
        "board:5": ("failed", None, 1),
        "section:7": ("sent", None, 1),
    }
    with RestoreJournal.open(tmp_path) as journal:
        assert journal.id_map("pin") == {"11": "99"}
        assert journal.id_map("board") == {}
        entry = journal.get("section:7")
        assert entry is not None and entry.in_doubt and entry.state == State.SENT


def lose_images(sandbox: Sandbox, state: JsonDict, every: int) -> list[str]:
    return lose(
        sandbox,
        state,
        lambda p: (
            p["is_owner"] and p["media"]["media_type"] == "image" and int(p["id"]) % every == 0
        ),
    )


def test_cancel_stops_between_writes_and_the_next_run_finishes(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=81, boards=3, pins=60, **UNPACED)
    do_backup(sandbox, archive_root)
    before = sandbox_state(sandbox)
    lost = lose_images(sandbox, before, every=3)
    assert len(lost) > 5
    token = CancelToken()
    seen: list[Progress] = []

    def watch(progress: Progress) -> None:
        seen.append(progress)
        if progress.phase == "Restoring" and progress.done == 3:
            token.cancel()

    first = restore(sandbox, archive_root, run_kwargs={"progress": watch, "cancel": token})
    assert first.stopped == "cancelled" and first.cancelled
    assert first.created["pins"] == 3
    assert [p.done for p in seen if p.phase == "Restoring"] == [0, 1, 2, 3]
    assert {p.total for p in seen if p.phase == "Restoring"} == {len(lost)}
    assert seen[-1].phase == "Stopped"
    with RestoreJournal.open(archive_root) as journal:
        assert not [e for e in journal.entries().values() if e.in_doubt]

    second = restore(sandbox, archive_root)
    assert second.ok and second.created["pins"] == len(lost) - 3
    assert_restored(before, sandbox_state(sandbox), cannot_ids(second))


def _post_pin(sandbox: Sandbox, body: JsonDict) -> str:
    response = requests.post(
        f"{sandbox.api_base}/pins",
        json=body,
        headers={"Authorization": f"Bearer {sandbox.access_token}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_a_lost_pin_found_twice_is_reported_as_a_duplicate(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=82, boards=2, pins=20, extras=False, **UNPACED)
    do_backup(sandbox, archive_root)
    before = sandbox_state(sandbox)
    pin = before["pins"][2]
    control(sandbox, f"pins/{pin['id']}/remove")
    (path,) = archive_root.glob(f"media/*/*/{pin['media_sha256']}.*")
    body = {
        key: pin[key]
        for key in ("title", "description", "link", "alt_text", "dominant_color", "board_id")
        if pin[key]
    }
    body["media_source"] = {
        "source_type": "image_base64",
        "content_type": "image/png",
        "data": base64.b64encode(path.read_bytes()).decode(),
    }
    copies = {_post_pin(sandbox, body), _post_pin(sandbox, body)}  # another tool, twice

    result = restore(sandbox, archive_root)
    assert result.created["pins"] == 0
    assert result.plan.present["pin"][pin["id"]] in copies
    assert [sorted(d["ids"]) for d in result.duplicates] == [sorted(copies)]  # type: ignore[call-overload]
    assert not result.ok
    assert len({p["id"] for p in sandbox_state(sandbox)["pins"]} & copies) == 2, "kept"


def test_a_video_whose_answers_are_lost_comes_back_once(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=83, boards=4, pins=120, **UNPACED)
    do_backup(sandbox, archive_root)
    before = sandbox_state(sandbox)
    videos = lose(
        sandbox,
        before,
        lambda p: p["media"]["media_type"] == "video" and bool(p["media"]["video_url"]),
    )
    assert videos
    control(
        sandbox,
        "faults",
        {
            "script": [
                {"kind": "reset", "method": "POST", "path": "^/v5/media$"},
                {"kind": "reset", "method": "POST", "path": "^/v5/pins$"},
            ]
        },
    )
    result = restore(sandbox, archive_root)
    assert result.ok, result.failed
    assert result.created["pins"] == len(videos)
    after = sandbox_state(sandbox)
    assert_restored(before, after, cannot_ids(result))
    assert after["faults_injected"]["reset"] == 2
    # One registration more than videos (the lost answer's); one pin per video.
    assert posts(sandbox)["POST /v5/media"] == len(videos) + 1
    assert posts(sandbox)["POST /v5/pins"] == len(videos)
    # Uploads and tie-break downloads went to the media host, never with the token.
    media = after["requests"]["media"]
    assert media["total"] > 0 and media["with_authorization"] == 0
