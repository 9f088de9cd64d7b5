"""After a run: one more listing of every board that got pins back (or where a lost pin was
found again), to prove each is there once. A live pin that looks exactly like a restored one (same key and
description, see live.py) and that no archived pin accounts for is reported as a
duplicate. Deleting one is the user's decision, never this run's."""

from __future__ import annotations

from creator_backup.restore.live import LiveAccount, live_key, norm
from creator_backup.restore.plan import Plan

JsonDict = dict[str, object]


def find_duplicates(
    live: LiveAccount, plan: Plan, ids: dict[str, dict[str, str]]
) -> list[JsonDict]:
    pins = ids.get("pin", {})
    restored = {
        pins[item.old_id] for item in plan.items if item.kind == "pin" and item.old_id in pins
    }
    restored |= set(plan.found_pin_boards)
    accounted = set(pins.values())
    boards = {ids["board"].get(item.board_old or "") for item in plan.items if item.kind == "pin"}
    boards |= set(plan.found_pin_boards.values())
    found: list[JsonDict] = []
    for board_id in sorted(b for b in boards if b):
        groups: dict[tuple[object, ...], list[str]] = {}
        titles: dict[tuple[object, ...], str] = {}
        for pin in live.pins(board_id, refresh=True):
            key: tuple[object, ...] = (*live_key(pin), norm(pin.description))
            groups.setdefault(key, []).append(pin.id)
            titles.setdefault(key, pin.title or "")
        for key, members in groups.items():
            if len(members) > 1 and restored & set(members) and set(members) - accounted:
                found.append({"board_id": board_id, "title": titles[key], "ids": sorted(members)})
    return found
