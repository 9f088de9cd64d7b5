"""Errors as Pinterest sends them ({code, message}), scopes, rate limits, Trial, spam, 409s."""

from __future__ import annotations

from collections.abc import Callable

import requests

from creator_backup.sandbox import Sandbox

from .conftest import MakeSandbox
from .helpers import TIMEOUT, Client, assert_error

READ_SCOPES = ["user_accounts:read", "boards:read", "pins:read"]
RATE_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")


def owned(pins: list[dict[str, object]]) -> set[str]:
    """Ids of the pins the user owns (GET /v5/pins lists those; saved ones are not compared)."""
    return {str(pin["id"]) for pin in pins if pin["is_owner"]}


def board_with_privacy(client: Client, privacy: str) -> str:
    boards = [board for board in client.items("/boards") if board["privacy"] == privacy]
    assert boards, f"the default account should have a {privacy} board"
    return str(boards[0]["id"])


# -- 401 --------------------------------------------------------------------------------


def test_missing_or_bad_token_is_401(sandbox: Sandbox) -> None:
    url = sandbox.api_base + "/user_account"
    attempts = [
        {},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": f"Basic {sandbox.access_token}"},
        # A refresh token is no access token.
        {"Authorization": f"Bearer {sandbox.refresh_token}"},
    ]
    for headers in attempts:
        response = requests.get(url, headers=headers, timeout=TIMEOUT)
        assert_error(response, 401)
        assert response.headers["x-pinterest-rid"]
    good = requests.get(
        url,
        headers={"Authorization": f"Bearer {sandbox.access_token}"},
        timeout=TIMEOUT,
    )
    assert good.status_code == 200


def test_token_expires_after_its_lifetime(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(pins=5, access_token_ttl_s=2))
    assert client.get("/user_account").status_code == 200
    client.advance(1)
    assert client.get("/user_account").status_code == 200
    client.advance(1.5)
    message = assert_error(client.get("/user_account"), 401)
    assert "expired" in message.lower()
    assert_error(client.get("/pins"), 401)


def test_expiry_by_advancing_the_clock(client: Client) -> None:
    assert client.get("/boards").status_code == 200
    client.advance(30 * 24 * 3600 + 1)  # the default lifetime is thirty days
    assert_error(client.get("/boards"), 401)


# -- 403 (scopes) -------------------------------------------------------------------------


def test_missing_scope_is_403_code_29(client: Client) -> None:
    boards_only = client.with_token(client.new_token(["boards:read"]))
    try:
        assert boards_only.get("/boards").status_code == 200
        for path in (
            "/pins",
            "/user_account",
            f"/pins/{client.items('/pins')[0]['id']}",
        ):
            message = assert_error(boards_only.get(path), 403, 29)
            assert "not permitted" in message
        assert_error(boards_only.post("/boards", {"name": "No scope for this"}), 403, 29)
    finally:
        boards_only.close()


def test_token_scopes_are_exactly_those_asked_for(client: Client) -> None:
    issued = client.control_ok("/tokens", {"scopes": ["pins:read", "boards:read"]})
    assert set(issued["scope"].split(",")) == {"pins:read", "boards:read"}
    limited = client.with_token(str(issued["access_token"]))
    try:
        assert limited.get("/pins").status_code == 200
        assert_error(limited.get("/user_account"), 403, 29)
    finally:
        limited.close()


def test_secret_boards_hidden_without_read_secret(client: Client) -> None:
    secret_id = board_with_privacy(client, "SECRET")
    secret_pins = client.items(f"/boards/{secret_id}/pins")
    secret_owned = owned(secret_pins)
    assert secret_owned
    plain = client.with_token(client.new_token(READ_SCOPES))
    try:
        listed = {board["id"] for board in plain.items("/boards")}
        assert secret_id not in listed
        assert all(board["privacy"] != "SECRET" for board in plain.items("/boards"))
        assert_error(plain.get(f"/boards/{secret_id}"), 404, 40)
        assert_error(plain.get("/boards", privacy="SECRET"), 403, 29)
        own = {pin["id"] for pin in plain.items("/pins")}
        assert own and not own & {pin["id"] for pin in secret_pins}
        assert_error(plain.get(f"/pins/{min(secret_owned)}"), 403, 29)
    finally:
        plain.close()
    # With the secret scopes the same board and its pins are there.
    assert secret_id in {board["id"] for board in client.items("/boards")}
    everything = {pin["id"] for pin in client.items("/pins")}
    assert secret_owned <= everything
    assert client.get(f"/pins/{min(secret_owned)}").status_code == 200


def test_secret_board_pins_need_pins_read_secret(client: Client) -> None:
    secret_id = board_with_privacy(client, "SECRET")
    boards_secret = client.with_token(client.new_token([*READ_SCOPES, "boards:read_secret"]))
    try:
        assert boards_secret.get(f"/boards/{secret_id}").status_code == 200
        assert_error(boards_secret.get(f"/boards/{secret_id}/pins"), 403, 29)
    finally:
        boards_secret.close()


def test_protected_pins_only_with_include_protected_pins(client: Client) -> None:
    protected_id = board_with_privacy(client, "PROTECTED")
    on_board = owned(client.items(f"/boards/{protected_id}/pins"))
    assert on_board
    default = {pin["id"] for pin in client.items("/pins")}
    assert not default & on_board
    explicit_false = {pin["id"] for pin in client.items("/pins", include_protected_pins="false")}
    assert explicit_false == default
    included = {pin["id"] for pin in client.items("/pins", include_protected_pins="true")}
    assert on_board <= included
    assert included - on_board == default
    # A single protected pin is still readable by id.
    assert client.get(f"/pins/{min(on_board)}").status_code == 200


# -- 404 ----------------------------------------------------------------------------------


def test_not_found_codes(client: Client) -> None:
    board = client.items("/boards")[0]["id"]
    pin = client.items("/pins")[0]
    assert_error(client.get("/boards/123"), 404, 40)
    assert_error(client.get("/boards/123/pins"), 404, 40)
    assert_error(client.get("/boards/123/sections"), 404, 40)
    assert_error(client.get("/pins/123"), 404, 50)
    assert_error(client.get(f"/boards/{board}/sections/123/pins"), 404, 2031)
    assert_error(client.post("/pins/123/save", {"board_id": board}), 404, 50)
    assert_error(client.post(f"/pins/{pin['id']}/save", {"board_id": "123"}), 404, 40)
    assert_error(
        client.post(f"/pins/{pin['id']}/save", {"board_id": board, "board_section_id": "123"}),
        404,
        2031,
    )
    assert_error(client.delete("/pins/123"), 404, 50)
    assert_error(client.delete("/boards/123"), 404, 40)


def test_unknown_endpoint_is_404_in_pinterest_shape(client: Client) -> None:
    response = client.get("/no/such/endpoint")
    assert_error(response, 404)
    assert response.headers["x-pinterest-rid"]


# -- 429 ----------------------------------------------------------------------------------


def test_rate_limit_429_code_8_with_headers(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(pins=5, rate_limit_per_min=5))
    remaining = []
    for _ in range(5):
        response = client.get("/user_account")
        assert response.status_code == 200
        assert response.headers["x-ratelimit-limit"] == "5"
        remaining.append(int(response.headers["x-ratelimit-remaining"]))
    assert remaining == [4, 3, 2, 1, 0]
    refused = client.get("/boards")
    message = assert_error(refused, 429, 8)
    assert "rate limit" in message
    assert all(header in refused.headers for header in RATE_HEADERS)
    assert refused.headers["x-ratelimit-remaining"] == "0"
    assert 0 < int(refused.headers["x-ratelimit-reset"]) <= 60
    assert refused.headers["x-pinterest-rid"]
    client.advance(61)
    again = client.get("/user_account")
    assert again.status_code == 200
    assert again.headers["x-ratelimit-remaining"] == "4"


def test_writes_have_their_own_window(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(pins=5, write_limit_per_min=2))
    for n in range(2):
        assert client.post("/boards", {"name": f"Board {n}"}).status_code == 201
    assert_error(client.post("/boards", {"name": "One too many"}), 429, 8)
    assert client.get("/boards").status_code == 200  # reads are not spent
    client.advance(61)
    assert client.post("/boards", {"name": "One too many"}).status_code == 201


def test_trial_daily_budget_and_refused_writes(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(pins=5, trial=True, trial_daily_limit=4))
    board = client.ok("/boards")["items"][0]["id"]
    refused = client.post("/pins", {"board_id": board, "media_source": {}})
    message = assert_error(refused, 403, 29)
    assert "Trial access" in message
    assert_error(client.post("/boards", {"name": "Trial board"}), 403, 29)
    # Four requests a day: the listing and the two refused writes spent three of them.
    last = client.get("/user_account")
    assert last.status_code == 200
    assert last.headers["x-ratelimit-limit"] == "4"
    assert last.headers["x-ratelimit-remaining"] == "0"
    over = client.get("/user_account")
    assert_error(over, 429, 8)
    assert int(over.headers["x-ratelimit-reset"]) > 3600
    client.advance(23 * 3600)
    assert_error(client.get("/user_account"), 429, 8)
    client.advance(3600)
    assert client.get("/user_account").status_code == 200


def test_spam_429_when_writes_come_too_fast(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(pins=5, spam_writes_per_2s=3))
    for n in range(3):
        assert client.post("/boards", {"name": f"Fast {n}"}).status_code == 201
    message = assert_error(client.post("/boards", {"name": "Fast 3"}), 429, 8)
    assert "spam" in message.lower()
    assert client.get("/boards").status_code == 200  # reads are no spam
    client.advance(2)
    assert client.post("/boards", {"name": "Fast 3"}).status_code == 201


# -- 409 ----------------------------------------------------------------------------------


def test_section_writes_conflict_when_forced(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(seed=3, pins=60, section_conflict_rate=1.0))
    state = client.state(pins=False)
    section = state["sections"][0]
    board = section["board_id"]
    message = assert_error(client.post(f"/boards/{board}/sections", {"name": "New"}), 409)
    assert "exclusive access" in message
    assert_error(client.delete(f"/boards/{board}/sections/{section['id']}"), 409)
    assert section["id"] in {s["id"] for s in client.state(pins=False)["sections"]}


def test_section_conflicts_are_occasional_by_default(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    client = make_client(make_sandbox(seed=5, pins=5, spam_writes_per_2s=1000))
    board = client.ok("/boards")["items"][0]["id"]
    statuses = [
        client.post(f"/boards/{board}/sections", {"name": f"S{n}"}).status_code for n in range(60)
    ]
    assert set(statuses) == {201, 409}
    assert 1 <= statuses.count(409) <= 20  # the default rate is one in ten


# -- request ids --------------------------------------------------------------------------


def test_every_api_response_has_a_request_id(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    sandbox = make_sandbox(pins=20, rate_limit_per_min=5, section_conflict_rate=0.0)
    client = make_client(sandbox)
    board = client.ok("/boards")["items"][0]["id"]
    gone = client.post("/boards", {"name": "Gone"}).json()["id"]
    responses = [
        client.get("/user_account"),  # 200
        client.post("/boards", {"name": "Ids"}),  # 201
        client.get("/pins", page_size=999),  # 400
        client.get("/pins/1"),  # 404
        client.with_token("bad").get("/boards"),  # 401
        client.with_token(client.new_token(["boards:read"])).get("/pins"),  # 403
        client.delete(f"/boards/{gone}"),  # 204
        client.get(f"/boards/{board}/pins"),
        client.get("/boards"),  # 429 by now
        requests.post(
            sandbox.api_base + "/oauth/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": sandbox.refresh_token,
            },
            auth=(sandbox.client_id, "wrong"),
            timeout=TIMEOUT,
        ),  # 401 from the token endpoint
    ]
    statuses = {response.status_code for response in responses}
    assert {200, 201, 204, 400, 401, 403, 404, 429} <= statuses
    ids = [response.headers.get("x-pinterest-rid") for response in responses]
    assert all(ids), ids
    assert len(set(ids)) == len(ids)
