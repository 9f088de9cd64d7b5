"""Realism mode: the shapes real Pinterest responses had where they differ from the spec.

Responses recorded in public projects (2022-2023) show boards without counters, an
account without `id` or `pin_count`, empty strings where the spec says null, lowercase
colours, fields the spec dropped (`note`, `product_tags`, an `originals` size), pages
shorter than asked that still carry a bookmark, an empty page after the last one, HLS
videos, carousels of videos and of mixed items, image sizes without dimensions and CDN
sizes that answer 403 or 404. A client must take all of them, so with
`SandboxConfig(realism=True)` (`creator-backup sandbox --realism`) the sandbox serves them.

Every choice is a function of the seed and the object, as in the generator; GET
/_sandbox/realism lists which boards and pins have which shape. The rules:

- Boards: those whose index % 6 is 1 or 3 (a board created through the API: its id %
  6), one in three, carry `pin_count` and `board_pins_modified_at` with microseconds; the others carry none
  of `pin_count`, `board_pins_modified_at`, `created_at`, `media`, `follower_count`. A
  moderation removal (of a pin or a section) changes neither counter: nothing documents
  that Pinterest updates them then. (The rule is not index % 3, which the generator
  uses for sections: some boards with counters must have sections.)
- Account: no `pin_count`, no `id` until POST /_sandbox/realism {"account_id": true}.
- Pages: every listing's page holds 60-100% of page_size (drawn per page) while a bookmark
  leads on; nothing is lost or repeated. GET /pins, GET /boards, and the pin listings
  (board and section) of boards whose index % 4 is 0 or 1 (created boards: id % 4) end
  with one empty page: the last page with items carries a bookmark B1, B1 answers
  {"items": [], "bookmark": B2}, and B2 answers {"items": [], "bookmark": null}. Board
  section listings never do.
- Pins (generated ones; pins created through the API keep the spec's shapes): null titles
  and descriptions become "" or " " (a third stay null); `dominant_color` is lowercase;
  the older half (lower indices) carries `note`, `product_tags` and an `originals` size;
  about one pin in eight has every size's width and height null; videos are an mp4, a
  null `video_url` or an HLS master playlist, a third each; carousels are
  multiple_images, multiple_videos or multiple_mixed, some with creative type IDEA
  (multiple_mixed) or COLLAGE (multiple_images); about one image pin in ten has its
  largest size (originals on older pins, else 1200x) answer 403 (an XML AccessDenied
  body) or 404 on the media host, while the next size down is served.
- Errors: every 401 body gains "status": "failure".
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from creator_backup.sandbox.generator import (
    CAROUSEL_VIDEOS,
    VIDEO_NUMBERS,
    GeneratedAccount,
    JsonDict,
    PinShape,
)
from creator_backup.sandbox.hls import HlsVideo
from creator_backup.sandbox.media import MediaUrls, mix, render_video

# The store's images of a media number (its sizes as JSON; with `originals` when asked):
# handed in, so the rules here need not know the store.
ImagesJson = Callable[[int, bool], JsonDict]
# Fields a counter-less board lacks, as in recorded responses.
BOARD_COUNTERS = ("pin_count", "board_pins_modified_at", "created_at", "media", "follower_count")
# A denied size's media number carries one of these bits: the address alone tells the
# media host what to answer, so it needs no table and every other size stays served.
DENY_403 = 1 << 60
DENY_404 = 1 << 61
DENIED_BODIES = {
    403: b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
    404: b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
    b"</Error>",
}
# (media_type, creative_type) of a carousel; the first is the common one, hence twice.
CAROUSELS: tuple[tuple[str, str], ...] = (
    ("multiple_images", "CAROUSEL"),
    ("multiple_images", "CAROUSEL"),
    ("multiple_videos", "CAROUSEL"),
    ("multiple_mixed", "CAROUSEL"),
    ("multiple_mixed", "IDEA"),
    ("multiple_images", "COLLAGE"),
)
END_PHASE = "e"  # bookmark phase of the trailing empty pages: position 1, then 2


@dataclass(frozen=True)
class PinLook:
    """How a generated pin is dressed in realism mode."""

    media_type: str
    creative_type: str
    video: str | None = None  # video pins: "mp4", "hls" or "none" (video_url null)
    items: tuple[str, ...] = ()  # carousel items: "image", "video" or "video_none"
    older: bool = False  # carries note, product_tags and an originals size
    no_dimensions: bool = False  # every size's width and height null
    denied: tuple[str, int] | None = None  # (largest size, status) on the media host


def duration_ms(number: int) -> int:
    """A video pin's duration, from its image number (as the spec-shaped media has it)."""
    return 12_000 + number % 50_000


def item_duration_ms(number: int) -> int:
    return 4_000 + number % 11_000


class Realism:
    def __init__(self, gen: GeneratedAccount, urls: MediaUrls, seed: int) -> None:
        self.gen = gen
        self.urls = urls
        self.seed = seed
        self.account_id = False  # POST /_sandbox/realism {"account_id": true} sets it

    def _rng(self, *parts: int) -> random.Random:
        # Apart from the generator's streams (1-15), so realism changes no generated value.
        return random.Random(mix(self.seed, 30, *parts))

    # -- boards and the account ---------------------------------------------------------

    def _board_number(self, board_id: str) -> int:
        seed = self.gen.board_by_id.get(board_id)
        return seed.index if seed is not None else int(board_id)

    def board_has_counters(self, board_id: str) -> bool:
        return self._board_number(board_id) % 6 in (1, 3)

    def board(self, board: JsonDict) -> JsonDict:
        board_id = str(board["id"])
        if not self.board_has_counters(board_id):
            return {k: v for k, v in board.items() if k not in BOARD_COUNTERS}
        modified = str(board["board_pins_modified_at"])
        # Microseconds drawn from the value: a changed date gets a changed fraction.
        micro = mix(self.seed, 31, zlib.crc32(f"{board_id}{modified}".encode())) % 1_000_000
        return {**board, "board_pins_modified_at": f"{modified}.{micro:06d}"}

    def account(self, account: JsonDict) -> JsonDict:
        # The shape before spec 5.10: no pin_count and no id.
        dropped = ("pin_count",) if self.account_id else ("pin_count", "id")
        return {k: v for k, v in account.items() if k not in dropped}

    # -- pages --------------------------------------------------------------------------

    def page_length(self, scope: str, where: str, page_size: int) -> int:
        """How many items this page holds: 60-100% of page_size, fixed per page."""
        rng = self._rng(32, zlib.crc32(scope.encode()), zlib.crc32(where.encode()))
        return max(1, page_size - rng.randrange(page_size * 2 // 5 + 1))

    def trailing_empty_page(self, scope: str) -> bool:
        """Whether a listing ends with an empty page (see the rules at the top)."""
        kind, _, rest = scope.partition(":")
        if kind in ("own", "own+p", "boards"):
            return True
        if kind == "pins":
            return self._board_number(rest.partition(":")[0]) % 4 < 2
        return False

    # -- pins ---------------------------------------------------------------------------

    def look(self, index: int, shape: PinShape) -> PinLook:
        rng = self._rng(33, index)
        older = index < self.gen.n_pins // 2
        no_dimensions = rng.random() < 0.125
        if shape.kind == "video":
            video = ("mp4", "none", "hls")[rng.randrange(3)]
            return PinLook("video", "VIDEO", video, (), older, no_dimensions)
        if shape.kind == "carousel":
            media_type, creative = CAROUSELS[rng.randrange(len(CAROUSELS))]
            count = len(shape.carousel_numbers)
            start = rng.randrange(2)

            def video_item() -> str:
                return "video_none" if rng.random() < 0.3 else "video"

            if media_type == "multiple_images":
                items = ("image",) * count
            elif media_type == "multiple_videos":
                items = tuple(video_item() for _ in range(count))
            else:  # alternate, so a mixed carousel always has both kinds
                items = tuple("image" if (k + start) % 2 else video_item() for k in range(count))
            # A carousel of videos has no image sizes to leave without dimensions.
            no_dimensions = no_dimensions and media_type != "multiple_videos"
            return PinLook(media_type, creative, None, items, older, no_dimensions)
        denied = None
        if rng.random() < 0.1:
            denied = ("originals" if older else "1200x", 403 if rng.random() < 0.5 else 404)
        return PinLook("image", "REGULAR", None, (), older, no_dimensions, denied)

    def dress_pin(self, images: ImagesJson, fields: JsonDict, index: int, shape: PinShape) -> None:
        """Gives a generated pin its realism media and fields, in place."""
        look = self.look(index, shape)
        fields["media"] = self._media(images, index, shape, look)
        fields["creative_type"] = look.creative_type
        for number, key in enumerate(("title", "description")):
            if fields[key] is None:
                fields[key] = ("", " ", None)[mix(self.seed, 34, index, number) % 3]
        if isinstance(fields.get("dominant_color"), str):
            fields["dominant_color"] = fields["dominant_color"].lower()
        if look.older:
            rng = self._rng(35, index)
            fields["note"] = "Remember to pin the follow-up." if rng.random() < 0.3 else ""
            fields["product_tags"] = []

    def _images(self, source: ImagesJson, number: int, look: PinLook) -> JsonDict:
        images = source(number, look.older)
        if look.no_dimensions:
            for entry in images.values():
                entry["width"] = entry["height"] = None
        return images

    def _media(self, images_of: ImagesJson, index: int, shape: PinShape, look: PinLook) -> JsonDict:
        if look.items:
            return {
                "media_type": look.media_type,
                "items": self._items(images_of, index, shape, look),
            }
        images = self._images(images_of, shape.image_number, look)
        if look.media_type == "video":
            number = VIDEO_NUMBERS + shape.image_number
            url = {"mp4": self.urls.video(number), "hls": self.urls.hls(number)}.get(
                str(look.video)
            )
            return {
                "media_type": "video",
                "images": images,
                "cover_image_url": images["1200x"]["url"],
                "video_url": url,
                "duration": duration_ms(shape.image_number),
                "width": 720,
                "height": 1280,
            }
        if look.denied is not None:
            variant, status = look.denied
            flag = DENY_403 if status == 403 else DENY_404
            images[variant]["url"] = self.urls.image(shape.image_number | flag, variant)
        return {"media_type": "image", "images": images}

    def _items(
        self, images_of: ImagesJson, index: int, shape: PinShape, look: PinLook
    ) -> list[JsonDict]:
        items: list[JsonDict] = []
        for k, (kind, cover) in enumerate(zip(look.items, shape.carousel_numbers, strict=True)):
            if kind == "image":
                items.append(
                    {
                        "item_type": "image",
                        "title": f"Slide {k + 1}",
                        "description": None,
                        "link": None,
                        "images": self._images(images_of, cover, look),
                    }
                )
                continue
            video = CAROUSEL_VIDEOS + index * 8 + k
            items.append(
                {
                    "item_type": "video",
                    "cover_image_url": self.urls.image(cover, "1200x"),
                    # Null for some: "limited and not available to all apps".
                    "video_url": self.urls.video(video) if kind == "video" else None,
                    "duration": item_duration_ms(video),
                    "width": 720,
                    "height": 1280,
                }
            )
        return items

    # -- the media host -------------------------------------------------------------------

    def refusal(self, kind: str, number: int) -> tuple[int, bytes] | None:
        """(status, XML body) when the address is a denied size, else None."""
        if kind != "image" or not number & (DENY_403 | DENY_404):
            return None
        status = 403 if number & DENY_403 else 404
        return status, DENIED_BODIES[status]

    def _generated_look(self, index: int) -> tuple[PinShape, PinLook] | None:
        if not 0 <= index < self.gen.n_pins:
            return None
        shape = self.gen.shape(index)
        return shape, self.look(index, shape)

    def carousel_video(self, number: int) -> bytes | None:
        """A carousel video item's mp4, when `number` is one with an address."""
        index, k = divmod(number - CAROUSEL_VIDEOS, 8)
        found = self._generated_look(index) if number >= CAROUSEL_VIDEOS else None
        if found is None or k >= len(found[1].items) or found[1].items[k] != "video":
            return None
        return render_video(self.seed, number)

    def hls_video(self, number: int) -> HlsVideo | None:
        """The HLS video of a pin whose video_url is a playlist, by video number."""
        index = number - VIDEO_NUMBERS
        found = self._generated_look(index)
        if found is None or found[1].video != "hls":
            return None
        return HlsVideo(self.seed, number, duration_ms(found[0].image_number))

    def hls_file(self, number: int, part: str) -> bytes | None:
        video = self.hls_video(number)
        return video.resolve(self.urls.name(number), part) if video is not None else None


def with_failure_status(body: bytes) -> bytes:
    """A 401 body as real responses have it: {code, message, "status": "failure"}."""
    try:
        payload = json.loads(body)
    except ValueError:
        return body
    if not isinstance(payload, dict):
        return body
    return json.dumps({**payload, "status": "failure"}, ensure_ascii=False).encode("utf-8")
