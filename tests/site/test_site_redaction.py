"""Pins imported from Pinterest's data export carry the IP address each was saved from.
The archive keeps it; no page of the site shows it, and the site says what it left out."""

from __future__ import annotations

from pathlib import Path

from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.store import Archive
from creator_backup.site import export_site
from creator_backup.site.names import pin_page
from tests.site.html_check import read_page

IP = "203.0.113.77"


def imported_archive(root: Path) -> None:
    """An archive as an import of the data export leaves it: one snapshot, whose pins hold
    the export's own fields beside the API's."""
    with Archive.open(root, identity={"account_id": "42", "username": "maker"}) as archive:
        snapshot = archive.begin_snapshot("data_export", "https://api.pinterest.com/v5")
        with archive.transaction() as tx:
            archive.record(tx, snapshot.id, "account", "42", {"id": "42", "username": "maker"})
            archive.record(tx, snapshot.id, "board", "7", {"id": "7", "name": "Quilts"})
            for n in range(3):
                raw = {
                    "id": f"10{n}",
                    "title": f"Quilt {n}",
                    "board_id": "7",
                    "data_export": {"Ip Address": IP, "Title": f"Quilt {n}", "Private": "No"},
                }
                archive.record(tx, snapshot.id, "pin", f"10{n}", raw, board_id="7")
            archive.record(
                tx, snapshot.id, "pin", "200", {"id": "200", "board_id": "7"}, board_id="7"
            )
        archive.finish_snapshot(snapshot.id, RunOutcome.IMPORTED, {"pins": 4})


def test_no_page_shows_an_ip_address_and_the_site_says_which_fields_it_left_out(
    tmp_path: Path,
) -> None:
    root = tmp_path / "archive"
    imported_archive(root)
    with Archive.open(root, write=False) as archive:
        result = export_site(archive, tmp_path / "site")
    site = result.out
    assert result.redacted == {"data_export.Ip Address": 3}
    for path in site.rglob("*"):
        if path.is_file():
            assert IP.encode() not in path.read_bytes(), path
    page = read_page(site / pin_page("101"))
    assert "Personal data left out of this page: data_export.Ip Address." in page.text
    assert "[redacted: personal data]" in page.text and "Private" in page.text
    assert "Personal data left out of this page" not in read_page(site / pin_page("200")).text
    about = read_page(site / "about.html")
    assert "personal" in about.ids
    assert ["data_export.Ip Address", "3"] in [r.cells for r in about.rows]
    # The archive itself still holds it: it is the user's own evidence.
    with Archive.open(root, write=False) as archive:
        assert (
            IP
            in archive.conn.execute("SELECT raw FROM versions WHERE object_id = '101'").fetchone()[
                0
            ]
        )


def test_without_personal_fields_the_site_says_nothing_was_left_out(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    with Archive.open(root) as archive:
        snapshot = archive.begin_snapshot("full", "https://api.pinterest.com/v5")
        with archive.transaction() as tx:
            archive.record(tx, snapshot.id, "pin", "1", {"id": "1", "title": "Alone"})
        archive.finish_snapshot(snapshot.id, RunOutcome.COMPLETE, {})
    with Archive.open(root, write=False) as archive:
        result = export_site(archive, tmp_path / "site")
    assert result.redacted == {}
    about = read_page(result.out / "about.html")
    assert "No personal fields (such as IP addresses) were found" in about.text
    # A pin on no board the archive knows still has its page, reached from the index.
    assert (result.out / pin_page("1")).is_file()
    assert "other.html" in read_page(result.out / "index.html").links
