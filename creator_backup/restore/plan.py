"""The plan: the chosen snapshot against the live account. What is missing, how each missing
thing would come back, what is cut to the API's limits, what cannot come back and why, and
how many bytes and writes that takes.

An object counts as present when (in this order) its own id is still live, the journal's
old-to-new map points at a live object, or a live object matches its key (see live.py).
Items the journal left in doubt (sent, answer never seen) are matched before any other, and
the plan is made from complete listings, so nothing in doubt is ever sent again unlisted.
Planning only reads: the dry run and the real run share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import ApiError, BadRequest, MissingScope, NotFound
from creator_backup.archive.store import Snapshot
from creator_backup.restore.journal import Entry, item_key
from creator_backup.restore.live import LiveAccount, PinKey, PinWanted, wanted_pin
from creator_backup.restore.pacing import WritePacer
from creator_backup.restore.recipes import (
    Method,
    PinRecipe,
    Truncation,
    Unrestorable,
    board_fields,
    recipe_for,
    section_fields,
)
from creator_backup.restore.source import SnapshotContent, SourcePin

JsonDict = dict[str, object]
KINDS = ("board", "section", "pin")


@dataclass
class PlanItem:
    kind: str  # board, section, pin
    old_id: str
    title: str  # for people: the name or title as archived
    board_old: str | None = None  # a section's or pin's board, as in the snapshot
    section_old: str | None = None
    name: str = ""  # a board's or section's name as it will be sent
    description: str | None = None
    privacy: str = "PUBLIC"
    ads_only: bool = False
    recipe: PinRecipe | None = None
    truncations: tuple[Truncation, ...] = ()
    in_doubt: bool = False

    @property
    def key(self) -> str:
        return item_key(self.kind, self.old_id)

    @property
    def writes(self) -> int:
        return self.recipe.writes if self.recipe else 1

    @property
    def upload_bytes(self) -> int:
        return self.recipe.upload_bytes if self.recipe else 0

    @property
    def method(self) -> str:
        return str(self.recipe.method) if self.recipe else "create"

    def to_json(self) -> JsonDict:
        body: JsonDict = {
            "kind": self.kind,
            "id": self.old_id,
            "title": self.title,
            "board_id": self.board_old,
            "section_id": self.section_old,
            "method": self.method,
            "upload_bytes": self.upload_bytes,
            "in_doubt": self.in_doubt,
        }
        if self.recipe and self.recipe.notes:
            body["notes"] = list(self.recipe.notes)
        return body


@dataclass(frozen=True)
class Unavailable:
    """An archived object that cannot come back, and why."""

    kind: str
    id: str
    title: str
    reason: str

    def to_json(self) -> JsonDict:
        return {"kind": self.kind, "id": self.id, "title": self.title, "reason": self.reason}


@dataclass
class Plan:
    snapshot: Snapshot
    items: list[PlanItem] = field(default_factory=list)  # boards, then sections, then pins
    present: dict[str, dict[str, str]] = field(default_factory=lambda: {k: {} for k in KINDS})
    found: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, old, live)
    found_pin_boards: dict[str, str] = field(default_factory=dict)  # live pin -> live board
    cannot: list[Unavailable] = field(default_factory=list)
    writes_per_min: int = 100
    seconds_per_write: float = 0.6

    def count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)

    def counts(self) -> dict[str, int]:
        return {f"{k}s": self.count(k) for k in KINDS}

    def present_counts(self) -> dict[str, int]:
        return {f"{k}s": len(self.present[k]) for k in KINDS}

    @property
    def truncations(self) -> list[Truncation]:
        return [cut for item in self.items for cut in item.truncations]

    @property
    def writes(self) -> int:
        return sum(item.writes for item in self.items)

    @property
    def upload_bytes(self) -> int:
        return sum(item.upload_bytes for item in self.items)

    @property
    def estimated_seconds(self) -> float:
        return round(self.writes * self.seconds_per_write, 1)

    def methods(self) -> dict[str, int]:
        tally: dict[str, int] = {}
        for item in self.items:
            if item.kind == "pin":
                tally[item.method] = tally.get(item.method, 0) + 1
        return tally

    def to_json(self) -> JsonDict:
        return {
            "snapshot": self.snapshot.id,
            "methods": self.methods(),
            "truncated": [cut.to_json() for cut in self.truncations],
            "cannot_restore": [u.to_json() for u in self.cannot],
            "upload_bytes": self.upload_bytes,
            "writes": self.writes,
            "writes_per_min": self.writes_per_min,
            "estimated_seconds": self.estimated_seconds,
            "items": [item.to_json() for item in self.items],
        }


def refused_to_say(error: ApiError) -> bool:
    """A 4xx that is about this one object (no permission to see it, a bad request), not
    about the account or the connection: those end the run instead."""
    return type(error) in (ApiError, MissingScope, BadRequest) and (
        error.status is not None and 400 <= error.status < 500 and error.status != 429
    )


class Planner:
    def __init__(
        self,
        client: PinterestClient,
        live: LiveAccount,
        content: SnapshotContent,
        journal: dict[str, Entry],
        pacer: WritePacer,
    ) -> None:
        self.client = client
        self.live = live
        self.content = content
        self.journal = journal
        self.plan = Plan(
            content.snapshot,
            writes_per_min=round(60 / pacer.interval),
            seconds_per_write=pacer.seconds_per_write,
        )
        self._board_ids = {b.id for b in content.boards}

    def _mapped(self, kind: str, old_id: str) -> str | None:
        entry = self.journal.get(item_key(kind, old_id))
        return entry.new_id if entry is not None and entry.state == "done" else None

    def _in_doubt(self, kind: str, old_id: str) -> bool:
        entry = self.journal.get(item_key(kind, old_id))
        return entry is not None and entry.in_doubt

    def _present(self, kind: str, old_id: str, live_id: str, found: bool) -> None:
        self.plan.present[kind][old_id] = live_id
        self.live.claim(kind, live_id)
        if found:
            self.plan.found.append((kind, old_id, live_id))

    def build(self) -> Plan:
        self.live.list_boards()
        self._boards()
        self._sections()
        self._pins()
        return self.plan

    def _boards(self) -> None:
        boards = self.content.boards
        for board in boards:
            mapped = self._mapped("board", board.id)
            if board.id in self.live.boards:
                self._present("board", board.id, board.id, found=False)
            elif mapped in self.live.boards and mapped is not None:
                self._present("board", board.id, mapped, found=False)
        for board in boards:
            if board.id in self.plan.present["board"]:
                continue
            name, description, cuts = board_fields(board)
            match = self.live.board_named(name)
            if match is not None:
                self._present("board", board.id, match, found=True)
                continue
            self.plan.items.append(
                PlanItem(
                    "board",
                    board.id,
                    board.name,
                    name=name,
                    description=description,
                    privacy=board.privacy,
                    ads_only=board.is_ads_only,
                    truncations=cuts,
                    in_doubt=self._in_doubt("board", board.id),
                )
            )

    def _sections(self) -> None:
        pending = []
        for section in self.content.sections:
            board = self.plan.present["board"].get(section.board_id)
            if board is not None:
                live = {s.id for s in self.live.sections(board)}
                mapped = self._mapped("section", section.id)
                if section.id in live:
                    self._present("section", section.id, section.id, found=False)
                    continue
                if mapped is not None and mapped in live:
                    self._present("section", section.id, mapped, found=False)
                    continue
            pending.append((section, board))
        pending.sort(key=lambda pair: not self._in_doubt("section", pair[0].id))
        missing = []
        for section, board in pending:
            name, cuts = section_fields(section)
            match = self.live.section_named(board, name) if board is not None else None
            if match is not None:
                self._present("section", section.id, match, found=True)
            else:
                missing.append((section, name, cuts))
        order = {s.id: n for n, s in enumerate(self.content.sections)}
        for section, name, cuts in sorted(missing, key=lambda m: order[m[0].id]):
            self.plan.items.append(
                PlanItem(
                    "section",
                    section.id,
                    section.name,
                    board_old=section.board_id,
                    name=name,
                    truncations=cuts,
                    in_doubt=self._in_doubt("section", section.id),
                )
            )

    def _still_live(self, pin: SourcePin) -> bool | None:
        """For a pin not on its board's listing, while that board is live (or off every
        archived board): does the pin live on elsewhere? None when Pinterest won't say."""
        try:
            self.client.get_pin(pin.id)
        except NotFound:
            return False
        except ApiError as exc:
            if refused_to_say(exc):
                return None
            raise
        return True

    def _pins(self) -> None:
        present = self.plan.present
        pending: list[tuple[SourcePin, str | None]] = []
        for pin in self.content.pins:
            board = present["board"].get(pin.board_id or "")
            mapped = self._mapped("pin", pin.id)
            if board is not None:
                ids = self.live.pin_ids(board)
                if pin.id in ids:
                    self._present("pin", pin.id, pin.id, found=False)
                    continue
                if mapped is not None and mapped in ids:
                    self._present("pin", pin.id, mapped, found=False)
                    continue
            if pin.board_id not in self._board_ids or board == pin.board_id:
                alive = self._still_live(pin)
                if alive is None:
                    self._cannot(pin, "Pinterest would not say whether it still exists")
                    continue
                if alive:
                    self._present("pin", pin.id, pin.id, found=False)
                    continue
            if pin.board_id not in self._board_ids:
                self._cannot(pin, "it was on a board this account does not own")
                continue
            pending.append((pin, board))
        # Pins in doubt claim their matches first: they are the likeliest creators.
        pending.sort(key=lambda pair: not self._in_doubt("pin", pair[0].id))
        recipes: dict[str, PinRecipe] = {}
        groups: dict[tuple[str, PinKey], list[tuple[SourcePin, PinWanted]]] = {}
        for pin, board in pending:
            recipe = recipe_for(pin)
            if isinstance(recipe, Unrestorable):
                self._cannot(pin, recipe.reason)
                continue
            recipes[pin.id] = recipe
            section = present["section"].get(pin.section_id or "")
            if board is not None and (pin.section_id is None or section is not None):
                wanted = wanted_pin(recipe, section)
                groups.setdefault((board, wanted.key), []).append((pin, wanted))
        for (board, _), members in groups.items():
            matches = self.live.match_pins(board, [w for _, w in members])
            for (pin, _), match in zip(members, matches, strict=True):
                if match is not None:
                    self._present("pin", pin.id, match, found=True)
                    self.plan.found_pin_boards[match] = board
                    del recipes[pin.id]
        missing: set[str] = set()
        for pin, _ in pending:
            kept = recipes.get(pin.id)
            if kept is None:
                continue
            if kept.method == Method.SAVE and not self._source_exists(kept):
                self._cannot(pin, "the pin it was saved from no longer exists")
                continue
            missing.add(pin.id)
        for pin in self.content.pins:  # back in creation order
            if pin.id in missing:
                self.plan.items.append(
                    PlanItem(
                        "pin",
                        pin.id,
                        pin.pin.title or "",
                        board_old=pin.board_id,
                        section_old=pin.section_id,
                        recipe=recipes[pin.id],
                        truncations=recipes[pin.id].truncations,
                        in_doubt=self._in_doubt("pin", pin.id),
                    )
                )

    def _source_exists(self, recipe: PinRecipe) -> bool:
        """A saved pin comes back only if its source does; when Pinterest will not show
        the source (not everyone's pins are readable), the save endpoint decides."""
        assert recipe.parent_pin_id is not None
        try:
            self.client.get_pin(recipe.parent_pin_id)
        except NotFound:
            return False
        except ApiError as exc:
            if refused_to_say(exc):
                return True
            raise
        return True

    def _cannot(self, pin: SourcePin, reason: str) -> None:
        self.plan.cannot.append(Unavailable("pin", pin.id, pin.pin.title or "", reason))
