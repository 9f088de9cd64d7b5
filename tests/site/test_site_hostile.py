"""Hostile data straight in the archive: ids that are not numbers, media paths that lead
elsewhere, script links and markup in titles. File names come from ids alone and stay
inside their folder; a path the media store would never have written is not followed."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.records import utc_now
from creator_backup.archive.store import Archive
from creator_backup.site import export_site
from creator_backup.site.names import media_name, safe_id
from tests.site.html_check import broken_links, pages_of, read_page

SAFE = re.compile(r"[A-Za-z0-9_-]{1,64}")
WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)", re.IGNORECASE)


@given(st.text(max_size=300))
def test_a_file_name_from_any_id_is_safe(object_id: str) -> None:
    name = safe_id(object_id)
    assert SAFE.fullmatch(name)
    assert not WINDOWS_RESERVED.fullmatch(name)


@given(st.text(max_size=50), st.text(max_size=50))
def test_distinct_ids_get_distinct_names_even_on_a_case_blind_disk(a: str, b: str) -> None:
    if a != b:
        assert safe_id(a).casefold() != safe_id(b).casefold()


def test_numbers_stay_as_they_are_and_stored_media_names_only() -> None:
    assert safe_id("1100000050000000000") == "1100000050000000000"
    assert safe_id("../../etc/passwd").startswith("etcpasswd-")
    sha = "ab" * 32
    assert media_name(f"media/ab/ab/{sha}.jpg") == f"media/{sha}.jpg"
    for hostile in ("../../etc/passwd", f"media/ab/ab/{sha}.exe", f"{sha}.jpg/..", "", "a.jpg"):
        assert media_name(hostile) is None


HOSTILE_TITLES = (
    '<img src="file:///etc/passwd">',
    '<a href="javascript:alert(1)">x</a>',
    "</table><h1>FAKE</h1>",
    "<script>alert(1)</script>",
)


def test_hostile_ids_titles_links_and_paths_in_the_archive(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    sha = "cd" * 32
    # Named as the store names files, but beside the archive, not in it.
    secret = tmp_path / f"{sha}.jpg"
    secret.write_bytes(b"\xff\xd8\xff private")
    with Archive.open(root) as archive:
        snapshot = archive.begin_snapshot("full", "https://api.pinterest.com/v5")
        with archive.transaction() as tx:
            archive.record(
                tx,
                snapshot.id,
                "board",
                "../boards",
                {"id": "../boards", "name": HOSTILE_TITLES[2]},
            )
            for n, title in enumerate(HOSTILE_TITLES):
                pin_id = ["../../index", "CON", "a/b\\c", "Ab"][n]
                raw = {"id": pin_id, "title": title, "link": "javascript:alert(1)",
                       "description": HOSTILE_TITLES[(n + 1) % 4]}  # fmt: skip
                url = f"https://i.example/{n}.jpg"
                archive.record(
                    tx, snapshot.id, "pin", pin_id, raw, board_id="../boards", media_urls=[url]
                )
                # A database edited by hand: a media row pointing outside the media store.
                tx.execute(
                    "INSERT OR IGNORE INTO media (sha256, size, content_type, path, stored_at) "
                    "VALUES (?, 9, 'image/jpeg', ?, ?)",
                    (sha, f"media/../../{secret.name}", utc_now()),
                )
                tx.execute(
                    "INSERT INTO media_urls (url, sha256, status, snapshot) VALUES (?, ?, 'ok', ?)",
                    (url, sha, snapshot.id),
                )
            archive.record(
                tx, snapshot.id, "pin", "ab", {"id": "ab", "title": "lower"}, board_id="../boards"
            )
        archive.finish_snapshot(snapshot.id, RunOutcome.COMPLETE, {})
    with Archive.open(root, write=False) as archive:
        result = export_site(archive, tmp_path / "site")
    site = result.out
    assert result.pins == 5 and result.media_files == 0
    made = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert all(
        re.fullmatch(
            r"[a-z]+/[A-Za-z0-9_-]+\.html|[a-z]+\.(html|css)|\.creator-backup-site\.json", m
        )
        for m in made
    ), made
    pins = [m for m in made if m.startswith("pins/")]
    assert len(pins) == 5 and len({m.casefold() for m in pins}) == 5
    pages = pages_of(site)
    for page in pages:
        assert broken_links(site, page) == [], page.path
        assert "script" not in page.tags and page.handlers == []
        assert not any("javascript" in link or "passwd" in link for link in page.links)
    shown = "".join(read_page(site / m).text for m in pins)
    for title in HOSTILE_TITLES:
        assert title in shown
    assert "javascript:alert(1)" in shown  # the link is shown as text, never followed
    assert b"private" not in b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
