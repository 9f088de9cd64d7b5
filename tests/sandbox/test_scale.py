"""Large accounts: generated lazily, so size costs neither start-up time nor memory."""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from creator_backup.sandbox import Sandbox, SandboxConfig

from .helpers import Client, JsonDict, get_media

BIG_BOARDS = 200
BIG_PINS = 100_000


@pytest.fixture(scope="module")
def big() -> Iterator[Client]:
    with Sandbox(SandboxConfig(hostile=True, seed=31, boards=BIG_BOARDS, pins=BIG_PINS)) as sandbox:
        client = Client(sandbox)
        yield client
        client.close()


def rss_bytes() -> int:
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("needs /proc to read the resident set size")
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS line")


def test_a_100k_account_starts_fast() -> None:
    start = time.monotonic()
    with Sandbox(SandboxConfig(hostile=True, seed=32, boards=BIG_BOARDS, pins=BIG_PINS)) as sandbox:
        started = time.monotonic() - start
        client = Client(sandbox)
        try:
            account = client.ok("/user_account")
        finally:
            client.close()
    assert started < 10
    assert account["pin_count"] == BIG_PINS
    assert account["board_count"] == BIG_BOARDS


def test_counts_of_a_100k_account_answer_quickly(big: Client) -> None:
    start = time.monotonic()
    account = big.ok("/user_account")
    boards = big.items("/boards")
    elapsed = time.monotonic() - start
    assert len(boards) == BIG_BOARDS
    assert sum(board["pin_count"] for board in boards) <= account["pin_count"]
    assert elapsed < 5


def test_counts_stay_quick_after_changes(big: Client) -> None:
    boards = big.ok("/boards", page_size=2)["items"]
    pin = big.ok(f"/boards/{boards[0]['id']}/pins", page_size=1)["items"][0]
    before = big.ok("/user_account")["pin_count"]
    big.control_ok(f"/pins/{pin['id']}/edit", {"board_id": boards[1]["id"]})
    removed = big.ok(f"/boards/{boards[0]['id']}/pins", page_size=1)["items"][0]
    big.control_ok(f"/pins/{removed['id']}/remove")
    start = time.monotonic()
    account = big.ok("/user_account")
    after = {b["id"]: b["pin_count"] for b in big.ok("/boards", page_size=2)["items"]}
    assert time.monotonic() - start < 3
    assert account["pin_count"] == before - 1
    assert after[boards[0]["id"]] == boards[0]["pin_count"] - 2
    assert after[boards[1]["id"]] == boards[1]["pin_count"] + 1
    big.control_ok("/account/reinstate", {"restore_content": True})


def test_memory_stays_flat_while_paging(big: Client) -> None:
    def page(bookmark: str | None) -> str | None:
        query: JsonDict = {"page_size": 250}
        if bookmark:
            query["bookmark"] = bookmark
        body = big.ok("/pins", **query)
        assert len(body["items"]) == 250
        next_page: str | None = body["bookmark"]
        return next_page

    bookmark = page(page(None))  # warm up sessions and caches
    gc.collect()
    rss_before, blocks_before = rss_bytes(), sys.getallocatedblocks()
    for _ in range(20):
        bookmark = page(bookmark)
    gc.collect()
    rss_growth = rss_bytes() - rss_before
    blocks_growth = sys.getallocatedblocks() - blocks_before
    assert rss_growth < 50 * 1024 * 1024
    # Keeping even one object per pin served (5,000 pins) would show up here.
    assert blocks_growth < 5_000, blocks_growth


def test_media_of_a_big_account_is_served(big: Client) -> None:
    pin = big.ok("/pins", page_size=1)["items"][0]
    url = pin["media"]["images"]["150x150"]["url"]
    assert get_media(url).status_code == 200


def list_everything(client: Client) -> list[str]:
    return [pin["id"] for pin in client.items("/pins", page_size=250)]


def test_listing_10k_pins_takes_seconds() -> None:
    with Sandbox(SandboxConfig(seed=33, boards=40, pins=10_000, extras=False)) as sandbox:
        client = Client(sandbox)
        try:
            start = time.monotonic()
            ids = list_everything(client)
            elapsed = time.monotonic() - start
        finally:
            client.close()
    assert len(ids) == 10_000 and len(set(ids)) == 10_000
    assert elapsed < 20


@pytest.mark.slow
def test_listing_100k_pins() -> None:
    with Sandbox(SandboxConfig(seed=34, boards=BIG_BOARDS, pins=BIG_PINS, extras=False)) as sandbox:
        client = Client(sandbox)
        try:
            start = time.monotonic()
            ids = list_everything(client)
            elapsed = time.monotonic() - start
        finally:
            client.close()
    assert len(ids) == 100_000 and len(set(ids)) == 100_000
    assert elapsed < 120


def test_small_requests_answer_without_delay(big: Client) -> None:
    # Nagle's algorithm with delayed ACKs once added ~40 ms to every response.
    timings = []
    for _ in range(15):
        start = time.monotonic()
        assert big.get("/boards/123").status_code == 404
        timings.append(time.monotonic() - start)
    assert statistics.median(timings) < 0.03


def test_stop_is_prompt() -> None:
    sandbox = Sandbox(SandboxConfig(hostile=True, pins=5)).start()
    start = time.monotonic()
    sandbox.stop()
    assert time.monotonic() - start < 0.5
