"""The sandbox against Pinterest's official OpenAPI description: every body it answers with.

Each request goes through `CheckedClient`, which checks the request against the spec's
parameters and request body, then the answer against the response the spec declares for
that operation and status (or `default`). The account is big enough (2000 pins, 20
boards, extras on) to hold every kind of content: hostile text, video and carousel pins,
saved pins, secret and protected boards, sections. Listings are paged at 250 so that every
item of the account is validated.

The spec's path comes from PINTEREST_OPENAPI_SPEC; without it the module is skipped.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from jsonschema import Draft202012Validator

from creator_backup.sandbox import Sandbox, SandboxConfig
from creator_backup.sandbox.text import HOSTILE_TEXTS, TITLE_MAX

from ..sandbox.helpers import b64, tiny_png
from .client import TIMEOUT, CheckedClient, JsonDict
from .openapi import Direction, OpenApi, describe_all, errors_of

SPEC_ENV = "PINTEREST_OPENAPI_SPEC"
if not os.environ.get(SPEC_ENV):
    pytest.skip(
        f"{SPEC_ENV} is not set: point it at Pinterest's v5 openapi.json "
        "(github.com/pinterest/api-description) to check the sandbox against it",
        allow_module_level=True,
    )

BOARD_PRIVACY_FILTERS = ("ALL", "PUBLIC", "PROTECTED", "SECRET", "PUBLIC_AND_SECRET")
ERROR_SCHEMAS = {"Error", "Pinterest.Lib.Error"}
CLI_CODE = "from creator_backup.cli import main; raise SystemExit(main())"
REDIRECT_URI = "http://127.0.0.1:8085/"


# -- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api() -> OpenApi:
    path = Path(os.environ[SPEC_ENV])
    # Set but wrong is a broken setup, not a reason to skip.
    assert path.is_file(), f"{SPEC_ENV}={path} is not a file"
    return OpenApi.load(path)


@pytest.fixture(scope="module")
def account() -> Iterator[Sandbox]:
    """The account every read is made on; limits high so that only the spec can fail."""
    config = SandboxConfig(
        hostile=True,
        seed=7,
        boards=20,
        pins=2000,
        rate_limit_per_min=1_000_000,
        write_limit_per_min=1_000_000,
        spam_writes_per_2s=1_000_000,
        section_conflict_rate=0.0,
    )
    with Sandbox(config) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def client(api: OpenApi, account: Sandbox) -> Iterator[CheckedClient]:
    checked = CheckedClient(api, account.origin, account.access_token)
    yield checked
    checked.close()


@pytest.fixture(scope="module")
def everything(client: CheckedClient) -> dict[str, Any]:
    """Every listing of the account, each page checked: boards, sections and pins.

    Shared by the tests that look at what was listed, so the account is walked once.
    """
    boards = client.listing("/v5/boards")
    sections: dict[str, list[JsonDict]] = {}
    pins: dict[str, JsonDict] = {}
    for board in boards:
        board_id = board["id"]
        sections[board_id] = client.listing(f"/v5/boards/{board_id}/sections")
        for pin in client.listing(f"/v5/boards/{board_id}/pins"):
            pins[pin["id"]] = pin
        for section in sections[board_id]:
            listed = client.listing(f"/v5/boards/{board_id}/sections/{section['id']}/pins")
            assert all(pin["board_section_id"] == section["id"] for pin in listed)
    # Own pins include those of boards the account cannot list (another owner's board it
    # pinned to); protected pins come only when asked for.
    for pin in client.listing("/v5/pins", include_protected_pins="true"):
        pins.setdefault(pin["id"], pin)
    return {"boards": boards, "sections": sections, "pins": pins}


def new_client(api: OpenApi, sandbox: Sandbox, token: str | None = None) -> CheckedClient:
    return CheckedClient(api, sandbox.origin, sandbox.access_token if token is None else token)


def issue_token(sandbox: Sandbox, scopes: list[str]) -> str:
    """A token with only these scopes, from the sandbox's test controls."""
    return str(control(sandbox, "/tokens", {"scopes": scopes})["access_token"])


def control(sandbox: Sandbox, path: str, body: JsonDict | None = None) -> JsonDict:
    """The sandbox's test controls (not Pinterest's API, so not in the spec)."""
    response = requests.post(sandbox.origin + "/_sandbox" + path, json=body, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    result: JsonDict = response.json()
    return result


# -- the checker itself -----------------------------------------------------------------


def test_the_checker_finds_what_breaks_the_spec(api: OpenApi, account: Sandbox) -> None:
    """Bodies broken on purpose fail, each named by the field's path and the reason.

    Without this, a translation that lost a keyword would let everything pass.
    """
    client = new_client(api, account)
    try:
        pins = client.call("GET", "/v5/pins", params={"page_size": 100}, expect=200)["items"]
        board = client.call("GET", "/v5/boards", params={"page_size": 1}, expect=200)["items"][0]
    finally:
        client.close()
    video = next(pin for pin in pins if pin["media"]["media_type"] == "video")
    carousel = next(pin for pin in pins if pin["media"]["media_type"] == "multiple_images")
    pin_schema = api.component_validator("Pin")
    broken: list[tuple[JsonDict, str, str]] = [
        ({**video, "id": "12ab"}, "$.id", "does not match"),
        ({**video, "title": "x" * (TITLE_MAX + 1)}, "$.title", "is too long"),
        ({**video, "created_at": "2020-02-30T10:00:00"}, "$.created_at", "date-time"),
        ({**video, "created_at": "yesterday"}, "$.created_at", "date-time"),
        ({**video, "creative_type": "GIF"}, "$.creative_type", "is not one of"),
        ({**video, "is_owner": "yes"}, "$.is_owner", "is not of type 'boolean'"),
        ({**video, "media": {**video["media"], "duration": "12s"}}, "$.media.duration", "type"),
        ({**video, "media": {**video["media"], "media_type": "gif"}}, "$.media", "none of"),
    ]
    items = [dict(item) for item in carousel["media"]["items"]]
    items[-1] = {**items[-1], "images": {"600x": {"url": "u", "width": 600}}}
    broken.append(
        (
            {**carousel, "media": {**carousel["media"], "items": items}},
            f"$.media.items[{len(items) - 1}].images['600x']",
            "'height' is a required property",
        )
    )
    for instance, where, reason in broken:
        found = errors_of(pin_schema, instance)
        assert any(v.where == where and reason in v.reason for v in found), (where, found)
    # Nullable fields take null; others do not.
    assert errors_of(pin_schema, {**video, "board_section_id": None, "pin_metrics": None}) == []
    assert errors_of(pin_schema, {**video, "is_standard": None})
    board_schema = api.component_validator("Board")
    assert errors_of(board_schema, {**board, "privacy": "FRIENDS"})
    assert errors_of(board_schema, {**board, "pin_count": -1})
    # readOnly fields belong in responses only: a request may not send a section's id.
    section_request = api.component_validator("BoardSection", "request")
    found = errors_of(section_request, {"name": "Salads", "id": "1"})
    assert [v.where for v in found] == ["$.id"], found
    assert errors_of(api.component_validator("BoardSection"), {"name": "Salads", "id": "1"}) == []


@pytest.mark.parametrize("direction", ["request", "response"])
def test_every_translated_schema_is_valid_json_schema(api: OpenApi, direction: Direction) -> None:
    """The translation of each of the spec's components is itself valid JSON Schema."""
    Draft202012Validator.check_schema({"$defs": api.components[direction]})
    assert len(api.components[direction]) == len(api.document["components"]["schemas"])


def test_operations_are_found_by_path_template(api: OpenApi) -> None:
    assert api.operation("GET", "/v5/pins/123").template == "/pins/{pin_id}"
    # A literal segment wins over a parameter.
    assert api.operation("GET", "/v5/pins/analytics").template == "/pins/analytics"
    section_pins = api.operation("GET", "/v5/boards/1/sections/2/pins")
    assert section_pins.path_params == {"board_id": "1", "section_id": "2"}
    assert api.response_declaration(section_pins, 418)[0] == "default"


# -- reads ----------------------------------------------------------------------------------


def test_user_account(client: CheckedClient, everything: dict[str, Any]) -> None:
    account = client.call("GET", "/v5/user_account", expect=200)
    # Every pin of the account was listed, so every pin's body was checked.
    assert len(everything["pins"]) == account["pin_count"]
    assert len(everything["boards"]) == account["board_count"]


@pytest.mark.parametrize("privacy", [None, *BOARD_PRIVACY_FILTERS])
def test_boards_listing_with_each_privacy_filter(
    client: CheckedClient, privacy: str | None
) -> None:
    params = {} if privacy is None else {"privacy": privacy}
    boards = client.listing("/v5/boards", **params)
    assert boards, privacy
    kinds = {board["privacy"] for board in boards}
    expected = {
        None: {"PUBLIC", "PROTECTED", "SECRET"},
        "ALL": {"PUBLIC", "PROTECTED", "SECRET"},
        "PUBLIC_AND_SECRET": {"PUBLIC", "SECRET"},
    }.get(privacy, {privacy})
    assert kinds == expected, privacy


def test_every_board_by_id(client: CheckedClient, everything: dict[str, Any]) -> None:
    for board in everything["boards"]:
        assert client.call("GET", f"/v5/boards/{board['id']}", expect=200)["id"] == board["id"]


def test_the_listings_hold_every_kind_of_content(everything: dict[str, Any]) -> None:
    """What this module claims to check is really in the account it checked."""
    boards, pins = everything["boards"], list(everything["pins"].values())
    assert {board["privacy"] for board in boards} == {"PUBLIC", "PROTECTED", "SECRET"}
    privacy = {board["id"]: board["privacy"] for board in boards}
    assert {privacy.get(pin["board_id"]) for pin in pins} >= {"PUBLIC", "PROTECTED", "SECRET"}
    assert sum(len(listed) for listed in everything["sections"].values()) >= 5
    assert any(pin["board_section_id"] for pin in pins)
    media = [pin["media"] for pin in pins]
    assert {m["media_type"] for m in media} == {"image", "video", "multiple_images"}
    videos = [m for m in media if m["media_type"] == "video"]
    assert any(m["video_url"] for m in videos) and any(m["video_url"] is None for m in videos)
    assert any(pin["parent_pin_id"] and not pin["is_owner"] for pin in pins)
    texts = {pin[key] for pin in pins for key in ("title", "description")}
    texts |= {board["name"] for board in boards}
    assert len(set(HOSTILE_TEXTS) & texts) >= 10
    assert any(pin["title"] is None for pin in pins)
    assert any(len(pin["title"] or "") == TITLE_MAX for pin in pins)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"include_protected_pins": "false"},
        {"pin_filter": "exclude_native"},
        {"pin_filter": "exclude_repins"},
        {"pin_filter": "has_been_promoted"},
        {"pin_metrics": "false", "include_protected_pins": "true", "pin_type": "PRIVATE"},
    ],
)
def test_own_pins_listing(client: CheckedClient, params: dict[str, str]) -> None:
    client.listing("/v5/pins", **params)


def test_every_pin_by_id(client: CheckedClient, everything: dict[str, Any]) -> None:
    parents: set[str] = set()
    for pin_id, pin in everything["pins"].items():
        assert client.call("GET", f"/v5/pins/{pin_id}", expect=200)["id"] == pin_id
        if pin["parent_pin_id"]:
            parents.add(pin["parent_pin_id"])
    # The sources of saved pins are other people's pins; some were deleted since (404).
    for parent in sorted(parents):
        client.call("GET", f"/v5/pins/{parent}", expect={200, 404})
    assert ("GET /pins/{pin_id}", 404) in client.checked


# -- writes ---------------------------------------------------------------------------------


def media_url_of(pin: JsonDict) -> str:
    return str(pin["media"]["images"]["1200x"]["url"])


def upload_video(client: CheckedClient) -> str:
    """POST /v5/media, the upload to the bucket, then GET /v5/media/{id} until it is done."""
    registered = client.call("POST", "/v5/media", json={"media_type": "video"}, expect=201)
    assert registered["media_type"] == "video"
    media_id = str(registered["media_id"])
    waiting = client.call("GET", f"/v5/media/{media_id}", expect=200)
    assert waiting["status"] == "registered"
    # The bucket is not Pinterest's API (no spec): a multipart form with no bearer token.
    sent = requests.post(
        registered["upload_url"],
        data=registered["upload_parameters"],
        files={"file": ("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(4000), "video/mp4")},
        timeout=TIMEOUT,
    )
    assert sent.status_code == 204, sent.text
    statuses = []
    for _ in range(5):
        status = client.call("GET", f"/v5/media/{media_id}", expect=200)
        assert status["media_id"] == media_id
        statuses.append(status["status"])
        if status["status"] == "succeeded":
            return media_id
    raise AssertionError(f"the upload never succeeded: {statuses}")


def test_writes(client: CheckedClient) -> None:
    source = next(
        pin
        for pin in client.call("GET", "/v5/pins", params={"page_size": 50}, expect=200)["items"]
        if pin["media"]["media_type"] == "image"
    )
    boards = {
        privacy: client.call(
            "POST",
            "/v5/boards",
            json={
                "name": f"{privacy.title()} {HOSTILE_TEXTS[2]}",
                "description": HOSTILE_TEXTS[0],
                "privacy": privacy,
            },
            expect=201,
        )
        for privacy in ("PUBLIC", "PROTECTED", "SECRET")
    }
    ads = client.call(
        "POST", "/v5/boards", json={"name": "Anything", "is_ads_only": True}, expect=201
    )
    assert (ads["name"], ads["privacy"], ads["is_ads_only"]) == ("Ad-only Pins", "PROTECTED", True)
    board_id = boards["PUBLIC"]["id"]
    section = client.call(
        "POST", f"/v5/boards/{board_id}/sections", json={"name": HOSTILE_TEXTS[13]}, expect=201
    )
    assert section["name"] == HOSTILE_TEXTS[13]
    png = b64(tiny_png(6, 4))
    text = {
        "title": HOSTILE_TEXTS[7],
        "description": HOSTILE_TEXTS[9],
        "link": "https://example.com/made-here",
        "alt_text": "Four by six pixels",
        "dominant_color": "#6E7874",
    }
    media_id = upload_video(client)
    sources: dict[str, JsonDict] = {
        "image_url": {"source_type": "image_url", "url": media_url_of(source)},
        "image_base64": {"source_type": "image_base64", "content_type": "image/png", "data": png},
        "multiple_image_base64": {
            "source_type": "multiple_image_base64",
            "items": [
                {
                    "content_type": "image/png",
                    "data": png,
                    "title": "One",
                    "link": "https://example.com/1",
                },
                {"content_type": "image/png", "data": png, "description": HOSTILE_TEXTS[1]},
                {"content_type": "image/png", "data": png},
            ],
        },
        "multiple_image_urls": {
            "source_type": "multiple_image_urls",
            "items": [{"url": media_url_of(source)}, {"url": media_url_of(source), "title": "2"}],
        },
        "video_id": {
            "source_type": "video_id",
            "media_id": media_id,
            "cover_image_url": media_url_of(source),
        },
        "video_id with cover data": {
            "source_type": "video_id",
            "media_id": media_id,
            "cover_image_content_type": "image/png",
            "cover_image_data": png,
        },
        "video_id with key frame": {
            "source_type": "video_id",
            "media_id": media_id,
            "cover_image_key_frame_time": 3,
        },
    }
    expected_media = {
        "image_url": "image",
        "image_base64": "image",
        "multiple_image_base64": "multiple_images",
        "multiple_image_urls": "multiple_images",
    }
    created: list[JsonDict] = []
    for name, media_source in sources.items():
        body = {"board_id": board_id, "media_source": media_source, **text}
        if name == "image_base64":
            body["board_section_id"] = section["id"]
        pin = client.call("POST", "/v5/pins", json=body, expect=201)
        assert pin["media"]["media_type"] == expected_media.get(name, "video"), name
        created.append(pin)
    # A pin on a secret board, with nothing but what the spec requires.
    created.append(
        client.call(
            "POST",
            "/v5/pins",
            json={"board_id": boards["SECRET"]["id"], "media_source": sources["image_url"]},
            expect=201,
        )
    )
    saved = [
        client.call(
            "POST",
            f"/v5/pins/{pin_id}/save",
            json={"board_id": boards["PROTECTED"]["id"]},
            expect=201,
        )
        for pin_id in (created[0]["id"], source["id"])
    ]
    saved.append(
        client.call(
            "POST",
            f"/v5/pins/{foreign_source(client)}/save",
            json={"board_id": board_id, "board_section_id": section["id"]},
            expect=201,
        )
    )
    assert all(pin["parent_pin_id"] for pin in saved)
    # What was made reads back as the spec says, through every listing.
    for board in (*boards.values(), ads):
        client.call("GET", f"/v5/boards/{board['id']}", expect=200)
        client.listing(f"/v5/boards/{board['id']}/pins")
        client.listing(f"/v5/boards/{board['id']}/sections")
    client.listing(f"/v5/boards/{board_id}/sections/{section['id']}/pins")
    for pin in (*created, *saved):
        client.call("GET", f"/v5/pins/{pin['id']}", expect=200)
    # And goes away as the spec says: 204, no content.
    for pin in (*created, *saved):
        assert client.call("DELETE", f"/v5/pins/{pin['id']}", expect=204) is None
    assert (
        client.call("DELETE", f"/v5/boards/{board_id}/sections/{section['id']}", expect=204) is None
    )
    for board in (*boards.values(), ads):
        assert client.call("DELETE", f"/v5/boards/{board['id']}", expect=204) is None


def foreign_source(client: CheckedClient) -> str:
    """Another user's pin that still exists: the parent of one of the account's saved pins."""
    for pin in client.listing("/v5/pins", pin_filter="exclude_native"):
        parent = pin["parent_pin_id"]
        if parent and client.call("GET", f"/v5/pins/{parent}", expect={200, 404}):
            return str(parent)
    for board in client.listing("/v5/boards"):
        for pin in client.listing(f"/v5/boards/{board['id']}/pins"):
            parent = pin["parent_pin_id"]
            if parent and client.call("GET", f"/v5/pins/{parent}", expect={200, 404}):
                return str(parent)
    raise AssertionError("no saved pin with a live source")


# -- OAuth ----------------------------------------------------------------------------------


def authorization_code(sandbox: Sandbox, scopes: str) -> str:
    """The browser step, over HTTP: consent page, approval, redirect carrying the code."""
    query = {
        "client_id": sandbox.client_id,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "scope": scopes,
        "state": "conformance-state",
    }
    page = requests.get(sandbox.origin + "/oauth/", params=query, timeout=TIMEOUT)
    assert page.status_code == 200, page.text
    decision = requests.post(
        sandbox.origin + "/oauth/decision",
        data={**query, "decision": "approve"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert decision.status_code == 302, decision.text
    location = urlsplit(decision.headers["Location"])
    returned = parse_qs(location.query)
    assert returned["state"] == ["conformance-state"]
    return returned["code"][0]


def check_discriminated(api: OpenApi, component: str, instance: JsonDict, what: str) -> None:
    """Also holds `instance` to the schema the component's discriminator maps it to.

    The discriminator is dropped from translation (it is a hint beside oneOf); the
    OAuth schemas carry one with no oneOf, and only the mapped schemas say, for example,
    that a refresh answer must hand back a new refresh token.
    """
    mapped = api.discriminated_component(component, instance)
    direction: Direction = "request" if component.endswith("Request") else "response"
    problems = errors_of(api.component_validator(mapped, direction), instance)
    assert not problems, describe_all(f"{what} as {mapped}", problems)


def test_oauth_token_both_grants(api: OpenApi, account: Sandbox) -> None:
    client = new_client(api, account)
    basic = (account.client_id, account.client_secret)
    try:
        code_form = {
            "grant_type": "authorization_code",
            "code": authorization_code(account, "boards:read,pins:read,user_accounts:read"),
            "redirect_uri": REDIRECT_URI,
        }
        check_discriminated(api, "OauthAccessTokenRequest", code_form, "code request")
        issued = client.call("POST", "/v5/oauth/token", form=code_form, auth=basic, expect=200)
        assert issued["response_type"] == "authorization_code"
        check_discriminated(api, "OauthAccessTokenResponse", issued, "POST /v5/oauth/token")
        refresh_form = {
            "grant_type": "refresh_token",
            "refresh_token": issued["refresh_token"],
            "scope": "boards:read,pins:read",
        }
        check_discriminated(api, "OauthAccessTokenRequest", refresh_form, "refresh request")
        refreshed = client.call(
            "POST", "/v5/oauth/token", form=refresh_form, auth=basic, expect=200
        )
        assert refreshed["response_type"] == "refresh_token"
        check_discriminated(api, "OauthAccessTokenResponse", refreshed, "POST /v5/oauth/token")
        # The new access token works, within its scopes.
        fresh = new_client(api, account, refreshed["access_token"])
        try:
            fresh.call("GET", "/v5/boards", params={"page_size": 5}, expect=200)
            fresh.call("GET", "/v5/user_account", expect=403)
        finally:
            fresh.close()
        # Errors of the token endpoint: the spec's `default` Error.
        client.call("POST", "/v5/oauth/token", form=refresh_form, auth=basic, expect=400)
        client.call("POST", "/v5/oauth/token", form=code_form, auth=basic, expect=400)
        wrong = (account.client_id, "not-the-secret")
        client.call("POST", "/v5/oauth/token", form=refresh_form, auth=wrong, expect=401)
        bad_grant = {"grant_type": "password", "username": "u", "password": "p"}
        client.call(
            "POST", "/v5/oauth/token", form=bad_grant, auth=basic, expect=400, spec_request=False
        )
        assert_error_schema(api, client)
    finally:
        client.close()


def test_oauth_token_client_credentials_and_continuous_refresh(
    api: OpenApi, account: Sandbox
) -> None:
    """The app owner's token (client_credentials) and a code exchange that asks for a
    continuous refresh token, as the app sends them, against the spec's schemas."""
    client = new_client(api, account)
    basic = (account.client_id, account.client_secret)
    try:
        owner_form = {"grant_type": "client_credentials", "scope": "user_accounts:read,boards:read"}
        check_discriminated(api, "OauthAccessTokenRequest", owner_form, "client credentials")
        owned = client.call("POST", "/v5/oauth/token", form=owner_form, auth=basic, expect=200)
        assert owned["response_type"] == "client_credentials"
        assert "refresh_token" not in owned
        check_discriminated(api, "OauthAccessTokenResponse", owned, "POST /v5/oauth/token")
        mine = new_client(api, account, owned["access_token"])
        try:
            me = mine.call("GET", "/v5/user_account", expect=200)
            assert me["username"] == account.username
        finally:
            mine.close()
        code_form = {
            "grant_type": "authorization_code",
            "code": authorization_code(account, "boards:read,user_accounts:read"),
            "redirect_uri": REDIRECT_URI,
            "continuous_refresh": "true",
        }
        check_discriminated(api, "OauthAccessTokenRequest", code_form, "code request")
        issued = client.call("POST", "/v5/oauth/token", form=code_form, auth=basic, expect=200)
        check_discriminated(api, "OauthAccessTokenResponse", issued, "POST /v5/oauth/token")
        wrong = (account.client_id, "not-the-secret")
        client.call("POST", "/v5/oauth/token", form=owner_form, auth=wrong, expect=401)
        assert_error_schema(api, client)
    finally:
        client.close()


# -- errors ----------------------------------------------------------------------------------


def assert_error_schema(api: OpenApi, client: CheckedClient) -> None:
    """Every error met was checked against one of the spec's Error schemas.

    The spec declares one for each status these operations answer, or a `default` one.
    """
    for name, status in client.checked:
        if status < 400:
            continue
        key, declared = api.response_declaration(client.operations[name], status)
        schema = declared["content"]["application/json"]["schema"]
        assert api.component_name(schema) in ERROR_SCHEMAS, (name, status, key, schema)


def test_error_bodies(api: OpenApi) -> None:
    config = SandboxConfig(
        hostile=True, seed=5, boards=4, pins=60, spam_writes_per_2s=1000, section_conflict_rate=0.0
    )
    with Sandbox(config) as sandbox:
        client = new_client(api, sandbox)
        try:
            check_errors(api, sandbox, client)
            assert_error_schema(api, client)
            statuses = {status for _, status in client.checked}
            assert {400, 401, 403, 404, 409, 503} <= statuses, client.checked
        finally:
            client.close()


def check_errors(api: OpenApi, sandbox: Sandbox, client: CheckedClient) -> None:
    boards = client.listing("/v5/boards")
    secret = next(board for board in boards if board["privacy"] == "SECRET")
    public = next(board for board in boards if board["privacy"] == "PUBLIC")
    secret_pin = client.listing(f"/v5/boards/{secret['id']}/pins")[0]
    missing = "1" + "0" * 17

    # 401: no token, a wrong token.
    anonymous: dict[str, str | None] = {"Authorization": None}
    for path in ("/v5/user_account", "/v5/boards", f"/v5/pins/{secret_pin['id']}", "/v5/pins"):
        client.call("GET", path, headers=anonymous, expect=401)
    wrong = new_client(api, sandbox, "pina_not-a-token")
    try:
        wrong.call("GET", f"/v5/boards/{public['id']}/pins", expect=401)
        wrong.call("POST", "/v5/boards", json={"name": "Nope"}, expect=401)
        wrong.call("DELETE", f"/v5/boards/{public['id']}", expect=401)
    finally:
        wrong.close()

    # 403: scopes missing.
    narrow = new_client(api, sandbox, issue_token(sandbox, ["boards:read", "pins:read"]))
    try:
        narrow.call("GET", "/v5/user_account", expect=403)
        narrow.call("GET", "/v5/boards", params={"privacy": "SECRET"}, expect=403)
        narrow.call("GET", f"/v5/pins/{secret_pin['id']}", expect=403)
        narrow.call("POST", "/v5/boards", json={"name": "No write"}, expect=403)
        narrow.call("POST", "/v5/media", json={"media_type": "video"}, expect=403)
        narrow.call("DELETE", f"/v5/pins/{secret_pin['id']}", expect=403)
    finally:
        narrow.close()
    client.call("POST", "/v5/boards", json={"name": "Secret", "privacy": "SECRET"}, expect=201)
    no_secret = new_client(api, sandbox, issue_token(sandbox, ["boards:read", "boards:write"]))
    try:
        no_secret.call("POST", "/v5/boards", json={"name": "Hush", "privacy": "SECRET"}, expect=403)
    finally:
        no_secret.close()
    broken_image = {"source_type": "image_base64", "content_type": "image/png", "data": "AAAA"}
    client.call(
        "POST",
        "/v5/pins",
        json={"board_id": public["id"], "media_source": broken_image},
        expect=403,
    )

    # 404: nothing there.
    for path in (
        f"/v5/boards/{missing}",
        f"/v5/boards/{missing}/pins",
        f"/v5/boards/{missing}/sections",
        f"/v5/boards/{public['id']}/sections/{missing}/pins",
        f"/v5/pins/{missing}",
        f"/v5/media/{missing}",
    ):
        client.call("GET", path, expect=404)
    for path in (
        f"/v5/pins/{missing}",
        f"/v5/boards/{missing}",
        f"/v5/boards/{public['id']}/sections/{missing}",
    ):
        client.call("DELETE", path, expect=404)
    image = {"source_type": "image_url", "url": media_url_of(secret_pin)}
    client.call("POST", "/v5/pins", json={"board_id": missing, "media_source": image}, expect=404)
    client.call("POST", f"/v5/pins/{missing}/save", json={"board_id": public["id"]}, expect=404)
    client.call("POST", f"/v5/boards/{missing}/sections", json={"name": "Lost"}, expect=404)

    # 400: requests the spec allows but the server refuses, then ones the spec forbids.
    client.call("GET", "/v5/pins", params={"bookmark": "not-a-bookmark"}, expect=400)
    client.call("POST", "/v5/pins", json={"board_id": public["id"]}, expect=400)
    duplicate = {"name": public["name"]}
    client.call("POST", "/v5/boards", json=duplicate, expect=400)
    for path, params in (
        ("/v5/pins", {"page_size": "251"}),
        ("/v5/boards", {"page_size": "0"}),
        ("/v5/boards", {"privacy": "FRIENDS"}),
        (f"/v5/boards/{public['id']}/pins", {"page_size": "many"}),
        ("/v5/pins", {"pin_filter": "everything"}),
    ):
        client.call("GET", path, params=params, expect=400, spec_request=False)
    for path, body in (
        ("/v5/boards", {"description": "no name"}),
        ("/v5/boards", {"name": "Bad privacy", "privacy": "FRIENDS"}),
        ("/v5/media", {"media_type": "image"}),
        (f"/v5/boards/{public['id']}/sections", {}),
        (
            "/v5/pins",
            {"board_id": public["id"], "media_source": {"source_type": "image_gif", "url": "x"}},
        ),
        (
            "/v5/pins",
            {
                "board_id": public["id"],
                "media_source": {"source_type": "multiple_image_urls", "items": [{"url": "x"}]},
            },
        ),
        ("/v5/pins", {"board_id": public["id"], "title": "t" * 101, "media_source": image}),
    ):
        client.call("POST", path, json=body, expect=400, spec_request=False)

    # 409: Pinterest's answer when it cannot lock the board for a section change.
    with_conflicts = Sandbox(
        SandboxConfig(hostile=True, seed=6, boards=4, pins=20, section_conflict_rate=1.0)
    )
    with with_conflicts:
        conflicted = new_client(api, with_conflicts)
        try:
            board_id = next(
                board["id"]
                for board in conflicted.listing("/v5/boards")
                if conflicted.listing(f"/v5/boards/{board['id']}/sections")
            )
            section = conflicted.listing(f"/v5/boards/{board_id}/sections")[0]["id"]
            conflicted.call(
                "POST", f"/v5/boards/{board_id}/sections", json={"name": "S"}, expect=409
            )
            conflicted.call("DELETE", f"/v5/boards/{board_id}/sections/{section}", expect=409)
            client.checked.update(conflicted.checked)
            client.operations.update(conflicted.operations)
        finally:
            conflicted.close()

    # 503: a server-side failure, as the fault injection serves it.
    control(
        sandbox, "/faults", {"script": [{"kind": "status", "status": 503, "path": "^/v5/boards$"}]}
    )
    client.call("GET", "/v5/boards", expect=503)

    # 401 once the account is deactivated, for reads and for the token endpoint.
    control(sandbox, "/account/suspend")
    client.call("GET", "/v5/user_account", expect=401)
    client.call("GET", f"/v5/boards/{public['id']}/sections", expect=401)
    refresh = {"grant_type": "refresh_token", "refresh_token": sandbox.refresh_token}
    basic = (sandbox.client_id, sandbox.client_secret)
    client.call("POST", "/v5/oauth/token", form=refresh, auth=basic, expect=401)
    control(sandbox, "/account/reinstate", {"restore_content": True})


def test_rate_limit_bodies(api: OpenApi) -> None:
    """429 from the per-minute read limit, from spam detection and from Trial's day budget."""
    config = SandboxConfig(
        hostile=True, seed=8, boards=3, pins=20, rate_limit_per_min=3, spam_writes_per_2s=1
    )
    with Sandbox(config) as sandbox:
        client = new_client(api, sandbox)
        try:
            for _ in range(3):
                client.call("GET", "/v5/boards", expect=200)
            client.call("GET", "/v5/boards", expect=429)
            client.call("GET", "/v5/user_account", expect=429)
            client.call("POST", "/v5/boards", json={"name": "First"}, expect=201)
            client.call("POST", "/v5/boards", json={"name": "Second"}, expect=429)
            assert_error_schema(api, client)
        finally:
            client.close()
    trial = SandboxConfig(hostile=True, seed=9, boards=3, pins=20, trial=True, trial_daily_limit=2)
    with Sandbox(trial) as sandbox:
        client = new_client(api, sandbox)
        try:
            # Trial apps may not write to production: 403, which also spends the budget.
            client.call("POST", "/v5/boards", json={"name": "Trial"}, expect=403)
            client.call("GET", "/v5/pins", expect=200)
            client.call("GET", "/v5/pins", expect=429)
            assert_error_schema(api, client)
        finally:
            client.close()


# -- the real command -------------------------------------------------------------------------


def read_line(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, f"the sandbox printed nothing within {timeout} s"
    return process.stdout.readline()


def test_cli_sandbox_serves_a_conforming_account(api: OpenApi, cli_env: dict[str, str]) -> None:
    """`creator-backup sandbox --pins 2000` serves an account that passes the conformance test."""
    # cli_env (tests/conftest.py) gives the process its own CREATOR_BACKUP_HOME in tmp_path.
    env = {**cli_env, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-c", CLI_CODE, "sandbox", "--json", "--pins", "2000", "--port", "0"]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        info = json.loads(read_line(process, 30))
        origin = info["api_base"].removesuffix("/v5")
        client = CheckedClient(api, origin, info["access_token"])
        try:
            account = client.call("GET", "/v5/user_account", expect=200)
            boards = client.listing("/v5/boards")
            seen: set[str] = set()
            for board in boards:
                seen |= {pin["id"] for pin in client.listing(f"/v5/boards/{board['id']}/pins")}
                for section in client.listing(f"/v5/boards/{board['id']}/sections"):
                    client.listing(f"/v5/boards/{board['id']}/sections/{section['id']}/pins")
            seen |= {pin["id"] for pin in client.listing("/v5/pins", include_protected_pins="true")}
            assert len(seen) == account["pin_count"] == 2000
            assert len(boards) == account["board_count"]
        finally:
            client.close()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
