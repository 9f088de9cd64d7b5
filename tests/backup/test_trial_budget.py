"""Trial access, budgeted (issue 19): a backup bigger than a day's requests finishes over
several days through the application layer, as both faces run it, with nothing lost and
nothing fetched twice; a short day goes to the boards that matter most; what the next
backup costs is known before it starts, with no request to Pinterest.

The sandbox's clock and the app's move on together: the budget follows Pinterest's own
reset, so a simulated day needs no waiting."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from creator_backup.application.app import Application
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.auth.accounts import AccountRecord
from creator_backup.backup.engine import BackupOptions, BackupResult
from creator_backup.backup.summary import summary_lines
from creator_backup.paths import AppPaths
from creator_backup.sandbox import Sandbox
from tests.api.helpers import FakeClock

from .conftest import control, sandbox_state

MakeSandbox = Callable[..., Sandbox]
PAGE = 250
BOARD_PINS = "GET /v5/boards/{board_id}/pins"
BOARD_SECTIONS = "GET /v5/boards/{board_id}/sections"
OWN_PINS = "GET /v5/pins"
DAY_S = 86_400
GOES_ON_TOMORROW = (
    "The rest continues with the next backup after Pinterest's daily limit resets, tomorrow at "
)


@dataclass
class TrialApp:
    """The application as a face builds it, on a clock that moves with the sandbox's."""

    app: Application
    record: AccountRecord
    sandbox: Sandbox
    clock: FakeClock
    # Requests the login made (it tries one-item listings to learn the token's scopes):
    # left out of what the backups are judged on.
    at_login: dict[str, int] = field(default_factory=dict)

    def backup(self, kind: str = "full") -> BackupResult:
        return self.app.backups.run_account(self.record, BackupOptions(kind=kind, media=False))

    def next_day(self) -> None:
        control(self.sandbox, "clock", {"advance_s": DAY_S})
        self.clock.advance(DAY_S)

    def requests_by_endpoint(self) -> dict[str, int]:
        found: dict[str, int] = sandbox_state(self.sandbox)["requests"]["by_endpoint"]
        return {k: n - self.at_login.get(k, 0) for k, n in found.items()}

    def pins_in_archive(self, snapshot_id: int) -> set[str]:
        with self.app.archives.reading(self.record) as archive:
            return set(archive.objects_in(snapshot_id, "pin"))

    def captures(self, snapshot_id: int) -> list[dict[str, Any]]:
        with self.app.archives.reading(self.record) as archive:
            return archive.captures([snapshot_id])


def trial_app(sandbox: Sandbox, home: Path) -> TrialApp:
    clock = FakeClock()
    paths = AppPaths.resolve(home)
    paths.ensure()
    app = Application(paths, sandbox.api_base, env={}, clock=clock)
    record = app.account_service.login_with_token(sandbox.access_token)
    trial = TrialApp(app, record, sandbox, clock)
    trial.at_login = trial.requests_by_endpoint()
    return trial


def pages(items: int) -> int:
    return max(1, math.ceil(items / PAGE))


def listing_costs(state: dict[str, Any]) -> tuple[dict[str, int], int]:
    """Each board's listing in requests (a page of sections, a page per 250 pins), and the
    account's own pins' listing, as the sandbox serves them."""
    sections: dict[str, int] = {}
    for section in state["sections"]:
        sections[section["board_id"]] = sections.get(section["board_id"], 0) + 1
    boards = {
        b["id"]: pages(sections.get(b["id"], 0)) + pages(b["pin_count"]) for b in state["boards"]
    }
    return boards, pages(state["account"]["pin_count"])


def test_a_first_backup_bigger_than_a_day_finishes_over_two_days_nothing_lost_or_fetched_twice(
    make_sandbox: MakeSandbox, tmp_path: Path
) -> None:
    config = {"seed": 21, "boards": 7, "pins": 420}
    copy = make_sandbox(**config)
    boards, own = listing_costs(sandbox_state(copy))
    listings = sum(boards.values()) + own
    # What the login costs (the account, then one-item listings to learn the token's
    # scopes), measured on a copy of the account.
    login = sum(trial_app(copy, tmp_path / "copy").at_login.values())
    # A day pays for a little more than half of it: the login's requests and each day's
    # account and board list (2) come first.
    limit = math.ceil((listings + login + 4 + max(boards.values())) / 2)
    assert limit - 3 < listings, "the account must need more than one day"
    sandbox = make_sandbox(**config, trial=True, trial_daily_limit=limit)
    trial = trial_app(sandbox, tmp_path / "home")
    assert trial.app.backups.estimate(trial.record) is None  # no archive yet

    first = trial.backup()
    assert first.outcome == RunOutcome.QUOTA_SPENT and not first.complete
    assert 0 < first.boards_read < len(boards) and first.boards_waiting > 0
    assert first.budget is not None and first.budget.limit == limit
    assert first.days_to_finish == 1
    lines = summary_lines(first, now=trial.clock())
    assert lines[0].startswith("Backup paused: Pinterest allows this app ")
    assert f"So far this backup has read {first.boards_read} of {len(boards)} boards." in lines
    assert any(line.startswith(GOES_ON_TOMORROW) for line in lines)
    assert f"At {limit} requests a day, it needs about 1 more day." in lines
    assert not any("complete" in line.lower() for line in lines)
    with trial.app.archives.reading(trial.record) as archive:
        # A stopped run concludes nothing: no pin is taken for removed.
        assert (
            archive.conn.execute(
                "SELECT count(*) FROM objects WHERE missing_since IS NOT NULL"
            ).fetchone()[0]
            == 0
        )
    # The next backup's cost is known from the archive, with no request to Pinterest.
    before = sum(trial.requests_by_endpoint().values())
    estimate = trial.app.backups.estimate(trial.record)
    assert first.requests_to_finish is not None
    assert estimate == first.daily_overhead + first.requests_to_finish
    assert sum(trial.requests_by_endpoint().values()) == before
    status = trial.app.backups.budget(trial.record)
    assert (status.access, status.limit, status.left) == ("trial", limit, first.budget.left)
    assert status.sentence.startswith("Pinterest allows your app ")

    # A scheduled run later that day would spend what is left on listings it cannot
    # finish: it is skipped, and says why; the next day it runs.
    go, why = trial.app.backups.should_run_scheduled(trial.record)
    assert not go and why.startswith("Scheduled backup skipped: ")
    assert "a backup already ran today" in why or "no more requests today" in why

    trial.next_day()
    assert trial.app.backups.should_run_scheduled(trial.record) == (True, "")
    second = trial.backup()
    assert second.complete and second.snapshot.id == first.snapshot.id

    state = sandbox_state(sandbox)
    # Nothing lost: every pin of the account is in the snapshot.
    assert trial.pins_in_archive(second.snapshot.id) == {p["id"] for p in state["pins"]}
    # Nothing fetched twice: each page of each listing was asked for once over both days,
    # and Pinterest never had to refuse a request.
    served = trial.requests_by_endpoint()
    assert served[BOARD_PINS] == sum(pages(b["pin_count"]) for b in state["boards"])
    assert served[BOARD_SECTIONS] == len(state["boards"])
    assert served[OWN_PINS] == own
    assert state["rate_limited"] == 0
    captures = trial.captures(second.snapshot.id)
    assert all(c["status"] == 200 for c in captures)
    listing_pages = [c["endpoint"] for c in captures if c["endpoint"].startswith("/boards/")]
    assert len(listing_pages) == len(set(listing_pages))


def test_a_short_day_lists_the_board_that_changed_before_the_others(
    make_sandbox: MakeSandbox, tmp_path: Path
) -> None:
    limit = 60
    sandbox = make_sandbox(seed=22, boards=5, pins=100, extras=False, trial=True,
                           trial_daily_limit=limit)  # fmt: skip
    trial = trial_app(sandbox, tmp_path / "home")
    first = trial.backup()
    assert first.complete
    in_order = [
        c["endpoint"].split("/")[2]
        for c in trial.captures(first.snapshot.id)
        if c["endpoint"].startswith("/boards/") and "/pins" in c["endpoint"]
    ]
    changed = in_order[-1]  # the last board Pinterest lists
    state = sandbox_state(sandbox)
    gone = next(p["id"] for p in state["pins"] if p["board_id"] == changed)

    trial.next_day()
    control(sandbox, f"pins/{gone}/remove")
    # Elsewhere (another tool of the same app, say) spent all of today's budget but 4:
    # the account and the board list, then one board's listing.
    for _ in range(limit - 4):
        answer = requests.get(
            sandbox.api_base + "/user_account",
            headers={"Authorization": f"Bearer {sandbox.access_token}"},
            timeout=30,
        )
        assert answer.status_code == 200
    second = trial.backup()
    assert second.outcome == RunOutcome.QUOTA_SPENT
    assert second.boards_read == 1 and second.boards_waiting == len(in_order) - 1
    listed = [
        c["endpoint"].split("/")[2]
        for c in trial.captures(second.snapshot.id)
        if c["endpoint"].startswith("/boards/") and "/pins" in c["endpoint"]
    ]
    assert listed == [changed]
    assert sandbox_state(sandbox)["rate_limited"] == 0

    trial.next_day()
    third = trial.backup()
    assert third.complete and third.snapshot.id == second.snapshot.id
    assert gone not in trial.pins_in_archive(third.snapshot.id)


def test_the_estimate_is_what_the_next_full_backup_asks(
    make_sandbox: MakeSandbox, tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=23, boards=4, pins=600, extras=False)
    trial = trial_app(sandbox, tmp_path / "home")
    assert trial.app.backups.estimate(trial.record) is None
    assert trial.backup().complete
    estimate = trial.app.backups.estimate(trial.record)
    again = trial.backup()
    assert again.complete and estimate == again.api_calls
    status = trial.app.backups.budget(trial.record)
    assert status.access == "standard" and status.limit is None and status.sentence == ""


def test_a_change_to_a_board_not_reached_yet_does_not_throw_the_days_away(
    make_sandbox: MakeSandbox, tmp_path: Path
) -> None:
    """An account in use changes while its first backup takes days: a pin removed from a
    board the paused run had not reached is simply not there when the next day lists that
    board; the snapshot goes on, and ends equal to the account."""
    sandbox = make_sandbox(seed=28, boards=6, pins=120, extras=False, trial=True,
                           trial_daily_limit=9)  # fmt: skip
    trial = trial_app(sandbox, tmp_path / "home")
    first = trial.backup()
    assert first.outcome == RunOutcome.QUOTA_SPENT
    with trial.app.archives.reading(trial.record) as archive:
        reached = {k[len("board:") :] for k in archive.done_listings(first.snapshot.id)}
    state = sandbox_state(sandbox)
    gone = next(p["id"] for p in state["pins"] if p["board_id"] not in reached)
    control(sandbox, f"pins/{gone}/remove")

    days = 0
    result = first
    while not result.complete and days < 4:
        trial.next_day()
        days += 1
        result = trial.backup()
        assert result.outcome != RunOutcome.STALE, result.stopped
    assert result.complete and result.snapshot.id == first.snapshot.id
    after = sandbox_state(sandbox)
    assert trial.pins_in_archive(result.snapshot.id) == {p["id"] for p in after["pins"]}
    assert gone not in trial.pins_in_archive(result.snapshot.id)
    assert after["rate_limited"] == 0
