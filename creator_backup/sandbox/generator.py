"""The generated account: every board, section and pin is a pure function of the seed.

Nothing per pin is stored, so an account of 100,000 pins costs no more memory than one
of ten; only changes (removals, edits, created objects) live in `SandboxStore`.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from creator_backup.sandbox import text
from creator_backup.sandbox.media import mix

JsonDict = dict[str, Any]

ACCOUNT_ID_BASE = 2_783_136_121_146_311_000
BOARD_ID_BASE = 549_755_800_000
BOARD_ID_STRIDE = 100_000
SECTION_ID_BASE = 5_497_558_000_000
SECTION_ID_STRIDE = 10_000_000
PIN_ID_BASE = 1_100_000_000_000_000_000
FOREIGN_PIN_ID_BASE = 1_700_000_000_000_000_000
PIN_ID_STRIDE = 10_000_000_000
# Realism: board and section ids as long as the ones Pinterest hands out today (18 and
# 19 digits); the spec-shaped account keeps the short ones older boards had.
REAL_BOARD_ID_BASE = 916_482_874_448_000_000
REAL_SECTION_ID_BASE = 5_153_926_236_418_000_000
FOREIGN_PINS = 100_000

# Image numbers: one space per kind of image, so numbers never collide.
CAROUSEL_IMAGES = 1 << 40
FOREIGN_IMAGES = 1 << 41
UPLOADED_IMAGES = 1 << 42
# Video numbers: a video pin's is VIDEO_NUMBERS + its index; uploads sit 1 << 40 above,
# realism's carousel video items 1 << 41 above (index * 8 + item).
VIDEO_NUMBERS = 1 << 43
CAROUSEL_VIDEOS = VIDEO_NUMBERS + (1 << 41)

EPOCH = datetime(2019, 1, 1, tzinfo=UTC)
OTHER_USERNAME = "someone_else"


def timestamp(moment: datetime) -> str:
    # Pinterest returns date-times without an offset (UTC); clients must parse leniently.
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True)
class BoardSeed:
    index: int
    id: str
    name: str
    description: str | None
    privacy: str
    created_at: str
    follower_count: int
    sections: tuple[tuple[str, str], ...]  # (id, name)


@dataclass(frozen=True)
class PinShape:
    """What decides a generated pin's media: kind and image numbers."""

    kind: str  # image, video, carousel
    image_number: int
    carousel_numbers: tuple[int, ...] = ()
    has_originals: bool = False
    video_available: bool = True


class GeneratedAccount:
    def __init__(
        self,
        seed: int,
        boards: int,
        pins: int,
        extras: bool,
        realism: bool = False,
        hostile: bool = False,
    ) -> None:
        if boards < 1 and pins > 0:
            raise ValueError("an account with pins needs at least one board")
        self.seed = seed
        self.extras = extras
        # Hostile names, titles and descriptions (text.HOSTILE_TEXTS, texts at Pinterest's
        # length limits) are for the tests; a plain account has none either way.
        self.hostile = hostile and extras
        # Which theme each board is: the creator's boards in an order of the seed's own.
        self.theme_order = list(range(len(text.THEMES)))
        self._rng(0).shuffle(self.theme_order)
        self.n_pins = pins
        self.username = text.handle(seed) if seed >= 0 else text.HANDLES[0]
        self.account_id = str(ACCOUNT_ID_BASE + seed % 1000)
        self.pin_base = PIN_ID_BASE + (seed % 100_000_000) * PIN_ID_STRIDE
        self.foreign_base = FOREIGN_PIN_ID_BASE + (seed % 100_000_000) * PIN_ID_STRIDE
        board_base = REAL_BOARD_ID_BASE if realism else BOARD_ID_BASE
        section_base = REAL_SECTION_ID_BASE if realism else SECTION_ID_BASE
        self.board_base = board_base + (seed % 1_000_000) * BOARD_ID_STRIDE
        self.section_base = section_base + (seed % 100_000) * SECTION_ID_STRIDE
        self.hidden_board_id = str(self.board_base + BOARD_ID_STRIDE - 1)
        self.n_hidden = max(1, pins // 200) if extras and pins >= 20 else 0
        self.boards = [self._make_board(b) for b in range(boards)]
        self._ensure_unique_names()
        self.board_by_id = {board.id: board for board in self.boards}
        self.section_board = {sid: b.id for b in self.boards for sid, _ in b.sections}
        self.boundaries = self._pin_boundaries(pins - self.n_hidden)

    # -- boards ---------------------------------------------------------------------

    def _rng(self, *parts: int) -> random.Random:
        return random.Random(mix(self.seed, *parts))

    def board_theme(self, b: int) -> text.Theme:
        return text.THEMES[self.theme_order[b % len(text.THEMES)]]

    def _make_board(self, b: int) -> BoardSeed:
        rng = self._rng(1, b)
        board_id = str(self.board_base + b)
        privacy = "PUBLIC"
        theme = self.board_theme(b)
        # A creator with more boards than themes has a second board of a theme.
        rounds = b // len(text.THEMES)
        name = theme.board if rounds == 0 else f"{theme.board} {rounds + 1}"
        description: str | None = text.description(theme, rng) if rng.random() < 0.7 else None
        sections: list[tuple[str, str]] = []
        if self.extras:
            if b == 1:
                privacy = "SECRET"
            elif b == 2:
                privacy = "PROTECTED"
            elif rng.random() < 0.1:
                privacy = "SECRET"
            if self.hostile:
                if b == 3:
                    name = text.HOSTILE_TEXTS[1]
                elif b % 9 == 4:
                    name = text.HOSTILE_TEXTS[(b // 9 + 2) % len(text.HOSTILE_TEXTS)]
                if b == 5:
                    description = text.HOSTILE_TEXTS[0]
            if b % 3 == 0:
                for s in range(1 + rng.randrange(4)):
                    kind = theme.sections[s % len(theme.sections)]
                    section_name = kind if s < len(theme.sections) else f"{kind} {s + 1}"
                    if self.hostile and b == 0 and s == 0:
                        section_name = text.at_limit("Long section name ", text.SECTION_NAME_MAX)
                    elif self.hostile and b == 0 and s == 1:
                        section_name = text.HOSTILE_TEXTS[1]
                    sections.append((str(self.section_base + b * 100 + s), section_name))
        created = EPOCH + timedelta(days=b * 3, seconds=rng.randrange(86_400))
        return BoardSeed(
            index=b,
            id=board_id,
            name=name,
            description=description,
            privacy=privacy,
            created_at=timestamp(created),
            follower_count=rng.randrange(5000),
            sections=tuple(sections),
        )

    def _ensure_unique_names(self) -> None:
        # Pinterest refuses duplicate board names, so generated ones must be unique too.
        seen: set[str] = set()
        for i, board in enumerate(self.boards):
            name = board.name
            if name.casefold() in seen:
                name = f"{name} {board.index + 1}"
                self.boards[i] = BoardSeed(**{**board.__dict__, "name": name})
            seen.add(name.casefold())

    def _pin_boundaries(self, regular: int) -> list[int]:
        count = len(self.boards)
        if count == 0:
            return [0]
        if self.extras:
            weights = [1 + self._rng(2, b).randrange(5) for b in range(count)]
        else:
            weights = [1] * count
        total = sum(weights)
        bounds = [0]
        running = 0
        for weight in weights:
            running += weight
            bounds.append(regular * running // total)
        return bounds

    def board_pin_range(self, board_index: int) -> range:
        return range(self.boundaries[board_index], self.boundaries[board_index + 1])

    # -- pins -----------------------------------------------------------------------

    def pin_id(self, index: int) -> str:
        return str(self.pin_base + index)

    def pin_index(self, pin_id: str) -> int | None:
        if not pin_id.isdigit():
            return None
        index = int(pin_id) - self.pin_base
        return index if 0 <= index < self.n_pins else None

    def is_hidden(self, index: int) -> bool:
        return index >= self.n_pins - self.n_hidden

    def board_index_of(self, index: int) -> int | None:
        if self.is_hidden(index):
            return None
        return bisect.bisect_right(self.boundaries, index) - 1

    def board_id_of(self, index: int) -> str:
        board_index = self.board_index_of(index)
        return self.hidden_board_id if board_index is None else self.boards[board_index].id

    def section_of(self, index: int) -> str | None:
        board_index = self.board_index_of(index)
        if board_index is None:
            return None
        sections = self.boards[board_index].sections
        if not sections:
            return None
        pick = self._rng(3, index).randrange(len(sections) + 1)
        return sections[pick][0] if pick < len(sections) else None

    def is_owner(self, index: int) -> bool:
        return not (self.extras and not self.is_hidden(index) and self._kind_roll(index) in (3, 4))

    def _kind_roll(self, index: int) -> int:
        return self._rng(4, index).randrange(20)

    def shape(self, index: int) -> PinShape:
        rng = self._rng(5, index)
        number = (index // 40) * 40 if index % 40 in (7, 19) else index
        if not self.extras or self.is_hidden(index):
            return PinShape("image", number)
        roll = self._kind_roll(index)
        if roll == 0:
            return PinShape("video", index, video_available=rng.random() < 0.67)
        if roll in (1, 2):
            items = tuple(CAROUSEL_IMAGES + index * 8 + k for k in range(2 + rng.randrange(4)))
            return PinShape("carousel", items[0], carousel_numbers=items)
        if roll in (3, 4):
            return PinShape("image", FOREIGN_IMAGES + self.parent_foreign_index(index))
        return PinShape("image", number, has_originals=rng.random() < 0.3)

    def parent_foreign_index(self, index: int) -> int:
        return self._rng(6, index).randrange(FOREIGN_PINS)

    def pin_theme(self, index: int) -> text.Theme:
        """The theme of a generated pin: its board's; a hidden pin's (on someone else's
        board) is one of the same creator's interests."""
        board_index = self.board_index_of(index)
        if board_index is None:
            return text.THEMES[mix(self.seed, index, 10) % len(text.THEMES)]
        return self.board_theme(board_index)

    def foreign_theme(self, foreign_index: int) -> text.Theme:
        return text.THEMES[mix(self.seed, foreign_index, 11) % len(text.THEMES)]

    def picture_style(self, number: int) -> str:
        """How image `number` is drawn (pictures.py): in its pin's theme."""
        if 0 <= number < self.n_pins:
            return self.pin_theme(number).style
        if FOREIGN_IMAGES <= number < FOREIGN_IMAGES + FOREIGN_PINS:
            return self.foreign_theme(number - FOREIGN_IMAGES).style
        index = (number - CAROUSEL_IMAGES) // 8
        if number >= CAROUSEL_IMAGES and index < self.n_pins:
            return self.pin_theme(index).style
        return text.THEMES[mix(self.seed, number, 12) % len(text.THEMES)].style

    def pin_fields(self, index: int) -> JsonDict:
        """The text and metadata fields of a generated pin (media is added by the store)."""
        rng = self._rng(7, index)
        theme = self.pin_theme(index)
        title: str | None = text.pin_title(theme, rng)
        desc: str | None = text.description(theme, rng)
        slug = title.lower().replace(" ", "-") if title else "pin"
        link: str | None = f"https://example.com/{slug}/{index}"
        alt_text: str | None = f"Photo of {title.lower()}" if title and rng.random() < 0.4 else None
        if self.extras:
            # Untitled pins, pins without a description or a link: creators have them.
            if self.hostile and index % 13 == 4:
                title = text.HOSTILE_TEXTS[(index // 13) % len(text.HOSTILE_TEXTS)]
            elif index % 17 == 9:
                title = None
            elif self.hostile and index % 29 == 1:
                title = text.at_limit("Title at the limit ", text.TITLE_MAX)
            if self.hostile and index % 97 == 11:
                desc = text.at_limit("Description at the limit. ", text.DESCRIPTION_MAX)
            elif self.hostile and index % 19 == 7:
                desc = text.HOSTILE_TEXTS[(index // 19) % len(text.HOSTILE_TEXTS)]
            elif index % 23 == 5:
                desc = None
            if self.hostile and index % 89 == 3:
                link = text.long_link()
            elif index % 7 == 6:
                link = None
            if self.hostile and index % 101 == 13:
                alt_text = text.at_limit("Alt text at the limit. ", text.ALT_TEXT_MAX)
        created = EPOCH + timedelta(hours=index * 3, seconds=rng.randrange(3600))
        hidden = self.is_hidden(index)
        fields: JsonDict = {
            "id": self.pin_id(index),
            "created_at": timestamp(created),
            "link": link,
            "title": title,
            "description": desc,
            "dominant_color": f"#{rng.randrange(1 << 24):06X}",
            "alt_text": alt_text,
            "board_id": self.board_id_of(index),
            "board_section_id": self.section_of(index),
            "board_owner": {"username": OTHER_USERNAME if hidden else self.username},
            "is_owner": self.is_owner(index),
            "is_standard": True,
            "has_been_promoted": False,
            "parent_pin_id": None,
            "pin_metrics": None,
        }
        if not fields["is_owner"]:
            fields["parent_pin_id"] = self.foreign_pin_id(self.parent_foreign_index(index))
        return fields

    # -- other users' pins (the sources of saved pins) --------------------------------

    def foreign_pin_id(self, foreign_index: int) -> str:
        return str(self.foreign_base + foreign_index)

    def foreign_index(self, pin_id: str) -> int | None:
        if not pin_id.isdigit():
            return None
        index = int(pin_id) - self.foreign_base
        return index if 0 <= index < FOREIGN_PINS else None

    def foreign_exists(self, foreign_index: int) -> bool:
        # One source in five has since been deleted by its owner: not every saved pin
        # can come back through the save endpoint.
        return foreign_index % 5 != 0

    def foreign_fields(self, foreign_index: int) -> JsonDict:
        rng = self._rng(8, foreign_index)
        theme = self.foreign_theme(foreign_index)
        return {
            "id": self.foreign_pin_id(foreign_index),
            "created_at": timestamp(EPOCH + timedelta(minutes=foreign_index * 7)),
            "link": f"https://example.org/source/{foreign_index}",
            "title": text.pin_title(theme, rng),
            "description": text.description(theme, rng),
            "dominant_color": f"#{rng.randrange(1 << 24):06X}",
            "alt_text": None,
            "board_id": str(self.board_base + BOARD_ID_STRIDE - 2),
            "board_section_id": None,
            "board_owner": {"username": OTHER_USERNAME},
            "is_owner": False,
            "is_standard": True,
            "has_been_promoted": False,
            "parent_pin_id": None,
            "pin_metrics": None,
        }
