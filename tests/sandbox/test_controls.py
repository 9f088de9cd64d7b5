"""Test controls: moderation removals, edits, suspension and reinstatement, the state dump."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
import requests

from creator_backup.sandbox import Sandbox

from .conftest import MakeSandbox
from .helpers import TIMEOUT, Client, JsonDict, assert_error, get_media

DEACTIVATED = "User is deactivated."


def counts(client: Client, board_id: str) -> tuple[int, int, int]:
    """(account pin_count, account board_count, the board's pin_count)."""
    account = client.ok("/user_account")
    return (
        account["pin_count"],
        account["board_count"],
        client.ok(f"/boards/{board_id}")["pin_count"],
    )


def owned_pin_on_a_board(client: Client) -> JsonDict:
    boards = {board["id"] for board in client.items("/boards")}
    for pin in client.items("/pins"):
        if pin["board_id"] in boards and pin["board_section_id"] is None:
            return pin
    raise AssertionError("no pin on a listed board")


def board_with_sections(client: Client) -> tuple[str, list[JsonDict]]:
    for board in client.items("/boards"):
        sections = client.items(f"/boards/{board['id']}/sections")
        if len(sections) >= 2:
            return str(board["id"]), sections
    raise AssertionError("no board with two sections")


# -- moderation removals ------------------------------------------------------------------


def test_remove_pin(client: Client) -> None:
    pin = owned_pin_on_a_board(client)
    board_id = pin["board_id"]
    before = counts(client, board_id)
    assert client.control_ok(f"/pins/{pin['id']}/remove") == {"removed": pin["id"]}
    assert_error(client.get(f"/pins/{pin['id']}"), 404, 50)
    assert pin["id"] not in {p["id"] for p in client.items(f"/boards/{board_id}/pins")}
    assert pin["id"] not in {p["id"] for p in client.items("/pins")}
    assert counts(client, board_id) == (before[0] - 1, before[1], before[2] - 1)
    assert pin["id"] not in {p["id"] for p in client.state(media=False)["pins"]}
    assert_error(client.control("POST", f"/pins/{pin['id']}/remove"), 404, 50)


def test_remove_board(client: Client) -> None:
    pin = owned_pin_on_a_board(client)
    board_id = pin["board_id"]
    board_pins = client.items(f"/boards/{board_id}/pins")
    pins_before, boards_before, _ = counts(client, board_id)
    client.control_ok(f"/boards/{board_id}/remove")
    assert_error(client.get(f"/boards/{board_id}"), 404, 40)
    assert_error(client.get(f"/boards/{board_id}/pins"), 404, 40)
    assert board_id not in {board["id"] for board in client.items("/boards")}
    assert_error(client.get(f"/pins/{pin['id']}"), 404, 50)
    account = client.ok("/user_account")
    assert account["board_count"] == boards_before - 1
    assert account["pin_count"] == pins_before - len(board_pins)
    state = client.state(media=False)
    assert board_id not in {board["id"] for board in state["boards"]}
    assert not {p["id"] for p in board_pins} & {p["id"] for p in state["pins"]}


def test_remove_section(client: Client) -> None:
    board_id, sections = board_with_sections(client)
    section = sections[0]
    in_section = client.items(f"/boards/{board_id}/sections/{section['id']}/pins")
    assert in_section
    _, _, board_count = counts(client, board_id)
    client.control_ok(f"/boards/{board_id}/sections/{section['id']}/remove")
    assert_error(client.get(f"/boards/{board_id}/sections/{section['id']}/pins"), 404, 2031)
    remaining = client.items(f"/boards/{board_id}/sections")
    assert [s["id"] for s in remaining] == [s["id"] for s in sections[1:]]
    assert_error(client.get(f"/pins/{in_section[0]['id']}"), 404, 50)
    assert counts(client, board_id)[2] == board_count - len(in_section)
    board_pins = {p["id"] for p in client.items(f"/boards/{board_id}/pins")}
    assert not board_pins & {p["id"] for p in in_section}
    assert section["id"] not in {s["id"] for s in client.state(pins=False)["sections"]}
    assert_error(
        client.control("POST", f"/boards/{board_id}/sections/{section['id']}/remove"),
        404,
        2031,
    )


def test_remove_unknown_things_is_404(client: Client) -> None:
    assert_error(client.control("POST", "/pins/1/remove"), 404, 50)
    assert_error(client.control("POST", "/boards/1/remove"), 404, 40)
    assert_error(client.control("POST", "/boards/1/sections/2/remove"), 404, 2031)
    assert_error(client.control("POST", "/no/such/control"), 404)


# -- edits --------------------------------------------------------------------------------


def test_edit_title(client: Client) -> None:
    pin = owned_pin_on_a_board(client)
    listing = [p["id"] for p in client.items(f"/boards/{pin['board_id']}/pins")]
    edited = client.control_ok(f"/pins/{pin['id']}/edit", {"title": "Edited <title>"})
    assert edited["title"] == "Edited <title>"
    assert client.ok(f"/pins/{pin['id']}")["title"] == "Edited <title>"
    after = client.items(f"/boards/{pin['board_id']}/pins")
    assert [p["id"] for p in after] == listing  # a text edit does not move the pin
    assert next(p for p in after if p["id"] == pin["id"])["title"] == "Edited <title>"


def test_edit_moves_pin_to_another_board_and_section(client: Client) -> None:
    pin = owned_pin_on_a_board(client)
    source = pin["board_id"]
    target, sections = board_with_sections(client)
    assert target != source
    source_before, target_before = counts(client, source)[2], counts(client, target)[2]
    moved = client.control_ok(
        f"/pins/{pin['id']}/edit",
        {"board_id": target, "board_section_id": sections[1]["id"]},
    )
    assert (moved["board_id"], moved["board_section_id"]) == (target, sections[1]["id"])
    assert pin["id"] not in {p["id"] for p in client.items(f"/boards/{source}/pins")}
    assert client.ok(f"/boards/{target}/pins", page_size=1)["items"][0]["id"] == pin["id"]
    in_section = client.items(f"/boards/{target}/sections/{sections[1]['id']}/pins")
    assert in_section[0]["id"] == pin["id"]
    assert counts(client, source)[2] == source_before - 1
    assert counts(client, target)[2] == target_before + 1
    # Moving to another board alone leaves the pin outside any section there.
    back = client.control_ok(f"/pins/{pin['id']}/edit", {"board_id": source})
    assert back["board_id"] == source and back["board_section_id"] is None
    assert client.ok(f"/boards/{source}/pins", page_size=1)["items"][0]["id"] == pin["id"]
    assert counts(client, target)[2] == target_before


def test_edit_refuses_bad_requests(client: Client) -> None:
    pin = owned_pin_on_a_board(client)
    _, sections = board_with_sections(client)
    assert_error(client.control("POST", f"/pins/{pin['id']}/edit", {"id": "1"}), 400)
    assert_error(client.control("POST", f"/pins/{pin['id']}/edit", {"board_id": "1"}), 404, 40)
    assert_error(
        client.control("POST", f"/pins/{pin['id']}/edit", {"board_section_id": sections[0]["id"]}),
        404,
        2031,
    )
    assert_error(client.control("POST", "/pins/1/edit", {"title": "x"}), 404, 50)
    assert client.ok(f"/pins/{pin['id']}")["title"] == pin["title"]


# -- suspension ---------------------------------------------------------------------------


def refresh(sandbox: Sandbox, token: str) -> requests.Response:
    return requests.post(
        sandbox.api_base + "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": token},
        auth=(sandbox.client_id, sandbox.client_secret),
        timeout=TIMEOUT,
    )


def test_suspension_refuses_every_call_and_refresh(client: Client) -> None:
    sandbox = client.sandbox
    pin = owned_pin_on_a_board(client)
    assert client.control_ok("/account/suspend") == {"suspended": True}
    calls = [
        client.get("/user_account"),
        client.get("/boards"),
        client.get(f"/boards/{pin['board_id']}/pins"),
        client.get("/pins"),
        client.get(f"/pins/{pin['id']}"),
        client.post("/boards", {"name": "While suspended"}),
        client.delete(f"/pins/{pin['id']}"),
        refresh(sandbox, sandbox.refresh_token),
    ]
    for response in calls:
        assert assert_error(response, 401) == DEACTIVATED
        assert response.headers["x-pinterest-rid"]
    assert client.state(pins=False)["suspended"] is True
    client.control_ok("/account/reinstate", {"restore_content": True})
    assert client.get("/user_account").status_code == 200
    # The refresh token refused during the suspension was not spent.
    assert refresh(sandbox, sandbox.refresh_token).status_code == 200
    assert client.get(f"/pins/{pin['id']}").status_code == 200


@pytest.mark.parametrize("restore", [True, False])
def test_reinstate_with_or_without_content(client: Client, restore: bool) -> None:
    pin = owned_pin_on_a_board(client)
    board_id, sections = board_with_sections(client)
    deleted = next(p for p in client.items("/pins") if p["id"] != pin["id"])
    assert client.delete(f"/pins/{deleted['id']}").status_code == 204
    before = client.ok("/user_account")
    client.control_ok(f"/pins/{pin['id']}/remove")
    client.control_ok(f"/boards/{board_id}/remove")
    client.control_ok("/account/suspend")
    answer = client.control_ok("/account/reinstate", {"restore_content": restore})
    assert answer == {"suspended": False, "restore_content": restore}
    assert client.state(pins=False)["suspended"] is False
    if restore:
        assert client.get(f"/pins/{pin['id']}").status_code == 200
        assert client.get(f"/boards/{board_id}").status_code == 200
        assert len(client.items(f"/boards/{board_id}/sections")) == len(sections)
        assert client.ok("/user_account") == before
    else:
        assert_error(client.get(f"/pins/{pin['id']}"), 404, 50)
        assert_error(client.get(f"/boards/{board_id}"), 404, 40)
        assert client.ok("/user_account")["board_count"] == before["board_count"] - 1
    # What the user deleted through the API stays deleted either way.
    assert_error(client.get(f"/pins/{deleted['id']}"), 404, 50)


def test_reinstate_refuses_a_non_boolean(client: Client) -> None:
    assert_error(client.control("POST", "/account/reinstate", {"restore_content": "yes"}), 400)


# -- state --------------------------------------------------------------------------------


def largest_url(images: JsonDict) -> str:
    key = max(images, key=lambda k: images[k]["width"] or 0)
    return str(images[key]["url"])


def test_state_shape_and_media_hashes_match_downloads(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(seed=4, boards=6, pins=60))
    state = client.state()
    assert {"account", "boards", "sections", "pins", "requests"} <= set(state)
    assert state["account"]["username"] == client.sandbox.username
    assert state["account"]["pin_count"] == len(state["pins"])
    assert state["account"]["board_count"] == len(state["boards"])
    board_ids = {board["id"] for board in state["boards"]}
    assert state["sections"]
    assert all(section["board_id"] in board_ids for section in state["sections"])
    kinds = set()
    for pin in state["pins"]:
        media = pin["media"]
        kinds.add(media["media_type"])
        if media["media_type"] == "multiple_images":
            shas = [
                hashlib.sha256(get_media(largest_url(item["images"])).content).hexdigest()
                for item in media["items"]
            ]
            assert pin["media_items_sha256"] == shas
            assert pin["media_sha256"] == shas[0]
        else:
            data = get_media(largest_url(media["images"])).content
            assert pin["media_sha256"] == hashlib.sha256(data).hexdigest()
        if media.get("video_url"):
            video = get_media(media["video_url"]).content
            assert pin["video_sha256"] == hashlib.sha256(video).hexdigest()
    assert kinds == {"image", "video", "multiple_images"}


def test_state_counts_requests_by_endpoint(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(pins=10, extras=False))
    board_id = client.ok("/boards")["items"][0]["id"]
    for _ in range(3):
        client.get("/user_account")
    client.get(f"/boards/{board_id}/pins")
    client.get("/boards/123/pins")
    client.with_token("bad").get("/user_account")
    requests_seen = client.state(pins=False)["requests"]
    assert requests_seen["by_endpoint"] == {
        "GET /v5/boards": 1,
        "GET /v5/user_account": 4,
        "GET /v5/boards/{board_id}/pins": 2,
    }
    assert requests_seen["total"] == 7
    # Controls are not API calls.
    assert client.state(pins=False)["requests"]["total"] == 7
