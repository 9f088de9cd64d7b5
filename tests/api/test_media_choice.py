"""Which files of a pin the backup keeps, from the media shapes real Pinterest sends:
sizes without width and height, videos without a video_url, carousels of videos and of
mixed slides, IDEA and COLLAGE pins."""

from __future__ import annotations

import random
from typing import Any

from creator_backup.api.models import (
    VIDEO_NOT_GIVEN,
    Pin,
    PinMedia,
    by_size,
    largest,
    media_notes,
    parse_images,
    size_rank,
)

CDN = "https://i.pinimg.com"
SIZES = {"150x150": (150, 150), "400x300": (400, 300), "600x": (600, 900), "1200x": (1200, 1800)}


def images(token: str, dimensions: bool = True, originals: bool = False) -> dict[str, Any]:
    sizes = dict(SIZES, **({"originals": (1600, 2400)} if originals else {}))
    return {
        key: {
            "url": f"{CDN}/{key}/{token}.jpg",
            "width": width if dimensions else None,
            "height": height if dimensions else None,
        }
        for key, (width, height) in sizes.items()
    }


def pin(media: dict[str, Any], creative_type: str = "REGULAR") -> Pin:
    return Pin.from_api(
        {"id": "1234567890123456789", "creative_type": creative_type, "media": media}
    )


def video_item(token: str, video: bool = True) -> dict[str, Any]:
    return {
        "item_type": "video",
        "cover_image_url": f"{CDN}/1200x/{token}-cover.jpg",
        "video_url": f"https://v1.pinimg.com/videos/720p/{token}.mp4" if video else None,
        "duration": 5000,
        "width": 720,
        "height": 1280,
    }


def image_item(token: str) -> dict[str, Any]:
    return {"item_type": "image", "title": "A slide", "images": images(token)}


# -- sizes ----------------------------------------------------------------------------------


def test_with_dimensions_the_largest_width_or_height_wins_and_originals_a_tie() -> None:
    found = largest(parse_images(images("a", originals=True)))
    assert found is not None and found.key == "originals"
    assert largest(parse_images(images("b"))) == parse_images(images("b"))[3]  # 1200x
    tie = {
        "1200x": {"url": f"{CDN}/1200x/t.jpg", "width": 1200, "height": 1800},
        "originals": {"url": f"{CDN}/originals/t.jpg", "width": 1200, "height": 1800},
    }
    found = largest(parse_images(tie))
    assert found is not None and found.key == "originals"


def test_null_dimensions_rank_by_the_size_key_never_the_thumbnail() -> None:
    keys = ["150x150", "400x300", "600x", "1200x", "originals"]
    for seed in range(20):
        shuffled = keys[:]
        random.Random(seed).shuffle(shuffled)
        raw = {k: {"url": f"{CDN}/{k}/x.jpg", "width": None, "height": None} for k in shuffled}
        ordered = [v.key for v in by_size(parse_images(raw))]
        assert ordered == keys[::-1]
    # Without originals, 1200x; with only the crops, the larger crop.
    raw = images("c", dimensions=False)
    found = largest(parse_images(raw))
    assert found is not None and found.key == "1200x"
    crops = {k: v for k, v in raw.items() if k in ("150x150", "400x300")}
    found = largest(parse_images(crops))
    assert found is not None and found.key == "400x300"


def test_unknown_keys_rank_by_their_numbers() -> None:
    assert size_rank("originals") > size_rank("1200x") > size_rank("736x") > size_rank("600x")
    assert size_rank("600x") > size_rank("400x300") > size_rank("236x") > size_rank("150x150")
    assert size_rank("150x150") > size_rank("thumbnail") == -1
    assert size_rank("orig") == size_rank("originals")
    raw = {
        "236x": {"url": f"{CDN}/236x/k.jpg", "width": None, "height": None},
        "736x": {"url": f"{CDN}/736x/k.jpg", "width": None, "height": None},
        "150x150": {"url": f"{CDN}/150x150/k.jpg", "width": None, "height": None},
        "mystery": {"url": f"{CDN}/mystery/k.jpg", "width": None, "height": None},
    }
    assert [v.key for v in by_size(parse_images(raw))] == ["736x", "236x", "150x150", "mystery"]


def test_some_dimensions_null_ranks_by_key() -> None:
    # Only the thumbnail has its dimensions: the larger keys still come first.
    raw = images("d", dimensions=False)
    raw["150x150"].update(width=150, height=150)
    assert [v.key for v in by_size(parse_images(raw))] == ["1200x", "600x", "400x300", "150x150"]


def test_an_image_slot_lists_every_size_largest_first_one_per_address() -> None:
    raw = images("e", dimensions=False, originals=True)
    raw["dup"] = dict(raw["1200x"], width=None, height=None)  # the same address twice
    slots = pin({"media_type": "image", "images": raw}).media_slots()
    assert len(slots) == 1 and slots[0].role == "image"
    assert [c.split("/")[3] for c in slots[0].candidates] == [
        "originals",
        "1200x",
        "600x",
        "400x300",
        "150x150",
    ]


# -- videos ---------------------------------------------------------------------------------


def video_media(video_url: str | None, cover: str | None = None) -> dict[str, Any]:
    raw = images("v")
    return {
        "media_type": "video",
        "images": raw,
        "cover_image_url": cover or raw["1200x"]["url"],
        "video_url": video_url,
        "duration": 12000,
    }


def test_a_video_pin_keeps_its_image_its_video_and_its_cover() -> None:
    video = "https://v1.pinimg.com/videos/mc/720p/aa/bb/cc/v.mp4"
    cover = f"{CDN}/originals/v-cover.jpg"
    found = pin(video_media(video, cover), "VIDEO")
    # The main image first (as before), the video where it was, the cover after them.
    assert found.media_urls() == [f"{CDN}/1200x/v.jpg", video, cover]
    assert [s.role for s in found.media_slots()] == ["image", "video", "cover"]
    assert found.media_notes() == []
    # A cover that is the largest image is one file, not two.
    same = pin(video_media(video), "VIDEO")
    assert same.media_urls() == [f"{CDN}/1200x/v.jpg", video]


def test_a_video_pin_without_video_url_keeps_what_there_is_and_says_so() -> None:
    for missing in (None, ""):
        found = pin(video_media(missing, f"{CDN}/originals/v-cover.jpg"), "VIDEO")
        assert found.media_urls() == [f"{CDN}/1200x/v.jpg", f"{CDN}/originals/v-cover.jpg"]
        assert found.media_notes() == [VIDEO_NOT_GIVEN]
        assert media_notes(found.raw) == [VIDEO_NOT_GIVEN]


def test_a_video_pin_without_images_has_its_cover_first() -> None:
    media = {"media_type": "video", "cover_image_url": f"{CDN}/1200x/c.jpg", "video_url": None}
    found = pin(media, "VIDEO")
    assert found.media_urls() == [f"{CDN}/1200x/c.jpg"]
    assert found.media_slots()[0].role == "cover"


# -- carousels ------------------------------------------------------------------------------


def test_a_carousel_of_images_keeps_each_slide_s_largest_image() -> None:
    media = {"media_type": "multiple_images", "items": [image_item("s1"), image_item("s2")]}
    found = pin(media, "CAROUSEL")
    assert found.media_urls() == [f"{CDN}/1200x/s1.jpg", f"{CDN}/1200x/s2.jpg"]
    assert found.media_slots()[0].candidates[-1] == f"{CDN}/150x150/s1.jpg"
    assert found.media_notes() == []


def test_a_carousel_of_videos_keeps_each_cover_and_each_video_given() -> None:
    items = [video_item("m1"), video_item("m2", video=False), video_item("m3")]
    found = pin({"media_type": "multiple_videos", "items": items}, "CAROUSEL")
    assert found.media_urls() == [
        f"{CDN}/1200x/m1-cover.jpg",  # position 0: the first slide's picture
        "https://v1.pinimg.com/videos/720p/m1.mp4",
        f"{CDN}/1200x/m2-cover.jpg",
        f"{CDN}/1200x/m3-cover.jpg",
        "https://v1.pinimg.com/videos/720p/m3.mp4",
    ]
    assert [s.role for s in found.media_slots()][:2] == ["slide_cover", "slide_video"]
    assert found.media_notes() == ["Pinterest did not give the video of slide 2"]
    assert found.media.items[1].cover_image_url == f"{CDN}/1200x/m2-cover.jpg"


def test_mixed_idea_and_collage_pins_keep_every_slide() -> None:
    items = [image_item("x1"), video_item("x2", video=False), video_item("x3", video=False)]
    for media_type, creative in (("multiple_mixed", "IDEA"), ("multiple_images", "COLLAGE")):
        found = pin({"media_type": media_type, "items": items}, creative)
        assert found.media_urls() == [
            f"{CDN}/1200x/x1.jpg",
            f"{CDN}/1200x/x2-cover.jpg",
            f"{CDN}/1200x/x3-cover.jpg",
        ]
        assert found.media_notes() == ["Pinterest did not give the videos of slides 2 and 3"]


def test_a_spec_shaped_pin_keeps_its_old_order() -> None:
    """Archives made before these shapes were known keep their positions: an image pin
    and a carousel as before, a video pin's video still at position 1."""
    image = pin({"media_type": "image", "images": images("p")})
    assert image.media_urls() == [f"{CDN}/1200x/p.jpg"]
    video = "https://v1.pinimg.com/videos/720p/p.mp4"
    assert pin(video_media(video), "VIDEO").media_urls()[:2] == [f"{CDN}/1200x/v.jpg", video]


def test_notes_of_raw_json_take_anything() -> None:
    assert media_notes(None) == [] and media_notes({"id": "x"}) == []
    assert media_notes({"media": "not an object"}) == []
    assert PinMedia.from_api({"media_type": "video"}).notes() == [VIDEO_NOT_GIVEN]
    assert media_notes({"media": {"media_type": "video", "video_url": None}}) == [VIDEO_NOT_GIVEN]
