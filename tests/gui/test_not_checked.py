"""The window never states what a backup did not observe: with a board Pinterest refuses
and a quick backup that leaves boards out, History names the boards a snapshot did not
check (and never says "Nothing was removed" of them), its list says how each run ended,
Browse marks the boards and says since when, a pin's details keep "Last seen" for a
sighting, and the Overview does not call such a run "every board read"."""

from __future__ import annotations

import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from creator_backup.appeal.service import PacketPreview
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.records import Snapshot
from creator_backup.checked_words import day_text
from creator_backup.diff.compare import NotChecked
from creator_backup.gui.appeal_words import preview_lines
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.browse import BrowsePage
from creator_backup.gui.pages.history import HistoryPage, snapshot_line
from creator_backup.gui.widgets import human_time

from .conftest import MakeWindow
from .test_window import back_up, pages, sandbox_state

REFUSED = "Pinterest refused to list it: “Not authorized to access the board.” (HTTP 403)"
QUICK = "a quick backup left it out, as its counts had not changed"
WAIT_MS = 30_000


def snapshot(number: int, outcome: RunOutcome, pins: int = 40) -> Snapshot:
    status = "complete" if outcome.complete else "partial"
    return Snapshot(number, "quick", status, "2026-11-24T14:35:50Z", None, "", {"pins": pins},
                    "", outcome=outcome)  # fmt: skip


def top_level(history: HistoryPage, label: str) -> QTreeWidgetItem:
    for index in range(history.tree.topLevelItemCount()):
        item = history.tree.topLevelItem(index)
        if item is not None and item.text(0).startswith(label):
            return item
    raise AssertionError(f"no group {label!r}")


def forbid(window: MainWindow, board_id: str) -> None:
    demo = window.services.demo
    assert demo is not None
    response = requests.post(f"{demo.origin}/_sandbox/boards/{board_id}/forbid",
                             json={"pins": True}, timeout=30)  # fmt: skip
    assert response.status_code == 200, response.text


def test_snapshot_lines_say_how_each_run_ended() -> None:
    when = human_time("2026-11-24T14:35:50Z")
    assert snapshot_line(snapshot(3, RunOutcome.COMPLETE)) == (
        f"{when} · quick backup (40 pins)\ncomplete"
    )
    assert snapshot_line(snapshot(3, RunOutcome.COMPLETE, 1), 2) == (
        f"{when} · quick backup (1 pin)\ncomplete, 2 boards not checked"
    )
    # Files still to come: "every board read" only when every board was.
    assert snapshot_line(snapshot(4, RunOutcome.MEDIA_PENDING)).endswith(
        "\nevery board read, files still to download"
    )
    assert snapshot_line(snapshot(4, RunOutcome.MEDIA_PENDING), 1).endswith(
        "\nfiles still to download, 1 board not checked"
    )
    assert snapshot_line(snapshot(5, RunOutcome.CANCELLED), 3).endswith(
        "\ncancelled, 3 boards not checked"
    )
    assert snapshot_line(snapshot(6, RunOutcome.QUOTA_SPENT)).endswith(
        "\npaused by Pinterest's request limit"
    )


def test_the_appeal_preview_does_not_call_unchecked_boards_unchanged() -> None:
    older, newer = snapshot(1, RunOutcome.COMPLETE), snapshot(2, RunOutcome.COMPLETE)
    refused = NotChecked("1", "My <b>board</b>\n", "refused",
                         '{"status": 403, "message": "Not authorized to access the board."}',
                         "2026-11-20T10:00:00Z")  # fmt: skip
    found = PacketPreview("lost", older, newer, nothing_lost=True, not_checked=(refused,))
    lines = preview_lines(found)
    assert lines[0].startswith(
        f"Nothing was lost between the backup of {human_time(older.started_at)}"
    )
    assert lines[0].endswith(" from the boards that were checked.")
    assert lines[1] == (
        f"1 board was not checked in the backup of {human_time(newer.started_at)}: "
        f"“My <b>board</b>”; not checked since {human_time('2026-11-20T10:00:00Z')}. "
        "A removal there would not be seen yet."
    )
    assert not any("every board, section and pin" in line for line in lines)
    carried = NotChecked("2", "", "carried", "counters_unchanged", None)
    found = PacketPreview("all", None, newer, boards=2, pins=3, not_checked=(refused, carried))
    lines = preview_lines(found)
    assert lines[1].startswith("2 boards were not checked in the backup of ")
    assert "“My <b>board</b>”, “Unnamed board”; the oldest not checked since" in lines[1]
    assert lines[1].endswith(
        "What the packet shows of them is as last seen; its report names them."
    )


def test_every_page_says_not_checked_since(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window()
    overview, backup, history = pages(window)
    back_up(qtbot, backup)
    state = sandbox_state(window)
    boards = state["boards"]
    assert isinstance(boards, list)
    pins = state["pins"]
    assert isinstance(pins, list)
    refused = next(b for b in boards if any(p.get("board_id") == b["id"] for p in pins))
    forbid(window, refused["id"])
    back_up(qtbot, backup)
    assert "refused" in backup.phase.text() or "refused" in backup.log.toPlainText()

    # History: the second snapshot named what it did not check.
    record = history.account
    assert record is not None
    timeline = window.services.app.archives.timeline(record)
    first, second = (s for s, _ in timeline)
    window.show_page("history")
    qtbot.waitUntil(lambda: history.compared == (1, 2),
                    timeout=WAIT_MS)  # fmt: skip
    summary = history.summary.text()
    assert "Nothing was removed from the boards that were checked." in summary
    assert "Nothing was removed." not in summary
    assert summary.endswith(
        f"1 board was not checked in the backup of {human_time(second.started_at)}: it is held "
        "as last seen, so a removal there does not show here."
    )
    group = top_level(history, "Not checked in this snapshot (1)")
    assert group.isExpanded() and group.childCount() == 1
    child = group.child(0)
    assert child.text(0) == f"board: {refused['name']}"
    assert child.text(1) == f"not checked since {human_time(first.started_at)}: {REFUSED}"
    lines = [history.timeline.item(i).text() for i in range(history.timeline.count())]
    # Stamping is off in tests: each line says so after how the run ended.
    assert lines[0].endswith("\ncomplete, 1 board not checked · not time-stamped")
    assert lines[1].endswith("\ncomplete · not time-stamped")

    # A quick backup: every other board carried, the refused one refused again.
    back_up(qtbot, backup, quick=True)
    third = window.services.app.archives.timeline(record)[-1][0]
    window.show_page("history")
    qtbot.waitUntil(lambda: history.timeline.count() == 3, timeout=WAIT_MS)
    top = history.timeline.item(0).text()
    assert f"complete, {len(boards)} boards not checked" in top
    qtbot.waitUntil(lambda: history.compared == (2, 3),
                    timeout=WAIT_MS)  # fmt: skip
    group = top_level(history, f"Not checked in this snapshot ({len(boards)})")
    details = {group.child(i).text(0): group.child(i).text(1) for i in range(group.childCount())}
    carried = next(b for b in boards if b["id"] != refused["id"])
    assert details[f"board: {carried['name']}"] == (
        f"not checked since {human_time(second.started_at)}: {QUICK}"
    )

    # The Overview never calls that run "every board read".
    window.show_page("overview")
    overview.refresh()
    qtbot.waitUntil(lambda: "quick" in overview.last_backup.text(), timeout=WAIT_MS)
    assert overview.last_backup.text().endswith(
        f"(quick, complete, {len(boards)} boards not checked)"
    )
    assert "every board read" not in overview.last_backup.text()
    assert overview.step_text.text().startswith(
        f"{len(boards)} boards were not checked in the last backup (the oldest not checked "
        f"since {human_time(first.started_at)}): a removal there would not be seen yet."
    )

    # Browse: the boards say since when; the refused board's header says why.
    browse = window.page("browse")
    assert isinstance(browse, BrowsePage)
    window.show_page("browse")
    browse.refresh()
    qtbot.waitUntil(lambda: browse.boards_model.rowCount() == len(boards) + 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: browse.board_note.isVisible(), timeout=WAIT_MS)  # "All pins"
    assert browse.board_note.text() == (
        f"{len(boards)} boards were not checked in the latest backup: their pins are shown "
        "as last seen."
    )
    row = browse.boards_model.row_of(refused["id"])
    shown = browse.boards_model.index(row).data(Qt.ItemDataRole.DisplayRole)
    assert shown.endswith(f"\nnot checked since {day_text(first.started_at)}")
    spoken = browse.boards_model.index(row).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.endswith(f", not checked since {human_time(first.started_at)}")
    assert browse.choose_board(refused["id"])
    qtbot.waitUntil(lambda: browse.pins_model.rowCount() > 0, timeout=WAIT_MS)
    assert browse.board_note.text() == (
        f"Not checked since {human_time(first.started_at)}: {REFUSED}. Its sections and "
        "pins are shown as last seen."
    )

    # A pin of that board: last seen where a listing saw it, kept since without a look.
    first_pin = browse.pins_model.pin(0)
    assert first_pin is not None
    with qtbot.waitSignal(browse.pin_shown, timeout=WAIT_MS):
        browse.show_pin(first_pin.id)  # opened in its large view
    assert browse.pin_open
    detail = browse.detail
    qtbot.waitUntil(lambda: detail.history.rowCount() > 0, timeout=WAIT_MS)
    assert detail.check_label.isVisible()
    assert detail.check_label.text() == (
        f"Its board has not been checked since {human_time(first.started_at)}: {REFUSED}."
    )
    # Its own-pins listing saw it in the second, full backup; the quick third did not look.
    assert detail.fields["Last seen"].text() == f"{human_time(second.started_at)} (snapshot 2)"
    last = detail.history.rowCount() - 1
    then = detail.history.item(last, 5)
    assert then is not None
    assert then.text() == (
        f"kept as last seen, not checked, until {human_time(third.started_at)} (#3)"
    )
    seen = detail.history.item(last, 0)
    assert seen is not None and not seen.text().endswith("#3")
