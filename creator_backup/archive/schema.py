"""The archive database's tables, and forward migrations from any older version.

How presence is kept: an object's versions (distinct normalised raw JSON) live in
`versions`; `sightings` holds intervals of snapshots during which one version was seen
without a break. An unchanged object seen again only moves its interval's end, so thirty
runs over an unchanged account add no rows. An object is in snapshot S when one of its
intervals has first_snapshot <= S <= last_snapshot.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from creator_backup.appinfo import DISPLAY_NAME
from creator_backup.errors import AppError, ExitCode

SCHEMA_VERSION = 7


class ArchiveTooNew(AppError):
    """A newer version of the app wrote this archive: its tables may mean what this
    version cannot know, so it is neither read nor written. Nothing is wrong with the
    archive; the user must update the app (USAGE: do it differently, not INTEGRITY)."""

    exit_code = ExitCode.USAGE

    def __init__(self, version: int, root: Path | None = None) -> None:
        where = f"The archive in {root}" if root is not None else "This archive"
        super().__init__(
            f"{where} was written by a newer version of {DISPLAY_NAME} (schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}): update the app to open it."
        )
        self.version = version


V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE snapshots (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,             -- full, quick, data_export
    status       TEXT NOT NULL,             -- running, complete, partial
    started_at   TEXT NOT NULL,             -- UTC, ISO 8601
    finished_at  TEXT,
    app_version  TEXT NOT NULL,
    api_base     TEXT NOT NULL,
    scopes       TEXT NOT NULL DEFAULT '',
    stats        TEXT NOT NULL DEFAULT '{}', -- JSON: counts, api calls, failures
    note         TEXT NOT NULL DEFAULT ''
);
CREATE TABLE objects (
    kind             TEXT NOT NULL,         -- account, board, section, pin
    id               TEXT NOT NULL,         -- Pinterest's id, as a string
    first_seen       INTEGER NOT NULL REFERENCES snapshots(id),
    last_seen        INTEGER NOT NULL REFERENCES snapshots(id),
    missing_since    INTEGER REFERENCES snapshots(id),
    current_sighting INTEGER,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TABLE versions (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    object_id  TEXT NOT NULL,
    hash       TEXT NOT NULL,               -- sha256 of the normalised raw JSON
    raw        TEXT NOT NULL,               -- the JSON exactly as received
    board_id   TEXT,                        -- placement, for pins and sections
    section_id TEXT,
    captured   INTEGER NOT NULL REFERENCES snapshots(id),
    request_id TEXT,                        -- x-pinterest-rid of the capturing response
    UNIQUE (kind, object_id, hash)
);
CREATE TABLE sightings (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    version_id     INTEGER NOT NULL REFERENCES versions(id),
    first_snapshot INTEGER NOT NULL REFERENCES snapshots(id),
    last_snapshot  INTEGER NOT NULL REFERENCES snapshots(id)
);
CREATE INDEX sightings_by_object ON sightings (kind, object_id);
CREATE INDEX sightings_by_span ON sightings (first_snapshot, last_snapshot);
CREATE INDEX versions_by_board ON versions (kind, board_id);
CREATE TABLE version_media (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    position   INTEGER NOT NULL,            -- 0 the pin's image, then carousel items, video
    url        TEXT NOT NULL,
    PRIMARY KEY (version_id, position)
) WITHOUT ROWID;
CREATE INDEX version_media_by_url ON version_media (url);
CREATE TABLE media (
    sha256       TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    path         TEXT NOT NULL,             -- relative to the archive root
    stored_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE media_urls (
    url        TEXT PRIMARY KEY,
    sha256     TEXT REFERENCES media(sha256),
    etag       TEXT,
    status     TEXT NOT NULL,               -- ok, failed
    error      TEXT,
    snapshot   INTEGER NOT NULL REFERENCES snapshots(id)
) WITHOUT ROWID;
CREATE TABLE listings (
    snapshot INTEGER NOT NULL REFERENCES snapshots(id),
    key      TEXT NOT NULL,                 -- boards, board:<id>, own_pins, ...
    items    INTEGER NOT NULL,
    calls    INTEGER NOT NULL,
    PRIMARY KEY (snapshot, key)
) WITHOUT ROWID;
"""

# Version 2: the evidence behind a packet. Every API response a snapshot was built from
# (captures), and the answers Pinterest gave when asked about a vanished pin (probes).
V2 = """
CREATE TABLE captures (
    id          INTEGER PRIMARY KEY,
    snapshot    INTEGER NOT NULL REFERENCES snapshots(id),
    at          TEXT NOT NULL,               -- UTC, ISO 8601
    method      TEXT NOT NULL,
    endpoint    TEXT NOT NULL,               -- path and query, never a token
    status      INTEGER NOT NULL,
    request_id  TEXT
);
CREATE INDEX captures_by_snapshot ON captures (snapshot);
CREATE TABLE probes (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    snapshot    INTEGER NOT NULL REFERENCES snapshots(id),
    probed_at   TEXT NOT NULL,
    verdict     TEXT NOT NULL,               -- gone, reachable, unknown
    http_status INTEGER NOT NULL,
    request_id  TEXT
);
CREATE INDEX probes_by_object ON probes (kind, object_id);
"""

# Version 3: indexes for browsing an archive of 100,000 pins page by page, newest first:
# over the whole account (carrying title and description, so a search reads this index
# instead of every pin's JSON) and within a board. The json_valid guard is there because
# Python's json reads and writes NaN, which SQLite's JSON parser refuses: unguarded, such a
# pin could no longer be stored at all; guarded, it is indexed with NULLs. IF NOT EXISTS:
# executescript commits the migration's BEGIN first, so a crash between the two statements
# must leave a script that can simply run again.
V3 = """
CREATE INDEX IF NOT EXISTS versions_pin_order ON versions (
    kind,
    (CASE WHEN json_valid(raw) THEN json_extract(raw, '$.created_at') END) DESC,
    object_id,
    (CASE WHEN json_valid(raw) THEN json_extract(raw, '$.title') END),
    (CASE WHEN json_valid(raw) THEN json_extract(raw, '$.description') END)
);
CREATE INDEX IF NOT EXISTS versions_board_order ON versions (
    kind,
    board_id,
    (CASE WHEN json_valid(raw) THEN json_extract(raw, '$.created_at') END) DESC,
    object_id,
    section_id
);
"""

# Version 4: Pinterest's data export. A data_export snapshot lists what the export named
# (export_entries: the version it gave, and its Alive flag for pins) apart from sightings,
# which belong to API snapshots only: an export is not a listing of the account. Fields of
# a version an import wrote say where each came from (field_sources); a version with no
# rows there came from the API. Sections of the export the app does not know are kept as
# their text (export_sections).
V4 = """
CREATE TABLE IF NOT EXISTS export_entries (
    snapshot   INTEGER NOT NULL REFERENCES snapshots(id),
    kind       TEXT NOT NULL,               -- board, pin
    object_id  TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    alive      INTEGER,                     -- pins: the export's Alive flag (1, 0, NULL)
    PRIMARY KEY (snapshot, kind, object_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS export_entries_by_object ON export_entries (kind, object_id);
CREATE TABLE IF NOT EXISTS field_sources (
    version_id INTEGER NOT NULL REFERENCES versions(id),
    field      TEXT NOT NULL,
    source     TEXT NOT NULL,               -- api, data_export
    snapshot   INTEGER NOT NULL REFERENCES snapshots(id),
    PRIMARY KEY (version_id, field)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS export_sections (
    snapshot INTEGER NOT NULL REFERENCES snapshots(id),
    position INTEGER NOT NULL,
    title    TEXT NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (snapshot, position)
) WITHOUT ROWID;
"""

# Version 5: what a run observed, told apart from what it only assumed.
# - snapshots.outcome: how the run ended (archive/outcomes.py RunOutcome), as data; the
#   note keeps Pinterest's words. Old rows get theirs from the status and, this once, from
#   the note's wording, which nothing reads after this migration.
# - listings.state: per board (and for the account's own pins), whether this run listed it
#   (an observation), carried it (a quick run), or was refused (403/404). Old quick runs
#   carried unlisted boards without a row: they get a `carried` row now.
# - sightings.last_observed: the last snapshot of an interval that actually listed the
#   object; a carried snapshot extends the interval (what the archive believes is there)
#   but not this. objects.last_seen is recomputed from it, so a quick run's carrying no
#   longer counts as "last seen". Only boards' listings count for sections and pins (and
#   the own-pins listing for pins on no known board): whether GET /pins also saw a pin of
#   a carried board was not recorded, so such a time stays at the earlier, certain one.
# - media_urls.source_url: the address whose bytes were kept for this one (a smaller size
#   when the largest is refused, or an HLS playlist's parts); status 'unavailable' is a
#   permanent failure (403/404/410, not media, over the cap) that no run retries.
V5 = """
ALTER TABLE snapshots ADD COLUMN outcome TEXT NOT NULL DEFAULT 'running';
UPDATE snapshots SET outcome = CASE
    WHEN kind = 'data_export' THEN 'imported'
    WHEN status = 'running' THEN 'running'
    WHEN status = 'complete' AND json_valid(stats)
        AND json_array_length(coalesce(json_extract(stats, '$.failed'), '[]')) > 0
        THEN 'media_pending'
    WHEN status = 'complete' THEN 'complete'
    WHEN note = 'cancelled' THEN 'cancelled'
    WHEN note = 'superseded' THEN 'superseded'
    WHEN note LIKE 'The account is unavailable%' THEN 'account_unavailable'
    WHEN note LIKE 'The account changed since the last backup was interrupted%' THEN 'stale'
    WHEN note = 'stopped: the disk holding the archive is full' THEN 'disk_full'
    WHEN note LIKE '%rate limit%' OR note LIKE '%Trial access%' THEN 'quota_spent'
    WHEN note LIKE 'Pinterest refused: this needs the permission%' THEN 'permission'
    ELSE 'failed' END;

ALTER TABLE listings ADD COLUMN state TEXT NOT NULL DEFAULT 'listed';
ALTER TABLE listings ADD COLUMN detail TEXT;
CREATE INDEX IF NOT EXISTS listings_by_key ON listings (key, snapshot);
INSERT OR IGNORE INTO listings (snapshot, key, items, calls, state, detail)
    SELECT sn.id, 'board:' || s.object_id, 0, 0, 'carried', 'counters_unchanged'
    FROM snapshots sn JOIN sightings s ON s.kind = 'board'
        AND s.first_snapshot <= sn.id AND s.last_snapshot >= sn.id
    WHERE sn.kind = 'quick' AND sn.status = 'complete';
INSERT OR IGNORE INTO listings (snapshot, key, items, calls, state, detail)
    SELECT id, 'own_pins', 0, 0, 'carried', 'pin_count_unchanged' FROM snapshots
    WHERE kind = 'quick' AND status = 'complete';

ALTER TABLE sightings ADD COLUMN last_observed INTEGER REFERENCES snapshots(id);
UPDATE sightings SET last_observed = last_snapshot WHERE kind NOT IN ('section', 'pin');
UPDATE sightings SET last_observed = max(first_snapshot, coalesce((
    SELECT max(l.snapshot) FROM listings l
    WHERE l.state = 'listed' AND l.snapshot BETWEEN sightings.first_snapshot
        AND sightings.last_snapshot
    AND l.key = 'board:' || (SELECT v.board_id FROM versions v WHERE v.id = sightings.version_id)
), 0), coalesce((
    SELECT max(l.snapshot) FROM listings l
    WHERE l.state = 'listed' AND l.key = 'own_pins' AND sightings.kind = 'pin'
    AND l.snapshot BETWEEN sightings.first_snapshot AND sightings.last_snapshot
    AND NOT EXISTS (SELECT 1 FROM objects b WHERE b.kind = 'board' AND b.id =
        (SELECT v.board_id FROM versions v WHERE v.id = sightings.version_id))
), 0))
WHERE kind IN ('section', 'pin');
UPDATE objects SET last_seen = coalesce((
    SELECT max(s.last_observed) FROM sightings s WHERE s.kind = objects.kind
    AND s.object_id = objects.id), last_seen)
WHERE kind IN ('section', 'pin');

ALTER TABLE media_urls ADD COLUMN source_url TEXT;
UPDATE media_urls SET status = 'unavailable'
    WHERE status = 'failed' AND coalesce(error, '') NOT LIKE 'gave up after%';
"""

# Version 6: proof of authorship (creator_backup/originals). picture_hashes: each stored
# picture's perceptual hash (dHash, 16 hex digits), computed lazily, or why it has none
# (the row is kept, so a file that cannot be decoded is not tried again on every run).
# original_matches: the creator's own files that the last match found an archived pin to
# show: the file's name only (never its folder), the distance, and when it was taken.
V6 = """
CREATE TABLE IF NOT EXISTS picture_hashes (
    sha256    TEXT PRIMARY KEY REFERENCES media(sha256),
    dhash     TEXT,                           -- NULL: no hash, `reason` says why
    reason    TEXT NOT NULL DEFAULT '',
    hashed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS original_matches (
    pin_id        TEXT NOT NULL,
    original_name TEXT NOT NULL,              -- the file's name, never its path
    original_hash TEXT NOT NULL,
    distance      INTEGER NOT NULL,           -- bits of 64 that differ
    taken_at      TEXT,                       -- ISO 8601; naive for EXIF (camera time)
    taken_from    TEXT NOT NULL,              -- DateTimeOriginal, DateTime, modified
    matched_at    TEXT NOT NULL,
    PRIMARY KEY (pin_id, original_name)
) WITHOUT ROWID;
"""

# Version 7: Browse's search over 100,000 pins within a few milliseconds, for text of three
# characters or more. pin_text indexes every pin version's title and description by their
# trigrams (FTS5): a search reads the few versions whose text has the query's trigrams, and
# checks each as before, instead of reading every pin. Contentless (the text stays in
# versions.raw only) and without column sizes, it adds about a third to the database. The
# trigger keeps it whole: versions are only ever inserted, never changed or deleted. Made
# again from scratch when the step runs again (after a crash before user_version was
# written). A SQLite without FTS5's trigram tokenizer (older than 3.34) skips the index,
# and the search reads every pin as before (ArchiveBrowser checks for the table).
PIN_TEXT = "pin_text"
V7_TEXT = """
DROP TRIGGER IF EXISTS pin_text_add;
DROP TABLE IF EXISTS pin_text;
CREATE VIRTUAL TABLE pin_text USING fts5(
    title, description, tokenize = 'trigram', content = '', columnsize = 0
);
INSERT INTO pin_text (rowid, title, description)
    SELECT id, (CASE WHEN json_valid(raw) THEN json_extract(raw, '$.title') END),
        (CASE WHEN json_valid(raw) THEN json_extract(raw, '$.description') END)
    FROM versions WHERE kind = 'pin';
CREATE TRIGGER pin_text_add AFTER INSERT ON versions WHEN new.kind = 'pin' BEGIN
    INSERT INTO pin_text (rowid, title, description) VALUES (new.id,
        (CASE WHEN json_valid(new.raw) THEN json_extract(new.raw, '$.title') END),
        (CASE WHEN json_valid(new.raw) THEN json_extract(new.raw, '$.description') END));
END;
"""


def trigrams_available(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite has FTS5 with its trigram tokenizer."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.trigram_probe USING fts5(x, tokenize = 'trigram')")
    except sqlite3.OperationalError:
        return False
    conn.execute("DROP TABLE temp.trigram_probe")
    return True


Migration = Callable[[sqlite3.Connection], None]


def _step(conn: sqlite3.Connection, script: str, to_version: int) -> None:
    """One migration as one transaction. executescript() commits whatever transaction is
    open before it runs, so the BEGIN and COMMIT go inside the script: a run killed
    halfway through leaves nothing of the step (it once left half a schema at version 0,
    which no later run could open)."""
    conn.executescript(
        f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {to_version};\nCOMMIT;\n"
    )


def _v1(conn: sqlite3.Connection) -> None:
    _step(conn, V1, 1)


def _v2(conn: sqlite3.Connection) -> None:
    _step(conn, V2, 2)


def _v3(conn: sqlite3.Connection) -> None:
    _step(conn, V3, 3)


def _v4(conn: sqlite3.Connection) -> None:
    _step(conn, V4, 4)


def _v5(conn: sqlite3.Connection) -> None:
    _step(conn, V5, 5)


def _v6(conn: sqlite3.Connection) -> None:
    _step(conn, V6, 6)


def _v7(conn: sqlite3.Connection) -> None:
    _step(conn, V7_TEXT if trigrams_available(conn) else "", 7)


# MIGRATIONS[n] takes a database at version n to n + 1. Add, never edit.
MIGRATIONS: dict[int, Migration] = {0: _v1, 1: _v2, 2: _v3, 3: _v4, 4: _v5, 5: _v6, 6: _v7}


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> None:
    """Brings the database to SCHEMA_VERSION, one step per transaction."""
    version = user_version(conn)
    if version > SCHEMA_VERSION:
        raise ArchiveTooNew(version)
    while version < SCHEMA_VERSION:
        try:
            MIGRATIONS[version](conn)  # sets user_version itself, in the same transaction
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        version += 1
