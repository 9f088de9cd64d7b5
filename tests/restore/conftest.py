"""Restore tests: a sandbox account backed up into an archive, content taken away as
moderation would, then restored over real HTTP; the sandbox's own state is the judge."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Set
from pathlib import Path
from typing import Any

import requests

from creator_backup.api.client import PinterestClient
from creator_backup.api.factory import make_client
from creator_backup.archive.restored import JOURNAL_NAME
from creator_backup.archive.store import Archive
from creator_backup.auth.static import StaticToken
from creator_backup.restore import RestoreOptions, RestoreResult, RestoreRun
from creator_backup.restore.journal import Entry, RestoreJournal
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import archive_root, control, do_backup, sandbox_state

__all__ = ["archive_root", "control", "do_backup", "sandbox_state"]

JsonDict = dict[str, Any]
LIMITS = {"title": 100, "description": 800, "link": 2048, "alt_text": 500}
# For tests that are not about pacing: the sandbox allows any pace, and so does the client.
UNPACED = {"write_limit_per_min": 1_000_000, "spam_writes_per_2s": 1_000_000}
FAST = {"settle_s": 0.0, "poll_delay_s": 0.01, "conflict_delay_s": 0.01, "writes_per_min": 10**6}


def fast_client(sandbox: Sandbox, **kwargs: Any) -> PinterestClient:
    kwargs.setdefault("limits", {"org_read": 10**6, "org_write": 10**6})
    return make_client(sandbox.api_base, StaticToken(sandbox.access_token), **kwargs)


def restore(
    sandbox: Sandbox,
    root: Path,
    client: PinterestClient | None = None,
    run_kwargs: dict[str, Any] | None = None,
    **options: Any,
) -> RestoreResult:
    """One restore run in this process, fast unless the options say otherwise."""
    own = client is None
    client = client or fast_client(sandbox)
    try:
        with Archive.open(root) as archive:
            run = RestoreRun(
                client, archive, RestoreOptions(**{**FAST, **options}), **(run_kwargs or {})
            )
            return run.run()
    finally:
        if own:
            client.close()


def journal_entries(root: Path) -> dict[str, Entry]:
    assert (root / JOURNAL_NAME).exists()
    with RestoreJournal.open(root) as journal:
        return journal.entries()


def posts(sandbox: Sandbox) -> dict[str, int]:
    """How many write requests the sandbox answered, by endpoint."""
    counts = sandbox_state_light(sandbox)["requests"]["by_endpoint"]
    return {k: int(v) for k, v in counts.items() if k.startswith("POST /v5/") and "oauth" not in k}


def sandbox_state_light(sandbox: Sandbox) -> JsonDict:
    response = requests.get(
        sandbox.origin + "/_sandbox/state", params={"pins": 0, "media": 0}, timeout=30
    )
    body: JsonDict = response.json()
    return body


def _clip(value: str | None, limit: int) -> str | None:
    return value if value is None or len(value) <= limit else value[:limit]


def pin_print(pin: JsonDict, boards: dict[str, Any], sections: dict[str, Any]) -> tuple[Any, ...]:
    """What must be equal between an archived pin and its restored copy: placement by name
    (ids change), text within the API's limits, and the sha256 of every media file. A pin
    saved from someone else is compared by its source: the save endpoint gives the copy the
    source's text, as Pinterest does."""
    board = boards[pin["board_id"]]
    section = sections.get(pin["board_section_id"]) if pin["board_section_id"] else None
    media = (
        pin["media_sha256"],
        tuple(pin.get("media_items_sha256", ())),
        pin.get("video_sha256"),
    )
    if not pin["is_owner"]:
        return ("saved", board[0], section, pin["parent_pin_id"], *media)
    text = tuple(_clip(pin[k], n) for k, n in LIMITS.items())
    return ("own", board[0], section, *text, pin["dominant_color"], *media)


def summary(state: JsonDict, leave_out: Set[str] = frozenset()) -> tuple[Any, Any, Counter[Any]]:
    """Boards, sections and pins of a sandbox state, without ids, for comparison."""
    boards = {
        b["id"]: (b["name"], _clip(b["description"], 500), b["privacy"]) for b in state["boards"]
    }
    sections = {s["id"]: (boards[s["board_id"]][0], s["name"]) for s in state["sections"]}
    pins = Counter(
        pin_print(p, boards, sections)
        for p in state["pins"]
        if p["board_id"] in boards and p["id"] not in leave_out
    )
    return sorted(boards.values(), key=repr), sorted(sections.values()), pins


def assert_restored(before: JsonDict, after: JsonDict, cannot: set[str]) -> None:
    """The account equals the snapshot, except what cannot come back; no pin twice."""
    want_boards, want_sections, want_pins = summary(before, leave_out=cannot)
    got_boards, got_sections, got_pins = summary(after)
    assert got_boards == want_boards
    assert got_sections == want_sections
    assert got_pins - want_pins == Counter(), "pins on the account that the snapshot lacks"
    assert want_pins - got_pins == Counter(), "pins of the snapshot still missing"


def cannot_ids(result: RestoreResult) -> set[str]:
    return {str(u.id) for u in result.plan.cannot}


def lose(sandbox: Sandbox, state: JsonDict, pick: Callable[[JsonDict], bool]) -> list[str]:
    """Removes (as moderation would) every pin `pick` chooses; returns their ids."""
    ids = [p["id"] for p in state["pins"] if pick(p)]
    for pin_id in ids:
        control(sandbox, f"pins/{pin_id}/remove")
    return ids
