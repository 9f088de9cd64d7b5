"""The destination as it is now: boards, sections and pins listed from Pinterest, and the
matching that finds an object restore would otherwise create a second time.

Matching keys (reliability notes, section 4.3):
- a board by its name (Pinterest keeps board names unique per account, case-insensitively);
- a section by its board and name;
- a saved pin by its board section and the pin it was saved from (`parent_pin_id`);
- an own pin by its board section, title, link and kind of media (image, carousel with its
  slide count, video). When several live pins share that key, the description decides, then
  the media: the candidate's largest image is downloaded and its sha256 compared with the
  archived file that was uploaded. The hash is only a tie-breaker, not part of the key:
  Pinterest re-encodes what it is sent, so on the real service the hash of a created pin's
  image never equals the uploaded file's, while title and link come back as sent. (The
  sandbox serves uploads byte for byte, so there the tie-break is exact.)

Each live object is claimed by at most one archived object, so two archived pins that look
alike never both count one live pin as theirs.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

import requests

from creator_backup.api.client import PinterestClient
from creator_backup.api.models import Board, BoardSection, Pin, largest
from creator_backup.appinfo import VERSION
from creator_backup.restore.recipes import Method, PinRecipe

log = logging.getLogger(__name__)
MAX_TIE_BREAK_BYTES = 64 * 1024 * 1024

PinKey = tuple[str, ...]


def norm(value: str | None) -> str:
    """Whitespace runs as one space, no ends: how a field may come back from Pinterest."""
    return " ".join(value.split()) if value else ""


def recipe_key(recipe: PinRecipe, section_id: str | None) -> PinKey:
    if recipe.method == Method.SAVE:
        return ("saved", section_id or "", recipe.parent_pin_id or "")
    text = recipe.text
    return (
        "own",
        section_id or "",
        norm(text.get("title")),
        norm(text.get("link")),
        recipe.media_kind,
    )


def live_key(pin: Pin) -> PinKey:
    if pin.parent_pin_id:
        return ("saved", pin.board_section_id or "", pin.parent_pin_id)
    media = pin.media
    kind = {"image": "image", "video": "video"}.get(media.media_type, media.media_type)
    if media.media_type == "multiple_images":
        kind = f"carousel:{len(media.items)}"
    return ("own", pin.board_section_id or "", norm(pin.title), norm(pin.link), kind)


def fetch_sha256(url: str) -> str | None:
    """The sha256 of what `url` serves (no token: media hosts are another origin)."""
    if not url.startswith(("https://", "http://")):
        return None
    digest = hashlib.sha256()
    size = 0
    try:
        with requests.get(
            url,
            timeout=(5.0, 30.0),
            stream=True,
            headers={"User-Agent": f"creator_backup/{VERSION}", "Accept-Encoding": "identity"},
        ) as response:
            if response.status_code != 200:
                return None
            for chunk in response.iter_content(256 * 1024):
                size += len(chunk)
                if size > MAX_TIE_BREAK_BYTES:
                    return None
                digest.update(chunk)
    except requests.RequestException:
        return None
    return digest.hexdigest()


def first_image_url(pin: Pin) -> str | None:
    media = pin.media
    images = media.images or (media.items[0].images if media.items else ())
    best = largest(images)
    return best.url if best else None


@dataclass
class PinWanted:
    """What an archived pin would look like on its destination board."""

    key: PinKey
    description: str
    sha256: str | None


class LiveAccount:
    def __init__(
        self, client: PinterestClient, hasher: Callable[[str], str | None] = fetch_sha256
    ) -> None:
        self.client = client
        self.hasher = hasher
        self.boards: dict[str, Board] = {}
        self._sections: dict[str, list[BoardSection]] = {}
        self._pins: dict[str, list[Pin]] = {}
        self._ids: dict[str, set[str]] = {}  # board -> its pins' ids
        self._by_key: dict[str, dict[PinKey, list[Pin]]] = {}  # board -> key -> pins
        self._claimed: set[tuple[str, str]] = set()
        self._hashes: dict[str, str | None] = {}

    # -- listings ------------------------------------------------------------------------

    def list_boards(self) -> None:
        self.boards = {board.id: board for board in self.client.iter_boards()}

    def sections(self, board_id: str, refresh: bool = False) -> list[BoardSection]:
        if refresh or board_id not in self._sections:
            self._sections[board_id] = list(self.client.iter_sections(board_id))
        return self._sections[board_id]

    def pins(self, board_id: str, refresh: bool = False) -> list[Pin]:
        if refresh or board_id not in self._pins:
            self._set_pins(board_id, list(self.client.iter_board_pins(board_id)))
        return self._pins[board_id]

    def _set_pins(self, board_id: str, pins: list[Pin]) -> None:
        self._pins[board_id] = pins
        self._ids[board_id] = {pin.id for pin in pins}
        index: dict[PinKey, list[Pin]] = {}
        for pin in pins:
            index.setdefault(live_key(pin), []).append(pin)
        self._by_key[board_id] = index

    def pin_ids(self, board_id: str) -> set[str]:
        self.pins(board_id)
        return self._ids[board_id]

    # -- what restore itself adds ---------------------------------------------------------

    def add_board(self, board: Board) -> None:
        self.boards[board.id] = board
        self._sections[board.id] = []
        self._set_pins(board.id, [])
        self.claim("board", board.id)

    def add_section(self, section: BoardSection) -> None:
        if section.board_id in self._sections:  # else the next look lists the board
            self._sections[section.board_id].append(section)
        self.claim("section", section.id)

    # -- matching --------------------------------------------------------------------------

    def claim(self, kind: str, object_id: str) -> None:
        self._claimed.add((kind, object_id))

    def claimed(self, kind: str, object_id: str) -> bool:
        return (kind, object_id) in self._claimed

    def board_named(self, name: str) -> str | None:
        wanted = norm(name).casefold()
        for board in self.boards.values():
            if norm(board.name).casefold() == wanted and not self.claimed("board", board.id):
                return board.id
        return None

    def section_named(self, board_id: str, name: str) -> str | None:
        wanted = norm(name)
        for section in self.sections(board_id):
            if norm(section.name) == wanted and not self.claimed("section", section.id):
                return section.id
        return None

    def matching_pin(self, board_id: str, wanted: PinWanted) -> str | None:
        return self.match_pins(board_id, [wanted])[0]

    def match_pins(self, board_id: str, wanted: list[PinWanted]) -> list[str | None]:
        """For archived pins that share one key on one board, the unclaimed live pin each
        one is (None: not there), each live pin given at most once. Only when more than one
        pairing is possible do description and image decide: pairs that agree on both go
        first, then on the image, then on the description, then in order."""
        key = wanted[0].key
        assert all(w.key == key for w in wanted)
        self.pins(board_id)
        candidates = [
            pin for pin in self._by_key[board_id].get(key, []) if not self.claimed("pin", pin.id)
        ]
        result: list[str | None] = [None] * len(wanted)
        if not candidates:
            return result
        ambiguous = len(candidates) > 1 or len(wanted) > 1

        def score(w: PinWanted, pin: Pin) -> int:
            if not ambiguous:
                return 0
            same_text = norm(pin.description) == w.description
            same_image = w.sha256 is not None and self._sha_of(pin) == w.sha256
            return 2 * same_image + same_text

        pairs = sorted(
            (
                (score(w, pin), i, j)
                for i, w in enumerate(wanted)
                for j, pin in enumerate(candidates)
            ),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        taken: set[int] = set()
        for _, i, j in pairs:
            if result[i] is None and j not in taken:
                result[i] = candidates[j].id
                taken.add(j)
                self.claim("pin", candidates[j].id)
        return result

    def _sha_of(self, pin: Pin) -> str | None:
        if pin.id not in self._hashes:
            url = first_image_url(pin)
            self._hashes[pin.id] = self.hasher(url) if url else None
        return self._hashes[pin.id]


def wanted_pin(recipe: PinRecipe, section_id: str | None) -> PinWanted:
    return PinWanted(
        recipe_key(recipe, section_id),
        norm(recipe.text.get("description")),
        recipe.first_image_sha256,
    )
