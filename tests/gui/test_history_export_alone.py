"""History marks which of a data export's claims rest on the export alone: of the pins it
says are gone, the ones a backup saw carry no mark, the one no backup ever saw does, and
the summary counts it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from creator_backup.gui.pages.history import ID_ROLE, HistoryPage, export_alone_mark
from tests.data_export.exports import pin, render, zipped

from .conftest import MakeWindow

WAIT_MS = 60_000
NEVER_SEEN = "900000000000000078"


def test_history_marks_the_claims_only_an_export_makes(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(demo_pins=30)
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    record = window.account
    assert record is not None
    services = window.services
    assert services.demo is not None
    app = services.app
    assert app.backups.run_account(record).complete
    removed = services.demo.remove_some(pins=2, seed=5)["pins"]
    assert removed
    assert app.backups.run_account(record).complete
    assert app.backups.run_account(record).complete  # the newest comparison (2 to 3) shows no loss

    pins = [pin(pin_id, username=record.username, alive="False") for pin_id in removed]
    pins.append(pin(NEVER_SEEN, title="Never backed up", username=record.username,
                    alive="False"))  # fmt: skip
    export = tmp_path / "pinterest-export.zip"
    export.write_bytes(zipped(render(pins)))
    result, _ = app.files.import_data_export(export, media=False)
    assert result.alive_false == len(pins)

    history = window.page("history")
    assert isinstance(history, HistoryPage)
    window.show_page("history")
    history.refresh()
    expected = "No backup ever saw 1 of these pins"
    qtbot.waitUntil(lambda: expected in history.summary.text(), timeout=WAIT_MS)
    assert f"marks {len(pins)} pins as no longer alive" in history.summary.text()
    top = history.tree.topLevelItem(0)
    assert top is not None and top.text(0).startswith("No longer alive, says Pinterest")
    rows = {top.child(i).data(0, ID_ROLE): top.child(i) for i in range(top.childCount())}
    assert len(rows) == len(pins)
    marked = {key for key, row in rows.items() if export_alone_mark() in row.text(1)}
    assert marked == {f"pin:{NEVER_SEEN}"}
    assert rows[f"pin:{NEVER_SEEN}"].text(0) == "Pin: Never backed up"  # by name, not id
