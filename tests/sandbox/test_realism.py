"""Realism mode: the shapes real Pinterest responses had, served over real HTTP.

With realism off the sandbox must serve exactly the spec's shapes (the conformance suite
depends on it); with it on, each shape in realism.py's rules, deterministically.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from creator_backup.cli.parser import build_parser
from creator_backup.cli.sandbox_command import config_from_args
from creator_backup.sandbox import Sandbox, SandboxConfig
from creator_backup.sandbox.hls import mpeg_crc32
from creator_backup.sandbox.text import handle

from .conftest import MakeSandbox
from .helpers import TIMEOUT, Client, JsonDict, assert_error, get_media, png_size
from .test_cli_sandbox import start

SEED, BOARDS, PINS = 11, 10, 300  # the same account as conftest's shared_sandbox
BOARD_COUNTERS = {"pin_count", "board_pins_modified_at", "created_at", "media", "follower_count"}
SPEC_ACCOUNT_KEYS = {
    "account_type",
    "id",
    "username",
    "profile_image",
    "website_url",
    "about",
    "business_name",
    "board_count",
    "pin_count",
    "follower_count",
    "following_count",
    "monthly_views",
}
SPEC_BOARD_KEYS = BOARD_COUNTERS | {
    "id",
    "name",
    "description",
    "privacy",
    "owner",
    "collaborator_count",
    "is_ads_only",
}
SPEC_PIN_KEYS = {
    "id",
    "created_at",
    "link",
    "title",
    "description",
    "dominant_color",
    "alt_text",
    "board_id",
    "board_section_id",
    "board_owner",
    "is_owner",
    "is_standard",
    "has_been_promoted",
    "parent_pin_id",
    "pin_metrics",
    "creative_type",
    "media",
}
SIZES_LARGEST_FIRST = ("originals", "1200x", "600x", "400x300", "150x150")
MICROSECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$")
AUTH_FAILED = {"code": 2, "message": "Authentication failed.", "status": "failure"}


@pytest.fixture(scope="module")
def real_sandbox() -> Iterator[Sandbox]:
    """The shared account's twin with realism on; read-only."""
    with Sandbox(
        SandboxConfig(hostile=True, seed=SEED, boards=BOARDS, pins=PINS, realism=True)
    ) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def real(real_sandbox: Sandbox) -> Iterator[Client]:
    client = Client(real_sandbox)
    yield client
    client.close()


@pytest.fixture(scope="module")
def catalogue(real: Client) -> JsonDict:
    response = real.session.get(f"{real.origin}/_sandbox/realism", timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    body: JsonDict = response.json()
    return body


@pytest.fixture(scope="module")
def real_state(real: Client) -> JsonDict:
    return real.state(media=True)


@pytest.fixture(scope="module")
def real_pins(real_state: JsonDict) -> dict[str, JsonDict]:
    return {pin["id"]: pin for pin in real_state["pins"]}


@pytest.fixture
def make_real(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> Callable[..., Client]:
    """A fresh realism account to change."""

    def make(**fields: Any) -> Client:
        config = {"seed": SEED, "boards": BOARDS, "pins": PINS, "section_conflict_rate": 0.0}
        return make_client(make_sandbox(realism=True, **{**config, **fields}))

    return make


def walk(client: Client, path: str, page_size: int, **params: Any) -> list[JsonDict]:
    """Every page of a listing until a null bookmark, empty pages included."""
    pages: list[JsonDict] = []
    bookmark: str | None = None
    while True:
        query: dict[str, Any] = {**params, "page_size": page_size}
        if bookmark is not None:
            query["bookmark"] = bookmark
        body = client.ok(path, **query)
        assert set(body) == {"items", "bookmark"}, body.keys()
        pages.append(body)
        bookmark = body["bookmark"]
        if bookmark is None:
            return pages
        assert isinstance(bookmark, str) and bookmark
        assert len(pages) < 1000, "paging does not end"


def every(client: Client, path: str, page_size: int = 250) -> list[JsonDict]:
    """Every item of a listing (Client.items would refuse realism's trailing empty page)."""
    return [item for page in walk(client, path, page_size) for item in page["items"]]


def image_sets(media: JsonDict) -> list[JsonDict]:
    if "images" in media:
        return [media["images"]]
    return [item["images"] for item in media.get("items", []) if "images" in item]


def largest_key(images: JsonDict) -> str:
    return next(size for size in SIZES_LARGEST_FIRST if size in images)


def next_size_down(images: JsonDict, size: str) -> str:
    rest = SIZES_LARGEST_FIRST[SIZES_LARGEST_FIRST.index(size) + 1 :]
    return next(key for key in rest if key in images)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- realism off: today's shapes, unchanged -------------------------------------------------


def test_realism_off_serves_the_spec_shapes(shared_sandbox: Sandbox, shared_client: Client) -> None:
    client = shared_client
    assert "realism" not in shared_sandbox.describe()
    assert set(client.ok("/user_account")) == SPEC_ACCOUNT_KEYS
    boards = client.items("/boards")
    for board in boards:
        assert set(board) == SPEC_BOARD_KEYS
        assert len(board["id"]) == 12
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", board["board_pins_modified_at"])
        for section in client.items(f"/boards/{board['id']}/sections"):
            assert len(section["id"]) == 13
    # Pages are full but the last, which ends the listing (Client.pages checks no empty
    # page carries a bookmark).
    pages = client.pages("/pins", page_size=7)
    assert all(len(page["items"]) == 7 for page in pages[:-1])
    assert pages[-1]["items"] and pages[-1]["bookmark"] is None
    pins = [pin for page in pages for pin in page["items"]]
    for pin in client.state(media=False)["pins"]:
        assert set(pin) == SPEC_PIN_KEYS
        assert re.fullmatch(r"#[0-9A-F]{6}", pin["dominant_color"])
        assert pin["title"] not in ("", " ") and pin["description"] not in ("", " ")
        assert pin["creative_type"] in ("REGULAR", "VIDEO", "CAROUSEL")
        media = pin["media"]
        assert media["media_type"] in ("image", "video", "multiple_images")
        video_url = media.get("video_url")
        assert video_url is None or video_url.endswith(".mp4")
        for images in image_sets(media):
            assert all(isinstance(entry["width"], int) for entry in images.values())
    assert len(pins) == len({pin["id"] for pin in pins})
    response = requests.get(
        client.api_base + "/user_account", headers={"Authorization": "Bearer nope"}, timeout=30
    )
    assert response.status_code == 401
    assert response.json() == {"code": 2, "message": "Authentication failed."}
    assert client.session.get(f"{client.origin}/_sandbox/realism").json() == {"enabled": False}
    assert_error(client.control("POST", "/realism", {"account_id": True}), 400, 1)


# -- the account ------------------------------------------------------------------------------


def test_same_creator_dressed_differently(shared_client: Client, real: Client) -> None:
    spec_boards, real_boards = shared_client.items("/boards"), every(real, "/boards")
    assert [b["name"] for b in spec_boards] == [b["name"] for b in real_boards]
    assert len(shared_client.state(media=False)["pins"]) == len(real.state(media=False)["pins"])


def test_account_has_no_id_or_pin_count_until_the_control_gives_the_id(
    make_real: Callable[..., Client],
) -> None:
    client = make_real(pins=40)
    account = client.ok("/user_account")
    assert "id" not in account and "pin_count" not in account
    assert account["username"] == handle(SEED)
    assert client.control_ok("/realism", {"account_id": True}) == {
        "enabled": True,
        "account_id": True,
    }
    with_id = client.ok("/user_account")
    assert with_id["id"].isdigit() and len(with_id["id"]) == 19
    assert with_id["username"] == account["username"] and "pin_count" not in with_id
    client.control_ok("/realism", {"account_id": False})
    assert "id" not in client.ok("/user_account")
    assert_error(client.control("POST", "/realism", {"account_id": "yes"}), 400, 1)


def test_ids_are_long_digit_strings(real: Client, real_state: JsonDict) -> None:
    assert {len(board["id"]) for board in real_state["boards"]} == {18}
    assert {len(section["id"]) for section in real_state["sections"]} == {19}
    assert {len(pin["id"]) for pin in real_state["pins"]} == {19}
    ids = [b["id"] for b in real_state["boards"]] + [s["id"] for s in real_state["sections"]]
    assert all(isinstance(i, str) and i.isdigit() for i in ids)
    board = real_state["boards"][0]["id"]
    assert real.ok(f"/boards/{board}")["id"] == board


# -- boards -----------------------------------------------------------------------------------


def test_most_boards_carry_no_counters(real: Client, catalogue: JsonDict) -> None:
    with_counters = set(catalogue["boards"]["with_counters"])
    boards = every(real, "/boards")
    assert 0 < len(with_counters) < len(boards) / 2
    for board in boards:
        listed = every(real, f"/boards/{board['id']}/pins")
        if board["id"] in with_counters:
            assert board["pin_count"] == len(listed)
            assert MICROSECONDS.match(board["board_pins_modified_at"]), board
            assert {"created_at", "media", "follower_count"} <= set(board)
        else:
            assert not BOARD_COUNTERS & set(board), board
            assert {"id", "name", "privacy", "owner"} <= set(board)
        assert real.ok(f"/boards/{board['id']}") == board


def test_moderation_removals_leave_the_counters_alone(
    make_real: Callable[..., Client],
) -> None:
    client = make_real()
    catalogue = client.session.get(f"{client.origin}/_sandbox/realism").json()
    state = client.state(media=False)
    with_sections = {section["board_id"] for section in state["sections"]}
    board_id = next(b for b in catalogue["boards"]["with_counters"] if b in with_sections)
    before = client.ok(f"/boards/{board_id}")

    def listed() -> set[str]:
        return {pin["id"] for pin in every(client, f"/boards/{board_id}/pins")}

    pins = listed()
    assert before["pin_count"] == len(pins)
    on_board = [p for p in state["pins"] if p["board_id"] == board_id]
    loose = next(p["id"] for p in on_board if p["board_section_id"] is None)
    section = next(s["id"] for s in state["sections"] if s["board_id"] == board_id
                   and any(p["board_section_id"] == s["id"] for p in on_board))  # fmt: skip
    in_section = {p["id"] for p in on_board if p["board_section_id"] == section}

    client.control_ok(f"/pins/{loose}/remove")
    client.control_ok(f"/boards/{board_id}/sections/{section}/remove")
    after = client.ok(f"/boards/{board_id}")
    assert listed() == pins - {loose} - in_section
    # Nothing documents that moderation updates them: they stay as they were.
    assert after["pin_count"] == before["pin_count"]
    assert after["board_pins_modified_at"] == before["board_pins_modified_at"]

    client.control_ok("/account/reinstate", {"restore_content": True})
    assert listed() == pins
    assert client.ok(f"/boards/{board_id}")["pin_count"] == len(pins)


# -- pins -------------------------------------------------------------------------------------


def test_pin_text_and_old_fields(catalogue: JsonDict, real_state: JsonDict) -> None:
    pins = real_state["pins"]
    titles = Counter(pin["title"] for pin in pins if pin["title"] in ("", " ", None))
    assert set(titles) == {"", " ", None}, titles
    assert {"", " "} & {pin["description"] for pin in pins}
    assert all(re.fullmatch(r"#[0-9a-f]{6}", pin["dominant_color"]) for pin in pins)
    older = set(catalogue["pins"]["older"])
    assert 0 < len(older) < len(pins)
    for pin in pins:
        sizes = [set(images) for images in image_sets(pin["media"])]
        if pin["id"] in older:
            assert isinstance(pin["note"], str) and isinstance(pin["product_tags"], list)
            assert all("originals" in keys for keys in sizes), pin["id"]
        else:
            assert "note" not in pin and "product_tags" not in pin
            assert not any("originals" in keys for keys in sizes), pin["id"]
    assert any(pin.get("note") for pin in pins) and any(pin.get("note") == "" for pin in pins)


def test_video_pins_mp4_null_and_hls(catalogue: JsonDict, real_pins: dict[str, JsonDict]) -> None:
    kinds = catalogue["pins"]
    assert kinds["video_mp4"] and kinds["video_null"] and kinds["video_hls"]
    for key, ending in (("video_mp4", ".mp4"), ("video_null", None), ("video_hls", ".m3u8")):
        for pin_id in kinds[key]:
            pin = real_pins[pin_id]
            media = pin["media"]
            assert pin["creative_type"] == "VIDEO" and media["media_type"] == "video"
            assert isinstance(media["cover_image_url"], str)
            assert {"150x150", "400x300", "600x", "1200x"} <= set(media["images"])
            assert isinstance(media["duration"], int)
            if ending is None:
                assert media["video_url"] is None and "video_sha256" not in pin
            else:
                assert media["video_url"].endswith(ending)
    mp4 = real_pins[kinds["video_mp4"][0]]
    response = get_media(mp4["media"]["video_url"])
    assert response.status_code == 200 and response.headers["Content-Type"] == "video/mp4"
    assert sha(response.content) == mp4["video_sha256"]
    assert get_media(mp4["media"]["cover_image_url"]).status_code == 200


def parse_master(text: str) -> list[tuple[int, tuple[int, int], str]]:
    """(bandwidth, (width, height), uri) of each variant of an HLS master playlist."""
    lines = text.splitlines()
    assert lines[0] == "#EXTM3U"
    variants = []
    for line, uri in itertools.pairwise(lines):
        if line.startswith("#EXT-X-STREAM-INF:"):
            bandwidth = re.search(r"BANDWIDTH=(\d+)", line)
            resolution = re.search(r"RESOLUTION=(\d+)x(\d+)", line)
            assert bandwidth and resolution, line
            size = (int(resolution.group(1)), int(resolution.group(2)))
            variants.append((int(bandwidth.group(1)), size, uri))
    return variants


def parse_media_playlist(text: str) -> list[tuple[float, str]]:
    lines = text.splitlines()
    assert lines[0] == "#EXTM3U" and lines[-1] == "#EXT-X-ENDLIST"
    target = next(int(line.split(":")[1]) for line in lines if "TARGETDURATION" in line)
    segments = []
    for line, uri in itertools.pairwise(lines):
        if line.startswith("#EXTINF:"):
            duration = float(line.removeprefix("#EXTINF:").rstrip(","))
            assert 0 < duration <= target
            segments.append((duration, uri))
    return segments


def check_ts(data: bytes) -> None:
    """MPEG-TS: 188-byte packets on 0x47, opening with a PAT whose CRC holds."""
    assert data and len(data) % 188 == 0
    assert all(data[i] == 0x47 for i in range(0, len(data), 188))
    pid = ((data[1] & 0x1F) << 8) | data[2]
    assert pid == 0 and data[1] & 0x40  # the PAT starts the segment
    section = data[5 + data[4] : 188]
    length = ((section[1] & 0x0F) << 8) | section[2]
    assert section[0] == 0 and mpeg_crc32(section[: 3 + length]) == 0


def relative(uri: str) -> bool:
    return "://" not in uri and not uri.startswith("/")


def test_hls_playlists_parse_and_segments_join_to_the_state_hash(
    real_sandbox: Sandbox, catalogue: JsonDict, real_pins: dict[str, JsonDict]
) -> None:
    checked = 0
    for pin_id in catalogue["pins"]["video_hls"]:
        pin = real_pins[pin_id]
        master_url = pin["media"]["video_url"]
        master = get_media(master_url)
        assert master.status_code == 200
        assert master.headers["Content-Type"] == "application/vnd.apple.mpegurl"
        variants = parse_master(master.text)
        assert 2 <= len(variants) <= 3 and all(relative(uri) for _, _, uri in variants)
        joined: dict[int, bytes] = {}
        for bandwidth, _, uri in variants:
            variant_url = urljoin(master_url, uri)
            playlist = get_media(variant_url)
            assert playlist.status_code == 200
            segments = parse_media_playlist(playlist.text)
            assert segments and all(relative(uri) for _, uri in segments)
            data = b""
            for _, segment_uri in segments:
                segment = get_media(urljoin(variant_url, segment_uri))
                assert segment.status_code == 200
                assert segment.headers["Content-Type"] == "video/mp2t"
                check_ts(segment.content)
                data += segment.content
            joined[bandwidth] = data
        best = joined[max(joined)]
        assert sha(best) == pin["video_sha256"]
        # The helper a client test can use without HTTP gives the same bytes.
        parsed = real_sandbox.store.urls.parse(urlsplit(master_url).path)
        assert parsed is not None and real_sandbox.store.realism is not None
        video = real_sandbox.store.realism.hls_video(parsed[1])
        assert video is not None and video.assembled() == best
        checked += 1
    assert checked, "the account should have HLS videos"


def test_hls_files_keep_the_cdn_behaviours(
    catalogue: JsonDict, real_pins: dict[str, JsonDict]
) -> None:
    master_url = real_pins[catalogue["pins"]["video_hls"][0]]["media"]["video_url"]
    variant_url = urljoin(master_url, parse_master(get_media(master_url).text)[0][2])
    segment_url = urljoin(variant_url, parse_media_playlist(get_media(variant_url).text)[0][1])
    whole = get_media(segment_url)
    assert whole.headers["Content-Length"] == str(len(whole.content))
    assert whole.headers["ETag"] and whole.headers["Accept-Ranges"] == "bytes"
    first = get_media(segment_url, Range="bytes=0-187")
    assert first.status_code == 206 and first.content == whole.content[:188]
    # Unknown names beside a real playlist are refused, as unknown keys are.
    assert get_media(master_url.replace(".m3u8", "_9999w.m3u8")).status_code == 403
    assert get_media(segment_url.replace(".ts", "9.ts")).status_code == 403


def test_carousels_of_images_videos_and_mixed(
    catalogue: JsonDict, real_pins: dict[str, JsonDict]
) -> None:
    kinds = catalogue["pins"]
    video_items: list[JsonDict] = []
    for key in ("multiple_images", "multiple_videos", "multiple_mixed"):
        assert kinds[key], key
        for pin_id in kinds[key]:
            media = real_pins[pin_id]["media"]
            assert media["media_type"] == key and len(media["items"]) >= 2
            item_types = {item["item_type"] for item in media["items"]}
            expected = {"multiple_images": {"image"}, "multiple_videos": {"video"}}
            assert item_types == expected.get(key, {"image", "video"})
            video_items += [item for item in media["items"] if item["item_type"] == "video"]
    for item in video_items:
        assert set(item) == {"item_type", "cover_image_url", "video_url", "duration", "width",
                             "height"}  # fmt: skip
    assert any(item["video_url"] is None for item in video_items)
    served = next(item for item in video_items if item["video_url"])
    response = get_media(served["video_url"])
    assert response.status_code == 200 and response.headers["Content-Type"] == "video/mp4"
    assert get_media(served["cover_image_url"]).status_code == 200
    for pin_id in kinds["idea"]:
        pin = real_pins[pin_id]
        assert (pin["creative_type"], pin["media"]["media_type"]) == ("IDEA", "multiple_mixed")
    for pin_id in kinds["collage"]:
        pin = real_pins[pin_id]
        assert (pin["creative_type"], pin["media"]["media_type"]) == ("COLLAGE", "multiple_images")
    assert kinds["idea"] and kinds["collage"]
    mixed = real_pins[kinds["multiple_mixed"][0]]
    videos = mixed["media_items_video_sha256"]
    for item, video_sha in zip(mixed["media"]["items"], videos, strict=True):
        if item.get("video_url"):
            assert sha(get_media(item["video_url"]).content) == video_sha
        else:
            assert video_sha is None


def test_sizes_without_dimensions_rank_by_key(
    catalogue: JsonDict, real_pins: dict[str, JsonDict]
) -> None:
    denied = set(catalogue["pins"]["largest_403"]) | set(catalogue["pins"]["largest_404"])
    chosen = [p for p in catalogue["pins"]["no_dimensions"] if p not in denied]
    assert chosen
    for pin_id in chosen[:3]:
        pin = real_pins[pin_id]
        images = image_sets(pin["media"])[0]
        assert all(e["width"] is None and e["height"] is None for e in images.values())
        widths = [png_size(get_media(images[size]["url"]).content)[0]
                  for size in SIZES_LARGEST_FIRST if size in images]  # fmt: skip
        assert widths == sorted(widths, reverse=True)
        largest = get_media(images[largest_key(images)]["url"]).content
        assert sha(largest) == pin["media_sha256"]


@pytest.mark.parametrize(("key", "status", "marker"), [("largest_403", 403, b"AccessDenied"),
                                                       ("largest_404", 404, b"NoSuchKey")])  # fmt: skip
def test_largest_size_refused_next_one_served(
    catalogue: JsonDict, real_pins: dict[str, JsonDict], key: str, status: int, marker: bytes
) -> None:
    older = set(catalogue["pins"]["older"])
    pin_ids = catalogue["pins"][key]
    largest_sizes = {largest_key(real_pins[p]["media"]["images"]) for p in pin_ids}
    assert largest_sizes == {"originals", "1200x"}  # older pins have originals
    for pin_id in pin_ids[:4]:
        pin = real_pins[pin_id]
        assert pin["media"]["media_type"] == "image"
        images = pin["media"]["images"]
        largest = largest_key(images)
        assert largest == ("originals" if pin_id in older else "1200x")
        refused = get_media(images[largest]["url"])
        assert refused.status_code == status
        assert refused.headers["Content-Type"] == "application/xml" and marker in refused.content
        served = get_media(images[next_size_down(images, largest)]["url"])
        assert served.status_code == 200
        assert sha(served.content) == pin["media_sha256"]


# -- errors -----------------------------------------------------------------------------------


def test_every_401_carries_status_failure(make_real: Callable[..., Client]) -> None:
    client = make_real(pins=40)
    bad = client.with_token("not-a-token")
    assert bad.get("/boards").json() == AUTH_FAILED
    assert_error(bad.get("/boards"), 401, 2)
    token = requests.post(
        client.api_base + "/oauth/token", data={"grant_type": "refresh_token"}, timeout=30
    )
    assert token.status_code == 401 and token.json()["status"] == "failure"
    client.faults(script=[{"kind": "status", "status": 401, "code": 2,
                           "message": "Authentication failed.", "path": "/v5/pins$"}])  # fmt: skip
    assert client.get("/pins").json() == AUTH_FAILED
    client.control_ok("/account/suspend")
    body = client.get("/user_account").json()
    assert body == {"code": 2, "message": "User is deactivated.", "status": "failure"}
    bad.close()


# -- paging -----------------------------------------------------------------------------------


def listings(state: JsonDict) -> Iterator[tuple[str, str, set[str]]]:
    """(path, trailing-page key, expected ids) of every listing of the account."""
    privacy = {board["id"]: board["privacy"] for board in state["boards"]}
    pins = state["pins"]
    own = {p["id"] for p in pins
           if p["is_owner"] and privacy.get(p["board_id"], "PUBLIC") != "PROTECTED"}  # fmt: skip
    yield "/pins", "/pins", own
    yield "/boards", "/boards", set(privacy)
    for board_id in privacy:
        key = f"/boards/{board_id}/pins"
        yield key, key, {p["id"] for p in pins if p["board_id"] == board_id}
        sections = {s["id"] for s in state["sections"] if s["board_id"] == board_id}
        yield f"/boards/{board_id}/sections", "", sections
        for section in sections:
            expected = {p["id"] for p in pins if p["board_section_id"] == section}
            yield f"/boards/{board_id}/sections/{section}/pins", key, expected


@pytest.mark.parametrize("page_size", [10, 25])
def test_short_pages_and_trailing_empty_pages_lose_nothing(
    real: Client, real_state: JsonDict, catalogue: JsonDict, page_size: int
) -> None:
    trailing = set(catalogue["trailing_empty_page"])
    assert {"/pins", "/boards"} <= trailing
    short_pages = ends_empty = ends_full = 0
    for path, key, expected in listings(real_state):
        pages = walk(real, path, page_size)
        ids = [item["id"] for page in pages for item in page["items"]]
        assert len(ids) == len(set(ids)), path
        assert set(ids) == expected, path
        with_items = [page for page in pages if page["items"]]
        assert all(not page["items"] for page in pages[len(with_items) :]), path
        for page in with_items[:-1]:
            assert page_size * 3 // 5 <= len(page["items"]) <= page_size
            short_pages += len(page["items"]) < page_size
        if key in trailing and ids:
            # The last page with items carries a bookmark to one empty page with a
            # bookmark, which answers an empty page with none.
            assert len(pages) == len(with_items) + 2, path
            assert with_items[-1]["bookmark"] and pages[-2]["bookmark"], path
            ends_empty += 1
        else:
            assert pages[-1] is (with_items or pages)[-1], path
            ends_full += 1
    assert short_pages and ends_empty and ends_full


def test_realism_is_deterministic_from_the_seed(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    first, second = (make_client(make_sandbox(seed=5, boards=4, pins=180, realism=True))
                     for _ in range(2))  # fmt: skip

    def seen(client: Client) -> tuple[list[int], JsonDict, list[JsonDict]]:
        lengths = [len(page["items"]) for page in walk(client, "/pins", 20)]
        catalogue = client.session.get(f"{client.origin}/_sandbox/realism").json()
        pins = client.state(media=True)["pins"]
        base = client.sandbox.media_base
        # The media host's port differs between the two; the rest must not.
        return lengths, catalogue, without_base(pins, base)

    assert seen(first) == seen(second)


def without_base(value: Any, base: str) -> Any:
    """`value` with every string's `base` prefix taken off."""
    if isinstance(value, str):
        return value.removeprefix(base)
    if isinstance(value, list):
        return [without_base(item, base) for item in value]
    if isinstance(value, dict):
        return {key: without_base(item, base) for key, item in value.items()}
    return value


def test_end_bookmarks_are_refused_without_realism(shared_client: Client, real: Client) -> None:
    pages = walk(real, "/pins", 250)
    end = pages[-2]["bookmark"]
    assert end is not None and pages[-2]["items"] == []
    assert real.ok("/pins", bookmark=end) == {"items": [], "bookmark": None}
    assert_error(shared_client.get("/pins", bookmark=end), 400, 1)
    assert_error(real.get("/boards", bookmark=end), 400, 1)  # another listing's bookmark


# -- forbidden boards and account ---------------------------------------------------------------


@pytest.mark.parametrize("realism", [False, True], ids=["spec", "realism"])
def test_forbid_a_boards_listings_and_lift_it(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client], realism: bool
) -> None:
    client = make_client(make_sandbox(seed=3, boards=10, pins=300, realism=realism))
    state = client.state(media=False)
    board_id, section_id = next((s["board_id"], s["id"]) for s in state["sections"])
    other = next(b["id"] for b in state["boards"] if b["id"] != board_id)
    pins_path = f"/boards/{board_id}/pins"
    sections_path = f"/boards/{board_id}/sections"
    section_pins = f"{sections_path}/{section_id}/pins"

    answer = client.control_ok(f"/boards/{board_id}/forbid", {"pins": True, "sections": False})
    assert answer == {"board_id": board_id, "pins": True, "sections": False}
    forbidden = client.get(pins_path)
    assert forbidden.status_code == 403
    assert forbidden.json() == {"code": 403, "message": "Not authorized to access the board."}
    assert assert_error(client.get(section_pins), 403, 403) == (
        "Not authorized to access Pins on board section."
    )
    assert client.get(sections_path).status_code == 200
    assert client.get(f"/boards/{board_id}").status_code == 200
    assert client.get(f"/boards/{other}/pins").status_code == 200

    client.control_ok(f"/boards/{board_id}/forbid", {"sections": True})
    assert client.get(sections_path).json() == {
        "code": 403,
        "message": "Not authorized to access the board.",
    }
    assert client.get(pins_path).status_code == 403  # a key left out keeps its setting

    lifted = client.control_ok(f"/boards/{board_id}/forbid", {"pins": False, "sections": False})
    assert lifted == {"board_id": board_id, "pins": False, "sections": False}
    for path in (pins_path, sections_path, section_pins):
        assert client.get(path).status_code == 200
    assert_error(client.control("POST", "/boards/1/forbid", {"pins": True}), 404, 40)
    assert_error(client.control("POST", f"/boards/{board_id}/forbid", {"pins": 1}), 400, 1)
    assert_error(client.control("POST", f"/boards/{board_id}/forbid", {"pin": True}), 400, 1)


def test_forbid_the_account(sandbox: Sandbox, client: Client) -> None:
    assert client.control_ok("/account/forbid", {"forbidden": True}) == {"forbidden": True}
    response = client.get("/user_account")
    assert response.status_code == 403
    assert response.json() == {
        "code": 403,
        "message": "Not authorized to access the user account.",
    }
    # A permission problem, not a deactivated account: the rest still answers.
    assert client.get("/boards").status_code == 200
    client.control_ok("/account/forbid", {"forbidden": False})
    assert client.get("/user_account").status_code == 200
    assert_error(client.control("POST", "/account/forbid", {"forbidden": "no"}), 400, 1)


# -- the command line ----------------------------------------------------------------------------


def test_realism_flag() -> None:
    args = build_parser().parse_args(["sandbox", "--realism"])
    assert config_from_args(args).realism is True
    assert config_from_args(build_parser().parse_args(["sandbox"])).realism is False
    with start("--realism") as (process, info):
        assert info["realism"] is True
        account = requests.get(
            info["api_base"] + "/user_account",
            headers={"Authorization": f"Bearer {info['access_token']}"},
            timeout=TIMEOUT,
        ).json()
        assert "id" not in account and "pin_count" not in account
        process.terminate()
        assert process.wait(timeout=10) == 0
