"""Typed views of Pinterest's objects. IDs stay strings (pin ids pass 2^53), and every
model keeps the raw JSON exactly as received, unknown keys included, because the schema
changes between API releases and the archive must keep what Pinterest said."""

from __future__ import annotations

import functools
import logging
import math
import re
from dataclasses import dataclass, field
from typing import Any

from creator_backup.identity import USERNAME_KEY, username_key

JsonDict = dict[str, Any]
log = logging.getLogger(__name__)


def _text(raw: JsonDict, key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) else None


def _int(raw: JsonDict, key: str) -> int | None:
    value = raw.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: Any) -> float | None:
    """A JSON number as a finite float; None for anything else. Python reads 1e400 as
    infinity, and a 400-digit integer overflows float(): neither is a usable measure."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _object(raw: Any) -> JsonDict:
    """An API object, or ValueError: an answer that is not one cannot be read."""
    if not isinstance(raw, dict):
        raise ValueError("not an object")
    return raw


def _id(raw: JsonDict, key: str = "id") -> str:
    value = raw.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    # Pinterest's ids are strings of digits; anything else (empty, a path, markup) would
    # be a name the app cannot ask about again, so the object counts as unreadable.
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        raise ValueError(f"object without a usable {key!r}")
    return value


def usable_id(raw: Any) -> str | None:
    """The object's id as the models read it, or None where they would refuse the object
    (not an object, no id, an id that is not Pinterest's)."""
    try:
        return _id(_object(raw))
    except ValueError:
        return None


@dataclass(frozen=True)
class ImageVariant:
    key: str  # "150x150", "1200x", "originals", ...
    url: str
    width: int | None
    height: int | None


def parse_images(raw: Any) -> tuple[ImageVariant, ...]:
    if not isinstance(raw, dict):
        return ()
    variants = []
    for key, value in raw.items():
        if isinstance(value, dict) and isinstance(value.get("url"), str):
            variants.append(
                ImageVariant(str(key), value["url"], _int(value, "width"), _int(value, "height"))
            )
    return tuple(variants)


# Keys naming the uploaded file itself: larger than (or as large as) every other size.
ORIGINAL_KEYS = frozenset({"originals", "orig", "original"})
_ORIGINAL_RANK = 1 << 30
_SIZE_KEY = re.compile(r"^(\d{1,5})x(\d{0,5})$")


@functools.lru_cache(maxsize=256)  # a handful of keys, asked for every image of every pin
def size_rank(key: str) -> int:
    """How large a size key says its image is, for when Pinterest sends no width and
    height: `originals` > `1200x` > `600x` > `400x300` > `150x150`; another key shaped
    `WxH` or `Wx` ranks by its numbers (`736x` between 1200x and 600x); a key of any other
    shape ranks below them all."""
    if key in ORIGINAL_KEYS:
        return _ORIGINAL_RANK
    found = _SIZE_KEY.match(key)
    if found is None:
        return -1
    return max(int(found.group(1)), int(found.group(2) or 0))


def _measured(variant: ImageVariant) -> int | None:
    if variant.width is None and variant.height is None:
        return None
    return max(variant.width or 0, variant.height or 0)


def by_size(variants: tuple[ImageVariant, ...]) -> tuple[ImageVariant, ...]:
    """The variants largest first, one per URL. When Pinterest gives every variant's
    width or height: by the larger of the two (as its quickstart picks), the key breaking
    ties (`originals` wins one). When it gives some as null: by the size key's rank (see
    `size_rank`), so a thumbnail never comes before a larger key."""
    sizes = [_measured(v) for v in variants]
    if all(size is not None for size in sizes):
        keys = [(size or 0, size_rank(v.key)) for v, size in zip(variants, sizes, strict=True)]
    else:
        keys = [(size_rank(v.key), size or 0) for v, size in zip(variants, sizes, strict=True)]
    order = sorted(range(len(variants)), key=lambda i: keys[i], reverse=True)
    seen: set[str] = set()
    unique = []
    for i in order:
        if variants[i].url not in seen:
            seen.add(variants[i].url)
            unique.append(variants[i])
    return tuple(unique)


def largest(variants: tuple[ImageVariant, ...]) -> ImageVariant | None:
    """The largest variant (see `by_size`): what a backup keeps first, and what restore
    and the live check look for."""
    ordered = by_size(variants)
    return ordered[0] if ordered else None


@dataclass(frozen=True)
class CarouselItem:
    title: str | None
    description: str | None
    link: str | None
    images: tuple[ImageVariant, ...]
    video_url: str | None = None
    cover_image_url: str | None = None
    # A video slide (item_type "video", or a slide of multiple_videos): its video may be
    # null, "limited and not available to all apps".
    is_video: bool = False


@dataclass(frozen=True)
class MediaSlot:
    """One file a pin shows: its image, a slide's picture, a cover or a video. The
    candidates are addresses of the same picture, largest first: when Pinterest refuses
    the first for good (403, 404, 410), the next is kept in its place."""

    role: str  # image, cover, video, slide_image, slide_cover, slide_video
    candidates: tuple[str, ...]

    @property
    def primary(self) -> str:
        """The address the archive names this file by (in version_media and media_urls)."""
        return self.candidates[0]


VIDEO_NOT_GIVEN = "Pinterest did not give this pin's video"


@dataclass(frozen=True)
class PinMedia:
    media_type: str  # image, video, multiple_images, multiple_videos, multiple_mixed, ...
    images: tuple[ImageVariant, ...] = ()
    video_url: str | None = None
    cover_image_url: str | None = None
    duration_ms: float | None = None
    items: tuple[CarouselItem, ...] = ()

    @classmethod
    def from_api(cls, raw: Any) -> PinMedia:
        if not isinstance(raw, dict):
            return cls("unknown")
        media_type = _text(raw, "media_type") or "unknown"
        items = []
        slides = raw.get("items")
        # Anything but a list (5, true, an object) names no slides: the pin has none.
        for item in slides if isinstance(slides, list) else ():
            if isinstance(item, dict):
                items.append(
                    CarouselItem(
                        title=_text(item, "title"),
                        description=_text(item, "description"),
                        link=_text(item, "link"),
                        images=parse_images(item.get("images")),
                        video_url=_text(item, "video_url") or None,
                        cover_image_url=_text(item, "cover_image_url") or None,
                        is_video=item.get("item_type") == "video"
                        or "video_url" in item
                        or media_type == "multiple_videos",
                    )
                )
        return cls(
            media_type=media_type,
            images=parse_images(raw.get("images")),
            video_url=_text(raw, "video_url") or None,
            cover_image_url=_text(raw, "cover_image_url") or None,
            duration_ms=_number(raw.get("duration")),
            items=tuple(items),
        )

    def slots(self) -> list[MediaSlot]:
        """Every file worth keeping, in the order the archive numbers them: the largest
        image first (position 0 is the pin's main image; a video pin without images has its
        cover there), then each slide's picture (its largest image, or a video slide's
        cover) and video, then the pin's video, then a video pin's cover. One slot per
        address."""
        found: list[MediaSlot] = []
        seen: set[str] = set()

        def add(role: str, urls: tuple[str, ...]) -> None:
            if urls and urls[0] not in seen:
                seen.add(urls[0])
                found.append(MediaSlot(role, urls))

        add("image", tuple(v.url for v in by_size(self.images)))
        if not found and self.cover_image_url and not self.items:
            add("cover", (self.cover_image_url,))  # a video pin without images: its picture
        for item in self.items:
            add("slide_image", tuple(v.url for v in by_size(item.images)))
            if item.cover_image_url:
                add("slide_cover", (item.cover_image_url,))
            if item.video_url:
                add("slide_video", (item.video_url,))
        if self.video_url:
            add("video", (self.video_url,))
        if self.cover_image_url:
            # After the video: a video pin's earlier versions numbered the video 1.
            add("cover", (self.cover_image_url,))
        return found

    def notes(self) -> list[str]:
        """What the pin's media lacks for good, in words (not failures: nothing to
        retry): videos Pinterest does not give this app ("limited and not available to
        all apps")."""
        notes = []
        if self.media_type == "video" and not self.video_url:
            notes.append(VIDEO_NOT_GIVEN)
        missing = [
            n for n, item in enumerate(self.items, 1) if item.is_video and not item.video_url
        ]
        if len(missing) == 1:
            notes.append(f"Pinterest did not give the video of slide {missing[0]}")
        elif missing:
            listed = ", ".join(str(n) for n in missing[:-1]) + f" and {missing[-1]}"
            notes.append(f"Pinterest did not give the videos of slides {listed}")
        return notes


def media_notes(raw_pin: Any) -> list[str]:
    """`PinMedia.notes` of a pin's raw JSON as stored (for reports reading the archive);
    nothing for anything that is not a pin with media."""
    if not isinstance(raw_pin, dict):
        return []
    return PinMedia.from_api(raw_pin.get("media")).notes()


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    account_type: str | None
    board_count: int | None
    pin_count: int | None
    follower_count: int | None
    raw: JsonDict = field(repr=False)

    @property
    def keyed_by_username(self) -> bool:
        """Pinterest sent no id (the account's shape before spec 5.10): the archive is
        keyed by the username instead."""
        return self.id.startswith(USERNAME_KEY)

    @classmethod
    def from_api(cls, raw: Any) -> Account:
        raw = _object(raw)
        username = _text(raw, "username") or ""
        try:
            account_id = _id(raw)
        except ValueError:
            # Real responses before spec 5.10 carry no id. The username names the
            # account just as well (Pinterest keeps it unique); it never becomes a path.
            if not username.strip():
                raise ValueError("account without an id or a username") from None
            log.info("Pinterest sent the account without an id: keyed by its username")
            account_id = username_key(username)
        return cls(
            id=account_id,
            username=username,
            account_type=_text(raw, "account_type"),
            board_count=_int(raw, "board_count"),
            pin_count=_int(raw, "pin_count"),
            follower_count=_int(raw, "follower_count"),
            raw=raw,
        )


@dataclass(frozen=True)
class Board:
    id: str
    name: str
    description: str | None
    privacy: str
    pin_count: int | None
    created_at: str | None
    board_pins_modified_at: str | None
    owner_username: str | None
    raw: JsonDict = field(repr=False)

    @classmethod
    def from_api(cls, raw: Any) -> Board:
        raw = _object(raw)
        owner = raw.get("owner")
        return cls(
            id=_id(raw),
            name=_text(raw, "name") or "",
            description=_text(raw, "description"),
            privacy=_text(raw, "privacy") or "PUBLIC",
            pin_count=_int(raw, "pin_count"),
            created_at=_text(raw, "created_at"),
            board_pins_modified_at=_text(raw, "board_pins_modified_at"),
            owner_username=_text(owner, "username") if isinstance(owner, dict) else None,
            raw=raw,
        )


@dataclass(frozen=True)
class BoardSection:
    id: str
    name: str
    board_id: str
    raw: JsonDict = field(repr=False)

    @classmethod
    def from_api(cls, raw: Any, board_id: str) -> BoardSection:
        raw = _object(raw)
        return cls(id=_id(raw), name=_text(raw, "name") or "", board_id=board_id, raw=raw)


@dataclass(frozen=True)
class Pin:
    id: str
    title: str | None
    description: str | None
    link: str | None
    alt_text: str | None
    board_id: str | None
    board_section_id: str | None
    parent_pin_id: str | None
    is_owner: bool | None
    created_at: str | None
    creative_type: str | None
    dominant_color: str | None
    media: PinMedia
    raw: JsonDict = field(repr=False)

    @classmethod
    def from_api(cls, raw: Any) -> Pin:
        raw = _object(raw)
        is_owner = raw.get("is_owner")
        return cls(
            id=_id(raw),
            title=_text(raw, "title"),
            description=_text(raw, "description"),
            link=_text(raw, "link"),
            alt_text=_text(raw, "alt_text"),
            board_id=_text(raw, "board_id"),
            board_section_id=_text(raw, "board_section_id"),
            parent_pin_id=_text(raw, "parent_pin_id"),
            is_owner=is_owner if isinstance(is_owner, bool) else None,
            created_at=_text(raw, "created_at"),
            creative_type=_text(raw, "creative_type"),
            dominant_color=_text(raw, "dominant_color"),
            media=PinMedia.from_api(raw.get("media")),
            raw=raw,
        )

    def media_slots(self) -> list[MediaSlot]:
        """Every file worth keeping, each with the addresses it may be kept from (see
        `PinMedia.slots`)."""
        return self.media.slots()

    def media_urls(self) -> list[str]:
        """The primary address of every file worth keeping, in `media_slots` order: what
        the archive records for this version (version_media), position 0 its main image."""
        return [slot.primary for slot in self.media_slots()]

    def media_notes(self) -> list[str]:
        """What this pin's media lacks for good, in words (see `PinMedia.notes`)."""
        return self.media.notes()
