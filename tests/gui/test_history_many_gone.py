"""History over a loss of thousands of pins (an archive on this computer with no login):
the comparison is added a slice at a time (HistoryPage._fill), and once it is all there
every gone pin is in the grid, under its board, and in the tree's Removed group, each
once, as a small comparison shows them at once."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from creator_backup.archive.store import Archive
from creator_backup.gui.gone_grid import HEADER_ROLE, PIN_ROLE
from creator_backup.gui.pages.history import FILL_STEPS, HistoryPage
from tests.archive.many_pins import snapshot

from .conftest import MakeWindow

WAIT_MS = 60_000
PINS = 3_000
GONE = 2_500  # more than two slices of the grid, and of the tree after it


def test_a_loss_of_thousands_of_pins_is_shown_whole(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    assert GONE > 2 * FILL_STEPS
    with Archive.open(tmp_path / "home" / "data" / "archives" / "4400000000001") as archive:
        snapshot(archive, PINS)
        snapshot(archive, PINS, GONE)
    window = make_window(demo=False)
    history = window.page("history")
    assert isinstance(history, HistoryPage)
    window.show_page("history")
    qtbot.waitUntil(lambda: history.compared == (1, 2), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: history.complete, timeout=WAIT_MS)
    assert f"{GONE:,} removed" in history.summary.text()
    grid = history.gone
    rows = [grid.item(i) for i in range(grid.count())]
    headers = [r for r in rows if r is not None and r.data(HEADER_ROLE)]
    assert len(headers) == 1 and f"{GONE:,} pins" in headers[0].text()
    assert sorted(int(r.data(PIN_ROLE)) for r in rows if r is not None and r.data(PIN_ROLE)) == (
        list(range(GONE))
    )
    removed = history.tree.topLevelItem(0)
    assert removed is not None and removed.text(0) == f"Removed ({GONE:,})"
    titles = {removed.child(i).text(0) for i in range(removed.childCount())}
    assert titles == {f"Pin: Pin {n}: a title" for n in range(GONE)}
