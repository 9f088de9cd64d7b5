"""The Browse reads never say more than a backup observed: a board the latest complete
snapshot did not list carries since when it is not checked, each snapshot counts the
boards it left unchecked, and a pin's history tells the snapshots that saw it from those
that only kept it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from creator_backup.archive.browse import ArchiveBrowser
from creator_backup.archive.store import Archive
from tests.not_checked_account import REFUSAL, NotCheckedAccount, build_not_checked_account


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> NotCheckedAccount:
    return build_not_checked_account(tmp_path_factory.mktemp("not-checked") / "archive")


@pytest.fixture
def browser(account: NotCheckedAccount) -> Iterator[ArchiveBrowser]:
    with Archive.open(account.root, write=False) as archive:
        yield ArchiveBrowser(archive)


def test_boards_the_latest_backup_did_not_list_say_since_when(
    account: NotCheckedAccount, browser: ArchiveBrowser
) -> None:
    first, second, third = account.snapshots
    boards = {b.id: b for b in browser.boards()}
    refused = boards[account.refused["id"]].unchecked
    assert refused is not None
    assert (refused.snapshot, refused.state, refused.last_checked) == (
        third.id,
        "refused",
        first.started_at,  # the last backup that listed it
    )
    said = json.loads(refused.detail or "{}")
    assert (said["status"], said["message"]) == (403, REFUSAL)
    for board in account.carried:
        check = boards[board["id"]].unchecked
        assert check is not None, board["name"]
        assert (check.state, check.last_checked) == ("carried", second.started_at)


def test_a_snapshot_that_listed_a_board_leaves_it_unflagged(
    account: NotCheckedAccount, browser: ArchiveBrowser
) -> None:
    # Seen from the second snapshot, only the refused board was not checked.
    assert set(browser.board_checks(2)) == {account.refused["id"]}
    assert browser.board_checks(1) == {}


def test_each_snapshot_counts_the_boards_it_did_not_check(
    account: NotCheckedAccount, browser: ArchiveBrowser
) -> None:
    assert browser.unchecked_counts() == {2: 1, 3: 1 + len(account.carried)}


def test_a_pin_kept_without_a_look_is_last_seen_where_it_was_seen(
    account: NotCheckedAccount, browser: ArchiveBrowser
) -> None:
    _, second, third = account.snapshots
    detail = browser.pin_detail(account.kept_pin["id"])
    assert detail is not None
    # The quick third backup carried its board: it is in snapshot 3, not seen there.
    assert (detail.first_seen, detail.last_seen) == (1, 2)
    assert detail.last_seen_at == second.started_at
    [span] = detail.history
    assert (span.first_snapshot, span.last_observed, span.last_snapshot) == (1, 2, 3)
    assert span.kept_unchecked
    assert (span.last_seen_at, span.last_kept_at) == (second.started_at, third.started_at)


def test_a_pin_seen_until_it_went_has_nothing_kept(
    account: NotCheckedAccount, browser: ArchiveBrowser
) -> None:
    removed = browser.pin_detail(account.removed_pin["id"])
    assert removed is not None and removed.row.missing_since == 2
    [span] = removed.history
    assert (span.first_snapshot, span.last_observed, span.last_snapshot) == (1, 1, 1)
    assert not span.kept_unchecked
