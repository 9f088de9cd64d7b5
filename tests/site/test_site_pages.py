"""The exported site of a real backup: a page for every pin and board, every address a
file inside the site, no script anywhere, Pinterest's hostile text shown literally, the
lost page exactly what was removed, and every archived file on its pin's page."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest

from creator_backup.archive.browse import ArchiveBrowser
from creator_backup.archive.store import Archive
from creator_backup.checked_words import utc_text
from creator_backup.progress import Progress
from creator_backup.site import SiteResult, export_site
from creator_backup.site.names import board_page, pin_page, section_page
from tests.site.conftest import LostAccount, archived_ids
from tests.site.html_check import Page, broken_links, pages_of, read_page

GRID = 7  # pins per grid page: small, so boards span several pages


@pytest.fixture(scope="module")
def exported(
    lost_account: LostAccount, tmp_path_factory: pytest.TempPathFactory
) -> tuple[SiteResult, list[Progress]]:
    seen: list[Progress] = []
    with Archive.open(lost_account.root, write=False) as archive:
        result = export_site(
            archive, tmp_path_factory.mktemp("out") / "site", seen.append, grid_page=GRID
        )
    return result, seen


@pytest.fixture(scope="module")
def site(exported: tuple[SiteResult, list[Progress]]) -> Path:
    return exported[0].out


@pytest.fixture(scope="module")
def pages(site: Path) -> list[Page]:
    return pages_of(site)


def pin_links(page: Page) -> set[str]:
    return {m.group(1) for link in page.links if (m := re.search(r"pins/(\w+)\.html$", link))}


def test_every_pin_and_board_of_the_archive_has_its_page(
    lost_account: LostAccount, site: Path, exported: tuple[SiteResult, list[Progress]]
) -> None:
    pins = archived_ids(lost_account.root, "pin")
    boards = archived_ids(lost_account.root, "board")
    sections = archived_ids(lost_account.root, "section")
    assert len(pins) > 60 and len(boards) >= 5 and sections
    assert {p.name for p in (site / "pins").iterdir()} == {f"{p}.html" for p in pins}
    for board in boards:
        assert (site / board_page(board)).is_file()
    for section in sections:
        assert (site / section_page(section)).is_file()
    for name in ("index.html", "lost.html", "timeline.html", "about.html", "style.css"):
        assert (site / name).is_file()
    result = exported[0]
    assert (result.pins, result.boards) == (len(pins), len(boards))
    assert result.pages == sum(1 for _ in site.rglob("*.html"))
    assert result.media_files == sum(1 for _ in (site / "media").iterdir())
    assert result.bytes >= sum(p.stat().st_size for p in site.rglob("*.html"))


def test_every_grid_together_shows_each_pin_of_its_board_once(
    lost_account: LostAccount, site: Path, archive: Archive
) -> None:
    browser = ArchiveBrowser(archive)
    paged = 0
    for board in browser.boards():
        expected = [p.id for p in browser.pins(board.id, limit=100_000)]
        shown: list[str] = []
        page = 1
        while (site / board_page(board.id, page)).exists():
            shown += sorted(pin_links(read_page(site / board_page(board.id, page))))
            page += 1
        assert sorted(shown) == sorted(expected), board.name
        paged += page > 2
    assert paged, "no board spans two grid pages: the pager went untested"


def test_every_address_in_every_page_is_a_file_inside_the_site(
    site: Path, pages: list[Page]
) -> None:
    assert len(pages) > 100
    broken = {str(p.path.relative_to(site)): broken_links(site, p) for p in pages}
    assert {k: v for k, v in broken.items() if v} == {}
    assert sum(len(p.links) for p in pages) > 1000
    style = (site / "style.css").read_text("utf-8")
    assert "url(" not in style and "@import" not in style


def test_no_page_runs_a_script_or_loads_anything_from_elsewhere(pages: list[Page]) -> None:
    for page in pages:
        assert "script" not in page.tags and "iframe" not in page.tags, page.path
        assert page.handlers == [], page.path
        assert not any(link.lower().startswith("javascript") for link in page.links)
        policy = [
            m["content"] for m in page.metas if m.get("http-equiv") == "Content-Security-Policy"
        ]
        assert len(policy) == 1, page.path
        assert "default-src 'none'" in policy[0] and "script-src" not in policy[0]
        assert "http" not in policy[0]


def test_hostile_names_are_shown_as_their_own_characters(
    lost_account: LostAccount, site: Path
) -> None:
    """Read back as a browser reads it, the heading is the title itself: had the markup
    gone through unescaped, the parser would have seen an <img> or a second <h1>."""
    assert lost_account.hostile_pins and lost_account.hostile_boards
    for pin_id, title in lost_account.hostile_pins.items():
        page = read_page(site / pin_page(pin_id))
        assert [text for tag, text in page.elements if tag == "h1"] == [title], pin_id
        assert next(t for tag, t in page.elements if tag == "title").startswith(title + " · ")
        assert page.tags.count("img") == sum(
            "media/" in link
            for link in page.links
            if link.endswith((".jpg", ".png", ".gif", ".webp"))
        )
    for board_id, name in lost_account.hostile_boards.items():
        page = read_page(site / board_page(board_id))
        assert [text for tag, text in page.elements if tag == "h1"] == [name]
        index = read_page(site / "index.html")
        assert any(cells and cells[0] == name for cells in (r.cells for r in index.rows))
    raw = "".join(p.read_text("utf-8") for p in site.rglob("*.html"))
    assert "<img src=x" not in raw and "</table><h1>FAKE" not in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw


def test_the_lost_page_lists_exactly_what_was_removed(
    lost_account: LostAccount, site: Path, archive: Archive
) -> None:
    lost = read_page(site / "lost.html")
    assert lost_account.removed_pins and len(lost_account.removed_pins) > 3
    assert pin_links(lost) == lost_account.removed_pins
    boards = {m.group(1) for link in lost.links if (m := re.search(r"boards/(\w+)\.html$", link))}
    assert boards == {lost_account.removed_board}
    # Each went missing at the second backup, and was last seen at the first.
    first, second = archive.snapshots()[:2]
    listed = [r for r in lost.rows if r.links]
    assert len(listed) >= len(lost_account.removed_pins) + 1
    for row in listed:
        assert row.cells[-2:] == [utc_text(first.started_at), utc_text(second.started_at)], row
    for pin_id in lost_account.removed_pins:
        page = read_page(site / pin_page(pin_id))
        assert f"This pin was removed: missing since {utc_text(second.started_at)}" in page.text
    present = next(iter(archived_ids(lost_account.root, "pin") - lost_account.removed_pins))
    assert "was removed" not in read_page(site / pin_page(present)).text


def test_each_pin_page_shows_every_file_archived_for_it(
    lost_account: LostAccount, site: Path, archive: Archive
) -> None:
    browser = ArchiveBrowser(archive)
    kinds = {"image": 0, "video": 0, "carousel": 0}
    for pin_id in archived_ids(lost_account.root, "pin"):
        detail = browser.pin_detail(pin_id)
        assert detail is not None
        stored = [f for f in detail.media if f.path]
        page = read_page(site / pin_page(pin_id))
        shown = [link for link in page.links if "media/" in link]
        for file in stored:
            name = Path(file.path or "").name
            assert any(link.endswith(name) for link in shown), (pin_id, name)
        videos = [f for f in stored if (f.content_type or "").startswith("video/")]
        kinds["video"] += bool(videos)
        kinds["carousel"] += (
            sum(1 for f in stored if (f.content_type or "").startswith("image/")) > 1
        )
        kinds["image"] += bool(stored)
        if videos:
            assert "video" in page.tags
    assert all(kinds.values()), kinds
    for placed in (site / "media").iterdir():
        digest = hashlib.sha256(placed.read_bytes()).hexdigest()
        assert placed.name.split(".")[0] == digest


def test_pages_show_every_field_of_a_pin(lost_account: LostAccount, site: Path) -> None:
    conn = sqlite3.connect(lost_account.root / "archive.sqlite")
    pin_id, raw = conn.execute(
        "SELECT object_id, raw FROM versions WHERE kind = 'pin' ORDER BY id LIMIT 1"
    ).fetchone()
    conn.close()
    fields = json.loads(raw)
    page = read_page(site / pin_page(pin_id))
    headers = [text for tag, text in page.elements if tag == "th"]
    for key in fields:
        assert key in headers, key


def test_progress_names_each_step_and_counts_the_pins(
    exported: tuple[SiteResult, list[Progress]],
) -> None:
    result, seen = exported
    phases = list(dict.fromkeys(p.phase for p in seen))
    assert phases == [
        "Reading the archive",
        "Writing pin pages",
        "Writing board pages",
        "Writing the index, lost content and timeline",
        "Putting the site in place",
    ]
    pins = [p for p in seen if p.phase == "Writing pin pages"]
    assert pins[-1].done == pins[-1].total == result.pins
    assert [p.done for p in pins] == sorted(p.done for p in pins)
    assert seen[-1].bytes == result.bytes
