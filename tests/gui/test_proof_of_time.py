"""Proof of time in the window: Settings' switch and the creator's own authorities saved
(an address that is not a web address refused in a sentence), and History saying whether
each snapshot of a real backup is time-stamped: by two authorities on loopback, or not
at all when stamping is off."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from creator_backup.evidence.snapshot_stamps import StampState
from creator_backup.gui.pages.history import STAMP_ROLE, HistoryPage
from creator_backup.gui.pages.settings import SettingsPage
from creator_backup.gui.proof_of_time_box import authority_addresses
from creator_backup.settings import Settings
from tests.evidence.tsa import LocalTsa

from .conftest import MakeWindow
from .test_window import back_up, pages

WAIT_MS = 60_000


def test_addresses_are_web_addresses() -> None:
    good, bad = authority_addresses(
        "https://qtsp.example.eu/tsa, http://127.0.0.1:8080/\nhttps://qtsp.example.eu/tsa"
    )
    assert good == ["https://qtsp.example.eu/tsa", "http://127.0.0.1:8080/"]
    assert bad == []
    _, bad = authority_addresses("ftp://tsa.example.org qtsp.example.eu https:// file:///x")
    assert bad == ["ftp://tsa.example.org", "qtsp.example.eu", "https://", "file:///x"]


def test_the_switch_and_the_authorities_are_saved_and_a_bad_address_refused(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo=False)
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    window.show_page("settings")
    box = page.proof_of_time
    store = window.services.settings
    assert box.title() == "Proof of time"
    assert box.timestamps.text() == "Time-stamp each backup and appeal packet"
    assert box.timestamps.isChecked() and store.load().timestamps  # on unless turned off

    box.timestamps.setChecked(False)
    assert store.load().timestamps is False
    assert not box.authorities.isEnabled()  # no authority is asked while it is off
    box.timestamps.setChecked(True)
    assert store.load().timestamps is True

    box.authorities.setText("https://qtsp.example.eu/tsa  http://tsa.example.org:8080/")
    box.authorities.editingFinished.emit()
    assert store.load().tsa_urls == ["https://qtsp.example.eu/tsa", "http://tsa.example.org:8080/"]
    assert box.problem.isHidden()

    # Not a web address: refused in a sentence, and nothing saved.
    box.authorities.setText("https://qtsp.example.eu/tsa qtsp.example.eu/tsa")
    box.authorities.editingFinished.emit()
    assert box.problem.isVisibleTo(page)
    assert box.problem.text() == (
        "Not saved: “qtsp.example.eu/tsa” is not a web address. An authority's address starts "
        "with https:// (or http://), like https://freetsa.org/tsr."
    )
    assert store.load().tsa_urls == ["https://qtsp.example.eu/tsa", "http://tsa.example.org:8080/"]
    box.authorities.setText("ftp://a.example <b>x</b>")
    box.authorities.editingFinished.emit()
    assert box.problem.text().startswith("Not saved: 2 of these are not web addresses, “ftp://")

    # Emptied: no authority of one's own (the public ones are asked).
    box.authorities.setText("")
    box.authorities.editingFinished.emit()
    assert store.load().tsa_urls == [] and box.problem.isHidden()

    # What is saved elsewhere is shown when the settings change.
    store.save(Settings(timestamps=False, tsa_urls=["https://own.example/tsa"]))
    window.events.settings_changed.emit()
    assert not box.timestamps.isChecked()
    assert box.authorities.text() == "https://own.example/tsa"


def stamp_lines(qtbot: QtBot, history: HistoryPage, count: int) -> list[tuple[str, str, str]]:
    qtbot.waitUntil(lambda: history.timeline.count() == count, timeout=WAIT_MS)
    items = [history.timeline.item(i) for i in range(count)]
    return [(i.text(), i.toolTip(), i.data(STAMP_ROLE)) for i in items]


def test_history_says_a_stamped_snapshot_is_time_stamped(
    make_window: MakeWindow, qtbot: QtBot, local_tsas: tuple[LocalTsa, LocalTsa]
) -> None:
    window = make_window(demo_pins=20)
    _, backup, history = pages(window)
    back_up(qtbot, backup)
    record = window.account
    assert record is not None
    assert set(window.services.app.archives.stamp_states(record).values()) == {StampState.STAMPED}
    window.show_page("history")
    ((text, tip, state),) = stamp_lines(qtbot, history, 1)
    assert text.endswith("\ncomplete · time-stamped"), text
    assert state == StampState.STAMPED.value
    assert tip.endswith(
        "\nTwo independent authorities signed this snapshot's fingerprint: proof that what it "
        "holds existed by then."
    )


def test_history_says_snapshots_are_not_time_stamped_when_stamping_is_off(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo_pins=20)
    _, backup, history = pages(window)
    back_up(qtbot, backup)
    back_up(qtbot, backup, quick=True)
    window.show_page("history")
    lines = stamp_lines(qtbot, history, 2)
    for text, tip, state in lines:
        assert text.endswith(" · not time-stamped"), text
        assert state == StampState.NOT_STAMPED.value
        assert "Time stamps were off when it was made" in tip
