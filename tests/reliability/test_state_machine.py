"""Hypothesis drives the archive and the backup against the sandbox: pins and boards
removed, edited, moved and added as Pinterest and moderation would; quick and full
backups, some stopped partway as a crash would stop them. After every step the archive
verifies clean and holds no object twice; after every backup that completes, its
snapshot equals the sandbox's account exactly, and edits are kept as versions.

Small by default (a few short runs); `-m slow` explores far more."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from creator_backup.api.factory import make_client
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.store import Archive
from creator_backup.archive.verify import verify
from creator_backup.auth.static import StaticToken
from creator_backup.backup.engine import BackupOptions, BackupRun
from creator_backup.progress import CancelToken, Progress
from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.backup.conftest import control, sandbox_state
from tests.sandbox.helpers import b64, tiny_png

from .figures import record
from .helpers import assert_no_duplicates

TOTALS: dict[str, int] = {"steps": 0, "backups": 0, "stopped": 0, "compared": 0}


class ArchiveAgainstSandbox(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="cb-state-"))
        self.root = self.folder / "archive"
        self.sandbox: Sandbox | None = None
        self.backed_up = False
        self.added = 0

    @initialize(seed=st.integers(1, 10_000))
    def start(self, seed: int) -> None:
        config = SandboxConfig(hostile=True, seed=seed, boards=3, pins=24, section_conflict_rate=0.0,
                               spam_writes_per_2s=10_000, write_limit_per_min=10_000)  # fmt: skip
        self.sandbox = Sandbox(config).start()

    def teardown(self) -> None:
        if self.sandbox is not None:
            self.sandbox.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- what happens to the account ----------------------------------------------------

    def _state(self) -> dict[str, Any]:
        assert self.sandbox is not None
        return sandbox_state(self.sandbox)

    def _later(self) -> None:
        """Time passes after a change, as it does on Pinterest. A quick run trusts each
        board's pin count and its pins' modification time, which has whole seconds: two
        changes that cancel out on one board within the second of its last listing would
        wait for the next full run (a limit of quick runs, not tested here)."""
        self._sb.clock.advance(1.5)

    @rule(pick=st.integers(0, 10_000))
    def remove_a_pin(self, pick: int) -> None:
        pins = self._state()["pins"]
        if pins:
            control(self._sb, f"pins/{pins[pick % len(pins)]['id']}/remove")
            self._later()

    @rule(pick=st.integers(0, 10_000))
    def remove_a_board(self, pick: int) -> None:
        boards = self._state()["boards"]
        if len(boards) > 1:
            control(self._sb, f"boards/{boards[pick % len(boards)]['id']}/remove")
            self._later()

    @rule(pick=st.integers(0, 10_000), title=st.text(max_size=40))
    def edit_a_pin(self, pick: int, title: str) -> None:
        pins = [p for p in self._state()["pins"] if p["is_owner"]]
        if pins:
            control(self._sb, f"pins/{pins[pick % len(pins)]['id']}/edit", {"title": title})
            self._later()

    @rule(pick=st.integers(0, 10_000))
    def move_a_pin(self, pick: int) -> None:
        state = self._state()
        pins = [p for p in state["pins"] if p["is_owner"]]
        boards = state["boards"]
        if pins and len(boards) > 1:
            pin = pins[pick % len(pins)]
            target = next(b["id"] for b in boards if b["id"] != pin["board_id"])
            control(self._sb, f"pins/{pin['id']}/edit", {"board_id": target})
            self._later()

    @rule(pick=st.integers(0, 10_000))
    def add_a_pin(self, pick: int) -> None:
        boards = self._state()["boards"]
        if not boards:
            return
        self.added += 1
        source = {"source_type": "image_base64", "content_type": "image/png",
                  "data": b64(tiny_png(2 + self.added, 3))}  # fmt: skip
        made = requests.post(
            f"{self._sb.api_base}/pins",
            json={"board_id": boards[pick % len(boards)]["id"], "media_source": source},
            headers={"Authorization": f"Bearer {self._sb.access_token}"},
            timeout=30,
        )
        assert made.status_code == 201, made.text
        self._later()

    # -- what the app does ----------------------------------------------------------------

    @property
    def _sb(self) -> Sandbox:
        assert self.sandbox is not None
        return self.sandbox

    def _backup(self, kind: str | None, media: bool, stop_after: int | None) -> Any:
        cancel = CancelToken()
        events = [0]

        def progress(update: Progress) -> None:
            events[0] += 1
            if stop_after is not None and events[0] >= stop_after:
                cancel.cancel()  # the run stops where a crash would have stopped it

        client = make_client(self._sb.api_base, StaticToken(self._sb.access_token))
        try:
            with Archive.open(self.root, identity={"api_base": self._sb.api_base}) as archive:
                options = BackupOptions(kind=kind, media=media, workers=2)
                return BackupRun(client, archive, options, progress, cancel).run()
        finally:
            client.close()

    @rule(kind=st.sampled_from([None, "quick", "full"]), media=st.booleans())
    def back_up(self, kind: str | None, media: bool) -> None:
        result = self._backup(kind, media, None)
        TOTALS["backups"] += 1
        if result.outcome == RunOutcome.STALE:
            # A board seen by the stopped run has gone: that run is left partial, and
            # the next one takes a fresh, complete snapshot.
            with Archive.open(self.root, write=False) as archive:
                assert not archive.snapshots()[-1].complete
            result = self._backup(kind, media, None)
        assert result.complete, result.stopped
        self.backed_up = True
        self._compare(result.snapshot.id, result.snapshot.kind)

    @rule(after=st.integers(1, 12))
    def back_up_stopped_partway(self, after: int) -> None:
        result = self._backup("full", False, after)
        TOTALS["backups"] += 1
        if not result.complete:
            TOTALS["stopped"] += 1
            with Archive.open(self.root, write=False) as archive:
                assert not archive.snapshots()[-1].complete
        else:
            self._compare(result.snapshot.id, result.snapshot.kind)

    def _compare(self, snapshot_id: int, kind: str) -> None:
        del kind  # every kind of complete snapshot must equal the account
        state = self._state()
        with Archive.open(self.root, write=False) as archive:
            pins = archive.objects_in(snapshot_id, "pin")
            boards = archive.objects_in(snapshot_id, "board")
        assert set(pins) == {p["id"] for p in state["pins"]}
        assert set(boards) == {b["id"] for b in state["boards"]}
        for pin in state["pins"]:
            assert pins[pin["id"]].raw.get("board_id") == pin["board_id"]
        for pin in state["pins"]:
            assert pins[pin["id"]].raw.get("title") == pin.get("title")
        TOTALS["compared"] += 1

    # -- what must always hold --------------------------------------------------------------

    @precondition(lambda self: self.backed_up)
    @invariant()
    def the_archive_verifies_clean_with_nothing_twice(self) -> None:
        TOTALS["steps"] += 1
        with Archive.open(self.root, write=False) as archive:
            report = verify(archive)
            assert report.ok, report.problems
            assert all(s.status in ("complete", "partial", "running") for s in archive.snapshots())
        assert_no_duplicates(self.root)


SETTINGS = settings(
    max_examples=6,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the default run is the same every time; -m slow explores
)


def test_archive_and_backup_against_the_sandbox() -> None:
    ArchiveAgainstSandbox.TestCase.settings = SETTINGS
    ArchiveAgainstSandbox.TestCase().runTest()
    record(stops=TOTALS["stopped"], steps=TOTALS["steps"], backups=TOTALS["backups"], items_lost=0)


@pytest.mark.slow
def test_archive_and_backup_against_the_sandbox_at_length() -> None:
    ArchiveAgainstSandbox.TestCase.settings = settings(
        SETTINGS, max_examples=25, stateful_step_count=20, derandomize=False
    )
    ArchiveAgainstSandbox.TestCase().runTest()
    record(stops=TOTALS["stopped"], steps=TOTALS["steps"], backups=TOTALS["backups"], items_lost=0)


def test_a_board_gone_since_an_interrupted_run_is_not_carried_into_its_finish(
    tmp_path: Path,
) -> None:
    """Found by the machine above: a run stopped partway, a board it had listed then
    removed, and the next run finished the old snapshot with the board still in it."""
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=5, boards=4, pins=30, section_conflict_rate=0.0)
    )
    sandbox.start()
    try:
        machine = ArchiveAgainstSandbox()
        machine.sandbox, machine.root = sandbox, tmp_path / "archive"
        stopped = machine._backup("full", False, stop_after=5)
        assert not stopped.complete
        with Archive.open(machine.root, write=False) as archive:
            done = archive.done_listings(stopped.snapshot.id)
        listed = sorted(k[6:] for k in done if k.startswith("board:"))
        assert listed, "the stopped run should have listed a board"
        control(sandbox, f"boards/{listed[0]}/remove")
        refused = machine._backup(None, False, None)
        assert refused.outcome == RunOutcome.STALE and not refused.complete
        fresh = machine._backup(None, True, None)
        assert fresh.complete and fresh.snapshot.id != stopped.snapshot.id
        machine._compare(fresh.snapshot.id, fresh.snapshot.kind)
        assert listed[0] not in {b["id"] for b in sandbox_state(sandbox)["boards"]}
        assert_no_duplicates(machine.root)
    finally:
        sandbox.stop()
        machine.folder.rmdir()
    record(stops=1, items_lost=0)
