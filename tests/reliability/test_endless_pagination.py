"""A server that never stops handing out bookmarks: a listing ends when its pages bring
nothing new, or when it passes what the account says it holds (with a margin), and the run
is closed as failed (partial) with the reason, never left to run forever. Many long
listings, each within its own bound, are bounded together by the run's budget; a page of
unreadable objects only is a page of recorded skips, never a reason to stop."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from creator_backup.api.pagination import COUNT_SLACK, most_items
from creator_backup.archive.store import Archive
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import sandbox_state

from .figures import record
from .helpers import only_archive, run_cli, sandbox_env


def endless(sandbox: Sandbox, path: str, fresh: bool, pages: int | None = None) -> None:
    rule: dict[str, Any] = {"path": path, "fresh": fresh}
    if pages is not None:
        rule["pages"] = pages
    body = {"endless": [rule]}
    answer = requests.post(sandbox.origin + "/_sandbox/malformed", json=body, timeout=30)
    assert answer.status_code == 200, answer.text


def requests_to(sandbox: Sandbox, endpoint: str) -> int:
    state = requests.get(sandbox.origin + "/_sandbox/state?pins=0&media=0", timeout=30).json()
    count: int = state["requests"]["by_endpoint"].get(endpoint, 0)
    return count


@pytest.mark.parametrize(
    ("path", "endpoint", "fresh", "reason"),
    [
        (r"^/v5/boards/\d+/pins$", "GET /v5/boards/{board_id}/pins", False, "nothing new"),
        ("^/v5/pins$", "GET /v5/pins", True, "more than the"),
    ],
)
def test_an_endless_listing_ends_the_run_as_partial_with_its_reason(
    make_sandbox: Callable[..., Sandbox],
    cli_env: dict[str, str],
    tmp_path: Path,
    path: str,
    endpoint: str,
    fresh: bool,
    reason: str,
) -> None:
    sandbox = make_sandbox(seed=54, boards=2, pins=20)
    state: dict[str, Any] = sandbox_state(sandbox)
    endless(sandbox, path, fresh)
    env = sandbox_env(sandbox, cli_env)

    result = run_cli(env, "backup", "--json", timeout=300)

    assert result.code == 5, (result.code, result.err)
    body = json.loads(result.out)
    assert body["outcome"] == "failed" and reason in body["stopped"], body["stopped"]
    with Archive.open(only_archive(env), write=False) as archive:
        assert [s.status for s in archive.snapshots()] == ["partial"]
    pages = requests_to(sandbox, endpoint)
    if fresh:
        # Own pins: bounded by the account's pin count and the margin, page by page.
        page = len([p for p in state["pins"] if p["is_owner"]])
        bound = state["account"]["pin_count"] + COUNT_SLACK
        assert pages <= math.ceil(bound / max(1, page)) + 1, pages
    else:
        assert pages <= 2 * len(state["boards"]), pages  # a second page of each, at most
    record(hostile_inputs=1, items_lost=0)


BOARD_PINS = "GET /v5/boards/{board_id}/pins"


def test_many_long_board_listings_are_stopped_together_by_the_run_budget(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    """Every board hands out 60 pages of new pins, then ends: each listing stays within
    its own bound (its pin count and the margin), but together they pass what the account
    can hold, and the run stops there instead of listing every board so."""
    sandbox = make_sandbox(seed=54, boards=4, pins=40)
    state: dict[str, Any] = sandbox_state(sandbox)
    per_page = [b["pin_count"] for b in state["boards"]]
    long_pages = 60
    # The premise: no board passes its own bound, yet the boards pass the run's budget.
    budget = most_items(state["account"]["pin_count"])
    assert all((long_pages + 1) * n <= most_items(n) for n in per_page), per_page
    assert (long_pages + 1) * sum(per_page) > budget, per_page
    endless(sandbox, r"^/v5/boards/\d+/pins$", fresh=True, pages=long_pages)
    env = sandbox_env(sandbox, cli_env)

    result = run_cli(env, "backup", "--json", timeout=300)

    assert result.code == 5, (result.code, result.err)
    body = json.loads(result.out)
    assert body["outcome"] == "failed", body
    assert "pins on boards in this run" in body["stopped"], body["stopped"]
    with Archive.open(only_archive(env), write=False) as archive:
        assert [s.status for s in archive.snapshots()] == ["partial"]
    # It stopped on the first page past the budget: no more pages than the budget's worth
    # in the smallest board's pages, and a last short page for each board.
    pages = requests_to(sandbox, BOARD_PINS)
    assert pages <= math.ceil(budget / min(per_page)) + len(per_page), pages
    record(hostile_inputs=1, items_lost=0)


def test_a_page_of_unreadable_objects_only_is_skipped_and_the_listing_goes_on(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    """A board's first page is all objects the app cannot read (not objects, objects
    without an id): they are recorded skips, and the listing goes on to its next page."""
    sandbox = make_sandbox(seed=55, boards=1, pins=300, extras=False)
    state: dict[str, Any] = sandbox_state(sandbox)
    (board,) = [b["id"] for b in state["boards"]]
    first = requests.get(
        f"{sandbox.api_base}/boards/{board}/pins",
        params={"page_size": 250},
        headers={"Authorization": f"Bearer {sandbox.access_token}"},
        timeout=30,
    ).json()
    assert first["bookmark"], first  # the board has a second page
    unreadable = [pin["id"] for pin in first["items"]]
    half = len(unreadable) // 2
    rules = [
        {"ids": unreadable[:half], "mangle": "not_an_object"},
        {"ids": unreadable[half:], "mangle": "no_id"},
    ]
    answer = requests.post(
        sandbox.origin + "/_sandbox/malformed", json={"rules": rules}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    env = sandbox_env(sandbox, cli_env)

    result = run_cli(env, "backup", "--json", timeout=300)

    assert result.code == 0, (result.code, result.err)
    body = json.loads(result.out)
    assert body["complete"] is True, body["stopped"]
    on_board = [s for s in body["skipped"] if s["where"] == f"/boards/{board}/pins"]
    assert len(on_board) == len(unreadable)
    with Archive.open(only_archive(env), write=False) as archive:
        last = archive.snapshots()[-1]
        assert last.complete
        archived = set(archive.objects_in(last.id, "pin"))
    every = {pin["id"] for pin in state["pins"]}
    assert archived == every - set(unreadable) and len(archived) == len(every) - 250
    record(hostile_inputs=1, items_lost=0)
