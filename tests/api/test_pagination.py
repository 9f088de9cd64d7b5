"""Pagination through PinterestClient: exact call counts at the page boundaries, and
listings that would loop forever stop with PaginationError instead."""

from __future__ import annotations

import pytest

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import PaginationError
from creator_backup.api.factory import make_client
from creator_backup.api.pagination import (
    COUNT_SLACK,
    MOST_BOARDS,
    MOST_PINS,
    MOST_SECTIONS,
    PAGE_SIZE,
    RunBudget,
)
from creator_backup.auth.static import StaticToken
from creator_backup.pinterest_limits import ACCOUNT_MAX_BOARDS, ACCOUNT_MAX_PINS
from tests.sandbox_fixture import SandboxFactory

from .helpers import FakeClock, RecordingSleep, ScriptedServer, calls_to, drain, pin

BOARD_PINS = "GET /v5/boards/{board_id}/pins"
OWN_PINS = "GET /v5/pins"


def test_page_size_is_pinterests_maximum() -> None:
    assert PAGE_SIZE == 250


@pytest.mark.parametrize(
    ("count", "calls"),
    [(0, 1), (1, 1), (250, 1), (251, 2), (10_000, 40)],
)
def test_board_pins_arrive_whole_in_the_fewest_calls(
    make_sandbox: SandboxFactory, clock: FakeClock, count: int, calls: int
) -> None:
    sandbox = make_sandbox(boards=1, pins=count, extras=False)
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    try:
        (board,) = list(client.iter_boards())
        assert board.pin_count == count
        before = client.stats.calls
        ids = [p.id for p in client.iter_board_pins(board.id)]
        assert client.stats.calls - before == calls
    finally:
        client.close()
    assert len(ids) == count
    assert len(set(ids)) == count
    assert calls_to(sandbox, BOARD_PINS) == calls
    assert sleep.calls == []  # nothing was retried or paced


@pytest.mark.parametrize(("count", "calls"), [(0, 1), (1, 1), (250, 1), (251, 2), (600, 3)])
def test_own_pins_listing_counts_calls_the_same_way(
    make_sandbox: SandboxFactory, count: int, calls: int
) -> None:
    sandbox = make_sandbox(boards=2, pins=count, extras=False)
    client = make_client(sandbox.api_base, StaticToken(sandbox.access_token))
    try:
        ids = [p.id for p in client.iter_own_pins()]
        assert client.stats.calls == calls
    finally:
        client.close()
    assert sorted(ids) == sorted(set(ids)) and len(ids) == count
    assert calls_to(sandbox, OWN_PINS) == calls


def _client(server: ScriptedServer) -> PinterestClient:
    return make_client(server.api_base, StaticToken("pina_not-checked-here"))


def test_a_repeated_bookmark_stops_instead_of_looping() -> None:
    pages = [
        {"items": [pin(1), pin(2)], "bookmark": "bm-A"},
        {"items": [pin(3)], "bookmark": "bm-B"},
        {"items": [pin(4)], "bookmark": "bm-A"},  # back to a page already seen
        {"items": [pin(5)], "bookmark": None},  # never reached
    ]
    seen: list[object] = []
    with ScriptedServer(pages) as server:
        client = _client(server)
        try:
            with pytest.raises(PaginationError, match="repeated a bookmark"):
                drain(client.iter_own_pins(), seen)
        finally:
            client.close()
    assert len(server.requests) == 3
    assert [q.get("bookmark") for _, q in server.requests] == [None, "bm-A", "bm-B"]
    assert all(q["page_size"] == "250" for _, q in server.requests)
    assert len(seen) == 4  # what came before the loop was still delivered


def test_the_same_bookmark_twice_in_a_row_stops_after_two_calls() -> None:
    pages = [{"items": [pin(1)], "bookmark": "same"}] * 5
    with ScriptedServer(pages) as server:
        client = _client(server)
        try:
            with pytest.raises(PaginationError):
                list(client.iter_own_pins())
        finally:
            client.close()
    assert len(server.requests) == 2


def test_an_empty_page_with_a_bookmark_ends_the_listing() -> None:
    """Real Pinterest ends some listings with an empty page that still has a bookmark:
    the listing is over (asking again would loop), and not an error."""
    pages = [
        {"items": [pin(1)], "bookmark": "next"},
        {"items": [], "bookmark": "more?"},
        {"items": [pin(2)], "bookmark": None},
    ]
    with ScriptedServer(pages) as server:
        client = _client(server)
        try:
            assert [p.id for p in client.iter_board_pins("123")] == ["1001"]
        finally:
            client.close()
    assert len(server.requests) == 2
    assert server.requests[0][0] == "/v5/boards/123/pins"


def test_short_pages_that_carry_a_bookmark_go_on() -> None:
    pages = [
        {"items": [pin(1)], "bookmark": "b1"},
        {"items": [pin(2), pin(3)], "bookmark": "b2"},
        {"items": [pin(4)], "bookmark": None},
    ]
    with ScriptedServer(pages) as server:
        client = _client(server)
        try:
            assert [p.id for p in client.iter_own_pins()] == ["1001", "1002", "1003", "1004"]
        finally:
            client.close()
    assert [q.get("bookmark") for _, q in server.requests] == [None, "b1", "b2"]


def test_an_answer_without_items_is_a_pagination_error_not_an_empty_listing() -> None:
    with ScriptedServer([{"bookmark": None}]) as server:
        client = _client(server)
        try:
            with pytest.raises(PaginationError, match="no list of items"):
                list(client.iter_boards())
        finally:
            client.close()
    assert len(server.requests) == 1


def _pages(count: int, start: int = 0, size: int = PAGE_SIZE) -> list[dict[str, object]]:
    """`count` pins in pages of `size`, each page with a bookmark to the next."""
    return [
        {
            "items": [pin(n) for n in range(first, min(first + size, start + count))],
            "bookmark": f"b{first}",
        }
        for first in range(start, start + count, size)
    ]


def test_the_bounds_derive_from_pinterests_account_limits() -> None:
    assert MOST_PINS == 250_000 and MOST_PINS > ACCOUNT_MAX_PINS
    assert MOST_BOARDS == 2_500 and MOST_BOARDS > ACCOUNT_MAX_BOARDS


def test_a_listing_of_exactly_its_bound_then_an_empty_bookmarked_page_completes() -> None:
    """A board that says it holds none may list COUNT_SLACK pins (the margin); exactly
    that many, then the empty page with a bookmark real Pinterest ends with, is whole."""
    pages = [*_pages(COUNT_SLACK), {"items": [], "bookmark": "the-end"}]
    with ScriptedServer(pages) as server:
        client = _client(server)
        try:
            ids = [p.id for p in client.iter_board_pins("123", expected=0)]
        finally:
            client.close()
    assert len(ids) == len(set(ids)) == COUNT_SLACK
    assert len(server.requests) == len(pages)


def test_a_listing_past_its_bound_still_stops() -> None:
    pages = _pages(COUNT_SLACK + 1, size=COUNT_SLACK // 4)
    with ScriptedServer(pages) as server:
        client = _client(server)
        try:
            with pytest.raises(PaginationError, match="more than the 1,000"):
                list(client.iter_board_pins("123", expected=0))
        finally:
            client.close()
    assert len(server.requests) == len(pages)


def test_pages_of_unreadable_objects_only_are_skips_and_the_listing_goes_on() -> None:
    """Pages with no id on them ([5, true], objects without an id) cannot repeat one:
    each object is recorded as skipped, and the next pages are listed."""
    pages = [
        {"items": [5, True], "bookmark": "b1"},
        {"items": [{"title": "no id"}, {"id": None}], "bookmark": "b2"},
        {"items": [pin(1), pin(2)], "bookmark": "b3"},
        {"items": ["text", {"id": "../x"}], "bookmark": "b4"},
        {"items": [pin(3)], "bookmark": None},
    ]
    with ScriptedServer(pages) as server:
        client = _client(server)
        try:
            ids = [p.id for p in client.iter_board_pins("123")]
        finally:
            client.close()
    assert ids == ["1001", "1002", "1003"]
    assert len(server.requests) == len(pages)
    assert len(client.unreadable) == 6
    assert {s["where"] for s in client.unreadable} == {"/boards/123/pins"}


def test_endless_pages_of_unreadable_objects_still_end_at_the_bound() -> None:
    """With no ids to judge, pages of unreadable objects count toward the listing's
    bound: a server sending them forever is still stopped."""
    pages = [{"items": [7] * 250, "bookmark": f"b{n}"} for n in range(10)]
    with ScriptedServer(pages) as server:  # the last page, with its bookmark, repeats
        client = _client(server)
        try:
            with pytest.raises(PaginationError, match="more than the 1,000"):
                list(client.iter_board_pins("123", expected=0))
        finally:
            client.close()
    assert len(server.requests) == 5  # 1,250 items: past the 1,000 of a board said empty


@pytest.mark.parametrize(
    ("listing", "most"),
    [("boards", MOST_BOARDS), ("sections", MOST_SECTIONS)],
)
def test_boards_and_sections_without_a_count_stop_at_their_own_ceiling(
    listing: str, most: int
) -> None:
    """A list of boards (or of a board's sections) is bounded by what an account can
    hold of them, not by the ceiling of pins."""
    pages = _pages(most + PAGE_SIZE)
    with ScriptedServer(pages) as server:
        client = _client(server)
        try:
            with pytest.raises(PaginationError, match=f"more than the {most:,}"):
                if listing == "boards":
                    list(client.iter_boards())
                else:
                    list(client.iter_sections("123"))
        finally:
            client.close()
    assert len(server.requests) == most // PAGE_SIZE + 1


def test_a_run_budget_bounds_many_listings_each_within_its_own() -> None:
    """Boards of one full page each, none past its own bound: the budget the run's
    board listings share stops the listing that passes it."""
    page = {"items": [pin(n) for n in range(PAGE_SIZE)], "bookmark": None}
    budget = RunBudget(COUNT_SLACK, "pins on boards")
    listed = 0
    with ScriptedServer([page]) as server:
        client = _client(server)
        try:
            with pytest.raises(PaginationError, match="1,250 pins on boards in this run"):
                for board in range(1, 100):
                    for _ in client.iter_board_pins(str(board), budget=budget):
                        listed += 1
        finally:
            client.close()
    assert len(server.requests) == 5  # the fifth board passed the 1,000
    assert listed == 5 * PAGE_SIZE
