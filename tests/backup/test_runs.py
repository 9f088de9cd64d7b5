"""Runs over time: quick runs, removals, partial runs, faults, the lock and verify."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.store import Archive, ArchiveBusy
from creator_backup.archive.verify import verify
from creator_backup.progress import CancelToken, Progress
from creator_backup.sandbox import Sandbox

from .conftest import control, db, do_backup, sandbox_state

MakeSandbox = Callable[..., Sandbox]


def table_sizes(root: Path) -> dict[str, int]:
    with db(root) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
            for t in ("versions", "sightings", "objects", "media", "media_urls")
        }


def test_unchanged_quick_runs_add_no_rows_and_no_calls_beyond_two(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=2, boards=6, pins=150)
    first = do_backup(sandbox, archive_root)
    assert first.snapshot.kind == "full"
    sizes = table_sizes(archive_root)
    for _ in range(3):
        again = do_backup(sandbox, archive_root, kind="quick")
        assert again.snapshot.kind == "quick" and again.complete
        assert again.api_calls == 2  # the account and the board list
        # Every board left out is named as not checked, with its last listing.
        assert {u["state"] for u in again.unchecked} == {"carried"}
        assert len(again.unchecked) == again.boards
        assert again.pins == first.pins
    assert table_sizes(archive_root) == sizes
    with Archive.open(archive_root, write=False) as archive:
        last = archive.snapshots()[-1].id
        assert archive.count_objects(last, "pin") == first.pins


def test_removed_pin_and_board_are_missing_since_the_next_complete_snapshot(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=4, boards=6, pins=120)
    do_backup(sandbox, archive_root, media=False)
    state = sandbox_state(sandbox)
    pin = next(p for p in state["pins"] if p["board_section_id"] is None)
    board = next(b for b in state["boards"] if b["id"] != pin["board_id"])
    board_pins = {p["id"] for p in state["pins"] if p["board_id"] == board["id"]}
    control(sandbox, f"pins/{pin['id']}/remove")
    control(sandbox, f"boards/{board['id']}/remove")
    second = do_backup(sandbox, archive_root, media=False)  # every board, by default
    assert second.complete
    with db(archive_root) as conn:
        missing = {
            (r["kind"], r["id"])
            for r in conn.execute(
                "SELECT kind, id FROM objects WHERE missing_since = ?", (second.snapshot.id,)
            )
        }
    expected = {("pin", pin["id"]), ("board", board["id"])} | {("pin", p) for p in board_pins}
    expected |= {("section", s["id"]) for s in state["sections"] if s["board_id"] == board["id"]}
    assert missing == expected


def test_cancelled_run_is_partial_marks_nothing_missing_and_resumes(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=6, boards=8, pins=300)
    do_backup(sandbox, archive_root, media=False)
    control(sandbox, "pins/" + sandbox_state(sandbox)["pins"][0]["id"] + "/remove")
    token = CancelToken()
    phases: list[Progress] = []

    def progress(p: Progress) -> None:
        phases.append(p)
        if p.phase == "Listing boards" and p.done >= 2:
            token.cancel()

    from creator_backup.api.factory import make_client
    from creator_backup.auth.static import StaticToken
    from creator_backup.backup.engine import BackupOptions, BackupRun

    client = make_client(sandbox.api_base, StaticToken(sandbox.access_token))
    with Archive.open(archive_root) as archive:
        partial = BackupRun(
            client, archive, BackupOptions("full", media=False), progress, token
        ).run()
    client.close()
    assert not partial.complete and partial.outcome == RunOutcome.CANCELLED
    with db(archive_root) as conn:
        assert (
            conn.execute("SELECT count(*) FROM objects WHERE missing_since IS NOT NULL").fetchone()[
                0
            ]
            == 0
        )
    resumed = do_backup(sandbox, archive_root, media=False)
    assert resumed.snapshot.id == partial.snapshot.id  # the same snapshot, finished
    assert resumed.complete
    assert resumed.api_calls < 1 + 1 + 8 * 2 + 2  # boards already listed were skipped
    with db(archive_root) as conn:
        assert (
            conn.execute("SELECT count(*) FROM objects WHERE missing_since IS NOT NULL").fetchone()[
                0
            ]
            == 1
        )


def test_suspended_account_gives_an_honest_partial_snapshot(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=8, boards=4, pins=60)
    do_backup(sandbox, archive_root, media=False)
    control(sandbox, "account/suspend")
    result = do_backup(sandbox, archive_root, media=False, kind="full")
    assert not result.complete
    assert result.outcome == RunOutcome.ACCOUNT_UNAVAILABLE
    with db(archive_root) as conn:
        assert (
            conn.execute("SELECT count(*) FROM objects WHERE missing_since IS NOT NULL").fetchone()[
                0
            ]
            == 0
        )


def test_faults_end_complete_or_honestly_partial(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=9, boards=6, pins=200, fault_rate=0.15)
    result = do_backup(sandbox, archive_root)
    state = sandbox_state(sandbox)
    assert sum(state["faults_injected"].values()) > 0
    with Archive.open(archive_root, write=False) as archive:
        report = verify(archive, read_data=True)
        assert report.ok, report.problems
        if result.complete:
            assert archive.count_objects(result.snapshot.id, "pin") == len(state["pins"])
    # Whatever failed is retried by the next run, which ends with everything.
    control(sandbox, "faults", {"fault_rate": 0.0})
    final = do_backup(sandbox, archive_root)
    assert final.complete and final.failed == []
    with Archive.open(archive_root, write=False) as archive:
        assert archive.missing_media_urls() == []
        assert verify(archive, read_data=True).ok


def test_a_second_writer_is_refused(archive_root: Path) -> None:
    with Archive.open(archive_root):
        with pytest.raises(ArchiveBusy, match="Another backup"):
            Archive.open(archive_root)
        # Reading is fine while a backup runs.
        with Archive.open(archive_root, write=False) as reader:
            assert reader.snapshots() == []
    with Archive.open(archive_root):
        pass  # released


def test_the_lock_is_held_across_threads_too(archive_root: Path) -> None:
    errors: list[BaseException] = []
    with Archive.open(archive_root):

        def second() -> None:
            try:
                Archive.open(archive_root)
            except BaseException as exc:
                errors.append(exc)

        thread = threading.Thread(target=second)
        thread.start()
        thread.join()
    assert len(errors) == 1 and isinstance(errors[0], ArchiveBusy)


def test_verify_finds_corrupt_missing_and_orphan_files(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=10, boards=3, pins=30)
    do_backup(sandbox, archive_root)
    files = sorted((archive_root / "media").rglob("*.*"))
    assert len(files) >= 3
    corrupt, gone = files[0], files[1]
    corrupt.chmod(0o644)
    data = bytearray(corrupt.read_bytes())
    data[len(data) // 2] ^= 0x01
    corrupt.write_bytes(bytes(data))
    gone.chmod(0o644)
    gone.unlink()
    orphan = archive_root / "media" / "00" / "00" / ("0" * 64 + ".png")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"\x89PNG\r\n\x1a\nstray")
    with Archive.open(archive_root, write=False) as archive:
        quick = verify(archive)
        full = verify(archive, read_data=True)
    kinds = {(p["kind"], Path(p["where"]).name) for p in full.problems}
    assert kinds == {("corrupt", corrupt.name), ("missing", gone.name), ("orphan", orphan.name)}
    # Without reading data, the flipped byte goes unseen (same size); the rest is found.
    assert {p["kind"] for p in quick.problems} == {"missing", "orphan"}
    # A rotating subset covers every file over its M runs.
    covered = 0
    with Archive.open(archive_root, write=False) as archive:
        for part in range(1, 4):
            covered += verify(archive, subset=(part, 3)).media_rehashed
    assert covered == full.media_rehashed


def test_trial_budget_spent_stops_cleanly_and_the_next_day_resumes(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    # Trial access: a day's budget of 12 requests for an account that needs about 20.
    sandbox = make_sandbox(seed=16, boards=8, pins=80, trial=True, trial_daily_limit=12)
    first = do_backup(sandbox, archive_root, media=False)
    assert not first.complete
    assert first.outcome == RunOutcome.QUOTA_SPENT
    assert first.stopped is not None and "rate limit" in first.stopped.lower()
    assert first.estimated_calls is not None and first.remaining_at_start is not None
    assert first.remaining_at_start < first.estimated_calls
    assert first.api_calls <= 12 + 1
    with db(archive_root) as conn:
        assert (
            conn.execute("SELECT count(*) FROM objects WHERE missing_since IS NOT NULL").fetchone()[
                0
            ]
            == 0
        )
    control(sandbox, "clock", {"advance_s": 86_400})
    second = do_backup(sandbox, archive_root, media=False)
    if not second.complete:  # a bigger account takes more days; this one fits in two
        control(sandbox, "clock", {"advance_s": 86_400})
        second = do_backup(sandbox, archive_root, media=False)
    assert second.complete and second.snapshot.id == first.snapshot.id
    assert second.pins == len(sandbox_state(sandbox)["pins"])


def test_a_quick_run_never_carries_the_pins_of_a_removed_board(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    """Even when the account's pin count comes out unchanged (pins added elsewhere as
    many as the removed board held), the removed board's pins are reported missing."""
    import requests

    from tests.sandbox.helpers import b64, tiny_png

    sandbox = make_sandbox(seed=17, boards=5, pins=60)
    do_backup(sandbox, archive_root, media=False)
    state = sandbox_state(sandbox)
    counts: dict[str, int] = {}
    for pin in state["pins"]:
        counts[pin["board_id"]] = counts.get(pin["board_id"], 0) + 1
    # A board this login (a bare token: its secret permission is not known) is sure to
    # see: a secret board's absence would prove nothing (test_secret_unknown.py).
    listed = {b["id"] for b in state["boards"] if b["privacy"] != "SECRET"}
    doomed = min((b for b in counts if b in listed), key=lambda b: counts[b])
    other = next(b for b in listed if b != doomed)
    gone = {p["id"] for p in state["pins"] if p["board_id"] == doomed}
    control(sandbox, f"boards/{doomed}/remove")
    headers = {"Authorization": f"Bearer {sandbox.access_token}"}
    for index in range(len(gone)):
        source = {"source_type": "image_base64", "content_type": "image/png",
                  "data": b64(tiny_png(3 + index, 3))}  # fmt: skip
        made = requests.post(f"{sandbox.api_base}/pins", headers=headers, timeout=30,
                             json={"board_id": other, "media_source": source})  # fmt: skip
        assert made.status_code == 201, made.text
    assert sandbox_state(sandbox)["account"]["pin_count"] == state["account"]["pin_count"]
    quick = do_backup(sandbox, archive_root, media=False, kind="quick")
    assert quick.snapshot.kind == "quick" and quick.complete
    with db(archive_root) as conn:
        missing = {
            r[0] for r in conn.execute(
                "SELECT id FROM objects WHERE kind = 'pin' AND missing_since = ?",
                (quick.snapshot.id,),
            )
        }  # fmt: skip
    assert missing == gone
    assert quick.pins == len(sandbox_state(sandbox)["pins"])
