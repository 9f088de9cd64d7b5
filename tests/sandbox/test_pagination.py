"""Bookmark pagination as Pinterest does it: {items, bookmark}, page_size 1..250, default 25."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creator_backup.sandbox import Sandbox, SandboxConfig

from .conftest import MakeSandbox
from .helpers import Client, assert_error


def plain_account(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client], pins: int
) -> tuple[Client, str]:
    """A plain account whose one board has exactly `pins` pins: (client, board id)."""
    client = make_client(make_sandbox(boards=1, pins=pins, extras=False))
    boards = client.ok("/boards")["items"]
    assert len(boards) == 1
    return client, str(boards[0]["id"])


@pytest.mark.parametrize("count", [0, 1, 250, 251])
def test_paging_with_page_size_250_returns_every_item_once(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client], count: int
) -> None:
    client, board_id = plain_account(make_sandbox, make_client, count)
    for path in (f"/boards/{board_id}/pins", "/pins"):
        pages = client.pages(path, page_size=250)
        ids = [item["id"] for page in pages for item in page["items"]]
        assert len(ids) == count
        assert len(set(ids)) == count
        assert [len(page["items"]) for page in pages] == ([250, 1] if count == 251 else [count])
        assert pages[-1]["bookmark"] is None
    assert client.ok(f"/boards/{board_id}")["pin_count"] == count
    assert client.ok("/user_account")["pin_count"] == count


def test_new_empty_board_lists_no_pins(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client, _ = plain_account(make_sandbox, make_client, 5)
    created = client.post("/boards", {"name": "Nothing here yet"})
    assert created.status_code == 201, created.text
    board = created.json()
    assert board["pin_count"] == 0
    assert client.ok(f"/boards/{board['id']}/pins") == {"items": [], "bookmark": None}
    assert client.ok(f"/boards/{board['id']}/sections") == {
        "items": [],
        "bookmark": None,
    }


def test_default_page_size_is_25(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client, board_id = plain_account(make_sandbox, make_client, 60)
    pages = client.pages(f"/boards/{board_id}/pins", page_size=None)
    assert [len(page["items"]) for page in pages] == [25, 25, 10]
    own = client.pages("/pins", page_size=None)
    assert [len(page["items"]) for page in own] == [25, 25, 10]


def test_exactly_full_last_page_has_no_bookmark(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client, board_id = plain_account(make_sandbox, make_client, 50)
    pages = client.pages(f"/boards/{board_id}/pins", page_size=25)
    assert [len(page["items"]) for page in pages] == [25, 25]
    assert pages[-1]["bookmark"] is None


@pytest.mark.parametrize("size", ["251", "0", "-1", "abc", "1000"])
def test_page_size_out_of_range_is_refused(client: Client, size: str) -> None:
    for path in ("/pins", "/boards"):
        message = assert_error(client.get(path, page_size=size), 400)
        assert "250" in message


def test_page_size_limits_are_accepted(client: Client) -> None:
    assert len(client.ok("/pins", page_size=1)["items"]) == 1
    assert len(client.ok("/pins", page_size=250)["items"]) == 250


def test_bad_bookmarks_are_refused(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client, board_id = plain_account(make_sandbox, make_client, 30)
    board_bookmark = client.ok(f"/boards/{board_id}/pins", page_size=10)["bookmark"]
    own_bookmark = client.ok("/pins", page_size=10)["bookmark"]
    assert isinstance(board_bookmark, str) and isinstance(own_bookmark, str)
    # Opaque: not a bare number or pin id a client could construct or parse.
    assert not board_bookmark.isdigit() and not own_bookmark.isdigit()
    for bad in ("garbage!", "Zm9vYmFy", "x" * 40, own_bookmark):
        assert_error(client.get(f"/boards/{board_id}/pins", bookmark=bad), 400)
    assert_error(client.get("/pins", bookmark=board_bookmark), 400)
    assert_error(client.get("/boards", bookmark=own_bookmark), 400)


def test_bookmark_resumes_where_the_page_ended(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client, board_id = plain_account(make_sandbox, make_client, 40)
    whole = [item["id"] for item in client.ok(f"/boards/{board_id}/pins", page_size=40)["items"]]
    first = client.ok(f"/boards/{board_id}/pins", page_size=15)
    second = client.ok(f"/boards/{board_id}/pins", page_size=15, bookmark=first["bookmark"])
    assert [item["id"] for item in first["items"] + second["items"]] == whole[:30]
    # Asking again with the same bookmark gives the same page: bookmarks are not consumed.
    again = client.ok(f"/boards/{board_id}/pins", page_size=15, bookmark=first["bookmark"])
    assert again == second


def test_boards_and_sections_page_too(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(boards=7, pins=70, extras=False, section_conflict_rate=0.0))
    boards = client.items("/boards", page_size=3)
    assert len(boards) == 7 and len({b["id"] for b in boards}) == 7
    board_id = boards[0]["id"]
    for n in range(5):
        created = client.post(f"/boards/{board_id}/sections", {"name": f"Section {n}"})
        assert created.status_code == 201, created.text
    pages = client.pages(f"/boards/{board_id}/sections", page_size=2)
    assert [len(page["items"]) for page in pages] == [2, 2, 1]
    names = [section["name"] for page in pages for section in page["items"]]
    assert names == [f"Section {n}" for n in range(5)]


def test_board_pins_include_section_pins(shared_client: Client) -> None:
    boards = shared_client.items("/boards")
    with_sections = [
        board for board in boards if shared_client.ok(f"/boards/{board['id']}/sections")["items"]
    ]
    assert with_sections, "the default account should have boards with sections"
    for board in with_sections:
        board_pins = shared_client.items(f"/boards/{board['id']}/pins")
        assert len(board_pins) == board["pin_count"]
        board_ids = {pin["id"] for pin in board_pins}
        in_sections: set[str] = set()
        for section in shared_client.items(f"/boards/{board['id']}/sections"):
            pins = shared_client.items(f"/boards/{board['id']}/sections/{section['id']}/pins")
            assert all(pin["board_section_id"] == section["id"] for pin in pins)
            in_sections |= {pin["id"] for pin in pins}
        assert in_sections, "some pins should sit in sections"
        assert in_sections <= board_ids
        # And pins on the board itself, outside any section, are listed as well.
        assert any(pin["board_section_id"] is None for pin in board_pins)


def test_listing_is_newest_first(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client, board_id = plain_account(make_sandbox, make_client, 30)
    stamps = [pin["created_at"] for pin in client.items(f"/boards/{board_id}/pins")]
    assert stamps == sorted(stamps, reverse=True)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    count=st.integers(min_value=0, max_value=80),
    size=st.integers(min_value=1, max_value=40),
)
def test_any_page_size_visits_every_pin_exactly_once(count: int, size: int) -> None:
    with Sandbox(SandboxConfig(boards=2, pins=count, extras=False)) as sandbox:
        client = Client(sandbox)
        try:
            pages = client.pages("/pins", page_size=size)
            ids = [item["id"] for page in pages for item in page["items"]]
            assert sorted(ids) == sorted(set(ids)) and len(ids) == count
            assert all(len(page["items"]) == size for page in pages[:-1])
            boards = client.items("/boards")
            per_board = [
                pin["id"]
                for board in boards
                for pin in client.items(f"/boards/{board['id']}/pins", size)
            ]
            assert sorted(per_board) == sorted(ids)
        finally:
            client.close()
