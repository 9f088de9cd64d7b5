"""Browse's search through pin_text (schema 7) over an archive of thousands of pins: the
same pins, in the same order and pages, as reading every pin, which an archive without
the index still does; edited pins found by their latest text only; and the migration that
makes the index, which can run again."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from creator_backup.archive.browse import TEXT_CANDIDATES_MAX, ArchiveBrowser
from creator_backup.archive.schema import MIGRATIONS, PIN_TEXT, SCHEMA_VERSION, user_version
from creator_backup.archive.store import Archive
from tests.archive.many_pins import pin, snapshot

PINS = 6_000  # more than TEXT_CANDIDATES_MAX: both ways of searching are taken
GONE = 300  # the first pins, not seen by the second snapshot
EDITED = "777"  # its title changes in the second snapshot
# Text in one pin, in a few, in more than TEXT_CANDIDATES_MAX, in none; case folded; the
# old title of the edited pin; characters FTS5 would read as its syntax; too short for
# the index; not ASCII.
QUERIES = (
    "pin 42:", "Pin 12", "PIN 1", "Pin", "no such words", "renamed SEVEN", "Pin 777:",
    '"Pin 3', "Pin 3*", "NEAR(pin", "of pin 5 AND", "Pi", "ü", "numéro ü",
)  # fmt: skip


@pytest.fixture(scope="module")
def archive_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search") / "archive"
    with Archive.open(root) as archive:
        snapshot(archive, PINS)
        snapshot(archive, PINS, GONE, {EDITED: "Renamed seven"})
    return root


@pytest.fixture(scope="module")
def without_index(archive_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same archive as an older version left it (schema 6, no pin_text), as the
    window reads it when it could not migrate it."""
    root = tmp_path_factory.mktemp("old") / "archive"
    shutil.copytree(archive_root, root)
    with closing(sqlite3.connect(root / "archive.sqlite")) as conn:
        conn.executescript(
            f"DROP TRIGGER pin_text_add; DROP TABLE {PIN_TEXT}; PRAGMA user_version = 6;"
        )
    return root


def browsing(root: Path) -> Iterator[ArchiveBrowser]:
    with Archive.open(root, write=False) as archive:
        yield ArchiveBrowser(archive)


def expected(query: str) -> list[str]:
    """The pins whose latest title or description contains `query` (case folded as
    Browse folds it), newest first, then by id."""
    needle = query.casefold()
    found = []
    for n in range(PINS):
        raw = pin(n, "Renamed seven" if str(n) == EDITED else None)
        if any(needle in str(raw[key]).casefold() for key in ("title", "description")):
            found.append((raw["created_at"], raw["id"]))
    found.sort(key=lambda f: f[1])
    found.sort(key=lambda f: f[0], reverse=True)
    return [pin_id for _, pin_id in found]


def paged(browser: ArchiveBrowser, query: str, size: int = 200) -> list[str]:
    """Every page of the search until a short one, as the grid reads them."""
    ids: list[str] = []
    while True:
        page = browser.pins(query=query, offset=len(ids), limit=size)
        ids += [row.id for row in page]
        if len(page) < size:
            return ids


def test_searches_find_the_same_pins_in_the_same_pages(
    archive_root: Path, without_index: Path
) -> None:
    assert TEXT_CANDIDATES_MAX < PINS
    for index, old in zip(browsing(archive_root), browsing(without_index), strict=True):
        for query in QUERIES:
            want = expected(query)
            assert paged(index, query) == want, query
            assert index.count_pins(query=query) == len(want), query
            assert paged(old, query) == want, query
            assert old.count_pins(query=query) == len(want), query
        # Pages that end exactly at the last pin, and one past it: no false end, no repeat.
        want = expected("Pin 12")
        assert paged(index, "Pin 12", size=len(want)) == want
        assert index.pins(query="Pin 12", offset=len(want)) == []
        assert paged(index, "Pin 12", size=7) == want


def test_a_removed_pin_is_found_and_an_old_title_is_not(archive_root: Path) -> None:
    for browser in browsing(archive_root):
        (removed,) = browser.pins(query="Pin 42:")
        assert removed.missing_since == 2  # gone from the second snapshot, still listed
        (renamed,) = browser.pins(query="renamed seven")
        assert renamed.id == EDITED and renamed.title == "Renamed seven"
        assert browser.count_pins(query="Pin 777:") == 0  # its first version's title


def test_the_migration_indexes_every_pin_and_can_run_again(
    without_index: Path, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    shutil.copytree(without_index, root)
    with Archive.open(root) as archive:
        conn = archive.conn
        assert user_version(conn) == SCHEMA_VERSION == 7
        # Every pin version is indexed: each has "pin" in its description.
        indexed = conn.execute(
            f"SELECT count(*) FROM {PIN_TEXT} WHERE {PIN_TEXT} MATCH '\"pin\"'"  # noqa: S608
        ).fetchone()[0]
        assert indexed == PINS + 1  # and the edited pin's second version
        MIGRATIONS[6](conn)  # as after a crash before user_version was written
        browser = ArchiveBrowser(archive)
        assert paged(browser, "Pin 12") == expected("Pin 12")
        assert browser.count_pins(query="no such words") == 0
