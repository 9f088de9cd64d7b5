"""The developer app as the sandbox plays it, for "a creator connects alone": the app
owner's own token (client_credentials), continuous refresh asked for by an app created
before 2025-09-25, the quickstart's redirect URI, the token generator's token and what
its missing secret scopes hide."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests

from creator_backup.sandbox import Sandbox
from creator_backup.sandbox.oauth import ALL_SCOPES, GENERATOR_SCOPES, LEGACY_REFRESH_TTL_S

from .conftest import MakeSandbox
from .helpers import TIMEOUT, Client, JsonDict, assert_error
from .test_oauth import authorize, decide, token

DAY = 24 * 3600
READS = "user_accounts:read,boards:read,boards:read_secret,pins:read,pins:read_secret"


def owner_token(
    sandbox: Sandbox, scope: str | None = READS, secret: str | None = None
) -> requests.Response:
    form = {"grant_type": "client_credentials"}
    if scope is not None:
        form["scope"] = scope
    return token(sandbox, form, secret)


def code_for(sandbox: Sandbox, redirect_uri: str) -> str:
    page = authorize(sandbox, redirect_uri=redirect_uri)
    assert page.status_code == 200, page.text
    location = decide(sandbox, page.text, "approve").headers["Location"]
    assert location.startswith(redirect_uri)
    return parse_qs(urlsplit(location).query)["code"][0]


def exchange(sandbox: Sandbox, continuous: bool | None) -> JsonDict:
    redirect = "http://127.0.0.1:8085/"
    form = {"grant_type": "authorization_code", "code": code_for(sandbox, redirect),
            "redirect_uri": redirect}  # fmt: skip
    if continuous is not None:
        form["continuous_refresh"] = "true" if continuous else "false"
    response = token(sandbox, form)
    assert response.status_code == 200, response.text
    body: JsonDict = response.json()
    return body


def refresh(sandbox: Sandbox, refresh_token: str) -> JsonDict:
    response = token(sandbox, {"grant_type": "refresh_token", "refresh_token": refresh_token})
    assert response.status_code == 200, response.text
    body: JsonDict = response.json()
    return body


# -- client_credentials --------------------------------------------------------------------


def test_the_app_owner_gets_a_token_for_the_sandbox_account_without_refresh(
    make_sandbox: MakeSandbox,
) -> None:
    sandbox = make_sandbox(seed=21, boards=2, pins=5)
    response = owner_token(sandbox)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["response_type"] == "client_credentials"
    assert body["token_type"] == "bearer" and body["expires_in"] > 0
    assert set(body["scope"].split(",")) == set(READS.split(","))
    assert not {"refresh_token", "refresh_token_expires_in", "refresh_token_expires_at"} & set(body)
    mine = Client(sandbox, body["access_token"])
    try:
        assert mine.ok("/user_account")["username"] == sandbox.username
        assert mine.get("/boards").status_code == 200
        assert_error(mine.post("/boards", {"name": "Not asked for"}), 403, 29)
    finally:
        mine.close()


def test_client_credentials_need_the_app_secret_and_a_scope(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(seed=22, boards=1, pins=2)
    assert_error(owner_token(sandbox, secret="not-the-secret"), 401, 2)
    unauthenticated = requests.post(
        sandbox.api_base + "/oauth/token",
        data={"grant_type": "client_credentials", "scope": READS},
        timeout=TIMEOUT,
    )
    assert_error(unauthenticated, 401)
    assert "scope" in assert_error(owner_token(sandbox, scope=None), 400, 1)
    assert "Unknown scopes" in assert_error(owner_token(sandbox, scope="boards:read,all"), 400)


def test_client_credentials_grant_only_the_scopes_the_app_may_have(
    make_sandbox: MakeSandbox,
) -> None:
    allowed = ("user_accounts:read", "boards:read", "pins:read", "pins:write")
    sandbox = make_sandbox(seed=23, boards=1, pins=2, app_scopes=allowed)
    body = owner_token(sandbox, scope=READS + ",boards:write").json()
    assert set(body["scope"].split(",")) == {"user_accounts:read", "boards:read", "pins:read"}
    # Changed at run time, as a developer editing the app would.
    settings = Client(sandbox).control_ok("/oauth", {"app_scopes": list(ALL_SCOPES)})
    assert settings["app_scopes"] == sorted(ALL_SCOPES)
    assert set(owner_token(sandbox).json()["scope"].split(",")) == set(READS.split(","))


def test_a_deactivated_owner_gets_no_token(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(seed=24, boards=1, pins=2)
    client = Client(sandbox)
    try:
        client.control_ok("/account/suspend")
        assert assert_error(owner_token(sandbox), 401, 2) == "User is deactivated."
        client.control_ok("/account/reinstate", {"restore_content": True})
        assert owner_token(sandbox).status_code == 200
    finally:
        client.close()


# -- continuous refresh --------------------------------------------------------------------


def test_an_old_app_gets_a_legacy_refresh_token_unless_it_asks_for_continuous(
    make_sandbox: MakeSandbox,
) -> None:
    sandbox = make_sandbox(seed=25, boards=1, pins=2, legacy_app=True)
    legacy = exchange(sandbox, continuous=None)
    assert legacy["refresh_token_expires_in"] == LEGACY_REFRESH_TTL_S
    # Its renewals keep the first expiry: a hard limit.
    renewed = refresh(sandbox, legacy["refresh_token"])
    assert renewed["refresh_token_expires_at"] == legacy["refresh_token_expires_at"]
    assert exchange(sandbox, continuous=False)["refresh_token_expires_in"] == LEGACY_REFRESH_TTL_S

    continuous = exchange(sandbox, continuous=True)
    assert continuous["refresh_token_expires_in"] == 60 * DAY
    Client(sandbox).advance(10 * DAY)
    later = refresh(sandbox, continuous["refresh_token"])
    assert (
        later["refresh_token_expires_at"] >= continuous["refresh_token_expires_at"] + 10 * DAY - 5
    )


def test_a_new_app_gets_continuous_refresh_tokens_whatever_it_sends(
    make_sandbox: MakeSandbox,
) -> None:
    sandbox = make_sandbox(seed=26, boards=1, pins=2)
    for continuous in (None, True, False):
        assert exchange(sandbox, continuous)["refresh_token_expires_in"] == 60 * DAY
    # The switch can be thrown at run time too.
    assert Client(sandbox).control_ok("/oauth", {"legacy_app": True})["legacy_app"] is True
    assert exchange(sandbox, None)["refresh_token_expires_in"] == LEGACY_REFRESH_TTL_S


# -- redirect URIs ------------------------------------------------------------------------


def test_the_quickstart_redirect_is_registered_by_default(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(seed=27, boards=1, pins=2)
    registered = sandbox.describe()["redirect_uris"]
    assert registered[0] == "http://localhost:8085/"
    assert {f"http://127.0.0.1:{p}/" for p in range(8085, 8090)} <= set(registered)
    page = authorize(sandbox, redirect_uri="http://localhost:8085/")
    assert page.status_code == 200
    location = decide(sandbox, page.text, "approve").headers["Location"]
    assert location.startswith("http://localhost:8085/?")


def test_a_config_with_only_some_redirects_refuses_the_others(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(seed=28, boards=1, pins=2, redirect_uris=("http://127.0.0.1:8086/",))
    refused = authorize(sandbox, redirect_uri="http://localhost:8085/")
    assert refused.status_code == 400 and "Redirect URI mismatch" in refused.text
    assert "Location" not in refused.headers
    assert authorize(sandbox, redirect_uri="http://127.0.0.1:8086/").status_code == 200
    # Registered at run time, as a creator adding one on the developer site.
    Client(sandbox).control_ok("/oauth", {"redirect_uris": ["http://localhost:8085/"]})
    assert authorize(sandbox, redirect_uri="http://localhost:8085/").status_code == 200
    assert authorize(sandbox, redirect_uri="http://127.0.0.1:8086/").status_code == 400
    assert sandbox.describe()["redirect_uris"] == ["http://localhost:8085/"]


# -- the token generator's token ------------------------------------------------------------


def test_the_token_generator_gives_no_secret_scopes_and_no_refresh(sandbox: Sandbox) -> None:
    client = Client(sandbox)
    generated = client.control_ok("/tokens/generator")
    client.close()
    assert set(generated["scope"].split(",")) == set(GENERATOR_SCOPES)
    assert "refresh_token" not in generated
    plain = Client(sandbox, str(generated["access_token"]))
    full = Client(sandbox)
    try:
        secret_boards = [b for b in full.items("/boards") if b["privacy"] == "SECRET"]
        assert secret_boards, "the default account has secret boards"
        secret_id = str(secret_boards[0]["id"])
        secret_pins = {str(p["id"]) for p in full.items(f"/boards/{secret_id}/pins")}
        assert secret_pins
        # Invisible in listings, refused when asked for by id or by filter.
        listed = plain.items("/boards")
        assert listed and all(board["privacy"] != "SECRET" for board in listed)
        assert_error(plain.get("/boards", privacy="SECRET"), 403, 29)
        assert_error(plain.get(f"/boards/{secret_id}"), 404, 40)
        assert_error(plain.get(f"/boards/{secret_id}/pins"), 404, 40)
        assert_error(plain.get(f"/boards/{secret_id}/sections"), 404, 40)
        own = {str(pin["id"]) for pin in plain.items("/pins")}
        assert own and not own & secret_pins
        assert_error(plain.get(f"/pins/{min(secret_pins)}"), 403, 29)
        assert plain.ok("/user_account")["username"] == sandbox.username
    finally:
        plain.close()
        full.close()
