"""The Browse page over archives made by real backups of sandbox accounts: boards and
their counts, lazily fetched pins, search, plain-text display of hostile text, a pin's
details and history, removed pins, and thumbnails decoded off the UI thread."""

from __future__ import annotations

import html
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QPointF, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImageReader, QPalette, QPixmap, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStackedWidget, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from creator_backup.application.app import Application
from creator_backup.archive.browse import PAGE_SIZE, PinRow
from creator_backup.auth.accounts import AccountRecord
from creator_backup.backup.engine import BackupOptions
from creator_backup.gui import pin_grid
from creator_backup.gui.pages.base import AppEvents, PageContext
from creator_backup.gui.pages.browse import SCROLL_IDLE_MS, BrowsePage, no_account, no_archive
from creator_backup.gui.pin_grid import COLUMN_WIDTH, GAP
from creator_backup.gui.pin_models import (
    BOARD_ROLE,
    COVER_SIDE,
    MISSING_ROLE,
    PIN_ROLE,
    PinFilter,
    PinsModel,
    untitled_pin,
)
from creator_backup.gui.services import Services
from creator_backup.gui.thumbnail_loader import GRID_SIDE, ThumbnailCache, fitted_side
from creator_backup.gui.workers import JobRunner
from creator_backup.paths import AppPaths
from creator_backup.render.thumbnails import thumbnail_image
from creator_backup.sandbox import Sandbox, SandboxConfig
from creator_backup.sandbox.text import HOSTILE_TEXTS
from tests.backup.conftest import control, sandbox_state
from tests.gui.probe import UiProbe

JsonDict = dict[str, Any]
WAIT_MS = 30_000


@dataclass
class Backed:
    sandbox: Sandbox
    paths: AppPaths
    app: Application
    record: AccountRecord
    state: JsonDict

    def pins_of(self, board_id: str | None = None, section_id: str | None = None) -> set[str]:
        return {
            p["id"]
            for p in self.state["pins"]
            if (board_id is None or p["board_id"] == board_id)
            and (section_id is None or p.get("board_section_id") == section_id)
        }


def connect(sandbox: Sandbox, home: Path) -> tuple[AppPaths, Application, AccountRecord]:
    paths = AppPaths.resolve(home)
    paths.ensure()
    app = Application(paths, sandbox.api_base)
    record = app.account_service.login_with_token(sandbox.access_token, storage="file")
    return paths, app, record


@pytest.fixture(scope="module")
def backed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backed]:
    """Four boards, one of 224 pins (more than a page) with sections, one named with
    hostile text, hostile titles here and there; backed up once, with media."""
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=20, boards=4, pins=450, section_conflict_rate=0)
    )
    sandbox.start()
    try:
        paths, app, record = connect(sandbox, tmp_path_factory.mktemp("browse-home"))
        result = app.backups.run_account(record)
        assert result.complete and result.failed == []
        yield Backed(sandbox, paths, app, record, sandbox_state(sandbox))
    finally:
        sandbox.stop()


MakePage = Callable[[Application, AppPaths, AccountRecord | None], BrowsePage]


@pytest.fixture
def make_page(qtbot: QtBot) -> Iterator[MakePage]:
    before = set(threading.enumerate())
    made: list[tuple[BrowsePage, JobRunner]] = []

    def settle(page: BrowsePage, runner: JobRunner) -> None:
        # Every job finished and its answer delivered (an answer may start another job),
        # before the page goes.
        runner.cancel_all()
        for _ in range(100):
            assert runner.wait(60_000), "a background job did not finish"
            qtbot.wait(10)
            if not runner.running():
                break
        assert not runner.running()
        assert page.thumbnails.shutdown(60_000), "a thumbnail decode did not finish"

    def make(app: Application, paths: AppPaths, record: AccountRecord | None) -> BrowsePage:
        runner = JobRunner()
        context = PageContext(Services(paths, app), runner, AppEvents(), notify=lambda s: None)
        page = BrowsePage(context)
        qtbot.addWidget(page, before_close_func=lambda _w: settle(page, runner))
        page.resize(1200, 800)
        page.show()
        page.set_account(record)
        made.append((page, runner))
        return page

    yield make
    for _page, runner in made:
        assert runner.wait(60_000) and not runner.running()
    qtbot.wait(10)
    leaked = [t for t in set(threading.enumerate()) - before if t.is_alive() and not t.daemon]
    assert not leaked, f"threads left running: {[t.name for t in leaked]}"


@pytest.fixture
def page(backed: Backed, make_page: MakePage, qtbot: QtBot) -> BrowsePage:
    page = make_page(backed.app, backed.paths, backed.record)
    qtbot.waitUntil(lambda: page.boards_model.rowCount() > 0, timeout=WAIT_MS)
    return page


def wait_loaded(qtbot: QtBot, page: BrowsePage) -> None:
    """Until the grid's current filter is counted and its first page is in."""
    model = page.pins_model
    qtbot.waitUntil(
        lambda: model.total is not None and not model.loading and model.fetches > 0,
        timeout=WAIT_MS,
    )


def load_all(qtbot: QtBot, page: BrowsePage) -> None:
    """Scrolls the grid to its end until every pin of the filter is loaded."""
    model = page.pins_model
    deadline = time.monotonic() + WAIT_MS / 1000
    while not model.complete:
        assert time.monotonic() < deadline, "the grid never loaded every pin"
        page.grid.scrollToBottom()
        qtbot.wait(20)


def shown_ids(page: BrowsePage) -> list[str]:
    model = page.pins_model
    return [pin.id for pin in (model.pin(row) for row in range(model.rowCount())) if pin]


def choose_board(qtbot: QtBot, page: BrowsePage, board_id: str | None) -> None:
    assert page.choose_board(board_id)
    qtbot.waitUntil(lambda: page.pins_model.filter.board_id == board_id, timeout=WAIT_MS)
    wait_loaded(qtbot, page)


def biggest_board(backed: Backed) -> JsonDict:
    board = max(backed.state["boards"], key=lambda b: b["pin_count"])
    assert isinstance(board, dict)
    return board


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def row_of(page: BrowsePage, pin_id: str) -> QModelIndex:
    row = page.pins_model.row_of(pin_id)
    assert row >= 0, f"pin {pin_id} is not in the grid"
    return page.pins_model.index(row)


# -- boards ------------------------------------------------------------------------------


def test_boards_are_listed_with_their_counts(page: BrowsePage, backed: Backed) -> None:
    model = page.boards_model
    boards = backed.state["boards"]
    assert model.rowCount() == len(boards) + 1
    assert model.index(0).data() == f"All pins ({len(backed.state['pins']):,})"
    assert model.index(0).data(BOARD_ROLE) is None
    listed = {
        model.index(r).data(BOARD_ROLE).id: model.index(r) for r in range(1, model.rowCount())
    }
    assert set(listed) == {b["id"] for b in boards}
    for board in boards:
        index = listed[board["id"]]
        assert index.data(BOARD_ROLE).pins == board["pin_count"]
        # The name is shown as it is, hostile text included, with the count after it.
        assert index.data() == f"{board['name']} ({board['pin_count']:,})"
        assert board["name"] in index.data(Qt.ItemDataRole.AccessibleTextRole)
    hostile = next(b for b in boards if b["name"] == HOSTILE_TEXTS[1])
    tip = listed[hostile["id"]].data(Qt.ItemDataRole.ToolTipRole)
    assert html.escape(HOSTILE_TEXTS[1]) in tip and HOSTILE_TEXTS[1] not in tip


def test_all_pins_first_and_counted(page: BrowsePage, backed: Backed, qtbot: QtBot) -> None:
    wait_loaded(qtbot, page)
    assert page.pins_model.filter == PinFilter()
    total = len(backed.state["pins"])
    assert page.pins_model.total == total
    assert page.count_label.text() == f"{total:,} pins"
    assert page.pins_model.rowCount() == PAGE_SIZE  # one page, the rest as the grid scrolls


def test_choosing_a_board_shows_exactly_its_pins(
    page: BrowsePage, backed: Backed, qtbot: QtBot
) -> None:
    board = min(backed.state["boards"], key=lambda b: b["pin_count"])
    choose_board(qtbot, page, board["id"])
    assert page.pins_model.complete
    assert set(shown_ids(page)) == backed.pins_of(board["id"])
    assert len(shown_ids(page)) == board["pin_count"]
    assert page.count_label.text() == f"{board['pin_count']:,} pins"


def test_a_section_narrows_the_board(page: BrowsePage, backed: Backed, qtbot: QtBot) -> None:
    board = biggest_board(backed)
    sections = [s for s in backed.state["sections"] if s["board_id"] == board["id"]]
    assert sections
    choose_board(qtbot, page, board["id"])
    qtbot.waitUntil(lambda: page.section_box.isEnabled(), timeout=WAIT_MS)
    assert page.section_box.count() == len(sections) + 1
    section = sections[0]
    assert page.choose_section(section["id"])
    qtbot.waitUntil(lambda: page.pins_model.filter.section_id == section["id"], timeout=WAIT_MS)
    wait_loaded(qtbot, page)
    load_all(qtbot, page)
    assert set(shown_ids(page)) == backed.pins_of(board["id"], section["id"])


# -- lazy fetching -----------------------------------------------------------------------


def test_scrolling_to_the_bottom_fetches_the_rest(
    page: BrowsePage, backed: Backed, qtbot: QtBot
) -> None:
    board = biggest_board(backed)
    assert board["pin_count"] > PAGE_SIZE
    choose_board(qtbot, page, board["id"])
    model = page.pins_model
    qtbot.wait(200)  # the grid does not ask for more until it is scrolled
    assert model.rowCount() == PAGE_SIZE and not model.complete
    load_all(qtbot, page)
    ids = shown_ids(page)
    assert len(ids) == len(set(ids)) == board["pin_count"]
    assert set(ids) == backed.pins_of(board["id"])
    assert model.fetches == math.ceil((board["pin_count"] + 1) / PAGE_SIZE)


def test_a_page_for_a_filter_left_behind_is_dropped(
    page: BrowsePage, backed: Backed, qtbot: QtBot
) -> None:
    wait_loaded(qtbot, page)
    boards = sorted(backed.state["boards"], key=lambda b: b["pin_count"])
    # Three filters in a row, without waiting: only the last one's pins are shown.
    for board in (boards[-1], boards[1], boards[0]):
        assert page.choose_board(board["id"])
    generation = page.pins_model.generation
    wait_loaded(qtbot, page)
    page.context.runner.wait()
    qtbot.wait(50)
    assert page.pins_model.generation == generation
    assert set(shown_ids(page)) == backed.pins_of(boards[0]["id"])
    assert page.pins_model.total == boards[0]["pin_count"]


def test_a_fetch_in_flight_is_not_repeated(backed: Backed, qtbot: QtBot) -> None:
    runner = JobRunner()
    cache = ThumbnailCache()
    model = PinsModel(runner, cache)
    try:
        model.set_filter(lambda: backed.app.archives.browsing(backed.record), PinFilter())
        for _ in range(5):
            model.fetchMore(QModelIndex())  # the view may ask again before the page is in
        assert model.fetches == 1
        assert not model.canFetchMore(QModelIndex())
        qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE, timeout=WAIT_MS)
        assert model.canFetchMore(QModelIndex())
    finally:
        runner.wait()
        cache.shutdown()


# -- search ------------------------------------------------------------------------------


def test_search_finds_pins_by_a_title_word(page: BrowsePage, backed: Backed, qtbot: QtBot) -> None:
    wait_loaded(qtbot, page)
    titled = [p for p in backed.state["pins"] if p.get("title") and p["title"].isascii()]
    word = max(titled[0]["title"].split(), key=len)
    needle = word.casefold()
    expected = {
        p["id"]
        for p in backed.state["pins"]
        if any(needle in (p.get(k) or "").casefold() for k in ("title", "description"))
    }
    page.search.setFocus()
    QTest.keyClicks(page.search, word.upper())
    assert page.pins_model.filter.query == ""  # typing waits for a pause
    qtbot.waitUntil(lambda: page.pins_model.filter.query == word.upper(), timeout=WAIT_MS)
    wait_loaded(qtbot, page)
    load_all(qtbot, page)
    assert titled[0]["id"] in shown_ids(page)
    assert set(shown_ids(page)) == expected
    assert page.count_label.text().startswith(f"{len(expected):,} pin")
    # Escape clears the search and shows every pin again.
    QTest.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == "" and page.pins_model.filter.query == ""


def test_a_search_that_matches_nothing(page: BrowsePage, qtbot: QtBot) -> None:
    page.search_for("no pin is called this 7f3a")
    wait_loaded(qtbot, page)
    assert page.pins_model.rowCount() == 0
    assert page.count_label.text() == "0 pins found"


# -- hostile text ------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", ["<img src=x onerror=alert(1)>", "<b>not bold</b>"])
def test_hostile_titles_are_plain_text(
    page: BrowsePage, backed: Backed, qtbot: QtBot, hostile: str
) -> None:
    pin = next(p for p in backed.state["pins"] if hostile in (p.get("title") or ""))
    page.search_for(hostile)
    wait_loaded(qtbot, page)
    load_all(qtbot, page)
    index = row_of(page, pin["id"])
    assert index.data(Qt.ItemDataRole.DisplayRole) == pin["title"]
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert hostile not in tip and html.escape(pin["title"]) in tip
    page.grid.setCurrentIndex(index)
    qtbot.waitUntil(lambda: page.detail.title_label.text() == pin["title"], timeout=WAIT_MS)
    assert page.detail.title_label.textFormat() == Qt.TextFormat.PlainText
    for label in page.detail.fields.values():
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert page.detail.status_label.textFormat() == Qt.TextFormat.PlainText
    page.grid.grab()  # painted as text, without complaint


def test_untitled_pins_have_a_name(page: BrowsePage, backed: Backed, qtbot: QtBot) -> None:
    untitled = [p for p in backed.state["pins"] if not p.get("title")]
    assert untitled
    choose_board(qtbot, page, untitled[0]["board_id"])
    load_all(qtbot, page)
    assert row_of(page, untitled[0]["id"]).data() == untitled_pin()


# -- a pin's details ---------------------------------------------------------------------


def test_choosing_a_pin_shows_its_details(page: BrowsePage, backed: Backed, qtbot: QtBot) -> None:
    board = biggest_board(backed)
    choose_board(qtbot, page, board["id"])
    pin = next(
        p for p in backed.state["pins"]
        if p["board_id"] == board["id"] and p.get("link") and p.get("board_section_id")
        and p.get("title") and p["id"] in shown_ids(page)
    )  # fmt: skip
    with qtbot.waitSignal(page.pin_shown, timeout=WAIT_MS) as shown:
        page.grid.setCurrentIndex(row_of(page, pin["id"]))
    assert shown.args == [pin["id"]]
    detail = page.detail
    assert detail.title_label.text() == pin["title"]
    assert detail.fields["Link"].text() == pin["link"]
    assert detail.fields["Board"].text() == board["name"]
    section = next(s for s in backed.state["sections"] if s["id"] == pin["board_section_id"])
    assert detail.fields["Section"].text() == section["name"]
    assert detail.fields["Pin id"].text() == pin["id"]
    # Pinterest's time stamp in words, in the user's time zone.
    created = datetime.fromisoformat(pin["created_at"]).replace(tzinfo=UTC).astimezone()
    assert detail.fields["Created"].text() == created.strftime("%d %b %Y, %H:%M")
    assert detail.status_label.text().startswith("In the archive")
    assert detail.history.rowCount() == 1
    assert cell(detail.history, 0, 0) == "#1"
    assert cell(detail.history, 0, 1) == "first archived"
    assert detail.media_list.count() >= 1
    assert "saved" in detail.media_list.item(0).text()
    assert detail.preview.pixmap() is not None and not detail.preview.pixmap().isNull()
    assert detail.raw.topLevelItemCount() > 5
    fields = {item.text(0) for i in range(detail.raw.topLevelItemCount())
              if (item := detail.raw.topLevelItem(i)) is not None}  # fmt: skip
    assert {"id", "title", "link", "board_id"} <= fields


# -- thumbnails --------------------------------------------------------------------------


def test_thumbnails_arrive_decoded_off_the_ui_thread(
    page: BrowsePage, backed: Backed, qtbot: QtBot
) -> None:
    choose_board(qtbot, page, biggest_board(backed)["id"])
    model = page.pins_model
    assert model.rowCount() == PAGE_SIZE
    pins = [model.pin(r) for r in range(model.rowCount())]
    row = next(r for r, p in enumerate(pins) if p and (p.content_type or "").startswith("image/"))
    pin = model.pin(row)
    assert pin is not None and pin.media_path is not None
    index = model.index(row)
    page.grid.scrollTo(index)
    qtbot.waitUntil(lambda: model.thumbnail(row) is not None, timeout=WAIT_MS)
    page.context.runner.wait()
    qtbot.wait(100)
    # Only the pins the grid painted were decoded, not the whole page of them.
    assert 0 < len(page.thumbnails) < PAGE_SIZE / 4
    # Asked for afresh, the thumbnail is not decoded on the spot: a placeholder is shown
    # at once, and the decoded image follows from another thread.
    page.thumbnails.clear()
    placeholder = index.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(placeholder, QPixmap) and model.thumbnail(row) is None
    with qtbot.waitSignal(
        model.dataChanged,
        timeout=WAIT_MS,
        check_params_cb=lambda first, _last, _roles: first.row() == row,
    ) as changed:
        pass
    assert changed.args is not None
    assert changed.args[2] == [Qt.ItemDataRole.DecorationRole]  # that row, that role only
    decoration = index.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(decoration, QPixmap) and not decoration.isNull()
    assert decoration.cacheKey() == model.thumbnail(row).cacheKey()  # type: ignore[union-attr]
    file = model.media_path(row)
    assert file is not None
    # As wide as the grid's thumbnails are (a tall picture is not squeezed into a square).
    original = QImageReader(str(file)).size()
    assert original.width() > GRID_SIDE
    assert decoration.width() == GRID_SIDE
    assert abs(decoration.height() - GRID_SIDE * original.height() / original.width()) <= 1
    side = fitted_side(original.width(), original.height(), GRID_SIDE)
    direct = thumbnail_image(file, pin.content_type or "", side)
    assert direct is not None and direct.size() == decoration.size()
    cache = page.thumbnails
    assert cache.decode_thread_ids and threading.get_ident() not in cache.decode_thread_ids
    assert decoration.cacheKey() != placeholder.cacheKey()
    # A small JPEG was kept on disk, named by the image's sha256.
    sha = Path(pin.media_path).stem
    kept = backed.paths.cache_dir / "thumbnails" / f"w{GRID_SIDE}" / sha[:2] / f"{sha}.jpg"
    assert kept.is_file()


def test_thumbnail_requests_are_coalesced_and_bounded(backed: Backed, qtbot: QtBot) -> None:
    cache = ThumbnailCache(threads=1)
    try:
        with backed.app.archives.browsing(backed.record) as browser:
            rows = [
                r for r in browser.pins(limit=1000) if (r.content_type or "").startswith("image/")
            ]
            files = {r.id: browser.media_file(r.media_path) for r in rows if r.media_path}
        shared: dict[str, list[PinRow]] = {}
        for row in rows:
            assert row.media_path is not None
            shared.setdefault(row.media_path, []).append(row)
        ready: list[str] = []
        cache.ready.connect(ready.append)
        key, pins = next(iter(shared.items()))
        for row in pins * 3:  # asked for many times, by each pin that shows the image
            cache.request(row.id, key, files[row.id], row.content_type or "")
        qtbot.waitUntil(lambda: cache.pixmap(key) is not None, timeout=WAIT_MS)
        assert cache.decoded_count == 1
        assert sorted(ready) == sorted(r.id for r in pins)
        # A long queue keeps only the newest requests; dropping it clears it.
        for row in rows[1:]:
            cache.request(row.id, row.media_path or "", files[row.id], row.content_type or "")
        assert cache.pending() <= 256
        cache.cancel_pending()
        assert cache.pending() == 0
    finally:
        assert cache.shutdown(60_000)


# -- removed pins and history across snapshots -------------------------------------------


@pytest.fixture
def twice(tmp_path: Path) -> Iterator[Backed]:
    """A small account backed up, then changed (a pin retitled, another removed) and
    backed up again."""
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=7, boards=2, pins=40, section_conflict_rate=0)
    )
    sandbox.start()
    try:
        paths, app, record = connect(sandbox, tmp_path / "home")
        assert app.backups.run_account(record).complete
        pins = sandbox_state(sandbox)["pins"]
        control(sandbox, f"pins/{pins[0]['id']}/remove")
        control(sandbox, f"pins/{pins[1]['id']}/edit", {"title": "Retitled <i>pin</i>"})
        assert app.backups.run_account(record).complete
        yield Backed(sandbox, paths, app, record, {"pins": pins})
    finally:
        sandbox.stop()


def test_a_removed_pin_is_marked(twice: Backed, make_page: MakePage, qtbot: QtBot) -> None:
    page = make_page(twice.app, twice.paths, twice.record)
    wait_loaded(qtbot, page)
    removed = twice.state["pins"][0]
    index = row_of(page, removed["id"])
    assert index.data(MISSING_ROLE) == 2
    assert "Removed" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    brush = index.data(Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == QGuiApplication.palette().color(QPalette.ColorRole.Link)
    present = row_of(page, twice.state["pins"][2]["id"])
    assert present.data(MISSING_ROLE) is None
    assert present.data(Qt.ItemDataRole.ForegroundRole) is None
    page.grid.grab()  # the badge is painted without complaint
    page.grid.setCurrentIndex(index)
    qtbot.waitUntil(lambda: page.detail.history.rowCount() == 1, timeout=WAIT_MS)
    assert page.detail.status_label.text() == "Removed: missing since snapshot 2"
    assert cell(page.detail.history, 0, 0) == "#1"


def test_history_shows_what_changed(twice: Backed, make_page: MakePage, qtbot: QtBot) -> None:
    page = make_page(twice.app, twice.paths, twice.record)
    wait_loaded(qtbot, page)
    retitled = twice.state["pins"][1]
    page.grid.setCurrentIndex(row_of(page, retitled["id"]))
    qtbot.waitUntil(lambda: page.detail.history.rowCount() == 2, timeout=WAIT_MS)
    history = page.detail.history
    assert [cell(history, r, 0) for r in range(2)] == ["#1", "#2"]
    assert "title" in cell(history, 1, 1).split(", ")
    assert page.detail.title_label.text() == "Retitled <i>pin</i>"


def test_a_backup_refreshes_the_page(twice: Backed, make_page: MakePage, qtbot: QtBot) -> None:
    page = make_page(twice.app, twice.paths, twice.record)
    wait_loaded(qtbot, page)
    chosen = twice.state["pins"][3]["id"]
    with qtbot.waitSignal(page.pin_shown, timeout=WAIT_MS):
        page.grid.setCurrentIndex(row_of(page, chosen))
    generation = page.pins_model.generation
    shown: list[str] = []
    page.pin_shown.connect(shown.append)
    page.context.events.archive_changed.emit()
    qtbot.waitUntil(lambda: page.pins_model.generation > generation, timeout=WAIT_MS)
    wait_loaded(qtbot, page)
    # The pin chosen before is chosen again, and its details read again, once.
    qtbot.waitUntil(lambda: page.grid.currentIndex().data(PIN_ROLE) is not None, timeout=WAIT_MS)
    assert page.grid.currentIndex().data(PIN_ROLE).id == chosen
    qtbot.waitUntil(lambda: shown == [chosen], timeout=WAIT_MS)
    page.context.runner.wait()
    qtbot.wait(50)
    assert shown == [chosen]


# -- empty states and the keyboard -------------------------------------------------------


def test_no_backup_yet(backed: Backed, make_page: MakePage, qtbot: QtBot, tmp_path: Path) -> None:
    paths, app, record = connect(backed.sandbox, tmp_path / "fresh")
    page = make_page(app, paths, record)
    qtbot.waitUntil(lambda: page.empty_label.text() == no_archive(), timeout=WAIT_MS)
    assert page.stack.currentWidget() is page.empty
    assert page.backup_button.isVisible()
    with qtbot.waitSignal(page.context.events.backup_requested) as asked:
        page.backup_button.click()
    assert asked.args == ["full"]


def test_no_account(backed: Backed, make_page: MakePage) -> None:
    page = make_page(backed.app, backed.paths, None)
    assert page.empty_label.text() == no_account()
    assert not page.backup_button.isVisible()


def test_keyboard_and_accessible_names(page: BrowsePage, qtbot: QtBot) -> None:
    wait_loaded(qtbot, page)
    for widget in (page.boards_view, page.section_box, page.search, page.grid,
                   page.detail.history, page.detail.media_list, page.count_label):  # fmt: skip
        assert widget.accessibleName()
    page.activateWindow()
    page.boards_view.setFocus()
    QTest.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search)
    QTest.keyClick(page.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.grid
    assert page.grid.currentIndex().row() == 0
    qtbot.waitUntil(lambda: page.pin_id is not None, timeout=WAIT_MS)
    QTest.keyClick(page.grid, Qt.Key.Key_Right)
    qtbot.waitUntil(
        lambda: page.pin_id == page.pins_model.pin(1).id,  # type: ignore[union-attr]
        timeout=WAIT_MS,
    )
    # The masonry is no list Qt knows: its description names the pin the keyboard is on.
    spoken = page.pins_model.index(1).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Pin ") and page.grid.accessibleDescription() == spoken
    # Down stays in the column, Enter opens the pin, Escape comes back.
    QTest.keyClick(page.grid, Qt.Key.Key_Down)
    below = page.grid.currentIndex()
    assert below.row() > 1
    assert (
        page.grid.visualRect(below).left() == page.grid.visualRect(page.pins_model.index(1)).left()
    )
    QTest.keyClick(page.grid, Qt.Key.Key_Return)
    assert page.pin_open
    focused = QApplication.focusWidget()
    assert focused is not None and page.detail_page.isAncestorOf(focused)  # the keys follow
    QTest.keyClick(focused, Qt.Key.Key_Escape)
    assert not page.pin_open
    # Down the boards with the arrow keys: each board's pins follow.
    page.boards_view.setFocus()
    page.boards_view.setCurrentIndex(page.boards_model.index(0))
    QTest.keyClick(page.boards_view, Qt.Key.Key_Down)
    board = page.boards_model.board(1)
    assert board is not None
    qtbot.waitUntil(lambda: page.pins_model.filter.board_id == board.id, timeout=WAIT_MS)


# -- a large archive -----------------------------------------------------------------------


class Ticker:
    """Measures the longest time the UI thread's event loop went without a turn."""

    def __init__(self, interval_ms: int = 5) -> None:
        self.longest = 0.0
        self._last = time.monotonic()
        self._timer = QTimer()
        self._timer.timeout.connect(self._tick)
        self._timer.start(interval_ms)

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def stop(self) -> None:
        self._timer.stop()


@pytest.mark.slow
@pytest.mark.alone  # its verdict is the UI thread's longest stall, on the wall clock
def test_a_hundred_thousand_pins_open_and_scroll_without_freezing(
    tmp_path: Path, make_page: MakePage, qtbot: QtBot
) -> None:
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=5, boards=20, pins=100_000, section_conflict_rate=0)
    )
    sandbox.start()
    try:
        paths, app, record = connect(sandbox, tmp_path / "home")
        assert app.backups.run_account(record, BackupOptions(media=False)).complete
    finally:
        sandbox.stop()
    started = time.monotonic()
    page = make_page(app, paths, record)
    ticker = Ticker()
    model = page.pins_model
    qtbot.waitUntil(lambda: model.rowCount() >= PAGE_SIZE, timeout=60_000)
    opened = time.monotonic() - started
    qtbot.waitUntil(lambda: model.total is not None, timeout=60_000)
    assert model.total == 100_000
    # Scroll to the end of what is loaded until fifty pages are in, as a person dragging
    # the scroll bar down would.
    scrolled = time.monotonic()
    while model.rowCount() < 50 * PAGE_SIZE:
        assert time.monotonic() - scrolled < 120, "the grid stopped fetching"
        page.grid.scrollToBottom()
        qtbot.wait(5)
    assert model.fetches <= 51  # a page at a time (the next may be on its way)
    scrolling = time.monotonic() - scrolled
    # A new width lays the 10,000 pins out again, in one go, well within a frame.
    page.resize(1000, 800)
    qtbot.wait(100)
    relayout = page.grid.layout_seconds
    assert relayout < 0.05, f"laying out {model.rowCount()} pins took {relayout:.3f} s"
    qtbot.wait(2_000)
    searched = time.monotonic()
    page.search_for("a")
    qtbot.waitUntil(lambda: model.total is not None and model.rowCount() > 0, timeout=60_000)
    searching = time.monotonic() - searched
    ticker.stop()
    print(
        f"\n100,000 pins: first page in {opened:.2f} s, 50 pages scrolled in {scrolling:.2f} s, "
        f"search in {searching:.2f} s, layout of 10,000 pins {relayout * 1000:.1f} ms, "
        f"longest UI stall {ticker.longest * 1000:.0f} ms"
    )
    assert ticker.longest < 0.25, f"the UI thread stalled for {ticker.longest:.3f} s"


# -- the masonry grid, continuous scrolling and the large view ----------------------------


def wheel(widget: QWidget, notches: int = -1) -> None:
    """One turn of a mouse wheel over `widget` (negative: down), as Qt delivers it."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre, widget.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


@pytest.mark.alone  # a wheel every 16 ms against page loads: its verdict is the wall clock's
def test_continuous_scrolling_never_meets_a_false_end(
    page: BrowsePage, backed: Backed, qtbot: QtBot
) -> None:
    """The wheel turns every 16 ms, never pausing, through every pin: more load as it goes,
    and the grid's end never comes on screen while pins are still to come (the grid asks
    for the next page a screen or two ahead, not once its end is reached)."""
    wait_loaded(qtbot, page)  # All pins: three pages
    model, bar = page.pins_model, page.grid.verticalScrollBar()
    total = len(backed.state["pins"])
    assert model.rowCount() == PAGE_SIZE < 2 * PAGE_SIZE < total
    false_ends: list[int] = []
    # Pages loaded while the wheel never paused long enough for the page to think the
    # scrolling had stopped: the old grid loaded none (it waited for a pause). A machine
    # that stalls this loop now and then only makes a load not count.
    loaded_while_scrolling = 0
    paused_since_load = False
    rows = model.rowCount()
    last = time.monotonic()
    deadline = last + WAIT_MS / 1000
    while not model.complete:
        assert time.monotonic() < deadline, (
            f"continuous scrolling stopped at pin {model.rowCount()}"
        )
        wheel(page.grid.viewport())
        QApplication.processEvents()
        if bar.value() == bar.maximum() and not model.complete:
            false_ends.append(model.rowCount())
        time.sleep(0.016)
        now = time.monotonic()
        paused_since_load |= (now - last) * 1000 >= SCROLL_IDLE_MS
        last = now
        if model.rowCount() > rows:
            rows = model.rowCount()
            loaded_while_scrolling += not paused_since_load
            paused_since_load = False
    assert not false_ends, f"the grid's end was on screen at pin {false_ends[0]}, more to come"
    assert loaded_while_scrolling >= 1, "no page loaded while the wheel kept turning"
    ids = shown_ids(page)
    assert len(ids) == len(set(ids)) == total


def picture_ratio(page: BrowsePage, row: int) -> float | None:
    """The real picture's height / width, read from the archived file itself."""
    file = page.pins_model.media_path(row)
    pin = page.pins_model.pin(row)
    if file is None or pin is None or not (pin.content_type or "").startswith("image/"):
        return None
    size = QImageReader(str(file)).size()
    assert size.isValid()
    return size.height() / size.width()


def test_the_grid_is_a_masonry_that_follows_the_width(page: BrowsePage, qtbot: QtBot) -> None:
    wait_loaded(qtbot, page)
    grid, model = page.grid, page.pins_model
    counts = []
    for width in (1400, 900, 520):
        page.resize(width, 800)
        QApplication.processEvents()
        assert page.width() == width
        viewport = grid.viewport().width()
        # As many columns of about COLUMN_WIDTH as fit, filling the width.
        assert grid.columns == max(1, (viewport - GAP) // (COLUMN_WIDTH + GAP))
        rects = [grid.visualRect(model.index(row)) for row in range(model.rowCount())]
        lefts = sorted({rect.left() for rect in rects})
        assert len(lefts) == grid.columns
        assert viewport - GAP - grid.columns <= max(r.right() for r in rects) < viewport
        counts.append(grid.columns)
        # Each column is a stack of pins one gap apart, and every pin went to the
        # shortest column when it was placed.
        heights = dict.fromkeys(lefts, 0)
        for rect in rects:
            assert rect.top() == min(heights.values()) + GAP
            assert heights[rect.left()] == min(heights.values())
            heights[rect.left()] = rect.top() + rect.height()
        # Pictures at their real aspect ratio, within a pixel, the title under each.
        ratios = 0
        for row in range(model.rowCount()):
            ratio = picture_ratio(page, row)
            picture = grid.picture_rect(model.index(row))
            assert picture.top() == rects[row].top() and picture.width() == rects[row].width()
            assert rects[row].bottom() > picture.bottom() + grid.fontMetrics().height() // 2
            if ratio is not None:
                ratios += 1
                assert abs(picture.height() - picture.width() * ratio) <= 1, row
        assert ratios > PAGE_SIZE / 2
    assert counts[0] > counts[1] > counts[2] >= 1
    assert len({picture_ratio(page, row) for row in range(20)}) > 3  # shapes do differ
    grid.grab()  # painted without complaint


def test_only_the_pins_on_screen_are_painted_and_asked_for(page: BrowsePage, qtbot: QtBot) -> None:
    wait_loaded(qtbot, page)
    grid = page.grid
    grid.verticalScrollBar().setValue(grid.verticalScrollBar().maximum() // 2)
    QApplication.processEvents()
    on_screen = [
        row for row in range(page.pins_model.rowCount())
        if grid.visualRect(page.pins_model.index(row)).intersects(grid.viewport().rect())
    ]  # fmt: skip
    assert on_screen and list(grid.visible_rows()) == on_screen
    index = page.pins_model.index(on_screen[0])
    assert grid.indexAt(grid.visualRect(index).center()) == index


def test_a_removed_pin_is_marked_on_its_picture(
    twice: Backed, make_page: MakePage, qtbot: QtBot
) -> None:
    page = make_page(twice.app, twice.paths, twice.record)
    wait_loaded(qtbot, page)
    grid = page.grid
    removed = row_of(page, twice.state["pins"][0]["id"])
    present = row_of(page, twice.state["pins"][2]["id"])
    assert grid.badge_rect(present) is None
    grid.scrollTo(removed)
    QApplication.processEvents()
    badge = grid.badge_rect(removed)
    assert badge is not None and grid.picture_rect(removed).contains(badge)
    shot = grid.viewport().grab().toImage()
    ratio = shot.devicePixelRatio()
    badge_colour = grid.palette().color(QPalette.ColorRole.ToolTipBase).rgb()
    inside = badge.adjusted(2, 2, -2, -2)
    colours = {
        shot.pixel(round(x * ratio), round(y * ratio))
        for x in range(inside.left(), inside.right())
        for y in range(inside.top(), inside.bottom())
    }
    assert badge_colour in colours  # the badge is painted over the picture


def test_a_pin_opens_at_its_top_with_the_technical_fields_closed(
    page: BrowsePage, backed: Backed, qtbot: QtBot
) -> None:
    wait_loaded(qtbot, page)
    first, second = page.pins_model.pin(0), page.pins_model.pin(1)
    assert first is not None and second is not None
    assert not page.pin_open
    rect = page.grid.visualRect(page.pins_model.index(0))
    with qtbot.waitSignal(page.pin_shown, timeout=WAIT_MS):
        QTest.mouseClick(page.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.pin_open and page.pin_id == first.id
    detail = page.detail
    qtbot.waitUntil(lambda: detail.media_list.count() > 0, timeout=WAIT_MS)
    # The picture first, then the title; the raw JSON, ids and probes behind Details.
    assert detail.preview.isVisible() and detail.title_label.isVisible()
    assert detail.preview.y() < detail.title_label.y() < detail.fields["Link"].y()
    assert not detail.raw.isVisible() and not detail.probes.isVisible()
    assert not detail.fields["Pin id"].isVisible()
    assert detail.raw.topLevelItemCount() > 5  # filled, only closed
    QTest.mouseClick(detail.details_button, Qt.MouseButton.LeftButton)
    assert detail.raw.isVisible() and detail.probes.isVisible()
    assert detail.fields["Pin id"].text() == first.id
    # Scrolled down to the fields, then the next pin: it starts at its top.
    bar = page.detail_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    QTest.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert not page.pin_open
    page.show_pin(second.id)
    assert page.pin_open
    qtbot.waitUntil(lambda: detail.fields["Pin id"].text() == second.id, timeout=WAIT_MS)
    assert bar.value() == 0
    qtbot.waitUntil(lambda: detail.media_list.count() > 0, timeout=WAIT_MS)
    assert bar.value() == 0
    # Escape goes back to the grid, where it was.
    QTest.keyClick(page.detail_scroll, Qt.Key.Key_Escape)
    assert not page.pin_open


def test_boards_show_their_covers(page: BrowsePage, backed: Backed, qtbot: QtBot) -> None:
    model = page.boards_model
    assert page.boards_view.iconSize() == QSize(COVER_SIDE, COVER_SIDE)
    with backed.app.archives.browsing(backed.record) as browser:
        newest_images = {
            board.id: next(
                pin.media_path for pin in browser.pins(board.id, limit=50)
                if (pin.content_type or "").startswith("image/")
            )
            for board in browser.boards()
        }  # fmt: skip
    for row in range(1, model.rowCount()):
        board = model.board(row)
        assert board is not None
        # The cover is the picture of the board's newest pin that has one.
        assert board.cover_path == newest_images[board.id]
        model.index(row).data(Qt.ItemDataRole.DecorationRole)  # asks for it, as painting does
    qtbot.waitUntil(
        lambda: all(model.cover(b.id) is not None for b in model.boards), timeout=WAIT_MS
    )
    for row in range(1, model.rowCount()):
        board = model.board(row)
        assert board is not None
        icon = model.index(row).data(Qt.ItemDataRole.DecorationRole)
        cover = model.cover(board.id)
        assert isinstance(icon, QPixmap) and cover is not None
        assert icon.cacheKey() == cover.cacheKey()
        assert icon.width() == icon.height() == round(COVER_SIDE * icon.devicePixelRatio())
    page.boards_view.grab()


@pytest.mark.alone  # its verdicts are wall-clock figures
def test_switching_to_browse_and_browsing_keep_the_ui_thread_free(
    page: BrowsePage, qtbot: QtBot
) -> None:
    """Browse shown again (as the window's pages switch) within 50 ms; scrolling through
    every pin, opening pins and resizing never hold the UI thread 50 ms (tests/gui/probe)."""
    wait_loaded(qtbot, page)
    stack = QStackedWidget()
    other = QWidget()
    stack.addWidget(other)
    qtbot.addWidget(stack)
    stack.resize(1200, 800)
    stack.show()
    page.setParent(None)
    stack.addWidget(page)
    stack.setCurrentWidget(page)
    QApplication.processEvents()
    switches = []
    for _ in range(5):
        stack.setCurrentWidget(other)
        QApplication.processEvents()
        began = time.perf_counter()
        stack.setCurrentWidget(page)
        stack.repaint()  # painted, not only asked to be
        QApplication.processEvents()
        switches.append(time.perf_counter() - began)
    with UiProbe() as probe:
        model, grid = page.pins_model, page.grid
        while not model.complete:
            wheel(grid.viewport(), -2)
            qtbot.wait(8)
        for row in (0, 5, 10):
            pin = model.pin(model.rowCount() - 1 - row)
            assert pin is not None
            with qtbot.waitSignal(page.pin_shown, timeout=WAIT_MS):
                page.show_pin(pin.id)
            page.close_pin()
            qtbot.wait(20)
        for width in (900, 1400, 700, 1200):
            stack.resize(width, 800)
            qtbot.wait(30)
    stack.removeWidget(page)  # the page's own fixture closes it after its jobs
    page.setParent(None)
    print(f"\nBrowse shown again in {max(switches) * 1000:.1f} ms at most")
    assert max(switches) < 0.050, f"switching to Browse took {max(switches) * 1000:.0f} ms"
    probe.assert_responsive(f"browsing {model.rowCount()} pins", min_ticks=50)


def test_a_new_width_lays_out_in_slices_and_keeps_the_place(
    page: BrowsePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However many pins are loaded, a new width holds the UI thread for one slice of
    them at a time; the pin at the top of the screen is at the top again after."""
    wait_loaded(qtbot, page)
    load_all(qtbot, page)
    grid, model = page.grid, page.pins_model
    assert model.rowCount() == len({*shown_ids(page)}) > 400
    grid.verticalScrollBar().setValue(grid.verticalScrollBar().maximum() // 2)
    QApplication.processEvents()
    top_row = grid.visible_rows().start
    assert top_row > 0
    monkeypatch.setattr(pin_grid, "LAYOUT_SLICE", 100)
    position = grid.verticalScrollBar().value()
    columns = grid.columns
    page.resize(1700, 800)  # more columns: the first slice ends well above the place
    assert grid.columns > columns
    assert grid.laying_out  # one slice laid out, the rest to follow
    assert grid.content_height() < position
    assert grid.picture_rect(model.index(99)).isValid()
    assert not grid.picture_rect(model.index(100)).isValid()
    # The pins below are not laid out yet: the scroll bar does not pull the view up.
    assert grid.verticalScrollBar().value() == position
    qtbot.waitUntil(lambda: not grid.laying_out, timeout=WAIT_MS)
    assert grid.visualRect(model.index(top_row)).top() == GAP  # the place is kept
    sliced = [grid.visualRect(model.index(row)) for row in range(model.rowCount())]
    # The same layout as laying every pin out at once.
    monkeypatch.setattr(pin_grid, "LAYOUT_SLICE", 100_000)
    offset = grid.verticalScrollBar().value()
    grid.doItemsLayout()
    assert not grid.laying_out
    grid.verticalScrollBar().setValue(offset)
    assert [grid.visualRect(model.index(row)) for row in range(model.rowCount())] == sliced
