"""The Browse page's queries, over archives made by real backups of sandbox accounts."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from creator_backup.archive.browse import (
    PIN_ORDER,
    PIN_ORDER_INDEX,
    ArchiveBrowser,
    PinRow,
    picture_size,
)
from creator_backup.archive.schema import MIGRATIONS, SCHEMA_VERSION, user_version
from creator_backup.archive.store import Archive
from creator_backup.sandbox import Sandbox, SandboxConfig
from creator_backup.sandbox.text import THEMES
from tests.backup.conftest import control, db, do_backup, sandbox_state

JsonDict = dict[str, Any]
# Set on one pin before the first backup: a search for "%" or "_" must find only it (and
# any other text that really holds them), not every pin, as unescaped LIKE would.
WILD_TITLE = "100% cotton_yarn ÉTÉ"
NEW_TITLE = "Zebra quokka palette"


@dataclass
class Backed:
    sandbox: Sandbox
    root: Path
    state: JsonDict


@pytest.fixture(scope="module")
def backed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backed]:
    """A small account with every kind of pin and hostile text, backed up with media."""
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=41, boards=8, pins=150, section_conflict_rate=0)
    )
    sandbox.start()
    first = sandbox_state(sandbox)["pins"][10]
    control(sandbox, f"pins/{first['id']}/edit", {"title": WILD_TITLE})
    root = tmp_path_factory.mktemp("browse") / "archive"
    result = do_backup(sandbox, root)
    assert result.complete and result.failed == []
    yield Backed(sandbox, root, sandbox_state(sandbox))
    sandbox.stop()


@pytest.fixture
def browser(backed: Backed) -> Iterator[ArchiveBrowser]:
    with Archive.open(backed.root, write=False) as archive:
        yield ArchiveBrowser(archive)


def all_pins(
    browser: ArchiveBrowser,
    board_id: str | None = None,
    section_id: str | None = None,
    query: str = "",
) -> list[PinRow]:
    return browser.pins(board_id, section_id, query, limit=1_000_000)


def newest_first(rows: list[PinRow]) -> list[PinRow]:
    # By id, then (stably) by created_at descending with missing dates last.
    by_id = sorted(rows, key=lambda r: r.id)
    return sorted(by_id, key=lambda r: r.created_at or "", reverse=True)


def matching(pins: list[JsonDict], query: str) -> set[str]:
    needle = query.casefold()
    return {
        p["id"]
        for p in pins
        if any(needle in (p.get(key) or "").casefold() for key in ("title", "description"))
    }


# -- equal to the account ---------------------------------------------------------------


def test_boards_equal_the_account(backed: Backed, browser: ArchiveBrowser) -> None:
    state = backed.state
    boards = browser.boards()
    by_name = sorted(state["boards"], key=lambda b: (b["name"].casefold(), b["id"]))
    assert [b.id for b in boards] == [b["id"] for b in by_name]
    pins_on = Counter(p["board_id"] for p in state["pins"])
    sections_on = Counter(s["board_id"] for s in state["sections"])
    for row, board in zip(boards, by_name, strict=True):
        assert (row.name, row.privacy, row.description) == (
            board["name"],
            board["privacy"],
            board["description"],
        )
        assert row.pins == pins_on[row.id] == browser.count_pins(row.id)
        assert row.sections == sections_on[row.id]
        assert row.missing_since is None
    assert {"PUBLIC", "SECRET", "PROTECTED"} <= {b.privacy for b in boards}
    assert sum(sections_on.values()) > 0


def test_sections_equal_the_account(backed: Backed, browser: ArchiveBrowser) -> None:
    state = backed.state
    pins_in = Counter(p["board_section_id"] for p in state["pins"])
    for board in state["boards"]:
        expected = sorted(
            (s for s in state["sections"] if s["board_id"] == board["id"]),
            key=lambda s: (s["name"].casefold(), s["id"]),
        )
        rows = browser.sections(board["id"])
        assert [(r.id, r.name, r.board_id) for r in rows] == [
            (s["id"], s["name"], s["board_id"]) for s in expected
        ]
        for row in rows:
            assert row.pins == pins_in[row.id] == browser.count_pins(board["id"], row.id)
            assert row.missing_since is None
            listed = all_pins(browser, board_id=board["id"], section_id=row.id)
            assert {p.id for p in listed} == {
                p["id"] for p in state["pins"] if p["board_section_id"] == row.id
            }


def test_every_pin_with_its_placement(backed: Backed, browser: ArchiveBrowser) -> None:
    expected = {p["id"]: p for p in backed.state["pins"]}
    rows = all_pins(browser)
    assert browser.count_pins() == len(rows) == len(expected)
    assert {r.id for r in rows} == set(expected)
    for row in rows:
        pin = expected[row.id]
        assert (row.board_id, row.section_id) == (pin["board_id"], pin["board_section_id"])
        assert (row.title, row.description, row.created_at) == (
            pin["title"],
            pin["description"],
            pin["created_at"],
        )
        assert row.missing_since is None
    # The pins on no board the token can list (hidden ones) are there too.
    boards = {b["id"] for b in backed.state["boards"]}
    assert any(r.board_id not in boards for r in rows)


def test_paging_covers_every_pin_exactly_once(backed: Backed, browser: ArchiveBrowser) -> None:
    everything = all_pins(browser)
    assert everything == newest_first(everything)
    pages: list[PinRow] = []
    offset = 0
    while page := browser.pins(offset=offset, limit=7):
        pages.extend(page)
        offset += 7
    assert pages == everything
    board = max(browser.boards(), key=lambda b: b.pins)
    on_board = [p for p in everything if p.board_id == board.id]
    paged = [
        p
        for start in range(0, board.pins, 5)
        for p in browser.pins(board.id, offset=start, limit=5)
    ]
    assert paged == on_board
    assert browser.pins(offset=len(everything)) == []
    assert browser.pins(limit=0) == []


# -- search -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "WATERCOLOUR",  # a word of titles
        "Grandmother'S NOTEBOOK",  # of descriptions only
        "%",
        "_",
        "0% c",
        "n_y",
        "\\",
        "été",  # not ASCII: Python's casefold instead of LIKE
        "\U0001f338 SPRING",
    ],
)
def test_search_is_case_insensitive_and_literal(
    backed: Backed, browser: ArchiveBrowser, query: str
) -> None:
    expected = matching(backed.state["pins"], query)
    found = all_pins(browser, query=query)
    assert {p.id for p in found} == expected
    assert browser.count_pins(query=query) == len(expected)
    assert found == newest_first(found)


def test_search_finds_by_title_and_by_description(backed: Backed, browser: ArchiveBrowser) -> None:
    pins = backed.state["pins"]
    # A word of a title, and a phrase from inside a description in the creator's words.
    word = next(p["title"] for p in pins if (p["title"] or "")[:1].isalpha()).split()[0]
    sentences = tuple(sentence for theme in THEMES for sentence in theme.sentences)
    described = next(
        p["description"] for p in pins if (p["description"] or "").startswith(sentences)
    )
    phrase = " ".join(described.split()[2:5])
    by_title = matching(pins, word)
    by_description = matching(pins, phrase)
    assert by_title and by_description
    assert any(
        phrase.casefold() not in (p["title"] or "").casefold()
        for p in pins
        if p["id"] in by_description
    )
    assert {p.id for p in all_pins(browser, query=word)} == by_title
    assert {p.id for p in all_pins(browser, query=phrase)} == by_description
    wild = next(p for p in pins if p["title"] == WILD_TITLE)
    assert [p.id for p in all_pins(browser, query="%")] == [wild["id"]]
    assert [p.id for p in all_pins(browser, query="COTTON_YARN été")] == [wild["id"]]


def test_search_within_a_board_and_a_section(backed: Backed, browser: ArchiveBrowser) -> None:
    pins = backed.state["pins"]
    section = next(
        s for s in backed.state["sections"] if any(p["board_section_id"] == s["id"] for p in pins)
    )
    member = next(p for p in pins if p["board_section_id"] == section["id"] and p["title"])
    word = member["title"].split()[-1].upper()
    in_section = {p["id"] for p in pins if p["board_section_id"] == section["id"]}
    expected = in_section & matching(pins, word)
    found = all_pins(browser, board_id=section["board_id"], section_id=section["id"], query=word)
    assert {p.id for p in found} == expected and member["id"] in expected
    assert browser.count_pins(section["board_id"], section["id"], word) == len(expected)
    on_board = {p["id"] for p in pins if p["board_id"] == section["board_id"]}
    board_matches = on_board & matching(pins, word)
    assert browser.count_pins(section["board_id"], query=word) == len(board_matches)


def test_hostile_text_comes_back_verbatim(backed: Backed, browser: ArchiveBrowser) -> None:
    rows = {r.id: r for r in all_pins(browser)}
    hostile = [
        p
        for p in backed.state["pins"]
        if p["title"] and any(c in p["title"] for c in "<>/\\\u202e\t")
    ]
    assert len(hostile) >= 3, "the sandbox account has hostile titles"
    for pin in hostile:
        assert rows[pin["id"]].title == pin["title"]
        detail = browser.pin_detail(pin["id"])
        assert detail is not None and detail.raw["title"] == pin["title"]
    names = {b.name for b in browser.boards()}
    assert "</table><h1>FAKE</h1>" in names


# -- media ------------------------------------------------------------------------------


def test_media_path_is_the_stored_primary_file(backed: Backed, browser: ArchiveBrowser) -> None:
    expected = {p["id"]: p for p in backed.state["pins"]}
    with db(backed.root) as conn:
        sha_of = {str(r[0]): str(r[1]) for r in conn.execute("SELECT path, sha256 FROM media")}
    rows = all_pins(browser)
    for row in rows:
        assert row.media_path is not None and row.content_type is not None
        path = browser.media_file(row.media_path)
        assert path.is_file()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest == sha_of[row.media_path] == expected[row.id]["media_sha256"]
        assert row.content_type.startswith("image/")


def test_detail_lists_every_file_in_order(backed: Backed, browser: ArchiveBrowser) -> None:
    kinds = Counter[str]()
    for pin in backed.state["pins"]:
        detail = browser.pin_detail(pin["id"])
        assert detail is not None
        wanted = [pin["media_sha256"], *pin.get("media_items_sha256", [])[1:]]
        if "video_sha256" in pin:
            wanted.append(pin["video_sha256"])
        stored = []
        for file in detail.media:
            assert file.status == "ok" and file.path is not None and file.size is not None
            data = browser.media_file(file.path).read_bytes()
            assert len(data) == file.size
            stored.append(hashlib.sha256(data).hexdigest())
        assert stored == wanted
        assert detail.row.media_path == detail.media[0].path
        kinds["video" if "video_sha256" in pin else "carousel" if len(wanted) > 1 else "image"] += 1
        assert detail.history and detail.history[0].changed == []
        assert detail.first_seen == detail.last_seen == 1 and detail.probes == []
    assert kinds["video"] and kinds["carousel"] and kinds["image"]


@pytest.mark.parametrize(
    "path",
    [
        "../x",
        "media/../archive.sqlite",
        "media/aa/../../../x",
        "/etc/passwd",
        "\\\\server\\share\\x",
        "C:\\Windows\\x",
        "C:x",
        "media\\..\\archive.sqlite",
        "archive.sqlite",
        "tmp/x",
        "media",
        "",
        "media/x\x00.jpg",
    ],
)
def test_media_file_refuses_what_leaves_the_media_folder(
    browser: ArchiveBrowser, path: str
) -> None:
    with pytest.raises(ValueError):
        browser.media_file(path)


def test_media_file_refuses_absolute_and_linked_paths(
    backed: Backed, browser: ArchiveBrowser, tmp_path: Path
) -> None:
    stored = all_pins(browser)[0].media_path
    assert stored is not None
    assert browser.media_file(stored) == backed.root / stored
    with pytest.raises(ValueError):
        browser.media_file(str(backed.root / stored))
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"not yours")
    link = backed.root / "media" / "zz-link.jpg"
    os.symlink(outside, link)
    try:
        with pytest.raises(ValueError):
            browser.media_file("media/zz-link.jpg")
    finally:
        link.unlink()


# -- after changes: removed, edited, moved ----------------------------------------------


@dataclass
class Changed:
    root: Path
    before: JsonDict
    after: JsonDict
    removed: JsonDict
    edited: JsonDict
    moved: JsonDict
    target_board: str


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Changed]:
    """Two backups: between them one pin is removed, one retitled and one moved."""
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=42, boards=4, pins=60, section_conflict_rate=0)
    )
    sandbox.start()
    root = tmp_path_factory.mktemp("browse-changed") / "archive"
    do_backup(sandbox, root, media=False)
    before = sandbox_state(sandbox)
    loose = [p for p in before["pins"] if p["board_section_id"] is None and p["title"]]
    removed, edited, moved = loose[0], loose[1], loose[2]
    target = next(b["id"] for b in before["boards"] if b["id"] != moved["board_id"])
    control(sandbox, f"pins/{removed['id']}/remove")
    control(sandbox, f"pins/{edited['id']}/edit", {"title": NEW_TITLE})
    control(sandbox, f"pins/{moved['id']}/edit", {"board_id": target})
    assert do_backup(sandbox, root, kind="full", media=False).complete
    yield Changed(root, before, sandbox_state(sandbox), removed, edited, moved, target)
    sandbox.stop()


@pytest.fixture
def changed_browser(changed: Changed) -> Iterator[ArchiveBrowser]:
    with Archive.open(changed.root, write=False) as archive:
        yield ArchiveBrowser(archive)


def test_a_removed_pin_stays_listed_as_missing(
    changed: Changed, changed_browser: ArchiveBrowser
) -> None:
    pin = changed.removed
    rows = {r.id: r for r in all_pins(changed_browser)}
    assert rows[pin["id"]].missing_since == 2
    assert [r.id for r in rows.values() if r.missing_since is not None] == [pin["id"]]
    assert pin["id"] in {r.id for r in all_pins(changed_browser, board_id=pin["board_id"])}
    detail = changed_browser.pin_detail(pin["id"])
    assert detail is not None
    assert (detail.first_seen, detail.last_seen, detail.row.missing_since) == (1, 1, 2)
    [span] = detail.history
    assert (span.first_snapshot, span.last_snapshot, span.changed) == (1, 1, [])
    assert span.first_seen_at == span.last_seen_at and span.first_seen_at.endswith("Z")
    assert detail.raw["title"] == pin["title"]
    # Backed up without media: the files are known, not fetched.
    assert detail.media and all(f.status == "pending" and f.path is None for f in detail.media)
    assert detail.row.media_path is None


def test_an_edited_title_makes_a_second_version(
    changed: Changed, changed_browser: ArchiveBrowser
) -> None:
    pin = changed.edited
    detail = changed_browser.pin_detail(pin["id"])
    assert detail is not None
    first, second = detail.history
    assert (first.first_snapshot, first.last_snapshot, first.changed) == (1, 1, [])
    assert (second.first_snapshot, second.last_snapshot, second.changed) == (2, 2, ["title"])
    assert first.version_id != second.version_id
    assert detail.row.title == detail.raw["title"] == NEW_TITLE
    assert detail.row.missing_since is None and (detail.first_seen, detail.last_seen) == (1, 2)
    # Only the latest version is listed or searched: the old title no longer finds it.
    assert [r.id for r in all_pins(changed_browser, query="zebra QUOKKA")] == [pin["id"]]
    assert pin["id"] not in {r.id for r in all_pins(changed_browser, query=pin["title"])}


def test_a_moved_pin_counts_on_its_new_board_only(
    changed: Changed, changed_browser: ArchiveBrowser
) -> None:
    pin, target = changed.moved, changed.target_board
    assert pin["id"] in {r.id for r in all_pins(changed_browser, board_id=target)}
    assert pin["id"] not in {r.id for r in all_pins(changed_browser, board_id=pin["board_id"])}
    detail = changed_browser.pin_detail(pin["id"])
    assert detail is not None
    assert [s.board_id for s in detail.history] == [pin["board_id"], target]
    assert "board_id" in detail.history[1].changed
    # Every pin ever archived once, on the board of its latest version.
    placed = {p["id"]: p["board_id"] for p in changed.before["pins"]}
    placed.update({p["id"]: p["board_id"] for p in changed.after["pins"]})
    rows = all_pins(changed_browser)
    assert sorted(r.id for r in rows) == sorted(placed)
    assert changed_browser.count_pins() == len(placed)
    counts = Counter(placed.values())
    for board in changed_browser.boards():
        assert board.pins == counts[board.id] == changed_browser.count_pins(board.id)
        assert len(all_pins(changed_browser, board_id=board.id)) == board.pins


# -- edges ------------------------------------------------------------------------------


def test_unknown_pin_and_bad_arguments(browser: ArchiveBrowser) -> None:
    assert browser.pin_detail("no-such-pin") is None
    assert browser.sections("no-such-board") == []
    assert browser.count_pins("no-such-board") == 0
    with pytest.raises(ValueError):
        browser.pins(section_id="123")
    with pytest.raises(ValueError):
        browser.count_pins(section_id="123")
    with pytest.raises(ValueError):
        browser.pins(offset=-1)


def test_the_listings_read_the_browsing_indexes(browser: ArchiveBrowser) -> None:
    """The expressions here are the ones schema V3 indexed: ordered pages need no sort."""
    conn = browser.archive.conn
    assert user_version(conn) == SCHEMA_VERSION

    def plan(sql: str, *params: object) -> str:
        return " | ".join(str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))

    everyone = plan(f"SELECT v.id FROM versions v WHERE v.kind = 'pin' ORDER BY {PIN_ORDER}")  # noqa: S608
    assert PIN_ORDER_INDEX in everyone and "TEMP B-TREE" not in everyone
    on_board = plan(
        f"SELECT v.id FROM versions v WHERE v.kind = 'pin' AND v.board_id = ? ORDER BY {PIN_ORDER}",  # noqa: S608
        "1",
    )
    assert "versions_board_order" in on_board and "TEMP B-TREE" not in on_board


def downgrade_to_schema_two(conn: sqlite3.Connection) -> None:
    """An archive as schema 2 left it, near enough: no browsing indexes, none of version
    5's columns (version 4's tables are made IF NOT EXISTS, so they may stay)."""
    conn.executescript(
        "DROP INDEX versions_pin_order; DROP INDEX versions_board_order; "
        "DROP INDEX listings_by_key; ALTER TABLE snapshots DROP COLUMN outcome; "
        "ALTER TABLE listings DROP COLUMN state; ALTER TABLE listings DROP COLUMN detail; "
        "ALTER TABLE sightings DROP COLUMN last_observed; "
        "ALTER TABLE media_urls DROP COLUMN source_url; PRAGMA user_version = 2;"
    )


def test_an_archive_not_migrated_yet_browses_the_same(backed: Backed, tmp_path: Path) -> None:
    """An archive written before the current schema and opened read-only, as the window
    opens it, is brought up to date first (under the writers' lock) and browses the
    same."""
    copy = tmp_path / "old"
    copy.mkdir()
    with (
        closing(sqlite3.connect(backed.root / "archive.sqlite")) as source,
        closing(sqlite3.connect(copy / "archive.sqlite")) as target,
    ):
        source.backup(target)
        downgrade_to_schema_two(target)
    with Archive.open(copy, write=False) as old, Archive.open(backed.root, write=False) as new:
        old_browser, new_browser = ArchiveBrowser(old), ArchiveBrowser(new)
        assert all_pins(old_browser) == all_pins(new_browser)
        assert all_pins(old_browser, query="cotton_") == all_pins(new_browser, query="cotton_")
        assert old_browser.count_pins(query="été") == new_browser.count_pins(query="été") == 1
    with Archive.open(copy) as migrated:
        assert user_version(migrated.conn) == SCHEMA_VERSION
        assert ArchiveBrowser(migrated).count_pins(query="%") == 1


def test_migration_three_adds_the_indexes_and_can_run_again(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    with closing(sqlite3.connect(root / "archive.sqlite")) as conn:
        for version in range(2):
            MIGRATIONS[version](conn)
        conn.execute("PRAGMA user_version = 2")
    with Archive.open(root) as archive:
        names = {str(r[0]) for r in archive.conn.execute("SELECT name FROM sqlite_master")}
        assert {"versions_pin_order", "versions_board_order"} <= names
        MIGRATIONS[2](archive.conn)  # as after a crash before user_version was written


def test_json_sqlite_cannot_parse_is_still_stored_and_listed(tmp_path: Path) -> None:
    """Python's json writes NaN; SQLite's JSON parser refuses it. The indexes on the JSON
    must not make such a pin impossible to store."""
    with Archive.open(tmp_path / "archive") as archive:
        snapshot = archive.begin_snapshot("full", "http://sandbox.invalid/v5")
        with archive.transaction() as tx:
            raw = {
                "id": "7",
                "title": "Odd",
                "created_at": "2024-01-01T00:00:00",
                "x": float("nan"),
            }
            archive.record(tx, snapshot.id, "pin", "7", raw, board_id="b")
        browser = ArchiveBrowser(archive)
        [row] = browser.pins()
        assert (row.id, row.title, row.board_id) == ("7", "Odd", "b")
        assert browser.count_pins("b") == 1


# -- what the masonry and the board list need --------------------------------------------


def png_size(path: Path) -> tuple[int, int] | None:
    """A PNG's width and height, from its header (no image library in core tests)."""
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def test_every_pin_knows_its_picture_size(browser: ArchiveBrowser) -> None:
    """The grid lays a pin out before its thumbnail is decoded: the size Pinterest gave
    for its largest image has the stored file's shape."""
    checked = 0
    for row in all_pins(browser):
        assert row.width and row.height, row.id
        if row.media_path is None:
            continue
        size = png_size(browser.media_file(row.media_path))
        if size is not None:
            checked += 1
            assert abs(row.height / row.width - size[1] / size[0]) < 0.01, row.id
    assert checked > 100


def test_picture_size_takes_only_positive_whole_numbers() -> None:
    images = {"150x150": {"width": 150, "height": 150}, "1200x": {"width": 1200, "height": 1800}}
    assert picture_size({"media": {"images": images}}) == (1200, 1800)
    carousel = {"items": [{"images": {"600x": {"width": 600, "height": 300}}}, {"images": {}}]}
    assert picture_size({"media": carousel}) == (600, 300)
    assert picture_size({"media": {"images": {}, "width": 720, "height": 1280}}) == (720, 1280)
    for hostile in (True, -4, 0, "1200", 1.5, None, [1]):
        assert picture_size({"media": {"images": {"x": {"width": hostile, "height": 10}}}}) is None
        assert picture_size({"media": {"width": 10, "height": hostile}}) is None
    for shapeless in ({}, {"media": "x"}, {"media": {"items": ["x"]}}, {"media": {"images": [1]}}):
        assert picture_size(shapeless) is None


def test_a_board_cover_is_its_newest_pictured_pin(browser: ArchiveBrowser) -> None:
    boards = browser.boards()
    assert boards
    for board in boards:
        pictured = [
            r for r in all_pins(browser, board_id=board.id)
            if r.media_path and (r.content_type or "").startswith("image/")
        ]  # fmt: skip
        assert board.cover_path == (pictured[0].media_path if pictured else None)
        assert board.cover_type == (pictured[0].content_type if pictured else None)


def test_without_media_a_board_has_no_cover(changed_browser: ArchiveBrowser) -> None:
    assert all(board.cover_path is None for board in changed_browser.boards())
