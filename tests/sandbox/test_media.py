"""The media host and the generated content: real images, videos, carousels, hostile text."""

from __future__ import annotations

import struct
import unicodedata
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
import requests

from creator_backup.sandbox import Sandbox

from .conftest import MakeSandbox
from .helpers import TIMEOUT, Client, JsonDict, get_media, png_size

REQUIRED_VARIANTS = ("150x150", "400x300", "600x", "1200x")
LIMITS = {"title": 100, "description": 800, "link": 2048, "alt_text": 500}


@pytest.fixture(scope="module")
def state(shared_client: Client) -> JsonDict:
    return shared_client.state(media=True)


def image_sets(pin: JsonDict) -> list[JsonDict]:
    media = pin["media"]
    if media["media_type"] == "multiple_images":
        return [item["images"] for item in media["items"]]
    return [media["images"]]


def check_variant_sizes(images: JsonDict) -> None:
    assert set(REQUIRED_VARIANTS) <= set(images) <= {*REQUIRED_VARIANTS, "originals"}
    assert (images["150x150"]["width"], images["150x150"]["height"]) == (150, 150)
    assert (images["400x300"]["width"], images["400x300"]["height"]) == (400, 300)
    assert images["600x"]["width"] == 600 and images["1200x"]["width"] == 1200
    # The uncropped variants keep one aspect ratio.
    ratio = images["600x"]["height"] / 600
    assert images["1200x"]["height"] == round(1200 * ratio)
    if "originals" in images:
        assert images["originals"]["width"] > 1200


# -- variants and bytes ----------------------------------------------------------------------


def test_every_pin_has_the_standard_variants(state: JsonDict) -> None:
    with_originals = 0
    for pin in state["pins"]:
        for images in image_sets(pin):
            check_variant_sizes(images)
            with_originals += "originals" in images
    assert with_originals > 0, "some pins should carry originals"


def test_variants_are_real_pngs_of_the_declared_size(state: JsonDict) -> None:
    pins = [p for p in state["pins"] if "originals" in p["media"].get("images", {})][:2]
    pins += [p for p in state["pins"] if p["media"]["media_type"] == "multiple_images"][:1]
    assert len(pins) == 3
    for pin in pins:
        for images in image_sets(pin)[:2]:
            for variant, entry in images.items():
                response = get_media(entry["url"])
                assert response.status_code == 200, (variant, response.status_code)
                assert response.headers["Content-Type"] == "image/png"
                assert png_size(response.content) == (entry["width"], entry["height"])


def test_media_is_deterministic_from_the_seed(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    first, second, other = (
        make_client(make_sandbox(seed=seed, boards=2, pins=12)) for seed in (8, 8, 9)
    )
    pins = [c.state(media=True)["pins"] for c in (first, second, other)]
    assert [p["id"] for p in pins[0]] == [p["id"] for p in pins[1]]
    assert [p["media_sha256"] for p in pins[0]] == [p["media_sha256"] for p in pins[1]]
    url_a = image_sets(pins[0][0])[0]["1200x"]["url"]
    url_b = image_sets(pins[1][0])[0]["1200x"]["url"]
    assert urlsplit(url_a).path == urlsplit(url_b).path
    assert get_media(url_a).content == get_media(url_b).content
    assert {p["media_sha256"] for p in pins[0]} != {p["media_sha256"] for p in pins[2]}


def test_unknown_media_is_refused(shared_sandbox: Sandbox, state: JsonDict) -> None:
    url = state["pins"][0]["media"]["images"]["1200x"]["url"]
    forged = url[:-8] + ("0000" if url[-8:-4] != "0000" else "1111") + ".png"
    for bad in (forged, shared_sandbox.media_base + "/1200x/aa/bb/cc/nothing.png"):
        assert get_media(bad).status_code == 403


# -- HTTP caching and ranges -------------------------------------------------------------------


def test_etag_is_stable_and_content_based(state: JsonDict) -> None:
    first_url = state["pins"][0]["media"]["images"]["600x"]["url"]
    second_url = state["pins"][1]["media"]["images"]["600x"]["url"]
    a1, a2, b = get_media(first_url), get_media(first_url), get_media(second_url)
    etag = a1.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 8
    assert a2.headers["ETag"] == etag
    assert b.headers["ETag"] != etag
    assert a1.headers["Accept-Ranges"] == "bytes"


def test_range_requests(state: JsonDict) -> None:
    url = state["pins"][0]["media"]["images"]["1200x"]["url"]
    whole = get_media(url)
    data, etag = whole.content, whole.headers["ETag"]
    size = len(data)

    part = get_media(url, Range="bytes=100-1099")
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-1099/{size}"
    assert part.content == data[100:1100]

    tail = get_media(url, Range="bytes=-50")
    assert tail.status_code == 206 and tail.content == data[-50:]
    rest = get_media(url, Range=f"bytes={size - 10}-")
    assert rest.status_code == 206 and rest.content == data[-10:]
    clipped = get_media(url, Range=f"bytes={size - 5}-{size + 100}")
    assert clipped.status_code == 206 and clipped.content == data[-5:]

    beyond = get_media(url, Range=f"bytes={size}-")
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{size}"

    resumed = get_media(url, Range="bytes=10-", **{"If-Range": etag})
    assert resumed.status_code == 206 and resumed.content == data[10:]
    stale = get_media(url, Range="bytes=10-", **{"If-Range": '"not-the-etag"'})
    assert stale.status_code == 200 and stale.content == data
    assert "Content-Range" not in stale.headers


def test_head_gives_headers_only(state: JsonDict) -> None:
    url = state["pins"][0]["media"]["images"]["400x300"]["url"]
    full = get_media(url)
    head = requests.head(url, timeout=TIMEOUT)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["Content-Length"]) == len(full.content)
    assert head.headers["ETag"] == full.headers["ETag"]


# -- kinds of pins -------------------------------------------------------------------------------


def test_video_pins_have_mp4_shaped_videos(state: JsonDict) -> None:
    videos = [p for p in state["pins"] if p["media"]["media_type"] == "video"]
    assert videos
    playable = [p for p in videos if p["media"]["video_url"]]
    assert playable
    for pin in videos:
        media = pin["media"]
        assert pin["creative_type"] == "VIDEO"
        assert media["cover_image_url"] in {v["url"] for v in media["images"].values()}
        assert isinstance(media["duration"], int) and media["duration"] > 0
        check_variant_sizes(media["images"])
    for pin in playable[:2]:
        response = get_media(pin["media"]["video_url"])
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "video/mp4"
        data = response.content
        box_size, box_type = struct.unpack(">I4s", data[:8])
        assert box_type == b"ftyp"
        mdat_size, mdat_type = struct.unpack(">I4s", data[box_size : box_size + 8])
        assert mdat_type == b"mdat" and box_size + mdat_size == len(data)
        part = get_media(pin["media"]["video_url"], Range="bytes=0-7")
        assert part.status_code == 206 and part.content == data[:8]


def test_carousels_have_two_to_five_items(state: JsonDict) -> None:
    carousels = [p for p in state["pins"] if p["media"]["media_type"] == "multiple_images"]
    assert carousels
    sizes = {len(p["media"]["items"]) for p in carousels}
    assert sizes <= {2, 3, 4, 5} and len(sizes) > 1
    for pin in carousels:
        assert pin["creative_type"] == "CAROUSEL"
        shas = pin["media_items_sha256"]
        assert len(shas) == len(pin["media"]["items"]) and len(set(shas)) == len(shas)
        for item in pin["media"]["items"]:
            assert item["item_type"] == "image"
            check_variant_sizes(item["images"])


def test_saved_pins_point_at_their_source(shared_client: Client, state: JsonDict) -> None:
    saved = [p for p in state["pins"] if not p["is_owner"]]
    assert saved
    answers: Counter[int] = Counter()
    for pin in saved:
        parent = pin["parent_pin_id"]
        assert isinstance(parent, str) and parent.isdigit() and parent != pin["id"]
        response = shared_client.get(f"/pins/{parent}")
        answers[response.status_code] += 1
        if response.status_code == 200:
            source = response.json()
            assert source["id"] == parent and source["is_owner"] is False
    # Most sources still exist; some have since been deleted by their owners.
    assert set(answers) == {200, 404}
    assert all(p["parent_pin_id"] is None for p in state["pins"] if p["is_owner"])


def test_the_same_image_appears_on_several_pins(state: JsonDict) -> None:
    shared = [sha for sha, n in Counter(p["media_sha256"] for p in state["pins"]).items() if n > 1]
    assert shared
    for sha in shared:
        pins = [p for p in state["pins"] if p["media_sha256"] == sha]
        assert len({p["id"] for p in pins}) == len(pins) > 1


def test_ids_are_digit_strings_beyond_float_precision(state: JsonDict) -> None:
    for pin in state["pins"]:
        assert isinstance(pin["id"], str) and pin["id"].isdigit()
    assert any(int(pin["id"]) > 2**53 for pin in state["pins"])
    assert all(isinstance(board["id"], str) and board["id"].isdigit() for board in state["boards"])


# -- hostile text and limits -------------------------------------------------------------------


def all_texts(state: JsonDict) -> list[str]:
    texts: list[str] = []
    for pin in state["pins"]:
        texts += [pin[key] for key in LIMITS if pin[key]]
    for board in state["boards"]:
        texts += [board["name"], board["description"] or ""]
    texts += [section["name"] for section in state["sections"]]
    return texts


def test_content_includes_hostile_text(state: JsonDict) -> None:
    texts = all_texts(state)
    checks: dict[str, Callable[[str], bool]] = {
        "html": lambda t: "<img" in t or "<b>" in t or "</table>" in t,
        "double quote": lambda t: '"' in t,
        "apostrophe": lambda t: "'" in t,
        "path traversal": lambda t: "../" in t or "..\\" in t,
        "right-to-left": lambda t: any(
            unicodedata.bidirectional(c) in ("R", "AL", "RLO") for c in t
        ),
        "emoji": lambda t: any(ord(c) > 0xFFFF for c in t),
        "control characters": lambda t: "\n" in t or "\t" in t,
        "spreadsheet formula": lambda t: t.startswith(("=", "+")),
    }
    missing = [name for name, check in checks.items() if not any(check(t) for t in texts)]
    assert not missing


def test_fields_reach_but_never_pass_their_limits(state: JsonDict) -> None:
    for key, limit in LIMITS.items():
        lengths = [len(pin[key]) for pin in state["pins"] if pin[key] is not None]
        assert max(lengths) == limit, key
    assert any(pin["title"] is None for pin in state["pins"])
    assert any(pin["description"] is None for pin in state["pins"])
    assert max(len(section["name"]) for section in state["sections"]) == 180


# -- no token on media ----------------------------------------------------------------------------


def test_media_host_sees_no_authorization_from_a_well_behaved_client(
    make_sandbox: MakeSandbox, make_client: Callable[[Sandbox], Client]
) -> None:
    sandbox = make_sandbox(seed=2, boards=2, pins=6)
    client = make_client(sandbox)
    assert urlsplit(sandbox.media_base).netloc != urlsplit(sandbox.origin).netloc
    pins = client.items("/pins")
    for pin in pins:
        assert get_media(pin["media"]["images"]["150x150"]["url"]).status_code == 200
    seen = client.state(pins=False)["requests"]["media"]
    assert seen == {"total": len(pins), "with_authorization": 0}
    # The counter does notice a leaked token.
    leaked = client.session.get(pins[0]["media"]["images"]["150x150"]["url"], timeout=TIMEOUT)
    assert leaked.status_code == 200
    seen = client.state(pins=False)["requests"]["media"]
    assert seen == {"total": len(pins) + 1, "with_authorization": 1}
