"""How each kind of archived pin would come back, or why it cannot: the cases the sandbox
account does not hold (WebP images, six-slide and one-slide carousels, video carousels)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from creator_backup.api.models import Pin
from creator_backup.restore.recipes import (
    Method,
    PinRecipe,
    UnreadableMedia,
    Unrestorable,
    media_source,
    recipe_for,
)
from creator_backup.restore.source import MediaFile, SourcePin

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def stored(tmp_path: Path, name: str, content_type: str = "image/png") -> MediaFile:
    data = PNG + name.encode()
    path = tmp_path / name
    path.write_bytes(data)
    return MediaFile(hashlib.sha256(data).hexdigest(), path, content_type, len(data))


def images(url: str) -> dict[str, Any]:
    return {"1200x": {"url": url, "width": 1200, "height": 900}}


def source(raw: dict[str, Any], files: dict[str, MediaFile]) -> SourcePin:
    raw = {"id": "1", "is_owner": True, **raw}
    return SourcePin("1", "10", None, Pin.from_api(raw), files)


def carousel(tmp_path: Path, count: int) -> SourcePin:
    items = [
        {
            "item_type": "image",
            "title": f"Slide {n}" * (30 if n == 1 else 1),
            "images": images(f"u{n}"),
        }
        for n in range(1, count + 1)
    ]
    files = {f"u{n}": stored(tmp_path, f"s{n}") for n in range(1, count + 1)}
    return source({"media": {"media_type": "multiple_images", "items": items}}, files)


def test_a_six_slide_carousel_keeps_five_and_says_so(tmp_path: Path) -> None:
    recipe = recipe_for(carousel(tmp_path, 6))
    assert isinstance(recipe, PinRecipe) and recipe.method == Method.CAROUSEL
    assert len(recipe.images) == 5 and recipe.media_kind == "carousel:5"
    assert any("first 5 of 6" in note for note in recipe.notes)
    # The first slide's long title is cut to 100 characters, and the cut is reported.
    assert len(recipe.slides[0]["title"]) == 100
    assert [c.field for c in recipe.truncations] == ["slide 1 title"]
    body = media_source(recipe)
    assert body["source_type"] == "multiple_image_base64" and len(body["items"]) == 5


def test_a_one_slide_carousel_comes_back_as_an_image(tmp_path: Path) -> None:
    recipe = recipe_for(carousel(tmp_path, 1))
    assert isinstance(recipe, PinRecipe) and recipe.method == Method.IMAGE
    assert any("comes back as an image pin" in note for note in recipe.notes)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({"media": {"media_type": "image", "images": images("w")}}, "Pinterest takes only JPEG"),
        ({"media": {"media_type": "image", "images": images("gone")}}, "not in the archive"),
        (
            {"media": {"media_type": "video", "images": images("w"), "video_url": None}},
            "video file",
        ),
        ({"media": {"media_type": "multiple_videos", "items": []}}, "cannot create pins of type"),
        ({"is_owner": False, "parent_pin_id": None, "media": {}}, "does not say which one"),
    ],
)
def test_what_cannot_come_back_says_why(tmp_path: Path, raw: dict[str, Any], reason: str) -> None:
    files = {"w": stored(tmp_path, "w.webp", "image/webp")}
    result = recipe_for(source(raw, files))
    assert isinstance(result, Unrestorable)
    assert reason in result.reason


def test_a_saved_pin_comes_back_through_its_source(tmp_path: Path) -> None:
    recipe = recipe_for(source({"is_owner": False, "parent_pin_id": "777", "media": {}}, {}))
    assert isinstance(recipe, PinRecipe) and recipe.method == Method.SAVE
    assert recipe.parent_pin_id == "777" and recipe.upload_bytes == 0


def test_a_damaged_archived_file_is_never_sent(tmp_path: Path) -> None:
    file = stored(tmp_path, "a")
    recipe = recipe_for(
        source({"media": {"media_type": "image", "images": images("a")}}, {"a": file})
    )
    assert isinstance(recipe, PinRecipe)
    assert media_source(recipe)["data"]
    file.path.write_bytes(PNG + b"changed")
    with pytest.raises(UnreadableMedia, match="is missing or damaged"):
        media_source(recipe)


@pytest.mark.parametrize(("missing", "said"), [(1, "1 slide is not"), (2, "2 slides are not")])
def test_slides_left_out_are_counted_in_words(tmp_path: Path, missing: int, said: str) -> None:
    whole = carousel(tmp_path, 4)
    kept = dict(list(whole.files.items())[: 4 - missing])
    recipe = recipe_for(SourcePin("1", "10", None, whole.pin, kept))
    assert isinstance(recipe, PinRecipe)
    assert any(note.startswith(said) for note in recipe.notes), recipe.notes
