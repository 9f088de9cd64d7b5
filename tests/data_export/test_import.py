"""Importing an export into an archive a backup made: merged by pin id, per-field
provenance, nothing twice, pictures from the CDN (and failures recorded), and later
backups, restore and diff never mistaking the export for a backup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from creator_backup.archive.store import Archive
from creator_backup.data_export.container import open_export
from creator_backup.data_export.importer import (
    ExportImporter,
    ImportOptions,
    ImportResult,
)
from creator_backup.data_export.parse import parse_export
from creator_backup.diff.compare import baseline_or_given, choose_snapshots, diff
from creator_backup.errors import Cancelled, UsageError
from creator_backup.progress import CancelToken, Progress
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control, do_backup
from tests.data_export.exports import SAMPLE, pin, render
from tests.data_export.helpers import IP, api_pins, counts, export_of
from tests.sandbox_fixture import MakeSandbox

Imported = tuple[Sandbox, dict[str, dict[str, Any]], ImportResult]
EXTRA = ("900000000000000001", "900000000000000002", "900000000000000003")


def run_import(root: Path, page: str, tmp: Path, cdn: str, media: bool = True) -> ImportResult:
    path = tmp / "export.html"
    path.write_text(page, "utf-8")
    export = open_export(path)
    parsed = parse_export(export.documents[0].text)
    with Archive.open(root) as archive:
        return ExportImporter(archive, ImportOptions(cdn_base=cdn, media=media)).run(
            export, parsed, "creator"
        )


@pytest.fixture
def imported(make_sandbox: MakeSandbox, archive_root: Path, tmp_path: Path) -> Imported:
    sandbox = make_sandbox(seed=8, boards=3, pins=30)
    assert do_backup(sandbox, archive_root).complete
    pins = api_pins(archive_root)
    known = sorted(pins)
    # Alive: False on a pin the backups keep seeing, and on one that is about to go.
    page_pins = export_of(pins, "creator", **{f"p{known[0]}": "False", f"p{known[5]}": "False"})
    picture = page_pins[1].value("Image")
    page_pins += [
        pin(EXTRA[0], title="Only in the export", image=picture, board_id="700", alive="False"),
        pin(EXTRA[1], title="Also only here", image="f" * 32, board_id="700"),  # unknown: 404
        pin(EXTRA[2], title="No picture", board_id="700", board_name="Old board"),
    ]
    result = run_import(archive_root, render(page_pins), tmp_path, sandbox.media_base)
    return sandbox, pins, result


def test_the_real_sample_imports_into_a_new_archive(archive_root: Path, tmp_path: Path) -> None:
    if not SAMPLE.is_file():
        pytest.skip(f"the shared sample is not on this machine ({SAMPLE})")
    result = run_import(archive_root, SAMPLE.read_text("utf-8"), tmp_path, "http://x", media=False)
    assert (result.pins, result.boards, result.alive_false, result.skipped) == (1, 1, 0, [])
    with Archive.open(archive_root, write=False) as archive:
        snap = archive.snapshot(result.snapshot_id)
        assert (snap.kind, snap.status) == ("data_export", "complete")
        pin_version = archive.objects_in(snap.id, "pin")["123456789"]
        assert pin_version.raw["description"] == "some text"
        assert pin_version.raw["created_at"] == "2017-02-13T15:35:01"
        assert pin_version.raw["link"].startswith("https://some-cool-address")
        assert pin_version.raw["data_export"]["Ip Address"] == "555.555.555.555"
        assert pin_version.board_id == "9876543210"
        assert archive.objects_in(snap.id, "board")["9876543210"].raw["id"] == "9876543210"
        assert archive.export_sections(snap.id) == [("Something else", "")]
        assert archive.last_complete() is None  # an export is not a backup


def test_merge_by_pin_id_keeps_each_fields_source_and_duplicates_nothing(
    imported: Imported, archive_root: Path
) -> None:
    _, pins, result = imported
    assert (result.pins, result.merged, result.alive_false) == (len(pins) + 3, len(pins), 3)
    with Archive.open(archive_root, write=False) as archive:
        facts = archive.object_facts("pin")
        assert set(facts) == set(pins) | set(EXTRA)  # one object per pin id
        export = archive.objects_in(result.snapshot_id, "pin")
        backup = archive.last_complete()
        assert backup is not None
        titled = [p for p in sorted(pins) if pins[p].get("title")]
        untitled = [p for p in sorted(pins) if not pins[p].get("title")]
        assert titled and untitled  # the sandbox has both: each rule is exercised
        for pin_id in titled + untitled:
            version = export[pin_id]
            origin = archive.field_sources(version.version_id)["title"]
            if pin_id in titled:  # the API's title stands
                assert version.raw["title"] == pins[pin_id]["title"]
                assert origin == ("api", backup.id)
            else:  # the export fills what the API left empty
                assert version.raw["title"] == f"export title {pin_id}"
                assert origin == ("data_export", result.snapshot_id)
        some = titled[0]
        merged = export[some]
        assert merged.raw["data_export"]["Title"] == f"export title {some}"
        assert merged.raw["data_export"]["Ip Address"] == IP
        sources = archive.field_sources(merged.version_id)
        assert sources["id"] == ("api", backup.id)
        assert sources["media"] == ("api", backup.id)
        assert sources["data_export"] == ("data_export", result.snapshot_id)
        only = export[EXTRA[0]]
        assert archive.field_sources(only.version_id)["title"] == (
            "data_export",
            result.snapshot_id,
        )
        assert only.raw["title"] == "Only in the export"
        # A version a backup wrote has no rows: all of it came from the API.
        api_version = archive.objects_in(backup.id, "pin")[some]
        assert archive.field_sources(api_version.version_id) == {}
        assert archive.objects_in(result.snapshot_id, "board")["700"].raw["name"] == "Old board"


def test_pictures_come_from_the_cdn_and_a_failure_is_recorded(
    imported: Imported, archive_root: Path
) -> None:
    sandbox, _, result = imported
    assert result.media_downloaded == 1  # the one export-only pin with a known picture
    assert [f["reason"] for f in result.media_failed] == ["HTTP 404"]
    assert not result.complete
    with Archive.open(archive_root, write=False) as archive:
        rows = {
            r[0]: (r[1], r[2])
            for r in archive.conn.execute("SELECT url, status, error FROM media_urls")
        }
        base = sandbox.media_base + "/736x/"
        ok = [u for u, (s, _) in rows.items() if u.startswith(base) and s == "ok"]
        # A 404 is Pinterest's final word on that address: recorded once, never retried.
        failed = [u for u, (s, _) in rows.items() if u.startswith(base) and s == "unavailable"]
        assert len(ok) == 1 and len(failed) == 1 and failed[0].endswith("f" * 32 + ".jpg")
        stored = archive.primary_media({EXTRA[0]})
        assert EXTRA[0] in stored
        path, content_type = archive.stored_media([stored[EXTRA[0]]])[stored[EXTRA[0]]]
        assert content_type == "image/png" and (archive_root / path).is_file()


def test_importing_the_same_export_twice_changes_nothing(
    imported: Imported, archive_root: Path, tmp_path: Path
) -> None:
    sandbox, _, first = imported
    before = counts(archive_root)
    page = (tmp_path / "export.html").read_text("utf-8")
    again = run_import(archive_root, page, tmp_path, sandbox.media_base)
    assert again.already_imported and again.snapshot_id == first.snapshot_id
    assert (again.pins, again.alive_false) == (first.pins, first.alive_false)
    assert counts(archive_root) == before


def test_later_backups_neither_count_export_only_pins_missing_nor_carry_them(
    imported: Imported, archive_root: Path
) -> None:
    sandbox, pins, result = imported
    gone = sorted(pins)[5]
    control(sandbox, f"pins/{gone}/remove")
    assert do_backup(sandbox, archive_root, kind="full").complete
    assert do_backup(sandbox, archive_root, kind="quick").complete
    with Archive.open(archive_root, write=False) as archive:
        facts = archive.object_facts("pin")
        for pin_id in EXTRA:
            assert facts[pin_id][2] is None, "an export-only pin is not 'missing'"
        assert facts[gone][2] is not None
        snaps = archive.snapshots()
        assert [s.kind for s in snaps] == ["full", "data_export", "full", "quick"]
        for snap in snaps[2:]:
            placed = archive.placements_in(snap.id, "pin")
            assert not set(EXTRA) & set(placed), snap.kind
            assert set(placed) == set(pins) - {gone}
        older, newer = choose_snapshots(archive, None, None)
        assert (older.kind, newer.kind) == ("full", "quick")
        first = snaps[0]
        result_diff = diff(archive, first, newer)
        # `gone` is Alive: False in the export too; the backups' evidence lists it, once.
        assert [i.id for i in result_diff.removed["pin"]] == [gone]
        assert result_diff.added["pin"] == []
        # The export's Alive: False pin that no backup shows is removed by its word.
        by_export = {i.id: i for i in result_diff.removed_by_export}
        assert set(by_export) == {EXTRA[0]}
        assert by_export[EXTRA[0]].missing_since == archive.snapshot(result.snapshot_id).started_at
        assert by_export[EXTRA[0]].provenance == "Pinterest's data export"
        with pytest.raises(UsageError, match="imported data export"):
            choose_snapshots(archive, first.id, result.snapshot_id)
        with pytest.raises(UsageError, match="imported data export"):
            baseline_or_given(archive, result.snapshot_id, "to restore from")
        # The export's Alive: False on a pin the backups still show is not a loss.
        still = sorted(pins)[0]
        assert still not in by_export and still in archive.placements_in(newer.id, "pin")
        body = result_diff.to_json()
        assert body["removed_by_export"]["pins"] == [EXTRA[0]]
        assert json.dumps(body)  # plain JSON


def test_a_cancelled_import_leaves_the_archive_as_it_was(
    archive_root: Path, tmp_path: Path
) -> None:
    Archive.open(archive_root).close()
    before = counts(archive_root)
    path = tmp_path / "export.html"
    path.write_text(render([pin(str(1000 + n)) for n in range(1200)]), "utf-8")
    export = open_export(path)
    parsed = parse_export(export.documents[0].text)
    seen: list[Progress] = []
    cancel = CancelToken()

    def progress(step: Progress) -> None:
        seen.append(step)
        if step.done >= 500:
            cancel.cancel()  # as the window's Cancel button would, partway through

    with Archive.open(archive_root) as archive, pytest.raises(Cancelled):
        ExportImporter(archive, ImportOptions(media=False), progress, cancel).run(
            export, parsed, "creator"
        )
    assert counts(archive_root) == before
    assert [s.phase for s in seen][:2] == ["Reading the export"] * 2
    assert seen[-1].total == 1200
