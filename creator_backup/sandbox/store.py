"""The sandbox account's live state: the generated account plus every change made to it.

Changes come from the API (created and deleted objects) and from the test controls
(moderation removals, edits, suspension). One lock guards them; generated data needs none.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from creator_backup.sandbox.config import SandboxConfig
from creator_backup.sandbox.generator import (
    CAROUSEL_IMAGES,
    CAROUSEL_VIDEOS,
    FOREIGN_IMAGES,
    FOREIGN_PINS,
    UPLOADED_IMAGES,
    VIDEO_NUMBERS,
    GeneratedAccount,
    JsonDict,
    PinShape,
    timestamp,
)
from creator_backup.sandbox.media import (
    VARIANTS,
    BoundedCache,
    ImageSpec,
    MediaUrls,
    image_dimensions,
    render_image,
    render_video,
)
from creator_backup.sandbox.realism import END_PHASE, Realism

PIN_VISIBLE_FIELDS = ("title", "description", "link", "alt_text", "dominant_color")
EDITABLE_PIN_FIELDS = (*PIN_VISIBLE_FIELDS, "board_id", "board_section_id")


class BadBookmark(ValueError):
    pass


@dataclass(frozen=True)
class Visibility:
    """What the caller's scopes and query let it see."""

    secret_boards: bool = True
    secret_pins: bool = True
    protected_pins: bool = True


ALL_VISIBLE = Visibility()


def encode_bookmark(scope: str, phase: str, position: int) -> str:
    raw = f"{scope}|{phase}|{position}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_bookmark(scope: str, bookmark: str) -> tuple[str, int]:
    try:
        padded = bookmark + "=" * (-len(bookmark) % 4)
        got_scope, phase, position = base64.urlsafe_b64decode(padded).decode().split("|")
        if got_scope != scope or phase not in ("t", "g", "o", END_PHASE):
            raise ValueError(bookmark)
        return phase, int(position)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadBookmark("Invalid bookmark.") from exc


class SandboxStore:
    def __init__(self, config: SandboxConfig, urls: MediaUrls, clock: Callable[[], float]):
        self.config = config
        self.urls = urls
        self.clock = clock
        self.gen = GeneratedAccount(
            config.seed,
            config.boards,
            config.pins,
            config.extras,
            config.realism,
            hostile=config.hostile,
        )
        self.realism = Realism(self.gen, urls, config.seed) if config.realism else None
        self.lock = threading.RLock()
        self.version = 0
        self.suspended = False
        self.mod_removed: set[str] = set()  # ids of pins, boards and sections
        self.deleted: set[str] = set()
        self.overrides: dict[str, JsonDict] = {}
        self.relocated: dict[str, int] = {}  # pin id -> seq of its newest top entry
        self.top: list[tuple[int, str]] = []
        self.top_seqs: list[int] = []
        self.created_pins: dict[str, JsonDict] = {}
        self.created_boards: dict[str, JsonDict] = {}
        self.created_sections: dict[str, tuple[str, str]] = {}  # id -> (board id, name)
        self.board_modified: dict[str, str] = {}
        # Realism: pins moderation took from each board that its pin_count still counts.
        self.uncounted_removals: dict[str, int] = {}
        # Test controls: board id -> the listings ("pins", "sections") answering 403, and
        # whether GET /user_account answers 403.
        self.forbidden_boards: dict[str, set[str]] = {}
        self.account_forbidden = False
        self.uploads: dict[int, bytes] = {}
        self.media_uploads: dict[str, JsonDict] = {}
        self._seq = itertools.count(1)
        self._ids = itertools.count(1)
        self._counts_cache: tuple[int, dict[str, int]] | None = None
        self._render_cache = BoundedCache(config.media_cache_mb * 1024 * 1024)
        self._sha_cache: dict[tuple[str, int, str], str] = {}

    # -- bookkeeping ----------------------------------------------------------------

    def _changed(self, board_id: str | None = None) -> None:
        self.version += 1
        if board_id is not None:
            self.board_modified[board_id] = timestamp_now(self.clock)

    def _push_top(self, pin_id: str) -> None:
        seq = next(self._seq)
        self.top.append((seq, pin_id))
        self.top_seqs.append(seq)
        self.relocated[pin_id] = seq

    def new_id(self, base: int) -> str:
        return str(base + next(self._ids))

    # -- boards and sections ---------------------------------------------------------

    def board_alive(self, board_id: str) -> bool:
        if board_id in self.mod_removed or board_id in self.deleted:
            return False
        return board_id in self.gen.board_by_id or board_id in self.created_boards

    def board_privacy(self, board_id: str) -> str:
        if board_id in self.created_boards:
            return str(self.created_boards[board_id]["privacy"])
        seed = self.gen.board_by_id.get(board_id)
        return seed.privacy if seed else "PUBLIC"

    def board_ids(self) -> list[str]:
        ids = [b.id for b in self.gen.boards] + list(self.created_boards)
        return [board_id for board_id in ids if self.board_alive(board_id)]

    def board_json(self, board_id: str) -> JsonDict:
        counts = self.pin_counts()
        pin_count = counts.get(board_id, 0)
        seed = self.gen.board_by_id.get(board_id)
        if seed is not None:
            board: JsonDict = {
                "id": seed.id,
                "name": seed.name,
                "description": seed.description,
                "privacy": seed.privacy,
                "owner": {"username": self.gen.username},
                "created_at": seed.created_at,
                "follower_count": seed.follower_count,
                "collaborator_count": 0,
                "is_ads_only": False,
            }
            last = self.gen.board_pin_range(seed.index)
            modified = self.gen.pin_fields(last.stop - 1)["created_at"] if last else seed.created_at
        else:
            board = dict(self.created_boards[board_id])
            modified = board["created_at"]
        board["board_pins_modified_at"] = self.board_modified.get(board_id, modified)
        board["pin_count"] = pin_count + self.uncounted_removals.get(board_id, 0)
        thumbs = [self._thumbnail(pid) for pid in self._first_pins(board_id, 4)]
        board["media"] = {
            "image_cover_url": thumbs[0].replace("/150x150/", "/400x300/") if thumbs else None,
            "pin_thumbnail_urls": thumbs,
        }
        return self.realism.board(board) if self.realism is not None else board

    def _first_pins(self, board_id: str, count: int) -> list[str]:
        return [pid for _, pid in itertools.islice(self._iter_pins(board_id, None, None), count)]

    def _thumbnail(self, pin_id: str) -> str:
        pin = self.pin_json(pin_id, ALL_VISIBLE)
        media = pin["media"] if pin else {}
        images = media.get("images") or (media.get("items") or [{}])[0].get("images") or {}
        return str(images.get("150x150", {}).get("url", ""))

    def sections_of(self, board_id: str) -> list[tuple[str, str]]:
        seed = self.gen.board_by_id.get(board_id)
        generated = list(seed.sections) if seed else []
        created = [
            (sid, name) for sid, (bid, name) in self.created_sections.items() if bid == board_id
        ]
        return [(sid, name) for sid, name in generated + created if self.section_alive(sid)]

    def section_board(self, section_id: str) -> str | None:
        if section_id in self.created_sections:
            return self.created_sections[section_id][0]
        return self.gen.section_board.get(section_id)

    def section_alive(self, section_id: str) -> bool:
        board_id = self.section_board(section_id)
        if board_id is None or section_id in self.mod_removed or section_id in self.deleted:
            return False
        return self.board_alive(board_id)

    # -- pins -----------------------------------------------------------------------

    def _raw_pin(self, pin_id: str) -> tuple[JsonDict, PinShape | None] | None:
        """The pin's fields before liveness checks, and its shape when generated."""
        if pin_id in self.created_pins:
            return dict(self.created_pins[pin_id]), None
        index = self.gen.pin_index(pin_id)
        if index is None:
            return None
        fields = self.gen.pin_fields(index)
        fields.update(self.overrides.get(pin_id, {}))
        return fields, self.gen.shape(index)

    def pin_alive(self, pin_id: str, fields: JsonDict) -> bool:
        if pin_id in self.mod_removed or pin_id in self.deleted:
            return False
        board_id = fields["board_id"]
        if board_id != self.gen.hidden_board_id and not self.board_alive(board_id):
            return False
        section_id = fields.get("board_section_id")
        return section_id is None or self.section_alive(section_id)

    def pin_json(self, pin_id: str, vis: Visibility) -> JsonDict | None:
        raw = self._raw_pin(pin_id)
        if raw is None:
            return None
        fields, shape = raw
        if not self.pin_alive(pin_id, fields) or not self._visible(fields, vis):
            return None
        index = self.gen.pin_index(pin_id)
        if shape is not None and self.realism is not None and index is not None:
            self.realism.dress_pin(self.images_json, fields, index, shape)
        elif shape is not None:
            fields["media"] = self.media_json(shape)
            fields["creative_type"] = {"video": "VIDEO", "carousel": "CAROUSEL"}.get(
                shape.kind, "REGULAR"
            )
        return fields

    def pin_exists_hidden_by_scope(self, pin_id: str) -> bool:
        """True when the pin is alive but the caller's scopes do not cover it."""
        raw = self._raw_pin(pin_id)
        return raw is not None and self.pin_alive(pin_id, raw[0])

    def _visible(self, fields: JsonDict, vis: Visibility) -> bool:
        privacy = self.board_privacy(fields["board_id"])
        if privacy == "SECRET" and not vis.secret_pins:
            return False
        return not (privacy == "PROTECTED" and not vis.protected_pins)

    def media_json(self, shape: PinShape) -> JsonDict:
        if shape.kind == "carousel":
            items = []
            for k, number in enumerate(shape.carousel_numbers):
                items.append(
                    {
                        "item_type": "image",
                        "title": f"Slide {k + 1}",
                        "description": None,
                        "link": None,
                        "images": self.images_json(number, False),
                    }
                )
            return {"media_type": "multiple_images", "items": items}
        images = self.images_json(shape.image_number, shape.has_originals)
        if shape.kind == "video":
            return {
                "media_type": "video",
                "images": images,
                "cover_image_url": images["1200x"]["url"],
                "video_url": self.urls.video(VIDEO_NUMBERS + shape.image_number)
                if shape.video_available
                else None,
                "duration": 12_000 + shape.image_number % 50_000,
                "width": 720,
                "height": 1280,
            }
        return {"media_type": "image", "images": images}

    def images_json(self, number: int, originals: bool) -> JsonDict:
        uploaded = self.uploads.get(number)
        dims = image_dimensions(uploaded) if uploaded is not None else None
        spec = ImageSpec(number, self.config.seed)
        images: JsonDict = {}
        for variant in VARIANTS:
            if variant == "originals" and not originals:
                continue
            width, height = dims if dims else spec.size(variant)
            url = self.urls.image(number, variant)
            images[variant] = {"url": url, "width": width, "height": height}
        return images

    # -- listings -------------------------------------------------------------------

    def _iter_pins(
        self,
        board_id: str | None,
        section_id: str | None,
        own_only: bool | None,
        vis: Visibility = ALL_VISIBLE,
        start: tuple[str, int] | None = None,
    ) -> Iterator[tuple[tuple[str, int], str]]:
        """Pins newest first: created or moved pins, then generated ones by index down.

        Yields (cursor resuming at this pin, pin id). Cursors stay valid when pins are
        added, as Pinterest's bookmarks do.
        """
        phase, position = start or ("t", 1 << 62)
        if phase == "t":
            at = bisect.bisect_left(self.top_seqs, position) - 1
            while at >= 0:
                seq, pin_id = self.top[at]
                at -= 1
                if self.relocated.get(pin_id) != seq:
                    continue
                if self._matches(pin_id, board_id, section_id, own_only, vis):
                    yield ("t", seq), pin_id
            phase, position = "g", 1 << 62
        span = self._generated_span(board_id)
        index = min(position, span.stop - 1)
        while index >= span.start:
            pin_id = self.gen.pin_id(index)
            if pin_id not in self.relocated and (
                self._matches(pin_id, board_id, section_id, own_only, vis)
            ):
                yield ("g", index), pin_id
            index -= 1

    def _generated_span(self, board_id: str | None) -> range:
        if board_id is None:
            return range(self.gen.n_pins)
        seed = self.gen.board_by_id.get(board_id)
        return self.gen.board_pin_range(seed.index) if seed else range(0)

    def _matches(
        self,
        pin_id: str,
        board_id: str | None,
        section_id: str | None,
        own_only: bool | None,
        vis: Visibility,
    ) -> bool:
        raw = self._raw_pin(pin_id)
        if raw is None:
            return False
        fields = raw[0]
        if board_id is not None and fields["board_id"] != board_id:
            return False
        if section_id is not None and fields.get("board_section_id") != section_id:
            return False
        if own_only and not fields["is_owner"]:
            return False
        return self.pin_alive(pin_id, fields) and self._visible(fields, vis)

    def list_pins(
        self,
        scope: str,
        bookmark: str | None,
        page_size: int,
        board_id: str | None = None,
        section_id: str | None = None,
        own_only: bool | None = None,
        vis: Visibility = ALL_VISIBLE,
    ) -> tuple[list[JsonDict], str | None]:
        start = decode_bookmark(scope, bookmark) if bookmark else None
        if start is not None and start[0] == "o":
            raise BadBookmark("Invalid bookmark.")
        if start is not None and start[0] == END_PHASE:
            return [], self._after_end(scope, start[1])
        size = self._page_length(scope, bookmark, page_size)
        found = list(
            itertools.islice(self._iter_pins(board_id, section_id, own_only, vis, start), size + 1)
        )
        items = [self.pin_json(pin_id, ALL_VISIBLE) for _, pin_id in found[:size]]
        next_bookmark = self._end_bookmark(scope) if found else None
        if len(found) > size:
            phase, position = found[size][0]
            next_bookmark = encode_bookmark(scope, phase, position)
        return [item for item in items if item is not None], next_bookmark

    def page_by_offset(
        self, scope: str, items: list[Any], bookmark: str | None, page_size: int
    ) -> tuple[list[Any], str | None]:
        offset = 0
        if bookmark:
            phase, offset = decode_bookmark(scope, bookmark)
            if phase == END_PHASE:
                return [], self._after_end(scope, offset)
            if phase != "o" or offset < 0:
                raise BadBookmark("Invalid bookmark.")
        size = self._page_length(scope, bookmark, page_size)
        page = items[offset : offset + size]
        if offset + size < len(items):
            return page, encode_bookmark(scope, "o", offset + size)
        return page, self._end_bookmark(scope) if page else None

    # Realism's paging: short pages and a trailing empty page (see realism.py).

    def _page_length(self, scope: str, bookmark: str | None, page_size: int) -> int:
        if self.realism is None:
            return page_size
        return self.realism.page_length(scope, bookmark or "", page_size)

    def _end_bookmark(self, scope: str) -> str | None:
        """The bookmark the last page with items carries: null, or the empty page's."""
        if self.realism is None or not self.realism.trailing_empty_page(scope):
            return None
        return encode_bookmark(scope, END_PHASE, 1)

    def _after_end(self, scope: str, position: int) -> str | None:
        if self.realism is None or position not in (1, 2):
            raise BadBookmark("Invalid bookmark.")
        return encode_bookmark(scope, END_PHASE, 2) if position == 1 else None

    def pin_counts(self) -> dict[str, int]:
        """Alive pins per board id (and "" for the account total), cached per change.

        Generated pins are counted from each board's index range, not one by one: walking
        every pin of a 100,000-pin account took seconds, after every change. Only pins a
        change touched, boards with a removed section, and created pins are looked at.
        """
        if self._counts_cache and self._counts_cache[0] == self.version:
            return self._counts_cache[1]
        gen = self.gen
        counts: dict[str, int] = {}

        def add(board_id: str, n: int) -> None:
            counts[board_id] = counts.get(board_id, 0) + n

        dead_sections = {sid for sid in gen.section_board if not self.section_alive(sid)}
        for board in gen.boards:
            if not self.board_alive(board.id):
                continue
            span = gen.board_pin_range(board.index)
            if any(sid in dead_sections for sid, _ in board.sections):
                add(board.id, sum(1 for i in span if gen.section_of(i) not in dead_sections))
            else:
                add(board.id, len(span))
        if gen.n_hidden:
            add(gen.hidden_board_id, gen.n_hidden)
        for pin_id in {*self.overrides, *self.relocated, *self.mod_removed, *self.deleted}:
            index = gen.pin_index(pin_id)
            if index is None:
                continue  # not a generated pin
            # Take back the count of the pin where it was generated, then count it as it is.
            board_id, section_id = gen.board_id_of(index), gen.section_of(index)
            if (board_id == gen.hidden_board_id or self.board_alive(board_id)) and (
                section_id is None or self.section_alive(section_id)
            ):
                add(board_id, -1)
            raw = self._raw_pin(pin_id)
            if raw is not None and self.pin_alive(pin_id, raw[0]):
                add(raw[0]["board_id"], 1)
        for pin_id, pin in self.created_pins.items():
            if self.pin_alive(pin_id, pin):
                add(pin["board_id"], 1)
        counts[""] = sum(counts.values())
        self._counts_cache = (self.version, counts)
        return counts

    # -- media ----------------------------------------------------------------------

    def media_bytes(self, kind: str, number: int, variant: str) -> bytes | None:
        if kind == "hls":
            return self.realism.hls_file(number, variant) if self.realism else None
        if kind == "video":
            if number in self.uploads:
                return self.uploads[number]
            if self.realism is not None and number >= CAROUSEL_VIDEOS:
                return self.realism.carousel_video(number)
            index = number - VIDEO_NUMBERS
            if 0 <= index < self.gen.n_pins and self.gen.shape(index).kind == "video":
                return render_video(self.config.seed, index)
            return None
        if number in self.uploads:
            return self.uploads[number]
        if not self._image_number_known(number):
            return None
        key = (number, variant)
        data = self._render_cache.get(key)
        if data is None:
            style = self.gen.picture_style(number)
            data = render_image(ImageSpec(number, self.config.seed), variant, style)
            self._render_cache.put(key, data)
        return data

    def _image_number_known(self, number: int) -> bool:
        if 0 <= number < self.gen.n_pins:
            return True
        if FOREIGN_IMAGES <= number < FOREIGN_IMAGES + FOREIGN_PINS:
            return True
        offset = number - CAROUSEL_IMAGES
        return 0 <= offset < self.gen.n_pins * 8 and offset % 8 < 5

    def media_sha256(
        self, number: int, variant: str, kind: str = "image", data: bytes | None = None
    ) -> str:
        key = (kind, number, variant)
        if key not in self._sha_cache:
            if data is None:
                data = self.media_bytes(kind, number, variant) or b""
            self._sha_cache[key] = hashlib.sha256(data).hexdigest()
        return self._sha_cache[key]

    def store_upload(self, data: bytes, video: bool = False) -> int:
        base = VIDEO_NUMBERS + (1 << 40) if video else UPLOADED_IMAGES
        number = base + next(self._ids)
        self.uploads[number] = data
        return number

    def realism_catalogue(self) -> JsonDict:
        """Which boards and pins have which realism shape: GET /_sandbox/realism."""
        realism = self.realism
        assert realism is not None
        gen = self.gen
        boards = self.board_ids()
        pins: dict[str, list[str]] = {
            key: []
            for key in (
                "video_mp4",
                "video_null",
                "video_hls",
                "multiple_images",
                "multiple_videos",
                "multiple_mixed",
                "idea",
                "collage",
                "no_dimensions",
                "older",
                "largest_403",
                "largest_404",
            )
        }
        for index in range(gen.n_pins):
            pin_id = gen.pin_id(index)
            raw = self._raw_pin(pin_id)
            if raw is None or not self.pin_alive(pin_id, raw[0]):
                continue
            look = realism.look(index, gen.shape(index))
            if look.video is not None:
                pins[
                    {"mp4": "video_mp4", "none": "video_null", "hls": "video_hls"}[look.video]
                ].append(pin_id)
            if look.media_type.startswith("multiple_"):
                pins[look.media_type].append(pin_id)
            if look.creative_type in ("IDEA", "COLLAGE"):
                pins[look.creative_type.lower()].append(pin_id)
            if look.no_dimensions:
                pins["no_dimensions"].append(pin_id)
            if look.older:
                pins["older"].append(pin_id)
            if look.denied is not None:
                pins[f"largest_{look.denied[1]}"].append(pin_id)
        scopes = ["/pins", "/boards"] + [
            f"/boards/{board_id}/pins"
            for board_id in boards
            if realism.trailing_empty_page(f"pins:{board_id}:")
        ]
        return {
            "enabled": True,
            "account_id": realism.account_id,
            "boards": {
                "with_counters": [b for b in boards if realism.board_has_counters(b)],
                "without_counters": [b for b in boards if not realism.board_has_counters(b)],
            },
            # Section pin listings follow their board's pin listing.
            "trailing_empty_page": scopes,
            "pins": pins,
        }


def timestamp_now(clock: Callable[[], float]) -> str:
    from datetime import UTC, datetime

    return timestamp(datetime.fromtimestamp(clock(), tz=UTC))
