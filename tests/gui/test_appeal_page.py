"""The Appeal page over real backups of the demo sandbox account: what was lost is counted
in the preview and built into a valid BagIt packet with the statement and contact details;
a suspended account defaults to documenting everything; Cancel leaves no half-written
packet; Pinterest text and the statement stay plain text; the build runs off the UI
thread. Only the system's edges (the save dialog, the file manager) are stood in for."""

from __future__ import annotations

import os
import re
import subprocess
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bagit
import pytest
import requests
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)
from pytestqt.qtbot import QtBot

from creator_backup.api.errors import AccountUnavailable
from creator_backup.appeal.packet_check import check_packet
from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.appeal_details import DetailsStep
from creator_backup.gui.appeal_steps import PREVIEW_PICTURES
from creator_backup.gui.pages.appeal import (
    BUILD,
    CHOOSE,
    DETAILS,
    DONE,
    PREVIEW,
    AppealPage,
    no_account,
    no_snapshot,
    one_line,
)
from creator_backup.gui.pages.base import AppEvents, PageContext
from creator_backup.gui.services import Services, build_services
from creator_backup.gui.widgets import human_time
from creator_backup.gui.workers import JobRunner
from creator_backup.paths import AppPaths
from tests.evidence.tsa import LocalTsa

from .conftest import assert_nothing_left, close_after_jobs
from .dialogs import ScriptedDialogs
from .probe import BarWatch, UiProbe

JsonDict = dict[str, Any]
WAIT_MS = 60_000
DEMO_PINS = 60
HOSTILE_STATEMENT = (
    "<script>alert(1)</script> These were my own designs.\n"
    "<img src=x onerror=alert(2)> I made them in 2019 & 2020."
)
HOSTILE_NAME = "<b>Ann</b> Maker"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass
class Made:
    page: AppealPage
    services: Services
    runner: JobRunner
    events: AppEvents
    dialogs: ScriptedDialogs
    notes: list[str] = field(default_factory=list)
    finished: list[tuple[str, bool, str]] = field(default_factory=list)

    @property
    def record(self) -> AccountRecord:
        record = self.page.account
        assert record is not None
        return record

    def back_up(self) -> None:
        """A backup through the real core, then the event a backup sends the pages."""
        result = self.services.app.backups.run_account(self.record)
        assert result.complete, result.stopped
        self.events.archive_changed.emit()

    def state(self) -> JsonDict:
        assert self.services.demo is not None
        body = requests.get(self.services.demo.origin + "/_sandbox/state?media=0", timeout=30)
        data = body.json()
        assert isinstance(data, dict)
        return data


MakePage = Callable[[], Made]


@pytest.fixture
def make_page(qtbot: QtBot, tmp_path: Path) -> Iterator[MakePage]:
    """The page alone, with a real PageContext over the demo's services."""
    before = set(threading.enumerate())
    made: list[Made] = []

    def make() -> Made:
        services = build_services(AppPaths.resolve(tmp_path / "home"), True, DEMO_PINS)
        dialogs = ScriptedDialogs()
        services.dialogs = dialogs
        runner = JobRunner()
        events = AppEvents()
        notes: list[str] = []
        page = AppealPage(PageContext(services, runner, events, notes.append))
        page.resize(1000, 700)
        page.show()
        result = Made(page, services, runner, events, dialogs, notes)
        events.job_finished.connect(lambda *args: result.finished.append(args))
        accounts = services.app.accounts.connected()
        page.set_account(accounts[0] if accounts else None)
        made.append(result)
        return result

    yield make
    for one in made:
        close_after_jobs(qtbot, one.runner, one.page, one.services)
    assert_nothing_left(qtbot, before)


@pytest.fixture
def save_as(tmp_path: Path) -> Path:
    """Where the save dialog is answered to put the packet: a folder of its own."""
    out = tmp_path / "packets" / "appeal-packet.zip"
    out.parent.mkdir()
    return out


def wait_ready(qtbot: QtBot, page: AppealPage, snapshots: int) -> None:
    qtbot.waitUntil(lambda: len(page.sources.snapshots) == snapshots, timeout=WAIT_MS)
    qtbot.waitUntil(page.body.isVisible, timeout=WAIT_MS)


def to_preview(qtbot: QtBot, page: AppealPage) -> None:
    assert page.step == CHOOSE
    page.next_button.click()
    assert page.step == PREVIEW
    qtbot.waitUntil(lambda: page.found is not None or "could not" in page.summary.text(),
                    timeout=WAIT_MS)  # fmt: skip
    assert page.found is not None, page.summary.text()


def to_details(page: AppealPage) -> None:
    assert page.next_button.isEnabled()
    page.next_button.click()
    assert page.step == DETAILS


def fill_details(made: Made, save_as: Path, statement: str = HOSTILE_STATEMENT) -> None:
    page = made.page
    page.statement.setPlainText(statement)
    page.name_edit.setText(HOSTILE_NAME)
    page.email_edit.setText("ann@example.com")
    page.case_edit.setText("PIN-2025-0042")
    choose_in_save_dialog(made, save_as)


def choose_in_save_dialog(made: Made, save_as: Path) -> None:
    made.dialogs.choose("save_file", save_as)
    made.page.browse_button.click()
    assert made.dialogs.asked[-1].title == "Save the appeal packet"


def build(qtbot: QtBot, page: AppealPage) -> None:
    assert page.step == DETAILS and page.next_button.text() == "B&uild the packet"
    watch = BarWatch(page.bar)
    page.next_button.click()
    assert page.running and page.step == BUILD, page.message.text()
    assert page.job is not None and page.job.name == "appeal"
    qtbot.waitUntil(lambda: not page.running, timeout=WAIT_MS * 2)
    if page.built is not None:
        watch.assert_forward_to_the_end()


def unzip(packet: Path, into: Path) -> Path:
    with zipfile.ZipFile(packet) as archive:
        assert {name.split("/")[0] for name in archive.namelist()} == {packet.stem}
        archive.extractall(into)
    return into / packet.stem


def assert_plain(page: AppealPage) -> None:
    """Every label showing text the page fills in is plain text, never rich text."""
    for label in page.findChildren(QLabel):
        if label.buddy() is None:  # the form's own captions carry a mnemonic
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()


def test_what_was_lost_is_previewed_and_built_into_a_valid_bag(
    make_page: MakePage, qtbot: QtBot, save_as: Path, tmp_path: Path
) -> None:
    made = make_page()
    page = made.page
    made.back_up()
    before = made.state()
    assert made.services.demo is not None
    made.services.demo.remove_some(seed=3)
    after = made.state()
    made.back_up()
    wait_ready(qtbot, page, 2)

    # Step 1: what was lost is the default, between the last two complete snapshots.
    assert page.lost_radio.isChecked() and page.lost_radio.isEnabled()
    assert (page.from_box.currentData(), page.to_box.currentData()) == (1, 2)
    assert page.choose_note.isHidden()
    # The snapshots are offered by their date in words, never by their number.
    first, second = page.sources.snapshots
    assert page.from_box.currentText().startswith(human_time(first.started_at))
    assert page.to_box.currentText().startswith(human_time(second.started_at))
    assert page.to_box.currentText().endswith("(latest)")
    for box in (page.from_box, page.to_box, page.whole_box):
        for index in range(box.count()):
            assert "snapshot" not in box.itemText(index).lower()
            assert not ISO.search(box.itemText(index))

    # Step 2: the removed content, counted.
    to_preview(qtbot, page)
    found = page.found
    assert found is not None
    lost_pins = {p["id"] for p in before["pins"]} - {p["id"] for p in after["pins"]}
    lost_boards = {b["id"] for b in before["boards"]} - {b["id"] for b in after["boards"]}
    assert lost_pins and len(lost_boards) == 1
    assert (found.mode, found.pins, found.boards) == ("lost", len(lost_pins), 1)
    assert found.snapshot_ids == (1, 2)
    summary = page.summary.text()
    assert f"{len(lost_pins):,} pins" in summary and "1 board" in summary
    assert "snapshot 1" not in summary and "snapshot 2" not in summary
    assert f"between the backup of {human_time(first.started_at)}" in summary
    assert f"and the backup of {human_time(second.started_at)}" in summary
    assert not ISO.search(summary)
    listed = page.items_view.toPlainText()
    for pin in before["pins"]:
        if pin["id"] in lost_pins and pin.get("title"):
            assert one_line(pin["title"]) in listed
    # The pictures of the first items, decoded off the UI thread.
    pictured = [i for i in found.items if i.picture is not None][:PREVIEW_PICTURES]
    assert pictured
    qtbot.waitUntil(lambda: page.pictures.count() == len(pictured), timeout=WAIT_MS)
    assert page.pictures.isVisible()
    for index, item in enumerate(pictured):
        entry = page.pictures.item(index)
        assert not entry.icon().isNull()
        assert entry.data(Qt.ItemDataRole.AccessibleTextRole) == (
            one_line(item.title) or "Untitled"
        )

    # Step 3: the details; the save dialog starts at a dated default name.
    to_details(page)
    suggested = page.out_edit.text()
    assert "appeal-packet-" in suggested and suggested.endswith(".zip")
    fill_details(made, save_as)
    assert made.dialogs.asked[-1].text == suggested
    assert page.out_edit.text() == str(save_as)

    # Step 4 and 5: built, and shown.
    build(qtbot, page)
    assert page.step == DONE, page.message.text()
    assert save_as.is_file()
    built = page.built
    assert built is not None and built.result.path == save_as
    assert built.result.size == save_as.stat().st_size
    assert str(save_as) in page.done_label.text()
    assert f"{len(lost_pins):,} pins" in page.done_label.text()
    assert made.finished and made.finished[-1][:2] == ("appeal", True)
    # Only the packet is left in its folder: no staging folder, no temporary file.
    assert sorted(p.name for p in save_as.parent.iterdir()) == [save_as.name]

    bag_dir = unzip(save_as, tmp_path / "unzipped")
    bag = bagit.Bag(str(bag_dir))
    bag.validate()
    assert bag.info["Contact-Name"] == HOSTILE_NAME
    assert bag.info["Contact-Email"] == "ann@example.com"
    assert bag.info["External-Identifier"] == "PIN-2025-0042"
    data = bag_dir / "data"
    assert (data / "statement.txt").read_text("utf-8") == HOSTILE_STATEMENT + "\n"
    items = {p.name for p in (data / "items").iterdir()}
    assert {f"pin-{i}.json" for i in lost_pins} <= items
    html = (data / "report.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; These were my own designs." in html
    assert "<script" not in html.lower() and "<img src=x" not in html
    assert "&lt;b&gt;Ann&lt;/b&gt; Maker" in html and "PIN-2025-0042" in html
    # The PDF's first page, the summary, carries the statement as the characters typed.
    first_page = subprocess.run(["pdftotext", "-l", "1", str(data / "report.pdf"), "-"],
                                capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "<script>alert(1)</script> These were my own designs." in first_page
    assert "I made them in 2019 & 2020." in first_page and "PIN-2025-0042" in first_page
    assert_plain(page)

    # Open the report: a copy of the packet's report.pdf, opened through the window's
    # edge to the system; Show in folder: the packet's folder, the same way.
    opened: list[str] = []
    made.services.open_url = opened.append
    assert page.open_button.isVisible() and page.show_button.isVisible()
    page.open_button.click()
    assert len(opened) == 1 and page.message.text() == ""
    report = Path(QUrl(opened[0]).toLocalFile())
    assert report.is_file() and report.suffix == ".pdf"
    assert report.read_bytes() == (data / "report.pdf").read_bytes()
    assert report.stat().st_mode & 0o077 == 0  # the whole account: the user's alone
    assert sorted(p.name for p in save_as.parent.iterdir()) == [save_as.name]
    page.show_button.click()
    assert [QUrl(u).toLocalFile() for u in opened[1:]] == [str(save_as.parent)]
    # A system that cannot open it: the window says where the packet is.
    made.services.open_url = lambda _url: False
    page.show_button.click()
    assert str(save_as.parent) in page.message.text()

    # Build another: back to the first step, the details kept, a new file name.
    page.again_button.click()
    assert page.step == CHOOSE and page.built is None
    assert page.statement.toPlainText() == HOSTILE_STATEMENT
    assert page.out_edit.text() == ""


@pytest.mark.usefixtures("hostile_demo_account")
def test_a_suspended_account_defaults_to_everything(
    make_page: MakePage, qtbot: QtBot, save_as: Path, tmp_path: Path
) -> None:
    made = make_page()
    page = made.page
    made.back_up()
    wait_ready(qtbot, page, 1)
    # One backup: nothing to compare yet, so everything is the only choice.
    assert page.all_radio.isChecked() and not page.lost_radio.isEnabled()
    made.back_up()
    wait_ready(qtbot, page, 2)
    assert page.lost_radio.isChecked()

    assert made.services.demo is not None
    made.services.demo.suspend()
    with pytest.raises(AccountUnavailable):
        made.services.app.backups.run_account(made.record)
    made.events.archive_changed.emit()
    qtbot.waitUntil(page.all_radio.isChecked, timeout=WAIT_MS)
    assert page.sources.unavailable_since is not None
    assert "unavailable" in page.choose_note.text() and page.choose_note.isVisible()
    assert page.whole_box.currentData() == 2  # the last complete one before the loss
    assert page.whole_box.currentText().endswith("(before the account was lost)")
    assert "snapshot" not in page.whole_box.currentText().lower()
    assert "Traceback" not in page.choose_note.text()

    to_preview(qtbot, page)
    found = page.found
    assert found is not None and found.mode == "all"
    state = made.state()
    assert found.pins == len(state["pins"]) and found.boards == len(state["boards"])
    assert "Everything in the account" in page.summary.text()
    assert "unavailable" in page.summary.text()
    # Pinterest's hostile titles are listed as the characters they are.
    listed = page.items_view.toPlainText()
    hostile = [p["title"] for p in state["pins"] if (p.get("title") or "").startswith("<")]
    assert "<img src=x onerror=alert(1)>" in hostile
    for title in hostile:
        assert one_line(title) in listed
    assert_plain(page)

    to_details(page)
    fill_details(made, save_as, "Please reinstate my account.")
    build(qtbot, page)
    assert page.step == DONE, page.message.text()
    assert page.built is not None and page.built.mode == "all"
    bag_dir = unzip(save_as, tmp_path / "whole")
    bagit.Bag(str(bag_dir)).validate()
    items = {p.name for p in (bag_dir / "data" / "items").iterdir()}
    assert {f"pin-{p['id']}.json" for p in state["pins"]} <= items
    html = (bag_dir / "data" / "report.html").read_text("utf-8")
    assert "Account found unavailable" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_cancel_leaves_no_packet_and_the_window_stays_responsive(
    make_page: MakePage, qtbot: QtBot, save_as: Path
) -> None:
    made = make_page()
    page = made.page
    made.back_up()
    assert made.services.demo is not None
    made.services.demo.remove_some(seed=4)
    made.back_up()
    wait_ready(qtbot, page, 2)
    to_preview(qtbot, page)
    to_details(page)
    fill_details(made, save_as)

    # The first thumbnail waits until the test lets it go: the build is mid-way.
    entered, release = threading.Event(), threading.Event()
    real = page.thumbnailer
    on_ui_thread: list[bool] = []

    def held(path: Path, content_type: str, side: int) -> bytes | None:
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        entered.set()
        release.wait(WAIT_MS / 1000)
        return real(path, content_type, side)

    page.thumbnailer = held
    page.next_button.click()
    try:
        qtbot.waitUntil(entered.is_set, timeout=WAIT_MS)
        # The UI thread is free while the packet is made: timers fire, widgets answer.
        ticked: list[int] = []
        QTimer.singleShot(0, lambda: ticked.append(1))
        qtbot.waitUntil(lambda: bool(ticked), timeout=2_000)
        assert page.running and page.step == BUILD and page.cancel_button.isEnabled()
        assert on_ui_thread == [False]
        page.cancel_button.click()
        assert not page.cancel_button.isEnabled()
        assert "Stopping" in page.phase.text()
    finally:
        release.set()
    qtbot.waitUntil(lambda: not page.running, timeout=WAIT_MS)

    assert page.step == DETAILS
    assert page.message.text() == "Cancelled: no packet was written."
    assert made.finished[-1][:2] == ("appeal", False)
    assert not save_as.exists()
    assert list(save_as.parent.iterdir()) == []  # nothing half-written, nothing staged

    # A place the packet cannot be saved is one sentence, and the page stays usable.
    page.thumbnailer = real
    blocker = save_as.parent / "a file"
    blocker.write_text("not a folder", "utf-8")
    page.out_edit.setText(str(blocker / "packet.zip"))
    build(qtbot, page)
    assert page.step == DETAILS
    assert page.message.text().startswith(f"The packet could not be saved in {blocker} (")
    assert "Traceback" not in page.message.text() and "Error" not in page.message.text()
    blocker.unlink()

    # The details are kept: building again makes the packet.
    page.out_edit.setText(str(save_as))
    assert page.statement.toPlainText() == HOSTILE_STATEMENT
    build(qtbot, page)
    assert page.step == DONE, page.message.text()
    assert save_as.is_file()
    assert "Traceback" not in page.done_label.text()


@pytest.mark.alone  # the probe's verdict is a wall-clock figure
def test_the_ui_thread_stays_responsive_while_a_packet_builds(
    make_page: MakePage, qtbot: QtBot, save_as: Path
) -> None:
    """The responsiveness probe (tests/gui/probe.py) while the whole account's packet is
    built: copying, hashing, the PDF and the zip, all off the UI thread."""
    made = make_page()
    page = made.page
    made.back_up()
    wait_ready(qtbot, page, 1)
    page.all_radio.setChecked(True)
    to_preview(qtbot, page)
    assert page.found is not None and page.found.pins == DEMO_PINS
    to_details(page)
    fill_details(made, save_as)
    with UiProbe() as probe:
        build(qtbot, page)
    assert page.step == DONE, page.message.text()
    assert save_as.is_file()
    probe.assert_responsive(f"a packet of {DEMO_PINS} pins", min_ticks=50)


def test_nothing_lost_and_nothing_backed_up_are_said_plainly(
    make_page: MakePage, qtbot: QtBot
) -> None:
    made = make_page()
    page = made.page
    qtbot.waitUntil(lambda: page.empty.text() == no_snapshot(), timeout=WAIT_MS)
    assert page.body.isHidden()
    made.back_up()
    made.back_up()
    wait_ready(qtbot, page, 2)
    to_preview(qtbot, page)
    found = page.found
    assert found is not None and found.nothing_lost
    assert page.summary.text().startswith("Nothing was lost between the backup of")
    assert "--all" not in page.summary.text()  # the CLI's words are not the window's
    assert not page.next_button.isEnabled() and page.back_button.isEnabled()
    page.back_button.click()
    assert page.step == CHOOSE

    page.set_account(None)
    assert page.empty.text() == no_account() and page.body.isHidden()


def test_every_control_has_a_name_and_a_keyboard_path(make_page: MakePage) -> None:
    page = make_page().page
    controls: list[Any] = [
        *page.findChildren(QAbstractButton), *page.findChildren(QComboBox),
        *page.findChildren(QLineEdit), *page.findChildren(QPlainTextEdit),
    ]  # fmt: skip
    controls.append(page.limit_box)
    for control in controls:
        if isinstance(control.parent(), QAbstractSpinBox):
            continue  # the spin box's own editor: the spin box carries the name
        name = control.accessibleName() or (
            control.text() if isinstance(control, QAbstractButton) else ""
        )
        assert name, f"{type(control).__name__} has no accessible name"
    # Each field can be reached with Alt and a letter, and Tab leaves the statement.
    buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy()}
    for field_ in (page.from_box, page.to_box, page.whole_box, page.statement,
                   page.name_edit, page.email_edit, page.case_edit, page.out_edit):  # fmt: skip
        assert field_ in buddies
    assert page.statement.tabChangesFocus() and page.items_view.isReadOnly()
    for button in (page.next_button, page.back_button, page.cancel_button, page.show_button,
                   page.open_button,
                   page.again_button, page.lost_radio, page.all_radio, page.limit_check):  # fmt: skip
        assert "&" in button.text(), button.text()


def test_files_left_out_and_who_may_open_the_packet_are_said(
    make_page: MakePage, qtbot: QtBot, save_as: Path, tmp_path: Path
) -> None:
    """Media files gone from the archive: the page says the packet lacks them and the job
    does not count as a whole success. The packet is the user's alone unless the box to
    share it is ticked."""
    made = make_page()
    page = made.page
    made.back_up()
    root = made.services.app.archives.root(made.record)
    gone = sorted(p for p in (root / "media").rglob("*") if p.is_file())[:3]
    for path in gone:
        path.unlink()
    wait_ready(qtbot, page, 1)
    to_preview(qtbot, page)
    assert page.found is not None and page.found.media_missing == len(gone)
    assert f"{len(gone)} of these files are missing from the archive" in page.summary.text()
    to_details(page)
    assert not page.shared_check.isChecked() and "&" in page.shared_check.text()
    old = os.umask(0o022)
    try:
        fill_details(made, save_as, "Mine.")
        build(qtbot, page)
        assert page.step == DONE, page.message.text()
        assert (save_as.stat().st_mode & 0o777) == 0o600
        built = page.built
        assert built is not None and len(built.result.left_out) == len(gone)
        done = page.done_label.text()
        assert f"{len(gone)} media files could not be included" in done
        assert f"with {built.result.media_files:,} pictures and videos" in done
        assert made.finished[-1][:2] == ("appeal", False)
        assert "could not be included" in made.finished[-1][2]

        page.again_button.click()
        save_as.unlink()
        wait_ready(qtbot, page, 1)
        to_preview(qtbot, page)
        to_details(page)
        page.shared_check.setChecked(True)
        choose_in_save_dialog(made, save_as)
        build(qtbot, page)
        assert page.step == DONE, page.message.text()
        assert (save_as.stat().st_mode & 0o777) == 0o644
    finally:
        os.umask(old)


def whole_account_details(made: Made, qtbot: QtBot) -> DetailsStep:
    """Backed up, the whole account chosen and previewed: the details step."""
    page = made.page
    made.back_up()
    wait_ready(qtbot, page, 1)
    page.all_radio.setChecked(True)
    to_preview(qtbot, page)
    to_details(page)
    return page.details_step


def packet_files(packet: Path, into: Path) -> set[str]:
    bag = unzip(packet, into)
    return {p.relative_to(bag).as_posix() for p in bag.rglob("*") if p.is_file()}


def test_the_packet_is_time_stamped_and_signed_as_the_creator_chooses(
    make_page: MakePage,
    qtbot: QtBot,
    save_as: Path,
    tmp_path: Path,
    local_tsas: tuple[LocalTsa, LocalTsa],
) -> None:
    made = make_page()
    page = made.page
    details = whole_account_details(made, qtbot)
    # Time stamps on (as Settings has them), a signature only when asked for.
    assert details.stamp_check.isEnabled() and details.stamp_check.isChecked()
    assert not details.sign_check.isChecked()
    details.sign_check.setChecked(True)
    fill_details(made, save_as)
    build(qtbot, page)
    assert page.step == DONE, page.message.text()
    files = packet_files(save_as, tmp_path / "signed")
    assert {"timestamps/packet-1.tsr", "timestamps/packet-2.tsr"} <= files
    assert "signature/manifest-sha256.txt.sig" in files
    # Checked as a reviewer would: the bag, both authorities' tokens, the signature.
    roots = tuple(keys.root_pem for keys in (local_tsas[0].keys, local_tsas[1].keys))
    checked = check_packet(save_as, roots)
    assert checked.ok and checked.signature is not None, checked.to_json()


def test_time_stamps_turned_off_in_settings_are_off_for_the_packet(
    make_page: MakePage,
    qtbot: QtBot,
    save_as: Path,
    tmp_path: Path,
    local_tsas: tuple[LocalTsa, LocalTsa],
) -> None:
    made = make_page()
    page = made.page
    made.services.settings.save(replace(made.services.settings.load(), timestamps=False))
    details = whole_account_details(made, qtbot)
    assert not details.stamp_check.isEnabled() and not details.stamp_check.isChecked()
    assert details.stamp_check.toolTip() == "Time stamps are turned off in Settings"
    fill_details(made, save_as)
    build(qtbot, page)
    assert page.step == DONE, page.message.text()
    files = packet_files(save_as, tmp_path / "plain")
    assert not [name for name in files if name.startswith(("timestamps/packet-", "signature/"))]
