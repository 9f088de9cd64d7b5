"""The write endpoints: pins from every media source, save, boards, sections, deletes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
import requests

from creator_backup.sandbox import Sandbox

from .conftest import MakeSandbox
from .helpers import TIMEOUT, Client, JsonDict, assert_error, b64, get_media, tiny_png


@pytest.fixture
def writer(make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]) -> Client:
    """An account for writing: no section conflicts, no spam window in the way."""
    sandbox = make_sandbox(
        seed=6, boards=6, pins=120, section_conflict_rate=0.0, spam_writes_per_2s=1000
    )
    return make_client(sandbox)


def first_public_board(client: Client) -> str:
    return str(next(b for b in client.items("/boards") if b["privacy"] == "PUBLIC")["id"])


def image_source(data: bytes) -> JsonDict:
    return {
        "source_type": "image_base64",
        "content_type": "image/png",
        "data": b64(data),
    }


def create_pin(client: Client, board_id: str, **fields: object) -> JsonDict:
    body: JsonDict = {
        "board_id": board_id,
        "media_source": image_source(tiny_png()),
        **fields,
    }
    response = client.post("/pins", body)
    assert response.status_code == 201, response.text
    pin: JsonDict = response.json()
    return pin


# -- POST /v5/pins ----------------------------------------------------------------------------


def test_image_base64_pin(writer: Client) -> None:
    board_id = first_public_board(writer)
    before = writer.ok(f"/boards/{board_id}")["pin_count"]
    png = tiny_png(5, 7)
    fields = {
        "title": "T" * 100,
        "description": "D" * 800,
        "link": "https://example.com/" + "l" * 2028,
        "alt_text": "A" * 500,
        "dominant_color": "#6E7874",
    }
    pin = create_pin(writer, board_id, media_source=image_source(png), **fields)
    assert {key: pin[key] for key in fields} == fields
    assert pin["board_id"] == board_id and pin["board_section_id"] is None
    assert pin["is_owner"] is True and pin["parent_pin_id"] is None
    assert pin["creative_type"] == "REGULAR" and pin["media"]["media_type"] == "image"
    images = pin["media"]["images"]
    assert set(images) >= {"150x150", "400x300", "600x", "1200x"}
    for entry in images.values():
        assert (entry["width"], entry["height"]) == (5, 7)
        assert get_media(entry["url"]).content == png
    assert writer.ok(f"/pins/{pin['id']}") == pin
    # New pins come first, in the board's listing and the account's.
    assert writer.ok(f"/boards/{board_id}/pins", page_size=1)["items"][0]["id"] == pin["id"]
    assert writer.ok("/pins", page_size=1)["items"][0]["id"] == pin["id"]
    assert writer.ok(f"/boards/{board_id}")["pin_count"] == before + 1
    state_pin = next(p for p in writer.state()["pins"] if p["id"] == pin["id"])
    assert state_pin["media_sha256"] == hashlib.sha256(png).hexdigest()


def test_newest_pin_first_after_several(writer: Client) -> None:
    board_id = first_public_board(writer)
    made = [create_pin(writer, board_id, title=f"pin {n}")["id"] for n in range(3)]
    listed = [p["id"] for p in writer.ok(f"/boards/{board_id}/pins", page_size=5)["items"]]
    assert listed[:3] == made[::-1]


def test_image_url_pin(writer: Client) -> None:
    board_id = first_public_board(writer)
    source = writer.ok("/pins", page_size=1)["items"][0]
    url = source["media"]["images"]["1200x"]["url"]
    response = writer.post(
        "/pins",
        {
            "board_id": board_id,
            "media_source": {"source_type": "image_url", "url": url},
        },
    )
    assert response.status_code == 201, response.text
    pin = response.json()
    assert get_media(pin["media"]["images"]["1200x"]["url"]).content == get_media(url).content
    outside = {"source_type": "image_url", "url": "https://example.com/picture.png"}
    assert_error(writer.post("/pins", {"board_id": board_id, "media_source": outside}), 400)


@pytest.mark.parametrize("count", [2, 5])
def test_carousel_pin(writer: Client, count: int) -> None:
    board_id = first_public_board(writer)
    pngs = [tiny_png(2 + n, 2, bytes([n * 40, 0, 0])) for n in range(count)]
    items = [
        {"content_type": "image/png", "data": b64(png), "title": f"slide {n}"}
        for n, png in enumerate(pngs)
    ]
    source = {"source_type": "multiple_image_base64", "items": items}
    response = writer.post("/pins", {"board_id": board_id, "media_source": source})
    assert response.status_code == 201, response.text
    pin = response.json()
    assert pin["creative_type"] == "CAROUSEL"
    media_items = pin["media"]["items"]
    assert [item["title"] for item in media_items] == [f"slide {n}" for n in range(count)]
    for item, png in zip(media_items, pngs, strict=True):
        assert get_media(item["images"]["1200x"]["url"]).content == png


@pytest.mark.parametrize("count", [0, 1, 6])
def test_carousel_needs_two_to_five_items(writer: Client, count: int) -> None:
    items = [{"content_type": "image/png", "data": b64(tiny_png())} for _ in range(count)]
    source = {"source_type": "multiple_image_base64", "items": items}
    body = {"board_id": first_public_board(writer), "media_source": source}
    assert_error(writer.post("/pins", body), 400)


def test_bad_pin_requests(writer: Client) -> None:
    board_id = first_public_board(writer)
    other_board = next(b["id"] for b in writer.items("/boards") if b["id"] != board_id)
    section = writer.post(f"/boards/{other_board}/sections", {"name": "Elsewhere"}).json()
    good = image_source(tiny_png())
    cases: list[tuple[JsonDict, int, int | None]] = [
        ({"media_source": good}, 400, None),
        ({"board_id": board_id}, 400, None),
        (
            {"board_id": board_id, "media_source": {"source_type": "carrier_pigeon"}},
            400,
            None,
        ),
        ({"board_id": board_id, "media_source": good, "title": "T" * 101}, 400, None),
        (
            {"board_id": board_id, "media_source": good, "description": "D" * 801},
            400,
            None,
        ),
        ({"board_id": board_id, "media_source": good, "link": "L" * 2049}, 400, None),
        (
            {"board_id": board_id, "media_source": good, "alt_text": "A" * 501},
            400,
            None,
        ),
        (
            {
                "board_id": board_id,
                "media_source": {**good, "content_type": "image/gif"},
            },
            400,
            None,
        ),
        (
            {"board_id": board_id, "media_source": {**good, "data": "not base64!"}},
            400,
            None,
        ),
        (
            {"board_id": board_id, "media_source": {**good, "data": b64(b"hello")}},
            403,
            235,
        ),
        ({"board_id": "123", "media_source": good}, 404, 40),
        (
            {
                "board_id": board_id,
                "board_section_id": section["id"],
                "media_source": good,
            },
            404,
            2031,
        ),
    ]
    for body, status, code in cases:
        assert_error(writer.post("/pins", body), status, code)
    not_json = writer.request(
        "POST", "/pins", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert_error(not_json, 400)


def test_pin_into_a_section(writer: Client) -> None:
    board_id = first_public_board(writer)
    section = writer.post(f"/boards/{board_id}/sections", {"name": "Fresh"}).json()
    pin = create_pin(writer, board_id, board_section_id=section["id"])
    assert pin["board_section_id"] == section["id"]
    listed = writer.items(f"/boards/{board_id}/sections/{section['id']}/pins")
    assert [p["id"] for p in listed] == [pin["id"]]


# -- the video upload flow --------------------------------------------------------------------


def upload(writer: Client, data: bytes) -> str:
    registered = writer.post("/media", {"media_type": "video"})
    assert registered.status_code == 201, registered.text
    body = registered.json()
    assert body["media_type"] == "video" and body["media_id"].isdigit()
    assert body["upload_url"].startswith(writer.sandbox.media_base)
    parameters = body["upload_parameters"]
    assert {"key", "policy", "x-amz-signature"} <= set(parameters)
    # The upload goes to the bucket as a multipart form, with no bearer token.
    sent = requests.post(
        body["upload_url"],
        data=parameters,
        files={"file": ("clip.mp4", data, "video/mp4")},
        timeout=TIMEOUT,
    )
    assert sent.status_code == 204, sent.text
    return str(body["media_id"])


def test_video_pin_through_the_media_upload_flow(writer: Client) -> None:
    board_id = first_public_board(writer)
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40
    media_id = upload(writer, video)
    # Not processed yet: no pin can use it.
    early = {"source_type": "video_id", "media_id": media_id}
    assert_error(writer.post("/pins", {"board_id": board_id, "media_source": early}), 400)
    first = writer.ok(f"/media/{media_id}")
    assert first == {
        "media_id": media_id,
        "media_type": "video",
        "status": "processing",
    }
    assert writer.ok(f"/media/{media_id}")["status"] == "succeeded"
    cover = writer.ok("/pins", page_size=1)["items"][0]["media"]["images"]["600x"]["url"]
    source = {"source_type": "video_id", "media_id": media_id, "cover_image_url": cover}
    response = writer.post("/pins", {"board_id": board_id, "media_source": source})
    assert response.status_code == 201, response.text
    pin = response.json()
    assert pin["creative_type"] == "VIDEO" and pin["media"]["media_type"] == "video"
    assert get_media(pin["media"]["video_url"]).content == video
    assert get_media(pin["media"]["cover_image_url"]).status_code == 200
    assert writer.state(pins=False)["requests"]["media"]["with_authorization"] == 0


def test_media_upload_refusals(writer: Client) -> None:
    assert_error(writer.post("/media", {"media_type": "image"}), 400)
    assert_error(writer.get("/media/123"), 404)
    media_id = upload(writer, b"first")
    registered = writer.post("/media", {"media_type": "video"}).json()
    # A key the bucket never issued, and a second upload to a used key, are refused.
    forged = dict(registered["upload_parameters"], key="uploads/sandbox/video:1")
    files = {"file": ("x.mp4", b"x", "video/mp4")}
    url = registered["upload_url"]
    assert requests.post(url, data=forged, files=files, timeout=TIMEOUT).status_code == 403
    used = dict(registered["upload_parameters"], key=f"uploads/sandbox/video:{media_id}")
    assert requests.post(url, data=used, files=files, timeout=TIMEOUT).status_code == 403
    board_id = first_public_board(writer)
    # An unknown media id, and one registered but never uploaded.
    for never in ("999", registered["media_id"]):
        source = {"source_type": "video_id", "media_id": never}
        assert_error(writer.post("/pins", {"board_id": board_id, "media_source": source}), 400)
    assert writer.ok(f"/media/{registered['media_id']}")["status"] == "registered"


# -- save -------------------------------------------------------------------------------------


def test_save_own_pin_to_another_board(writer: Client) -> None:
    boards = [b["id"] for b in writer.items("/boards") if b["privacy"] == "PUBLIC"]
    source = next(p for p in writer.items("/pins") if p["board_id"] != boards[1])
    response = writer.post(f"/pins/{source['id']}/save", {"board_id": boards[1]})
    assert response.status_code == 201, response.text
    saved = response.json()
    assert saved["id"] != source["id"] and saved["parent_pin_id"] == source["id"]
    assert saved["board_id"] == boards[1]
    assert saved["media"] == source["media"] and saved["title"] == source["title"]
    assert writer.ok(f"/boards/{boards[1]}/pins", page_size=1)["items"][0]["id"] == saved["id"]


def test_save_someone_elses_pin(writer: Client) -> None:
    board_id = first_public_board(writer)
    repins = [p for p in writer.state(media=False)["pins"] if not p["is_owner"]]
    sources = [p["parent_pin_id"] for p in repins]
    alive = [s for s in sources if writer.get(f"/pins/{s}").status_code == 200]
    gone = [s for s in sources if s not in alive]
    assert alive and gone
    response = writer.post(f"/pins/{alive[0]}/save", {"board_id": board_id})
    assert response.status_code == 201, response.text
    saved = response.json()
    assert saved["is_owner"] is False and saved["parent_pin_id"] == alive[0]
    assert_error(writer.post(f"/pins/{gone[0]}/save", {"board_id": board_id}), 404, 50)
    assert_error(writer.post(f"/pins/{alive[0]}/save", {}), 400)


# -- boards and sections -----------------------------------------------------------------------------


def test_create_board(writer: Client) -> None:
    before = writer.ok("/user_account")["board_count"]
    response = writer.post(
        "/boards",
        {"name": "Restored <board>", "description": "Back again", "privacy": "SECRET"},
    )
    assert response.status_code == 201, response.text
    board = response.json()
    assert board["name"] == "Restored <board>" and board["privacy"] == "SECRET"
    assert board["description"] == "Back again" and board["pin_count"] == 0
    assert board["owner"] == {"username": writer.sandbox.username}
    assert writer.ok(f"/boards/{board['id']}") == board
    assert board["id"] in {b["id"] for b in writer.items("/boards")}
    assert writer.ok("/user_account")["board_count"] == before + 1


def test_board_names_must_be_unique(writer: Client) -> None:
    existing = writer.items("/boards")[0]["name"]
    assert_error(writer.post("/boards", {"name": existing}), 400)
    assert writer.post("/boards", {"name": "Only once"}).status_code == 201
    assert_error(writer.post("/boards", {"name": "ONLY ONCE"}), 400)
    assert_error(writer.post("/boards", {"name": ""}), 400)
    assert_error(writer.post("/boards", {}), 400)
    assert_error(writer.post("/boards", {"name": "Bad privacy", "privacy": "HIDDEN"}), 400)


def test_ads_only_board(writer: Client) -> None:
    board = writer.post("/boards", {"name": "Whatever", "is_ads_only": True}).json()
    assert (board["name"], board["privacy"]) == ("Ad-only Pins", "PROTECTED")


def test_secret_board_needs_write_secret(writer: Client) -> None:
    scopes = ["boards:read", "boards:write", "pins:read", "pins:write"]
    limited = writer.with_token(writer.new_token(scopes))
    try:
        assert_error(limited.post("/boards", {"name": "Hidden", "privacy": "SECRET"}), 403, 29)
        assert limited.post("/boards", {"name": "Open"}).status_code == 201
    finally:
        limited.close()


def test_sections_create_list_delete(writer: Client) -> None:
    board_id = first_public_board(writer)
    before = writer.items(f"/boards/{board_id}/sections")
    created = writer.post(f"/boards/{board_id}/sections", {"name": "Process shots"})
    assert created.status_code == 201, created.text
    section = created.json()
    assert set(section) == {"id", "name"} and section["name"] == "Process shots"
    listed = writer.items(f"/boards/{board_id}/sections")
    assert [s["id"] for s in listed] == [s["id"] for s in before] + [section["id"]]
    assert_error(writer.post(f"/boards/{board_id}/sections", {"name": "Process shots"}), 400)
    assert_error(writer.post(f"/boards/{board_id}/sections", {"name": ""}), 400)
    assert_error(writer.post(f"/boards/{board_id}/sections", {"name": "x" * 181}), 400)
    assert writer.post(f"/boards/{board_id}/sections", {"name": "y" * 180}).status_code == 201
    assert_error(writer.post("/boards/123/sections", {"name": "Nowhere"}), 404, 40)
    pin = create_pin(writer, board_id, board_section_id=section["id"])
    assert writer.delete(f"/boards/{board_id}/sections/{section['id']}").status_code == 204
    assert_error(writer.get(f"/boards/{board_id}/sections/{section['id']}/pins"), 404, 2031)
    assert section["id"] not in {s["id"] for s in writer.items(f"/boards/{board_id}/sections")}
    assert_error(writer.get(f"/pins/{pin['id']}"), 404, 50)
    assert_error(writer.delete(f"/boards/{board_id}/sections/{section['id']}"), 404, 2031)


def test_delete_pin(writer: Client) -> None:
    board_id = first_public_board(writer)
    pin = writer.ok(f"/boards/{board_id}/pins", page_size=1)["items"][0]
    before = writer.ok("/user_account")["pin_count"]
    response = writer.delete(f"/pins/{pin['id']}")
    assert response.status_code == 204 and response.content == b""
    assert_error(writer.get(f"/pins/{pin['id']}"), 404, 50)
    assert pin["id"] not in {p["id"] for p in writer.items(f"/boards/{board_id}/pins")}
    assert writer.ok("/user_account")["pin_count"] == before - 1
    assert_error(writer.delete(f"/pins/{pin['id']}"), 404, 50)


def test_delete_board(writer: Client) -> None:
    board_id = first_public_board(writer)
    name = writer.ok(f"/boards/{board_id}")["name"]
    pins = writer.items(f"/boards/{board_id}/pins")
    assert writer.delete(f"/boards/{board_id}").status_code == 204
    assert_error(writer.get(f"/boards/{board_id}"), 404, 40)
    assert_error(writer.get(f"/pins/{pins[0]['id']}"), 404, 50)
    assert board_id not in {b["id"] for b in writer.items("/boards")}
    assert_error(writer.delete(f"/boards/{board_id}"), 404, 40)
    # Its name is free again.
    assert writer.post("/boards", {"name": name}).status_code == 201
