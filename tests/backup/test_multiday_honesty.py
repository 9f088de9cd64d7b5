"""A Trial backup read over several days says so (issue 19, review): each board of the
snapshot is as it was on the day it was read. A board whose counters moved after it was
read still makes the days' work stale; one whose answers carry no counters (real responses
of 2022-2023, the sandbox's realism mode) cannot show a change, and is not read again
every day for that (an account without counters would never finish): the snapshot and
its summary say it is kept as first read, and the next backup reads it again."""

from __future__ import annotations

from pathlib import Path

from creator_backup.archive.outcomes import RunOutcome
from creator_backup.backup.engine import STALE_SENTENCE, BackupResult
from creator_backup.backup.summary import summary_lines

from .conftest import control, sandbox_state
from .test_trial_budget import MakeSandbox, TrialApp, trial_app


def read_boards(trial: TrialApp, snapshot_id: int) -> set[str]:
    with trial.app.archives.reading(trial.record) as archive:
        done = archive.done_listings(snapshot_id)
    return {k[len("board:") :] for k in done if k.startswith("board:")}


def until_complete(trial: TrialApp, result: BackupResult, most: int = 8) -> BackupResult:
    days = 0
    while not result.complete and days < most:
        assert result.outcome == RunOutcome.QUOTA_SPENT, result.stopped
        trial.next_day()
        days += 1
        result = trial.backup()
    assert result.complete, result.stopped
    return result


def test_a_snapshot_read_over_several_days_says_so_and_what_it_could_not_check(
    make_sandbox: MakeSandbox, tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=28, boards=6, pins=120, extras=False, trial=True,
                           trial_daily_limit=12, realism=True)  # fmt: skip
    trial = trial_app(sandbox, tmp_path / "home")
    first = trial.backup()
    assert first.outcome == RunOutcome.QUOTA_SPENT
    assert not any(line.startswith("This snapshot was read over") for line in summary_lines(first))
    read = read_boards(trial, first.snapshot.id)
    with trial.app.archives.reading(trial.record) as archive:
        boards = archive.objects_in(first.snapshot.id, "board")
        pins = archive.objects_in(first.snapshot.id, "pin")
    counterless = {b for b in read if "pin_count" not in boards[b].raw}
    assert counterless, "day 1 must read a board whose answer carries no counters"
    gone = next(p for p, v in pins.items() if v.raw.get("board_id") in counterless)

    # The next day, before the backup goes on, the pin is removed: no counter moves.
    trial.next_day()
    control(sandbox, f"pins/{gone}/remove")
    second = trial.backup()
    result = until_complete(trial, second)
    assert result.snapshot.id == first.snapshot.id, "not thrown away for boards without counters"

    # What the snapshot holds of the board is as day 1 read it, and it says so.
    assert gone in trial.pins_in_archive(result.snapshot.id)
    assert len(result.read_days) >= 2 and result.read_runs >= 2
    assert result.read_days == sorted(result.read_days)
    assert result.read_from is not None and result.read_until is not None
    assert result.read_from[:10] == result.read_days[0]
    assert result.read_until[:10] == result.read_days[-1]
    assert result.earlier_unproven >= len(counterless)
    stats = result.snapshot.stats  # kept with the snapshot, not only told
    assert stats["read_days"] == result.read_days and stats["read_runs"] == result.read_runs
    assert stats["earlier_unproven"] == result.earlier_unproven

    lines = summary_lines(result, dates=lambda stamp: f"<{stamp}>")
    days = len(result.read_days)
    assert (
        f"This snapshot was read over {days} days ({result.read_runs} runs), from "
        f"<{result.read_from}> to <{result.read_until}>: each board is as it was when it was "
        "read, not all as of the end."
    ) in lines
    unproven = [line for line in lines if line.startswith(f"{result.earlier_unproven} boards ")]
    assert unproven and "read by an earlier run" in unproven[0]
    assert "a pin removed from them after that is still shown" in unproven[0]

    # As it says, the next backup reads those boards again: the pin is gone from it.
    trial.next_day()
    after = until_complete(trial, trial.backup())
    assert after.snapshot.id != result.snapshot.id
    assert gone not in trial.pins_in_archive(after.snapshot.id)


def test_a_board_whose_counters_moved_after_it_was_read_makes_the_paused_snapshot_stale(
    make_sandbox: MakeSandbox, tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=28, boards=6, pins=120, extras=False, trial=True,
                           trial_daily_limit=9)  # fmt: skip
    trial = trial_app(sandbox, tmp_path / "home")
    first = trial.backup()
    assert first.outcome == RunOutcome.QUOTA_SPENT
    read = read_boards(trial, first.snapshot.id)
    gone = next(p["id"] for p in sandbox_state(sandbox)["pins"] if p["board_id"] in read)

    trial.next_day()
    control(sandbox, f"pins/{gone}/remove")  # the board's pin count moves
    second = trial.backup()
    assert second.outcome == RunOutcome.STALE and second.snapshot.id == first.snapshot.id
    assert second.stopped == STALE_SENTENCE
    assert summary_lines(second)[0] == f"Backup stopped: {STALE_SENTENCE}"
    assert gone in trial.pins_in_archive(first.snapshot.id)  # the set-aside part, as read

    # The next runs start afresh, and the snapshot they finish does not hold the pin.
    trial.next_day()
    fresh = until_complete(trial, trial.backup())
    assert fresh.snapshot.id != first.snapshot.id
    assert gone not in trial.pins_in_archive(fresh.snapshot.id)
