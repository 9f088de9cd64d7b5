"""History answers "what did I lose": the pins a backup found gone, as pictures grouped by
their board's name, each opening its pin in Browse; an appeal packet of exactly that loss
one click away; and after a restore, the pins put back are called restored, not added."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from creator_backup.gui.gone_grid import HEADER_ROLE, PIN_ROLE
from creator_backup.gui.pages.appeal import AppealPage
from creator_backup.gui.pages.browse import BrowsePage
from creator_backup.gui.pin_models import unnamed_board

from .conftest import MakeWindow
from .test_window import back_up, menu_action, pages, sandbox_state

WAIT_MS = 20_000


def listed(state: dict[str, object], key: str) -> list[dict[str, str]]:
    found = state[key]
    assert isinstance(found, list)
    return found


def test_what_is_gone_shows_as_pictures_by_board_and_opens_each_pin(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo_pins=60)
    _, backup, history = pages(window)
    back_up(qtbot, backup)
    before = sandbox_state(window)
    menu_action(window, "Remove a board and some pins").trigger()
    qtbot.waitUntil(lambda: "removal happened" in window.statusBar().currentMessage(),
                    timeout=WAIT_MS)  # fmt: skip
    after = sandbox_state(window)
    pins_before, pins_after, boards = (
        listed(before, "pins"),
        listed(after, "pins"),
        listed(before, "boards"),
    )
    gone = {p["id"] for p in pins_before} - {p["id"] for p in pins_after}
    back_up(qtbot, backup)
    window.show_page("history")
    qtbot.waitUntil(lambda: history.compared == (1, 2), timeout=WAIT_MS)
    grid = history.gone
    assert history.gone_box.isVisibleTo(history)
    tiles = {grid.item(i).data(PIN_ROLE) for i in range(grid.count())
             if grid.item(i).data(PIN_ROLE)}  # fmt: skip
    assert tiles == gone
    # Headers carry the boards' names (never an id), each pin under its own board's; a
    # pin saved to a board the archive never held (secret, someone else's) under the
    # unnamed board's.
    record = window.account
    assert record is not None
    with window.services.app.archives.browsing(record) as browser:
        held = {b.id for b in browser.boards()}
    names = {b["id"]: b["name"] for b in boards if b["id"] in held}
    board_of = {p["id"]: p["board_id"] for p in pins_before}
    header = ""
    for i in range(grid.count()):
        item = grid.item(i)
        if item.data(HEADER_ROLE):
            header = item.text()
            assert not any(board["id"] in header for board in boards)
        else:
            name = names.get(board_of[item.data(PIN_ROLE)], unnamed_board())
            assert header.startswith(name + ":"), header
    # Pictures arrive off the UI thread.
    qtbot.waitUntil(lambda: any(not grid.item(i).icon().isNull() for i in range(grid.count())),
                    timeout=WAIT_MS)  # fmt: skip

    # A picture opens its pin in Browse, removed as it is.
    tile = next(grid.item(i) for i in range(grid.count()) if grid.item(i).data(PIN_ROLE))
    grid.itemClicked.emit(tile)
    browse = window.page("browse")
    assert isinstance(browse, BrowsePage)
    assert window.stack.currentWidget() is browse
    qtbot.waitUntil(lambda: browse.pin_id == tile.data(PIN_ROLE), timeout=WAIT_MS)

    # The packet of exactly this loss: the two snapshots chosen for the creator.
    window.show_page("history")
    history.appeal_button.click()
    appeal = window.page("appeal")
    assert isinstance(appeal, AppealPage)
    assert window.stack.currentWidget() is appeal
    step = appeal.choose_step
    qtbot.waitUntil(lambda: (step.from_box.currentData(), step.to_box.currentData()) == (1, 2)
                    and step.mode == "lost", timeout=WAIT_MS)  # fmt: skip


def test_a_clean_backup_shows_no_pictures_of_loss(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(demo_pins=30)
    _, backup, history = pages(window)
    back_up(qtbot, backup)
    back_up(qtbot, backup)
    window.show_page("history")
    qtbot.waitUntil(lambda: history.compared == (1, 2), timeout=WAIT_MS)
    assert history.gone.count() == 0 and not history.gone_box.isVisibleTo(history)
    assert "0 removed" in history.summary.text()


def test_after_a_restore_history_calls_the_pins_put_back_restored(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    from creator_backup.restore import RestoreOptions

    window = make_window(demo_pins=40)
    _, backup, history = pages(window)
    back_up(qtbot, backup)
    menu_action(window, "Remove a board and some pins").trigger()
    qtbot.waitUntil(lambda: "removal happened" in window.statusBar().currentMessage(),
                    timeout=WAIT_MS)  # fmt: skip
    back_up(qtbot, backup)
    app, record = window.services.app, window.account
    assert record is not None
    # The restore as the Restore page runs it, through the application layer.
    result = app.restores.run(app.accounts.login(record), RestoreOptions(snapshot_id=1))
    assert sum(result.created.values()) > 0, result.to_json()
    back_up(qtbot, backup)
    window.show_page("history")
    qtbot.waitUntil(lambda: history.compared == (2, 3), timeout=WAIT_MS)
    assert "restored" in history.summary.text() and " 0 added" in history.summary.text()
    rows = [history.tree.topLevelItem(i) for i in range(history.tree.topLevelItemCount())]
    tops = [row.text(0) for row in rows if row is not None]
    assert any(t.startswith("Restored (") for t in tops), tops
    # The comparison that found them gone now marks them as put back.
    history.choose_snapshot(2)
    qtbot.waitUntil(lambda: history.compared == (1, 2), timeout=WAIT_MS)
    grid = history.gone
    restored = [grid.item(i).text() for i in range(grid.count())
                if grid.item(i).data(PIN_ROLE) and grid.item(i).text().startswith("Restored: ")]  # fmt: skip
    assert restored


def test_after_a_restore_browse_shows_each_pin_once_and_agrees_with_overview(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    """The restored copy stands for the pin: Browse lists it, not the original beside it,
    and every archived pin it counts is one Overview counts."""
    from creator_backup.restore import RestoreOptions

    window = make_window(demo_pins=40)
    overview, backup, _ = pages(window)
    back_up(qtbot, backup)
    app, record = window.services.app, window.account
    assert record is not None
    before = app.archives.status(record).pins
    menu_action(window, "Remove a board and some pins").trigger()
    qtbot.waitUntil(lambda: "removal happened" in window.statusBar().currentMessage(),
                    timeout=WAIT_MS)  # fmt: skip
    back_up(qtbot, backup)
    with app.archives.browsing(record) as browser:
        assert browser.count_pins() == before  # the removed ones are still archived
    # Overview counts what the archive holds, as Browse does, not only what is on Pinterest.
    lost = app.archives.status(record)
    assert lost.pins < lost.held_pins == before
    qtbot.waitUntil(lambda: f"{before:,} pins" in overview.counts.text(), timeout=WAIT_MS)
    result = app.restores.run(app.accounts.login(record), RestoreOptions(snapshot_id=1))
    assert result.ok and not result.failed
    # What no restore can put back (a video Pinterest never gave, a pin on another's
    # board: the removal is random) stays archived and marked, not on Pinterest.
    cannot = {u.id for u in result.plan.cannot if u.kind == "pin"}
    back_up(qtbot, backup)
    status = app.archives.status(record)
    with app.archives.browsing(record) as browser:
        listed = [row.id for row in browser.pins(limit=10_000)]
        boards = browser.boards()
        gone = {row.id for row in browser.pins(limit=10_000) if row.missing_since is not None}
        assert browser.count_pins() == len(listed) == status.held_pins == before
    assert status.pins == before - len(cannot) and gone == cannot
    assert len(listed) == len(set(listed))
    assert not [b for b in boards if b.missing_since is not None]  # every board back, once
    assert len(boards) == status.boards == status.held_boards
