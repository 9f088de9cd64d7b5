"""The site's front page shows the account with pictures (each board by its cover, the
newest pins), counts in words and times in words, and no raw field names; the fields
themselves are on About this copy. Built from a real archive backed up from the sandbox."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from creator_backup.archive.browse import ArchiveBrowser, PinRow
from creator_backup.archive.store import Archive
from creator_backup.site import export_site
from creator_backup.site.names import board_page, media_name, pin_page
from creator_backup.site.writer import COVER_LOOKAHEAD, RECENT_PINS
from tests.site.conftest import LostAccount
from tests.site.html_check import read_page

ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
IMAGE = re.compile(r"image/")


@pytest.fixture(scope="module")
def site(lost_account: LostAccount, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with Archive.open(lost_account.root, write=False) as archive:
        return export_site(archive, tmp_path_factory.mktemp("front") / "site").out


def tiles(html: str, section: str) -> list[tuple[str, str | None]]:
    """(link, picture) of each tile in the grid under the heading `section`."""
    part = html.split(f"<h2>{section}</h2>", 1)[1].split("</ul>", 1)[0]
    found = []
    for item in re.findall(r"<li[^>]*>(.*?)</li>", part, re.S):
        link = re.search(r'<a href="([^"]+)"', item)
        picture = re.search(r'<img src="([^"]+)"', item)
        assert link is not None
        found.append((link.group(1), picture.group(1) if picture else None))
    return found


def picture_of(rows: list[PinRow]) -> str | None:
    """The cover a board's newest pins give it: the first picture among them."""
    for row in rows:
        if IMAGE.match(row.content_type or "") and row.media_path and media_name(row.media_path):
            return media_name(row.media_path)
    return None


def test_the_front_page_shows_the_newest_pins_with_their_pictures(
    lost_account: LostAccount, site: Path
) -> None:
    html = (site / "index.html").read_text("utf-8")
    with Archive.open(lost_account.root, write=False) as archive:
        newest = ArchiveBrowser(archive).pins(offset=0, limit=RECENT_PINS)
    shown = tiles(html, "Recent pins")
    assert [link for link, _ in shown] == [pin_page(r.id) for r in newest]
    pictured = 0
    for (_, picture), row in zip(shown, newest, strict=True):
        if IMAGE.match(row.content_type or "") and row.media_path:
            assert picture is not None and picture == media_name(row.media_path), row.id
            assert (site / picture).is_file()
            pictured += 1
    assert pictured >= RECENT_PINS // 2, "the sandbox's pins mostly have pictures"


def test_each_board_is_shown_by_its_cover(lost_account: LostAccount, site: Path) -> None:
    html = (site / "index.html").read_text("utf-8")
    with Archive.open(lost_account.root, write=False) as archive:
        browser = ArchiveBrowser(archive)
        boards = browser.boards()
        covers = {
            b.id: picture_of(browser.pins(b.id, None, "", 0, COVER_LOOKAHEAD)) for b in boards
        }
    shown = dict(tiles(html, "Boards"))
    assert set(shown) == {board_page(b.id) for b in boards}
    assert sum(1 for c in covers.values() if c) >= 2
    for board in boards:
        assert shown[board_page(board.id)] == covers[board.id], board.name
    page = read_page(site / "index.html")
    for board in boards:
        assert f"{board.pins:,} pin{'' if board.pins == 1 else 's'}" in page.text


def test_the_front_page_has_no_raw_field_names_and_says_times_in_words(
    lost_account: LostAccount, site: Path
) -> None:
    with Archive.open(lost_account.root, write=False) as archive:
        snapshot = archive.snapshots()[-1]
        raw = next(iter(archive.objects_in(snapshot.id, "account").values())).raw
    assert {"board_count", "pin_count", "follower_count"} <= set(raw)
    index = read_page(site / "index.html")
    text = " ".join(index.text.split())
    for key in [*raw, "board_id", "created_at", "missing_since"]:
        if "_" in key:
            assert key not in text, key
    assert not ISO.search(text)
    assert not re.search(r"\b1 (pins|boards|sections|backups)\b", text)
    assert re.search(r"\d+ boards and \d+ pins, with [\d,]+ pictures and videos", text)
    # The fields, under Pinterest's names, are on About this copy.
    about = read_page(site / "about.html")
    headers = [t for tag, t in about.elements if tag == "th"]
    assert {"board_count", "pin_count"} <= set(headers)
    for name in ("lost.html", "timeline.html"):
        assert not ISO.search(read_page(site / name).text), name
