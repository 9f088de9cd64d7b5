"""History reads nothing while it is not the page shown (its comparison, at 100,000 pins,
would slow the page that is): it reads when shown, and an archive changed while it was
hidden is read again when it is next shown."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from creator_backup.archive.store import Archive
from creator_backup.gui.pages.browse import BrowsePage
from creator_backup.gui.pages.history import HistoryPage
from tests.archive.many_pins import snapshot

from .conftest import MakeWindow

WAIT_MS = 20_000


def test_history_reads_when_shown_and_again_after_a_change_while_hidden(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "home" / "data" / "archives" / "4400000000001"
    with Archive.open(root) as archive:
        snapshot(archive, 40)
        snapshot(archive, 40, 10)  # the first 10 pins gone
    window = make_window(demo=False)
    history, browse = window.page("history"), window.page("browse")
    assert isinstance(history, HistoryPage) and isinstance(browse, BrowsePage)
    assert window.stack.currentWidget() is not history
    # The pages shown or not read as the window opens: Browse has read its pins by now,
    # through the same runner that would have read History's snapshots.
    qtbot.waitUntil(lambda: browse.pins_model.rowCount() > 0, timeout=WAIT_MS)
    qtbot.wait(300)
    assert history.timeline.count() == 0 and history.compared is None

    window.show_page("history")
    qtbot.waitUntil(lambda: history.compared == (1, 2), timeout=WAIT_MS)
    assert "10 removed" in history.summary.text()

    window.show_page("browse")
    with Archive.open(root) as archive:
        snapshot(archive, 40, 25)  # 15 more gone
    window.events.archive_changed.emit()
    qtbot.wait(300)
    assert history.timeline.count() == 2  # not read again while hidden
    window.show_page("history")
    qtbot.waitUntil(lambda: history.compared == (2, 3), timeout=WAIT_MS)
    assert history.timeline.count() == 3 and "15 removed" in history.summary.text()
