"""Changes to the sandbox account: what the API's writes and the test controls do.

Each function takes the store's lock; callers hold no lock of their own.
"""

from __future__ import annotations

import hashlib
from typing import Any

from creator_backup.sandbox.generator import (
    BOARD_ID_STRIDE,
    PIN_ID_STRIDE,
    SECTION_ID_STRIDE,
    JsonDict,
)
from creator_backup.sandbox.media import VARIANTS
from creator_backup.sandbox.store import (
    ALL_VISIBLE,
    EDITABLE_PIN_FIELDS,
    SandboxStore,
    timestamp_now,
)


class ChangeError(Exception):
    """A refused change, carried to the client as Pinterest's {code, message}."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


# -- moderation (test controls) --------------------------------------------------------


def remove_pin(store: SandboxStore, pin_id: str) -> None:
    with store.lock:
        pin = store.pin_json(pin_id, ALL_VISIBLE)
        if pin is None:
            raise ChangeError(404, 50, "Pin not found.")
        store.mod_removed.add(pin_id)
        _moderated(store, pin["board_id"], 1)


def _moderated(store: SandboxStore, board_id: str, pins: int) -> None:
    """Books a moderation removal of `pins` pins from the board.

    In realism mode the board's pin_count and board_pins_modified_at stay as they were:
    nothing documents that Pinterest updates them when moderation removes content, so a
    client must not rely on them to notice a loss.
    """
    if store.realism is None:
        store._changed(board_id)
        return
    store.uncounted_removals[board_id] = store.uncounted_removals.get(board_id, 0) + pins
    store._changed()


def remove_board(store: SandboxStore, board_id: str) -> None:
    with store.lock:
        if not store.board_alive(board_id):
            raise ChangeError(404, 40, "Board not found.")
        store.mod_removed.add(board_id)
        store._changed(board_id)


def remove_section(store: SandboxStore, board_id: str, section_id: str) -> None:
    with store.lock:
        if store.section_board(section_id) != board_id or not store.section_alive(section_id):
            raise ChangeError(404, 2031, "Sorry, we couldn't find this board section.")
        pins = sum(1 for _ in store._iter_pins(board_id, section_id, None))
        store.mod_removed.add(section_id)
        _moderated(store, board_id, pins)


def edit_pin(store: SandboxStore, pin_id: str, fields: dict[str, Any]) -> JsonDict:
    with store.lock:
        pin = store.pin_json(pin_id, ALL_VISIBLE)
        if pin is None:
            raise ChangeError(404, 50, "Pin not found.")
        unknown = sorted(set(fields) - set(EDITABLE_PIN_FIELDS))
        if unknown:
            raise ChangeError(400, 1, f"Fields that cannot be edited: {', '.join(unknown)}.")
        moves = "board_id" in fields or "board_section_id" in fields
        target_board = fields.get("board_id", pin["board_id"])
        # A pin moved to another board without a section named leaves its old section.
        kept_section = pin["board_section_id"] if target_board == pin["board_id"] else None
        target_section = fields.get("board_section_id", kept_section)
        if moves:
            if not isinstance(target_board, str) or not store.board_alive(target_board):
                raise ChangeError(404, 40, "Board not found.")
            if target_section is not None and store.section_board(target_section) != target_board:
                raise ChangeError(404, 2031, "Sorry, we couldn't find this board section.")
            if "board_section_id" not in fields and target_board != pin["board_id"]:
                fields = {**fields, "board_section_id": None}
        if pin_id in store.created_pins:
            store.created_pins[pin_id].update(fields)
        else:
            store.overrides.setdefault(pin_id, {}).update(fields)
        if moves and (target_board, target_section) != (pin["board_id"], pin["board_section_id"]):
            store._push_top(pin_id)
            store._changed(pin["board_id"])
        store._changed(target_board)
        result = store.pin_json(pin_id, ALL_VISIBLE)
        assert result is not None
        return result


def suspend(store: SandboxStore) -> None:
    with store.lock:
        store.suspended = True
        store._changed()


def reinstate(store: SandboxStore, restore_content: bool) -> None:
    with store.lock:
        store.suspended = False
        if restore_content:
            store.mod_removed.clear()
            store.uncounted_removals.clear()  # what the counters kept counting is back
        store._changed()


# -- the API's writes ---------------------------------------------------------------------


def delete_pin(store: SandboxStore, pin_id: str) -> None:
    with store.lock:
        pin = store.pin_json(pin_id, ALL_VISIBLE)
        if pin is None or (
            not pin["is_owner"] and pin["board_owner"]["username"] != (store.gen.username)
        ):
            raise ChangeError(404, 50, "Pin not found.")
        store.deleted.add(pin_id)
        store._changed(pin["board_id"])


def delete_board(store: SandboxStore, board_id: str) -> None:
    with store.lock:
        if not store.board_alive(board_id):
            raise ChangeError(404, 40, "Board not found.")
        store.deleted.add(board_id)
        store._changed(board_id)


def delete_section(store: SandboxStore, board_id: str, section_id: str) -> None:
    with store.lock:
        if store.section_board(section_id) != board_id or not store.section_alive(section_id):
            raise ChangeError(404, 2031, "Sorry, we couldn't find this board section.")
        store.deleted.add(section_id)
        store._changed(board_id)


def create_board(
    store: SandboxStore,
    name: str,
    description: str | None,
    privacy: str,
    is_ads_only: bool = False,
) -> JsonDict:
    with store.lock:
        taken = {store.board_json(bid)["name"].casefold() for bid in store.board_ids()}
        if not name.strip() or len(name) > 180 or name.casefold() in taken:
            raise ChangeError(400, 58, "The board name is invalid or duplicated.")
        board_id = store.new_id(store.gen.board_base + BOARD_ID_STRIDE // 2)
        store.created_boards[board_id] = {
            "id": board_id,
            "name": name,
            "description": description,
            "privacy": privacy,
            "owner": {"username": store.gen.username},
            "created_at": timestamp_now(store.clock),
            "follower_count": 0,
            "collaborator_count": 0,
            "is_ads_only": is_ads_only,
        }
        store._changed(board_id)
        return store.board_json(board_id)


def create_section(store: SandboxStore, board_id: str, name: str) -> JsonDict:
    with store.lock:
        if not store.board_alive(board_id):
            raise ChangeError(404, 40, "Board not found.")
        if not 1 <= len(name) <= 180:
            raise ChangeError(400, 1, "Invalid board section parameters.")
        if any(existing == name for _, existing in store.sections_of(board_id)):
            raise ChangeError(400, 1, "A section with this name already exists on the board.")
        section_id = store.new_id(store.gen.section_base + SECTION_ID_STRIDE * 9 // 10)
        store.created_sections[section_id] = (board_id, name)
        store._changed(board_id)
        return {"id": section_id, "name": name}


def create_pin(
    store: SandboxStore,
    fields: JsonDict,
    media: JsonDict,
    parent_pin_id: str | None = None,
    is_owner: bool = True,
) -> JsonDict:
    with store.lock:
        board_id = fields.get("board_id")
        if not isinstance(board_id, str) or not store.board_alive(board_id):
            raise ChangeError(404, 40, "Board not found.")
        section_id = fields.get("board_section_id")
        if section_id is not None and (
            store.section_board(section_id) != board_id or not store.section_alive(section_id)
        ):
            raise ChangeError(404, 2031, "Sorry, we couldn't find this board section.")
        pin_id = store.new_id(store.gen.pin_base + PIN_ID_STRIDE // 2)
        creative = {"video": "VIDEO", "multiple_images": "CAROUSEL"}
        pin: JsonDict = {
            "id": pin_id,
            "created_at": timestamp_now(store.clock),
            "link": fields.get("link"),
            "title": fields.get("title"),
            "description": fields.get("description"),
            "dominant_color": fields.get("dominant_color"),
            "alt_text": fields.get("alt_text"),
            "board_id": board_id,
            "board_section_id": section_id,
            "board_owner": {"username": store.gen.username},
            "is_owner": is_owner,
            "is_standard": True,
            "has_been_promoted": False,
            "parent_pin_id": parent_pin_id,
            "pin_metrics": None,
            "creative_type": creative.get(media["media_type"], "REGULAR"),
            "media": media,
        }
        store.created_pins[pin_id] = pin
        store._push_top(pin_id)
        store._changed(board_id)
        return dict(pin)


def uploaded_image_media(store: SandboxStore, number: int) -> JsonDict:
    return {"media_type": "image", "images": store.images_json(number, False)}


# -- the whole state, for tests and the demo ----------------------------------------------


def state_json(store: SandboxStore, include_pins: bool, include_media: bool) -> JsonDict:
    with store.lock:
        account = account_json(store)
        boards = [store.board_json(board_id) for board_id in store.board_ids()]
        sections = [
            {"id": sid, "name": name, "board_id": board["id"]}
            for board in boards
            for sid, name in store.sections_of(board["id"])
        ]
        pins: list[JsonDict] = []
        if include_pins:
            for _, pin_id in store._iter_pins(None, None, None):
                pin = store.pin_json(pin_id, ALL_VISIBLE)
                if pin is not None:
                    if include_media:
                        pin.update(media_hashes(store, pin["media"]))
                    pins.append(pin)
        return {"account": account, "boards": boards, "sections": sections, "pins": pins}


# Sizes from smallest to largest: when width is null (realism), only the key ranks them.
SIZE_ORDER = ("150x150", "400x300", "600x", "1200x", "originals")


def largest_variant(images: JsonDict) -> str:
    return sorted_variants(images)[0]


def sorted_variants(images: JsonDict) -> list[str]:
    """The size keys, largest first: by width, then by the key's place in SIZE_ORDER."""

    def rank(key: str) -> tuple[int, int]:
        order = SIZE_ORDER.index(key) if key in SIZE_ORDER else -1
        return images[key].get("width") or 0, order

    return sorted(images, key=rank, reverse=True)


def media_hashes(store: SandboxStore, media: JsonDict) -> JsonDict:
    """sha256 of the largest image the media host serves for the pin, of each carousel
    item, and of its video (for an HLS video: its best variant's segments joined).

    A carousel's video item counts its cover image in media_items_sha256, and its video
    in media_items_video_sha256 (null when its video_url is).
    """

    def sha_of(url: str) -> str | None:
        parsed = store.urls.parse(url.removeprefix(store.urls.base))
        if parsed is None:
            return None
        if store.realism is not None and store.realism.refusal(parsed[0], parsed[1]):
            return None  # a size the media host refuses (realism)
        assert parsed[2] in VARIANTS
        return store.media_sha256(parsed[1], parsed[2])

    def largest_sha(images: JsonDict) -> str:
        served = (sha_of(images[variant]["url"]) for variant in sorted_variants(images))
        found = next((sha for sha in served if sha is not None), None)
        assert found is not None
        return found

    result: JsonDict = {}
    if media["media_type"].startswith("multiple_"):
        items = [
            largest_sha(item["images"]) if "images" in item else sha_of(item["cover_image_url"])
            for item in media["items"]
        ]
        result["media_sha256"] = items[0]
        result["media_items_sha256"] = items
        if any(item.get("item_type") == "video" for item in media["items"]):
            result["media_items_video_sha256"] = [
                _video_sha(store, item.get("video_url")) for item in media["items"]
            ]
    else:
        result["media_sha256"] = largest_sha(media["images"])
    video_sha = _video_sha(store, media.get("video_url"))
    if video_sha is not None:
        result["video_sha256"] = video_sha
    return result


def _video_sha(store: SandboxStore, url: str | None) -> str | None:
    parsed = store.urls.parse(url.removeprefix(store.urls.base)) if url else None
    if parsed is None:
        return None
    if parsed[0] == "hls":
        video = store.realism.hls_video(parsed[1]) if store.realism else None
        data = video.assembled() if video is not None else b""
    else:
        data = store.media_bytes("video", parsed[1], parsed[2]) or b""
    return hashlib.sha256(data).hexdigest()


def account_json(store: SandboxStore) -> JsonDict:
    counts = store.pin_counts()
    account = {
        "account_type": "BUSINESS",
        "id": store.gen.account_id,
        "username": store.gen.username,
        "profile_image": store.urls.image(0, "150x150") if store.gen.n_pins else "",
        "website_url": "https://example.com",
        "about": "Maker of things. Sandbox account for creator_backup.",
        "business_name": None,
        "board_count": len(store.board_ids()),
        "pin_count": counts.get("", 0),
        "follower_count": 1234,
        "following_count": 321,
        "monthly_views": 45678,
    }
    return store.realism.account(account) if store.realism is not None else account
