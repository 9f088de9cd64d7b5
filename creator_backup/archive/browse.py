"""Read-only queries for the Browse page: boards, sections, pins page by page, and one
pin's whole story (its latest JSON, its files, every version it had, the probes).

Everything ever archived is shown, missing objects included: a removed pin is what the
user most wants to see. An object's "latest version" is the one of its current sighting
(objects.current_sighting, which `Archive.record` moves to every newly seen version).

Pinterest's text is data, never a path: the only path this module builds is through
`media_file`, and only from the app's own relative paths in the media table.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import NamedTuple

from creator_backup.archive.media_store import MEDIA_DIR
from creator_backup.archive.provenance import DATA_EXPORT
from creator_backup.archive.records import JsonDict
from creator_backup.archive.restored import restored_ids
from creator_backup.archive.schema import PIN_TEXT
from creator_backup.archive.store import Archive

__all__ = [
    "PAGE_SIZE",
    "ArchiveBrowser",
    "BoardCheck",
    "BoardRow",
    "MediaFile",
    "PinDetail",
    "PinRow",
    "Probe",
    "SectionRow",
    "VersionSpan",
    "picture_size",
]

PAGE_SIZE = 200  # rows a listing returns at once: the window's pages of pins
# A media_urls row not written yet: the file was never fetched (a run without media).
NOT_FETCHED = "pending"


# -- what the page shows ---------------------------------------------------------------


@dataclass(frozen=True)
class BoardCheck:
    """A board the latest complete snapshot did not list (a quick backup left it out, or
    Pinterest refused it): what the archive holds of its sections and pins dates from its
    last listing, so it is "not checked since" then, never "unchanged"."""

    snapshot: int  # the latest complete snapshot, which did not list it
    state: str  # carried, refused, not_reached
    detail: str | None  # Pinterest's words (JSON) when it refused; why a quick run carried
    last_checked: str | None  # when the last snapshot that listed it began (UTC); None: never


@dataclass(frozen=True)
class BoardRow:
    id: str
    name: str
    privacy: str | None
    pins: int  # archived pins whose latest version is placed on this board
    sections: int
    missing_since: int | None  # snapshot id
    description: str | None
    unchecked: BoardCheck | None = None  # not listed by the latest complete snapshot
    # The board's cover: the picture of its newest pin with a stored image (Pinterest's
    # own cover URL is not archived). Relative to the archive root, like PinRow's.
    cover_path: str | None = None
    cover_type: str | None = None


@dataclass(frozen=True)
class SectionRow:
    id: str
    board_id: str
    name: str
    pins: int
    missing_since: int | None


@dataclass(frozen=True)
class PinRow:
    id: str
    title: str | None
    description: str | None
    board_id: str | None
    section_id: str | None
    created_at: str | None
    missing_since: int | None
    media_path: str | None  # relative to the archive root; open it with media_file()
    content_type: str | None
    # The picture's size as Pinterest gave it (its largest image): the grid lays a pin out
    # at its real aspect ratio before the thumbnail is decoded. None when not given.
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class MediaFile:
    url: str
    path: str | None  # relative to the archive root; None when not stored
    content_type: str | None
    size: int | None
    status: str  # ok, failed, or pending (never fetched)


@dataclass(frozen=True)
class VersionSpan:
    """One unbroken stretch of snapshots that held the pin as one version. A listing saw
    it from `first_snapshot` to `last_observed`; snapshots after that which did not list
    its board (a quick backup, a refusal) kept it, as last seen, up to `last_snapshot`."""

    version_id: int
    first_snapshot: int
    last_snapshot: int  # the last snapshot holding it: seen there, or kept as last seen
    last_observed: int  # the last snapshot whose listing saw it
    first_seen_at: str  # when first_snapshot began, UTC
    last_seen_at: str  # when last_observed began, UTC
    last_kept_at: str  # when last_snapshot began, UTC
    board_id: str | None
    section_id: str | None
    changed: list[str] = field(default_factory=list)  # top-level keys unlike the span before

    @property
    def kept_unchecked(self) -> bool:
        """Whether snapshots after the last sighting kept it without looking."""
        return self.last_snapshot > self.last_observed


class Probe(NamedTuple):
    probed_at: str
    verdict: str
    http_status: int


@dataclass(frozen=True)
class PinDetail:
    row: PinRow
    raw: JsonDict  # the latest version's JSON as received
    media: list[MediaFile]  # every file of the latest version, in position order
    history: list[VersionSpan]  # oldest first
    first_seen: int
    last_seen: int  # the last snapshot whose listing saw it (objects.last_seen)
    probes: list[Probe]
    first_seen_at: str = ""  # when those snapshots began, UTC
    last_seen_at: str = ""


# -- SQL -------------------------------------------------------------------------------
# Statements are put together from this module's own constants only (hence the S608
# waivers); every value, the user's search text included, goes as a parameter.


def _field(name: str) -> str:
    """A top-level field of a version's JSON, spelled exactly as schema V3's indexes spell
    it: SQLite uses an index on an expression only for that same expression."""
    return f"(CASE WHEN json_valid(v.raw) THEN json_extract(v.raw, '$.{name}') END)"


PIN_ORDER_INDEX = "versions_pin_order"
CREATED_AT = _field("created_at")
TITLE = _field("title")
DESCRIPTION = _field("description")
# Newest first; the id breaks ties, so the order is total and offset paging neither skips
# nor repeats a pin. It is the order of the versions_pin_order index, read forwards.
PIN_ORDER = f"{CREATED_AT} DESC, v.object_id"

# Pin versions that are not their pin's latest. Checking every row against its pin's
# current sighting costs two lookups per pin (80 ms over 100,000); instead, only pins with
# more than one version can have stale ones, and those are few: found once per query, then
# each listing skips them. Read with the stale pins as "WITH {STALE_PINS} ...".
STALE_PINS = """
multi AS (
    SELECT object_id FROM versions WHERE kind = 'pin'
    GROUP BY object_id HAVING count(*) > 1
),
stale AS (
    SELECT old.id FROM multi m
    CROSS JOIN objects o CROSS JOIN sightings s CROSS JOIN versions old
    WHERE o.kind = 'pin' AND o.id = m.object_id AND s.id = o.current_sighting
    AND old.kind = 'pin' AND old.object_id = m.object_id AND old.id != s.version_id
    UNION ALL
    SELECT v.id FROM temp.restored_away r
    CROSS JOIN versions v ON v.kind = 'pin' AND v.object_id = r.id WHERE r.kind = 'pin'
)"""
# The pins a restore has put back, once a backup has seen the copy: the copy stands for
# the pin, so the original is not listed beside it (Browse shows each pin once, and its
# counts are Overview's). Kept per connection in a TEMP table that the listings above
# join (few rows: only what restores put back); see ArchiveBrowser._restored_away.
RESTORED_AWAY = (
    "CREATE TEMP TABLE IF NOT EXISTS restored_away "
    "(kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id))"
)
LATEST_PIN = "v.kind = 'pin' AND v.id NOT IN (SELECT id FROM stale)"
# The same, checked row by row: for a search through pin_text, which reads only the few
# versions whose text may match, two lookups each cost less than finding the stale ones.
LATEST_PIN_BY_ROW = """v.kind = 'pin' AND EXISTS (
    SELECT 1 FROM objects o CROSS JOIN sightings s
    WHERE o.kind = 'pin' AND o.id = v.object_id AND s.id = o.current_sighting
    AND s.version_id = v.id
) AND v.object_id NOT IN (SELECT id FROM temp.restored_away WHERE kind = 'pin')"""
# The pin versions whose title or description has every trigram of the text (schema V7):
# a superset of those containing it, which the text filter then checks one by one. They
# are read first, then their versions by id (CROSS JOIN keeps that order: otherwise
# SQLite reads every pin in the listing's order to check each against them).
TEXT_CANDIDATES = f"{PIN_TEXT} MATCH ?"
TEXT_SOURCE = f"{PIN_TEXT} CROSS JOIN versions v ON v.id = {PIN_TEXT}.rowid"
TRIGRAM = 3  # the shortest text pin_text can find: shorter searches read every pin
# Text in more pin versions than this is searched as before, in the listing's order over
# every pin: its first page comes after a few hundred pins, and checking that many
# candidates one by one (and sorting them) would cost more than that.
TEXT_CANDIDATES_MAX = 5_000
CANDIDATES_PROBE = (
    f"SELECT count(*) FROM (SELECT rowid FROM {PIN_TEXT} WHERE {PIN_TEXT} MATCH ? LIMIT ?)"  # noqa: S608
)

# The objects of one kind with their latest version as `v` (boards, sections: a few hundred).
LATEST = (
    "objects o JOIN sightings s ON s.id = o.current_sighting JOIN versions v ON v.id = s.version_id"
)
# The first stored file of a pin version, in position order: the thumbnail. A carousel
# whose first image failed still shows its second.
PRIMARY_MEDIA = """LEFT JOIN media m ON m.sha256 = (
    SELECT mu.sha256 FROM version_media vm JOIN media_urls mu ON mu.url = vm.url
    WHERE vm.version_id = v.id AND mu.status = 'ok' ORDER BY vm.position LIMIT 1
)"""
PIN_COLUMNS = (
    "v.id AS version_id, v.object_id, v.raw, v.board_id, v.section_id, o.missing_since, "
    "m.path AS media_path, m.content_type"
)

BOARDS = f"""WITH {STALE_PINS},
pins_on AS (
    SELECT v.board_id, count(*) AS n FROM versions v WHERE {LATEST_PIN} GROUP BY v.board_id
),
sections_on AS (
    SELECT v.board_id, count(*) AS n FROM {LATEST} WHERE o.kind = 'section'
    GROUP BY v.board_id
)
SELECT o.id, o.missing_since, v.raw, coalesce(p.n, 0) AS pins, coalesce(c.n, 0) AS sections
FROM {LATEST}
LEFT JOIN pins_on p ON p.board_id = o.id
LEFT JOIN sections_on c ON c.board_id = o.id
WHERE o.kind = 'board'
AND o.id NOT IN (SELECT id FROM temp.restored_away WHERE kind = 'board')"""  # noqa: S608

# Driven from the board's section versions (versions_by_board), each kept only when it
# is its section's latest: a section moved away has an old version here.
SECTIONS = f"""WITH {STALE_PINS},
pins_in AS (
    SELECT v.section_id, count(*) AS n FROM versions v
    WHERE {LATEST_PIN} AND v.board_id = ? AND v.section_id IS NOT NULL
    GROUP BY v.section_id
)
SELECT o.id, o.missing_since, v.raw, v.board_id, coalesce(p.n, 0) AS pins
FROM versions v
JOIN objects o ON o.kind = 'section' AND o.id = v.object_id
JOIN sightings s ON s.id = o.current_sighting AND s.version_id = v.id
LEFT JOIN pins_in p ON p.section_id = o.id
WHERE v.kind = 'section' AND v.board_id = ?
AND o.id NOT IN (SELECT id FROM temp.restored_away WHERE kind = 'section')"""  # noqa: S608

PIN_DETAIL = f"""SELECT o.first_seen, o.last_seen,
    (SELECT started_at FROM snapshots WHERE id = o.first_seen) AS first_at,
    (SELECT started_at FROM snapshots WHERE id = o.last_seen) AS last_at, {PIN_COLUMNS}
FROM {LATEST} {PRIMARY_MEDIA}
WHERE o.kind = 'pin' AND o.id = ?"""  # noqa: S608

VERSION_FILES = """SELECT vm.url, mu.status, m.path, m.content_type, m.size
FROM version_media vm
LEFT JOIN media_urls mu ON mu.url = vm.url
LEFT JOIN media m ON m.sha256 = mu.sha256 AND mu.status = 'ok'
WHERE vm.version_id = ? ORDER BY vm.position"""

# A sighting's first snapshot always saw it (a listing made the sighting); with no
# last_observed recorded, that is the last one known to have seen it.
HISTORY = """SELECT s.version_id, s.first_snapshot, s.last_snapshot,
    coalesce(s.last_observed, s.first_snapshot) AS observed,
    f.started_at AS first_at, o.started_at AS observed_at, l.started_at AS last_at,
    v.board_id, v.section_id, v.raw
FROM sightings s
JOIN versions v ON v.id = s.version_id
JOIN snapshots f ON f.id = s.first_snapshot
JOIN snapshots o ON o.id = coalesce(s.last_observed, s.first_snapshot)
JOIN snapshots l ON l.id = s.last_snapshot
WHERE s.kind = 'pin' AND s.object_id = ?
ORDER BY s.first_snapshot, s.id"""

# A board's newest pin versions with their first stored file: its cover is the first image
# among them that is its pin's latest version.
COVER_CANDIDATES = f"""SELECT v.id, m.path, m.content_type FROM versions v {PRIMARY_MEDIA}
WHERE v.kind = 'pin' AND v.board_id = ? ORDER BY {PIN_ORDER} LIMIT 24"""  # noqa: S608

STALE_IDS = f"WITH {STALE_PINS} SELECT id FROM stale"  # noqa: S608

# For every snapshot of a backup, how many boards it held without listing them (carried,
# refused, or not reached before the run stopped): as ListingRecords.unchecked_boards
# counts them, for all snapshots at once.
UNCHECKED_COUNTS = """SELECT sn.id, count(DISTINCT s.object_id) AS n
FROM snapshots sn
JOIN sightings s ON s.kind = 'board' AND s.first_snapshot <= sn.id AND s.last_snapshot >= sn.id
LEFT JOIN listings l ON l.snapshot = sn.id AND l.key = 'board:' || s.object_id
WHERE sn.kind != ? AND (l.state IS NULL OR l.state != 'listed')
GROUP BY sn.id"""


@dataclass(frozen=True)
class _Where:
    """Conditions on the pin versions `v`, joined with AND, and their parameters."""

    sql: str
    params: tuple[object, ...]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_can_match(query: str) -> bool:
    # SQLite's LIKE folds the case of ASCII letters only, and reads strings up to a NUL.
    return query.isascii() and "\x00" not in query


def _text_filter(query: str) -> _Where:
    """Title or description contains `query`, case-insensitively. ASCII goes through LIKE,
    which reads the titles straight from the versions_pin_order index; any other text
    through Python's casefold (about three times slower over 100,000 pins)."""
    if _like_can_match(query):
        pattern = f"%{_escape_like(query)}%"
        sql = f"({TITLE} LIKE ? ESCAPE '\\' OR {DESCRIPTION} LIKE ? ESCAPE '\\')"
        return _Where(sql, (pattern, pattern))
    return _Where(f"browse_contains({TITLE}, {DESCRIPTION}, ?)", (query.casefold(),))


def _contains(title: object, description: object, needle: str) -> bool:
    return any(isinstance(t, str) and needle in t.casefold() for t in (title, description))


def _phrase(text: str) -> str:
    """`text` as one FTS5 phrase: quoted, its own quotes doubled (no query syntax)."""
    return '"' + text.replace('"', '""') + '"'


def _uses_text_index(query: str) -> bool:
    """Whether a search for `query` goes through pin_text: text LIKE matches (pin_text
    folds the case of ASCII letters as LIKE does, and more, so it finds a superset) of
    at least one trigram."""
    return len(query) >= TRIGRAM and _like_can_match(query)


def _pin_filter(
    board_id: str | None, section_id: str | None, query: str, text_index: bool = False
) -> _Where:
    """The conditions of a pin listing; `text_index`: pin_text is to find the candidates
    of the text (the archive has it, and the text is in few pins)."""
    if section_id is not None and board_id is None:
        raise ValueError("a section is chosen within its board: give board_id too")
    params: list[object] = []
    if text_index and _uses_text_index(query):
        conditions = [TEXT_CANDIDATES, LATEST_PIN_BY_ROW]
        params.append(_phrase(query))
    else:
        conditions = [LATEST_PIN]
    if board_id is not None:
        conditions.append("v.board_id = ?")
        params.append(board_id)
    if section_id is not None:
        conditions.append("v.section_id = ?")
        params.append(section_id)
    if query:
        text = _text_filter(query)
        conditions.append(text.sql)
        params.extend(text.params)
    return _Where(" AND ".join(conditions), tuple(params))


# -- reading rows ------------------------------------------------------------------------


def _json_object(text: str) -> JsonDict:
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def _text(raw: JsonDict, key: str) -> str | None:
    # Untrusted JSON: a field that should be text and is not is shown as absent.
    value = raw.get(key)
    return value if isinstance(value, str) else None


def _dimension(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def picture_size(raw: JsonDict) -> tuple[int, int] | None:
    """The pin's picture size from its JSON: the largest of media.images (for a carousel,
    its first item's), else media's own width and height (a video). Untrusted: anything
    that is not a positive whole number is no size."""
    media = raw.get("media")
    if not isinstance(media, dict):
        return None
    images = media.get("images")
    items = media.get("items")
    if not isinstance(images, dict) and isinstance(items, list) and items:
        first = items[0]
        images = first.get("images") if isinstance(first, dict) else None
    best: tuple[int, int] | None = None
    for variant in images.values() if isinstance(images, dict) else ():
        if not isinstance(variant, dict):
            continue
        width, height = _dimension(variant.get("width")), _dimension(variant.get("height"))
        if width and height and (best is None or width > best[0]):
            best = (width, height)
    if best is None:
        width, height = _dimension(media.get("width")), _dimension(media.get("height"))
        if width and height:
            best = (width, height)
    return best


def _pin_row(row: sqlite3.Row, raw: JsonDict) -> PinRow:
    size = picture_size(raw)
    return PinRow(
        id=str(row["object_id"]),
        title=_text(raw, "title"),
        description=_text(raw, "description"),
        board_id=row["board_id"],
        section_id=row["section_id"],
        created_at=_text(raw, "created_at"),
        missing_since=row["missing_since"],
        media_path=row["media_path"],
        content_type=row["content_type"],
        width=size[0] if size else None,
        height=size[1] if size else None,
    )


_ABSENT = object()


def _changed_keys(before: JsonDict | None, after: JsonDict) -> list[str]:
    if before is None:
        return []
    keys = before.keys() | after.keys()
    return sorted(k for k in keys if before.get(k, _ABSENT) != after.get(k, _ABSENT))


def _by_name(name: str, object_id: str) -> tuple[str, str]:
    # casefold in Python: SQLite's NOCASE folds ASCII only.
    return (name.casefold(), object_id)


# -- the browser -----------------------------------------------------------------------


class ArchiveBrowser:
    """Read-only views of one archive. Each call is one or a few statements, each reading
    a consistent state even while a backup writes (WAL). Holds no state of its own, so
    it is safe from any thread the archive's connection is."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._conn = archive.conn
        self._media: Path | None = None  # the media folder, resolved (see _media_root)
        self._conn.create_function("browse_contains", 3, _contains, deterministic=True)
        self._restored_away()

    def _restored_away(self) -> None:
        """Fills temp.restored_away with what restores put back whose copies the archive
        holds (the restore journal says which copy stands for which original)."""
        self._conn.execute(RESTORED_AWAY)
        away: list[tuple[str, str]] = []
        for kind, copies in sorted(restored_ids(self.archive.root).items()):
            held = self._conn.execute(
                "SELECT o.id FROM objects o JOIN json_each(?) j ON o.kind = ? AND o.id = j.value",
                (json.dumps(sorted(copies)), kind),
            )
            away += sorted({(kind, copies[str(row[0])]) for row in held})
        kept = sorted(
            (str(r[0]), str(r[1]))
            for r in self._conn.execute("SELECT kind, id FROM temp.restored_away")
        )
        if kept != away:
            with self._conn:
                self._conn.execute("DELETE FROM temp.restored_away")
                self._conn.executemany("INSERT INTO temp.restored_away VALUES (?, ?)", away)

    def boards(self) -> list[BoardRow]:
        """Every board ever archived, missing ones included, by name; those the latest
        complete snapshot did not list say since when they are not checked."""
        checks = self.board_checks()
        rows = []
        stale: set[int] | None = None
        for r in self._conn.execute(BOARDS).fetchall():
            raw = _json_object(r["raw"])
            cover: tuple[str, str] | None = None
            if int(r["pins"]):
                if stale is None:
                    stale = {int(s[0]) for s in self._conn.execute(STALE_IDS)}
                cover = self._cover(str(r["id"]), stale)
            rows.append(
                BoardRow(
                    id=str(r["id"]),
                    name=_text(raw, "name") or "",
                    privacy=_text(raw, "privacy"),
                    pins=int(r["pins"]),
                    sections=int(r["sections"]),
                    missing_since=r["missing_since"],
                    description=_text(raw, "description"),
                    unchecked=checks.get(str(r["id"])),
                    cover_path=cover[0] if cover else None,
                    cover_type=cover[1] if cover else None,
                )
            )
        return sorted(rows, key=lambda b: _by_name(b.name, b.id))

    def _cover(self, board_id: str, stale: set[int]) -> tuple[str, str] | None:
        """The stored image of the board's newest pin that has one, looking at its newest
        pins only (versions_board_order reads them in order, a few per board)."""
        for r in self._conn.execute(COVER_CANDIDATES, (board_id,)):
            if (
                int(r["id"]) not in stale
                and r["path"]
                and str(r["content_type"]).startswith("image/")
            ):
                return str(r["path"]), str(r["content_type"])
        return None

    def board_checks(self, snapshot_id: int | None = None) -> dict[str, BoardCheck]:
        """The boards a snapshot (by default the latest complete backup) holds without
        having listed them, each with when it was last listed."""
        if snapshot_id is None:
            latest = self.archive.last_complete()
            if latest is None:
                return {}
            snapshot_id = latest.id
        unchecked = self.archive.unchecked_boards(snapshot_id)
        if not unchecked:
            return {}
        times = self._snapshot_times()
        return {
            u.board_id: BoardCheck(
                snapshot=snapshot_id,
                state=u.state.value if u.state is not None else "not_reached",
                detail=u.detail,
                last_checked=times.get(u.last_listed) if u.last_listed is not None else None,
            )
            for u in unchecked
        }

    def unchecked_counts(self) -> dict[int, int]:
        """For each backup snapshot that left boards unchecked, how many; a snapshot that
        listed every board it holds (and a data export, which lists none) is absent."""
        return {
            int(r["id"]): int(r["n"]) for r in self._conn.execute(UNCHECKED_COUNTS, (DATA_EXPORT,))
        }

    def sections(self, board_id: str) -> list[SectionRow]:
        """Every section ever archived on this board, missing ones included, by name."""
        rows = [
            SectionRow(
                id=str(r["id"]),
                board_id=str(r["board_id"]),
                name=_text(_json_object(r["raw"]), "name") or "",
                pins=int(r["pins"]),
                missing_since=r["missing_since"],
            )
            for r in self._conn.execute(SECTIONS, (board_id, board_id))
        ]
        return sorted(rows, key=lambda s: _by_name(s.name, s.id))

    def held(self) -> dict[str, int]:
        """How many boards, sections and pins the archive holds, as Browse lists them: every
        one ever archived, gone ones included, each put back by a restore counted once."""
        rows = self._conn.execute(
            "SELECT kind, count(*) - (SELECT count(*) FROM temp.restored_away r "
            "WHERE r.kind = o.kind) FROM objects o "
            "WHERE kind IN ('board', 'section', 'pin') GROUP BY kind"
        )
        return {"board": 0, "section": 0, "pin": 0} | {str(k): int(n) for k, n in rows}

    def count_pins(
        self, board_id: str | None = None, section_id: str | None = None, query: str = ""
    ) -> int:
        """How many pins `pins` would list with these filters, all pages together."""
        if board_id is None and section_id is None and not query:
            # One object per pin, each with exactly one latest version: no join needed.
            return self._count(
                "SELECT (SELECT count(*) FROM objects WHERE kind = 'pin') - "
                "(SELECT count(*) FROM temp.restored_away WHERE kind = 'pin')",
                (),
            )
        where = self._filter(board_id, section_id, query)
        source = self._pin_versions(board_id, where)
        return self._count(
            f"WITH {STALE_PINS} SELECT count(*) FROM {source} WHERE {where.sql}",  # noqa: S608
            where.params,
        )

    def pins(
        self,
        board_id: str | None = None,
        section_id: str | None = None,
        query: str = "",
        offset: int = 0,
        limit: int = PAGE_SIZE,
    ) -> list[PinRow]:
        """One page of pins, newest first (by created_at, then id). No board: every pin.
        `section_id` narrows a board to one section. `query`: title or description
        contains it, case-insensitively, literally (no wildcards)."""
        if offset < 0 or limit < 0:
            raise ValueError("offset and limit must not be negative")
        where = self._filter(board_id, section_id, query)
        # The page's ids come first, from the index alone; only those 200 rows are then
        # read whole. The outer ORDER BY only re-sorts that page.
        sql = f"""WITH {STALE_PINS},
        page AS (
            SELECT v.id FROM {self._pin_versions(board_id, where)} WHERE {where.sql}
            ORDER BY {PIN_ORDER}
            LIMIT ? OFFSET ?
        )
        SELECT {PIN_COLUMNS} FROM page
        CROSS JOIN versions v ON v.id = page.id
        JOIN objects o ON o.kind = 'pin' AND o.id = v.object_id
        {PRIMARY_MEDIA}
        ORDER BY {PIN_ORDER}"""  # noqa: S608
        rows = self._conn.execute(sql, (*where.params, limit, offset))
        return [_pin_row(r, _json_object(r["raw"])) for r in rows]

    def pin_detail(self, pin_id: str) -> PinDetail | None:
        """Everything the archive knows about one pin; None if it never saw it."""
        row = self._conn.execute(PIN_DETAIL, (pin_id,)).fetchone()
        if row is None:
            return None
        raw = _json_object(row["raw"])
        return PinDetail(
            row=_pin_row(row, raw),
            raw=raw,
            media=self._files(int(row["version_id"])),
            history=self._history(pin_id),
            first_seen=int(row["first_seen"]),
            last_seen=int(row["last_seen"]),
            probes=[
                Probe(str(p["probed_at"]), str(p["verdict"]), int(p["http_status"]))
                for p in self.archive.probes("pin", pin_id)
            ],
            first_seen_at=str(row["first_at"] or ""),
            last_seen_at=str(row["last_at"] or ""),
        )

    def media_file(self, relative_path: str) -> Path:
        """The file at `relative_path` under the archive, which must stay inside its media
        folder: ValueError for anything absolute, with "..", or leading (through links)
        elsewhere. The only way this module turns text into a path."""
        parts = PurePosixPath(relative_path).parts
        if (
            "\\" in relative_path
            or "\x00" in relative_path
            or PureWindowsPath(relative_path).drive  # C:x would replace the root on Windows
            or PurePosixPath(relative_path).is_absolute()
            or ".." in parts
            or len(parts) < 2
            or parts[0] != MEDIA_DIR
        ):
            raise ValueError(f"not a path inside the archive's media folder: {relative_path!r}")
        path = self.archive.root / PurePosixPath(*parts)
        if not path.resolve().is_relative_to(self._media_root()):
            raise ValueError(f"leads outside the archive's media folder: {relative_path!r}")
        return path

    # -- pieces --------------------------------------------------------------------------

    def _media_root(self) -> Path:
        # Resolved once per browser: a page of pins checks 200 paths against it.
        if self._media is None:
            self._media = (self.archive.root / MEDIA_DIR).resolve()
        return self._media

    def _filter(self, board_id: str | None, section_id: str | None, query: str) -> _Where:
        # An archive written by an older version and only opened read-only since (or by
        # a SQLite without trigrams) has no pin_text: its searches read every pin.
        few = (
            _uses_text_index(query)
            and self._has_table(PIN_TEXT)
            and self._count(CANDIDATES_PROBE, (_phrase(query), TEXT_CANDIDATES_MAX))
            < TEXT_CANDIDATES_MAX
        )
        return _pin_filter(board_id, section_id, query, few)

    def _has_table(self, name: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def _pin_versions(self, board_id: str | None, where: _Where) -> str:
        """Where a pin listing reads from. Across boards, versions_pin_order holds every
        column a search reads, but SQLite, without statistics, cannot tell: it may pick a
        narrower index and parse every pin's JSON instead (ten times slower at 100,000
        pins). So the index is named, when present: an archive written by an older
        version, and only opened read-only since, has not been migrated yet."""
        if where.sql.startswith(TEXT_CANDIDATES):
            return TEXT_SOURCE
        if board_id is None and self._has_index(PIN_ORDER_INDEX):
            return f"versions v INDEXED BY {PIN_ORDER_INDEX}"
        return "versions v"

    def _has_index(self, name: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def _snapshot_times(self) -> dict[int, str]:
        rows = self._conn.execute("SELECT id, started_at FROM snapshots")
        return {int(r[0]): str(r[1]) for r in rows}

    def _count(self, sql: str, params: tuple[object, ...]) -> int:
        return int(self._conn.execute(sql, params).fetchone()[0])

    def _files(self, version_id: int) -> list[MediaFile]:
        return [
            MediaFile(
                url=str(r["url"]),
                path=r["path"],
                content_type=r["content_type"],
                size=r["size"],
                status=str(r["status"] or NOT_FETCHED),
            )
            for r in self._conn.execute(VERSION_FILES, (version_id,))
        ]

    def _history(self, pin_id: str) -> list[VersionSpan]:
        spans: list[VersionSpan] = []
        before: JsonDict | None = None
        for r in self._conn.execute(HISTORY, (pin_id,)):
            raw = _json_object(r["raw"])
            spans.append(
                VersionSpan(
                    version_id=int(r["version_id"]),
                    first_snapshot=int(r["first_snapshot"]),
                    last_snapshot=int(r["last_snapshot"]),
                    last_observed=int(r["observed"]),
                    first_seen_at=str(r["first_at"]),
                    last_seen_at=str(r["observed_at"]),
                    last_kept_at=str(r["last_at"]),
                    board_id=r["board_id"],
                    section_id=r["section_id"],
                    changed=_changed_keys(before, raw),
                )
            )
            before = raw
        return spans
