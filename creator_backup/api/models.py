"""Typed views of Pinterest's objects. IDs stay strings (pin ids pass 2^53), and every
model keeps the raw JSON exactly as received, unknown keys included, because the schema
changes between API releases and the archive must keep what Pinterest said."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]


def _text(raw: JsonDict, key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) else None


def _int(raw: JsonDict, key: str) -> int | None:
    value = raw.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _id(raw: JsonDict, key: str = "id") -> str:
    value = raw.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    # Pinterest's ids are strings of digits; anything else (empty, a path, markup) would
    # be a name the app cannot ask about again, so the object counts as unreadable.
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        raise ValueError(f"object without a usable {key!r}")
    return value


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


def largest(variants: tuple[ImageVariant, ...]) -> ImageVariant | None:
    """The variant with the largest width or height across all keys, as Pinterest's own
    quickstart picks it (known keys and undocumented ones such as `originals`)."""
    if not variants:
        return None
    return max(variants, key=lambda v: (max(v.width or 0, v.height or 0), v.key == "originals"))


@dataclass(frozen=True)
class CarouselItem:
    title: str | None
    description: str | None
    link: str | None
    images: tuple[ImageVariant, ...]
    video_url: str | None = None


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
        items = []
        for item in raw.get("items") or []:
            if isinstance(item, dict):
                items.append(
                    CarouselItem(
                        title=_text(item, "title"),
                        description=_text(item, "description"),
                        link=_text(item, "link"),
                        images=parse_images(item.get("images")),
                        video_url=_text(item, "video_url"),
                    )
                )
        duration = raw.get("duration")
        return cls(
            media_type=_text(raw, "media_type") or "unknown",
            images=parse_images(raw.get("images")),
            video_url=_text(raw, "video_url"),
            cover_image_url=_text(raw, "cover_image_url"),
            duration_ms=float(duration) if isinstance(duration, int | float) else None,
            items=tuple(items),
        )


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    account_type: str | None
    board_count: int | None
    pin_count: int | None
    follower_count: int | None
    raw: JsonDict = field(repr=False)

    @classmethod
    def from_api(cls, raw: JsonDict) -> Account:
        return cls(
            id=_id(raw),
            username=_text(raw, "username") or "",
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
    def from_api(cls, raw: JsonDict) -> Board:
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
    def from_api(cls, raw: JsonDict, board_id: str) -> BoardSection:
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
    def from_api(cls, raw: JsonDict) -> Pin:
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

    def media_urls(self) -> list[str]:
        """Every file worth keeping: the largest image, each carousel item's, the video."""
        urls: list[str] = []
        best = largest(self.media.images)
        if best is not None:
            urls.append(best.url)
        for item in self.media.items:
            item_best = largest(item.images)
            if item_best is not None:
                urls.append(item_best.url)
            if item.video_url:
                urls.append(item.video_url)
        if self.media.video_url:
            urls.append(self.media.video_url)
        return urls
