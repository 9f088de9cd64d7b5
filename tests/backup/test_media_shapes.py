"""The media shapes real Pinterest sends, through real backups over loopback: covers of
video pins, videos Pinterest does not give (not failures), carousels of every kind, sizes
without dimensions, a largest size that answers 403 or 404 (kept from the next size), and
failures told apart: permanent ones recorded once and never asked for again, transient
ones tried again by the next run."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from creator_backup.api.models import VIDEO_NOT_GIVEN, Pin, media_notes
from creator_backup.archive.store import Archive
from creator_backup.archive.verify import verify
from creator_backup.backup.engine import BackupResult
from creator_backup.sandbox import Sandbox, SandboxConfig

from .conftest import control, db, do_backup, sandbox_state

Backed = tuple[Sandbox, Path, BackupResult, dict[str, Any], dict[str, list[str]]]


def media_requests(sandbox: Sandbox) -> int:
    return int(sandbox_state(sandbox)["requests"]["media"]["total"])


def sha_of(url: str) -> str:
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, url
    return hashlib.sha256(response.content).hexdigest()


def rows(root: Path) -> dict[str, Any]:
    with db(root) as conn:
        return {
            r["url"]: dict(r)
            for r in conn.execute("SELECT url, sha256, status, error, source_url FROM media_urls")
        }


def positions(root: Path, pin_id: str) -> list[str]:
    """The latest version's files, by position."""
    with db(root) as conn:
        version = conn.execute(
            "SELECT max(id) FROM versions WHERE kind = 'pin' AND object_id = ?", (pin_id,)
        ).fetchone()[0]
        return [
            r[0]
            for r in conn.execute(
                "SELECT url FROM version_media WHERE version_id = ? ORDER BY position", (version,)
            )
        ]


@pytest.fixture(scope="module")
def realism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backed]:
    # Seed 11 at this size has every realism shape (the first test checks it still does).
    sandbox = Sandbox(
        SandboxConfig(
            hostile=True, seed=11, boards=3, pins=80, realism=True, section_conflict_rate=0.0
        )
    ).start()
    root = tmp_path_factory.mktemp("shapes") / "archive"
    try:
        result = do_backup(sandbox, root)
        pins = {p["id"]: p for p in sandbox_state(sandbox)["pins"]}
        catalogue = requests.get(sandbox.origin + "/_sandbox/realism", timeout=30).json()
        yield sandbox, root, result, pins, catalogue["pins"]
    finally:
        sandbox.stop()


def test_a_realistic_account_is_backed_up_whole(realism: Backed) -> None:
    _, root, result, pins, shapes = realism
    for shape in ("video_null", "video_hls", "video_mp4", "multiple_videos", "multiple_mixed"):
        assert shapes[shape], f"the sandbox account has no {shape} pin"
    for shape in ("idea", "collage", "no_dimensions", "largest_403", "largest_404"):
        assert shapes[shape], f"the sandbox account has no {shape} pin"
    assert result.complete and result.failed == [] and result.media_pending == 0
    stored = rows(root)
    assert {r["status"] for r in stored.values()} == {"ok"}
    # Every pin's main image, at position 0, is the largest size the media host serves.
    for pin_id, pin in pins.items():
        first = positions(root, pin_id)[0]
        assert stored[first]["sha256"] == pin["media_sha256"], pin_id


def test_every_video_pin_keeps_its_cover_image_and_given_video(realism: Backed) -> None:
    _, root, _, pins, shapes = realism
    stored = rows(root)
    videos = [p for p in pins.values() if p["media"]["media_type"] == "video"]
    assert len(videos) >= 3
    for pin in videos:
        files = positions(root, pin["id"])
        cover = pin["media"]["cover_image_url"]
        assert cover in files and stored[cover]["sha256"] == sha_of(cover)
        assert pin["media_sha256"] in {stored[url]["sha256"] for url in files}
        video = pin["media"]["video_url"]
        if video is None:
            assert pin["id"] in shapes["video_null"]
            assert media_notes(pin) == [VIDEO_NOT_GIVEN]
            assert Pin.from_api(pin).media_notes() == [VIDEO_NOT_GIVEN]
        else:
            assert stored[video]["sha256"] == pin["video_sha256"]
            assert media_notes(pin) == []


def test_carousels_keep_every_slide_s_picture_and_given_video(realism: Backed) -> None:
    _, root, _, pins, _ = realism
    stored = rows(root)
    carousels = [p for p in pins.values() if p["media"]["media_type"].startswith("multiple_")]
    kinds = {p["media"]["media_type"] for p in carousels} | {p["creative_type"] for p in carousels}
    assert {"multiple_images", "multiple_videos", "multiple_mixed", "IDEA", "COLLAGE"} <= kinds
    without_video = 0
    for pin in carousels:
        kept = {stored[url]["sha256"] for url in positions(root, pin["id"])}
        assert set(pin["media_items_sha256"]) <= kept, pin["id"]
        for item, video_sha in zip(
            pin["media"]["items"], pin.get("media_items_video_sha256") or [], strict=False
        ):
            if item.get("video_url"):
                assert video_sha in kept
            elif item.get("item_type") == "video":
                without_video += 1
                assert item["cover_image_url"] in positions(root, pin["id"])
        missing = [i for i in pin["media"]["items"] if i.get("item_type") == "video"]
        if any(not i.get("video_url") for i in missing):
            assert any("did not give the video" in note for note in media_notes(pin))
    assert without_video > 0, "the account has a video slide without its video"


def test_a_refused_largest_size_is_kept_from_the_next(realism: Backed) -> None:
    _, root, _, pins, shapes = realism
    stored = rows(root)
    refused = shapes["largest_403"] + shapes["largest_404"]
    for pin_id in refused:
        pin = pins[pin_id]
        images = pin["media"]["images"]
        primary = positions(root, pin_id)[0]
        key = "originals" if "originals" in images else "1200x"
        assert primary == images[key]["url"]  # the archive names the slot by its largest
        assert requests.get(primary, timeout=30).status_code in (403, 404)
        row = stored[primary]
        assert row["status"] == "ok" and row["sha256"] == pin["media_sha256"]
        next_size = "1200x" if key == "originals" else "600x"
        assert row["source_url"] == images[next_size]["url"]
        assert sha_of(row["source_url"]) == row["sha256"]
    # The smaller size is not recorded as a file of its own: one URL per position.
    assert all(r["source_url"] not in stored for r in stored.values() if r["source_url"])
    assert sum(1 for r in stored.values() if r["source_url"]) >= len(refused)


def test_a_second_backup_asks_for_no_media_and_verify_is_clean(realism: Backed) -> None:
    sandbox, root, _, _, _ = realism
    before = media_requests(sandbox)
    again = do_backup(sandbox, root)
    assert again.complete and again.failed == []
    assert media_requests(sandbox) == before
    with Archive.open(root, write=False) as archive:
        report = verify(archive, read_data=True)
    assert report.ok, json.dumps(report.problems)
    assert report.media_rehashed == report.media_checked > 0


# -- failures, permanent and transient --------------------------------------------------------


def video_pins(sandbox: Sandbox) -> list[dict[str, Any]]:
    return [p for p in sandbox_state(sandbox)["pins"] if p["media"].get("video_url")]


def test_permanent_failures_are_recorded_once_and_transient_ones_retried(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=61, boards=2, pins=80)
    gone, busy = (p["media"]["video_url"] for p in video_pins(sandbox)[:2])
    image_pins = [p for p in sandbox_state(sandbox)["pins"] if p["media"]["media_type"] == "image"]
    image_pin, slow_pin = image_pins[:2]
    token = image_pin["media"]["images"]["150x150"]["url"].rsplit("/", 1)[1].removesuffix(".png")
    slow = max(slow_pin["media"]["images"].values(), key=lambda v: v["width"])["url"]
    origin = sandbox.media_base
    control(
        sandbox,
        "faults",
        {
            "script": [
                # Pinterest no longer serves this video, nor any size of this image.
                {
                    "kind": "status",
                    "status": 410,
                    "path": re.escape(gone[len(origin) :]),
                    "times": 99,
                },
                {"kind": "status", "status": 404, "path": re.escape(token), "times": 99},
                # This one is busy for the whole first run (its four attempts), then fine.
                {
                    "kind": "status",
                    "status": 503,
                    "path": re.escape(busy[len(origin) :]),
                    "times": 4,
                },
                # A busy largest size is not a reason to keep a smaller one.
                {
                    "kind": "status",
                    "status": 502,
                    "path": re.escape(slow[len(origin) :]),
                    "times": 4,
                },
            ]
        },
    )
    first = do_backup(sandbox, archive_root)
    largest_image = positions(archive_root, image_pin["id"])[0]
    failed = {f["url"]: f for f in first.failed}
    assert set(failed) == {gone, busy, largest_image, slow}
    assert failed[gone]["permanent"] == "yes" and failed[gone]["reason"] == "HTTP 410"
    assert failed[largest_image]["permanent"] == "yes"
    assert failed[largest_image]["reason"].startswith("HTTP 404 (the smaller ")
    assert failed[busy]["permanent"] == "no" and failed[busy]["reason"].startswith("gave up")
    assert failed[slow]["permanent"] == "no"
    assert first.media_pending == 2  # only the transient ones are still to fetch
    stored = rows(archive_root)
    assert stored[gone]["status"] == stored[largest_image]["status"] == "unavailable"
    # Failed, not kept from a smaller size (that would have made it 'ok').
    assert stored[busy]["status"] == stored[slow]["status"] == "failed"
    # The next run asks only for the transient one, which now comes.
    before = media_requests(sandbox)
    second = do_backup(sandbox, archive_root)
    assert second.failed == [] and second.media_pending == 0 and second.complete
    assert media_requests(sandbox) == before + 2
    stored = rows(archive_root)
    assert stored[busy]["status"] == "ok" and stored[busy]["sha256"] is not None
    assert stored[slow]["status"] == "ok" and stored[slow]["source_url"] is None
    assert stored[slow]["sha256"] == slow_pin["media_sha256"]
    assert stored[gone]["status"] == stored[largest_image]["status"] == "unavailable"
    # And the one after asks for nothing at all.
    third = do_backup(sandbox, archive_root)
    assert third.failed == [] and media_requests(sandbox) == before + 2
    with Archive.open(archive_root, write=False) as archive:
        assert verify(archive, read_data=True).ok


def test_a_stored_file_is_never_downgraded_by_a_later_failure(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=62, boards=2, pins=10)
    assert do_backup(sandbox, archive_root).complete
    stored = rows(archive_root)
    url = next(u for u, r in stored.items() if r["status"] == "ok")
    with Archive.open(archive_root) as archive:
        snapshot = archive.snapshots()[-1].id
        with archive.transaction() as tx:
            archive.record_media_failure(tx, snapshot, url, "HTTP 404", permanent=True)
            archive.record_media_failure(tx, snapshot, url, "gave up after 4 attempts")
            archive.record_media_failure(
                tx, snapshot, "https://i.pinimg.com/x.jpg", "HTTP 410", True
            )
    after = rows(archive_root)
    assert after[url] == stored[url]
    assert after["https://i.pinimg.com/x.jpg"]["status"] == "unavailable"


def test_each_refused_size_gives_way_to_the_next(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=63, boards=2, pins=20)
    pin = next(p for p in sandbox_state(sandbox)["pins"] if p["media"]["media_type"] == "image")
    sizes = sorted(pin["media"]["images"].values(), key=lambda v: v["width"], reverse=True)
    first, second = (size["url"][len(sandbox.media_base) :] for size in sizes[:2])
    control(
        sandbox,
        "faults",
        {
            "script": [
                {"kind": "status", "status": 403, "path": re.escape(first), "times": 9},
                {"kind": "status", "status": 404, "path": re.escape(second), "times": 9},
            ]
        },
    )
    result = do_backup(sandbox, archive_root)
    assert result.complete and result.failed == []
    row = rows(archive_root)[sizes[0]["url"]]
    assert row["status"] == "ok" and row["source_url"] == sizes[2]["url"]
    assert row["sha256"] == sha_of(sizes[2]["url"])
    assert positions(archive_root, pin["id"])[0] == sizes[0]["url"]
    with Archive.open(archive_root, write=False) as archive:
        # The pin's main image is the kept file: what browse, appeal and restore read.
        assert archive.primary_media({pin["id"]}) == {pin["id"]: row["sha256"]}
