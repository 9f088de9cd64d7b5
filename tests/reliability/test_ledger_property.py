"""The archive states only what a run observed, whatever happens between runs.

Hypothesis drives a sandbox that answers as real Pinterest does (realism: most boards
without counters, moderation removals that move no counter, short pages, trailing empty
pages, no account id) through removals of pins and boards, boards Pinterest refuses and
lets back, and backups of every kind, some cancelled partway. The sandbox records which
objects it actually served to each run: that, not the app's own word, is what was
observed. After every run:

- nothing is marked removed while Pinterest still has it;
- in a complete snapshot, a board said to be listed was served to a run of that snapshot
  and holds exactly the pins Pinterest had then (a resumed snapshot's boards may date
  from its interrupted part), and a board Pinterest refused is never said to be listed;
- no object's "last seen" is a snapshot that was not served it, or later than the last
  snapshot that was;
- a run cancelled before it finished is never complete.

Small by default; `-m slow` explores far more.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from creator_backup.api.factory import make_client
from creator_backup.archive.listings import board_key
from creator_backup.archive.outcomes import ListingState, RunOutcome
from creator_backup.archive.store import Archive
from creator_backup.auth.static import StaticToken
from creator_backup.backup.engine import BackupOptions, BackupResult, BackupRun
from creator_backup.diff.compare import diff
from creator_backup.progress import CancelToken, Progress
from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.backup.conftest import control, sandbox_state

from .figures import record

TOTALS: dict[str, int] = {"runs": 0, "cancelled": 0, "refused": 0, "checked": 0}


def served(sandbox: Sandbox) -> dict[str, set[str]]:
    """Path -> ids of the objects the sandbox served there since recording started."""
    answer = requests.get(sandbox.origin + "/_sandbox/served", timeout=30)
    assert answer.status_code == 200, answer.text
    return {path: set(ids) for path, ids in answer.json()["served"].items()}


@dataclass
class Run:
    """One backup run: the snapshot it wrote into, what it was served, and Pinterest's
    account as it was while the run went (nothing changes during a run)."""

    snapshot: int
    served: dict[str, set[str]]
    pins_by_board: dict[str, set[str]]
    forbidden: frozenset[str]

    def ids(self) -> set[str]:
        return {i for ids in self.served.values() for i in ids}


class LedgerAgainstSandbox(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="cb-ledger-"))
        self.root = self.folder / "archive"
        self.sandbox: Sandbox | None = None
        self.forbidden: set[str] = set()
        self.runs: list[Run] = []
        self.ran = False

    @initialize(seed=st.integers(1, 10_000))
    def start(self, seed: int) -> None:
        config = SandboxConfig(hostile=True, seed=seed, boards=4, pins=30, realism=True,
                               section_conflict_rate=0.0)  # fmt: skip
        self.sandbox = Sandbox(config).start()

    def teardown(self) -> None:
        if self.sandbox is not None:
            self.sandbox.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def _sb(self) -> Sandbox:
        assert self.sandbox is not None
        return self.sandbox

    def _state(self) -> dict[str, Any]:
        return sandbox_state(self._sb)

    # -- what happens to the account ------------------------------------------------------

    @rule(pick=st.integers(0, 10_000))
    def moderation_removes_a_pin(self, pick: int) -> None:
        pins = self._state()["pins"]
        if pins:
            control(self._sb, f"pins/{pins[pick % len(pins)]['id']}/remove")

    @rule(pick=st.integers(0, 10_000))
    def moderation_removes_a_board(self, pick: int) -> None:
        boards = self._state()["boards"]
        if len(boards) > 1:
            board = boards[pick % len(boards)]["id"]
            control(self._sb, f"boards/{board}/remove")
            self.forbidden.discard(board)

    @rule(pick=st.integers(0, 10_000), refuse=st.booleans())
    def pinterest_refuses_a_board_or_lets_it_back(self, pick: int, refuse: bool) -> None:
        boards = self._state()["boards"]
        if boards:
            board = boards[pick % len(boards)]["id"]
            control(self._sb, f"boards/{board}/forbid", {"pins": refuse})
            (self.forbidden.add if refuse else self.forbidden.discard)(board)

    # -- what the app does ------------------------------------------------------------------

    @rule(
        kind=st.sampled_from([None, "quick", "full"]),
        cancel_at=st.one_of(st.none(), st.integers(1, 14)),
    )
    def back_up(self, kind: str | None, cancel_at: int | None) -> None:
        cancel = CancelToken()
        events: list[str] = []
        cancelled_during: list[str] = []

        def progress(update: Progress) -> None:
            events.append(update.phase)
            if cancel_at is not None and len(events) == cancel_at:
                cancel.cancel()
                cancelled_during.append(update.phase)

        truth: dict[str, set[str]] = {}
        for pin in self._state()["pins"]:
            truth.setdefault(pin["board_id"], set()).add(pin["id"])
        control(self._sb, "served", {"record": True})
        client = make_client(self._sb.api_base, StaticToken(self._sb.access_token))
        try:
            with Archive.open(self.root) as archive:
                options = BackupOptions(kind=kind, media=False, workers=2)
                result = BackupRun(client, archive, options, progress, cancel).run()
        finally:
            client.close()
        run = Run(result.snapshot.id, served(self._sb), truth, frozenset(self.forbidden))
        self.runs.append(run)
        TOTALS["runs"] += 1
        self.ran = True
        if cancelled_during and cancelled_during[0] not in ("Finished", "Stopped"):
            # Asked to stop before it finished: never complete.
            TOTALS["cancelled"] += 1
            assert result.outcome == RunOutcome.CANCELLED, (result.outcome, cancelled_during)
            assert not result.complete
        if result.complete:
            self._check_complete(result)

    def _check_complete(self, result: BackupResult) -> None:
        state = self._state()
        snap = result.snapshot.id
        runs = [r for r in self.runs if r.snapshot == snap]  # more than one if resumed
        with Archive.open(self.root, write=False) as archive:
            boards = archive.objects_in(snap, "board")
            pins = archive.objects_in(snap, "pin")
            assert set(boards) == {b["id"] for b in state["boards"]}
            listed_boards = set()
            for board in boards:
                if archive.listing_state(snap, board_key(board)) != ListingState.LISTED:
                    continue
                listed_boards.add(board)
                # Said to be listed: then a run of this snapshot was served that listing,
                # and the board holds exactly what Pinterest had on it then.
                path = f"/v5/boards/{board}/pins"
                listers = [r for r in runs if path in r.served]
                assert listers, f"board {board} is said to be listed but was never served"
                TOTALS["checked"] += 1
                held = {p for p, v in pins.items() if v.board_id == board}
                assert held == listers[-1].pins_by_board.get(board, set()), board
            # Refused to every run of this snapshot: never said to be listed.
            refused = set(boards).intersection(*(r.forbidden for r in runs))
            TOTALS["refused"] += len(refused)
            assert not refused & listed_boards
            unchecked = {u.board_id for u in archive.unchecked_boards(snap)}
            assert unchecked == set(boards) - listed_boards
            complete = [s for s in archive.snapshots() if s.complete]
            if len(complete) >= 2:
                # What a diff calls removed is gone from Pinterest, and every board the
                # newer snapshot did not list is named as not checked.
                compared = diff(archive, complete[-2], complete[-1])
                alive = {p["id"] for p in state["pins"]} | {b["id"] for b in state["boards"]}
                for kind in ("board", "pin"):
                    assert not {i.id for i in compared.removed[kind]} & alive, kind
                assert {n.board_id for n in compared.not_checked} == unchecked

    # -- what must always hold ----------------------------------------------------------------

    @precondition(lambda self: self.ran)
    @invariant()
    def nothing_is_removed_while_pinterest_has_it(self) -> None:
        state = self._state()
        alive = {p["id"] for p in state["pins"]} | {b["id"] for b in state["boards"]}
        with Archive.open(self.root, write=False) as archive:
            for kind in ("board", "pin"):
                facts = archive.object_facts(kind)
                wrongly = {i for i, (_, _, missing) in facts.items() if missing} & alive
                assert not wrongly, (kind, wrongly)

    @precondition(lambda self: self.ran)
    @invariant()
    def last_seen_is_a_snapshot_that_was_served_it(self) -> None:
        with Archive.open(self.root, write=False) as archive:
            for kind in ("board", "section", "pin"):
                for object_id, (_, last, _) in archive.object_facts(kind).items():
                    served_in = [r.snapshot for r in self.runs if object_id in r.ids()]
                    assert last in served_in, (kind, object_id, last)
                    assert last <= max(served_in), (kind, object_id, last, served_in)


SETTINGS = settings(
    max_examples=5,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the default run is the same every time; -m slow explores
)


def test_the_archive_states_only_what_was_observed() -> None:
    LedgerAgainstSandbox.TestCase.settings = SETTINGS
    LedgerAgainstSandbox.TestCase().runTest()
    record(stops=TOTALS["cancelled"], backups=TOTALS["runs"], items_lost=0)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_the_archive_states_only_what_was_observed_at_length() -> None:
    LedgerAgainstSandbox.TestCase.settings = settings(
        SETTINGS, max_examples=30, stateful_step_count=25, derandomize=False
    )
    LedgerAgainstSandbox.TestCase().runTest()
    record(stops=TOTALS["cancelled"], backups=TOTALS["runs"], items_lost=0)
