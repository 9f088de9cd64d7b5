"""File ▸ Match my original files… over a real archive of a sandbox backup: pictures of
the archive, resized and recompressed as a creator's originals differ from Pinterest's
copies, are matched to their pins and said in words; an unrelated picture matches none,
and files that cannot be read are summed up, with the details behind a disclosure."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from creator_backup.gui.originals_job import MatchDialog, closeness, made_words, summary
from creator_backup.gui.pages.appeal import AppealPage
from creator_backup.gui.pin_models import tooltip
from creator_backup.originals.matching import MatchReport
from creator_backup.originals.taken import MODIFIED
from tests.originals.pictures import originals_of

from .conftest import MakeWindow
from .dialogs import ScriptedDialogs
from .probe import BarWatch
from .test_window import back_up, menu_action, pages, sandbox_state

WAIT_MS = 120_000


def test_matching_originals_through_the_window(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "My originals"
    dialogs = ScriptedDialogs().choose("folder", folder)
    window = make_window(demo_pins=40, dialogs=dialogs)
    _, backup, _ = pages(window)
    back_up(qtbot, backup)
    expected = originals_of(tmp_path / "home", folder)
    pins = sandbox_state(window)["pins"]
    assert isinstance(pins, list)
    titles = {p["id"]: p["title"] or "(untitled)" for p in pins}

    menu_action(window, "&Match my original files…").trigger()
    assert [a.kind for a in dialogs.asked] == ["folder"]
    assert dialogs.asked[0].title == "Choose the folder with your original pictures"
    dialog = window.originals.dialog
    assert isinstance(dialog, MatchDialog)
    watch = BarWatch(dialog.bar)
    assert dialog.running and dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    watch.assert_forward_to_the_end()
    report = dialog.outcome
    assert report is not None, dialog.status.text()
    said = dialog.status.text()
    assert said.startswith("3 of 4 originals match pins in your archive."), said
    assert "1 original matches no pin." in said
    assert "2 files could not be read." in said
    assert said.endswith("Every appeal packet you make from now on lists these matches.")
    assert str(tmp_path) not in said
    assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()

    # Each original beside its pin: title, board, how close in words, when it was made.
    assert dialog.matches.isVisibleTo(dialog)
    rows: list[QTreeWidgetItem] = []
    for i in range(dialog.matches.topLevelItemCount()):
        row = dialog.matches.topLevelItem(i)
        assert row is not None
        rows.append(row)
    by_name = {(r.text(0), r.text(1)): r for r in rows}
    for name, pin in expected.items():
        found = by_name.get((name, titles[pin]))
        assert found is not None, (name, titles[pin], [(r.text(0), r.text(1)) for r in rows])
        assert found.text(2)  # the board's name
        assert found.text(3) in ("same picture", "very close"), found.text(3)
        assert found.text(4).endswith("(the file's own date: it holds no camera date)")
        assert "of the 64 points" in found.toolTip(3)
        assert found.toolTip(1) == tooltip(found.text(1))  # Pinterest text, escaped
    assert {r.text(0) for r in rows} == set(expected)  # the unrelated picture is not listed
    # The pins' own pictures arrive off the UI thread.
    qtbot.waitUntil(lambda: all(not r.icon(1).isNull() for r in rows), timeout=WAIT_MS)

    # The files that could not be read: counted, named with why behind the disclosure.
    toggle = dialog.skipped_toggle
    assert toggle.isVisibleTo(dialog) and not dialog.skipped.isVisibleTo(dialog)
    toggle.click()
    assert dialog.skipped.isVisibleTo(dialog)
    skipped = [dialog.skipped.item(i).text() for i in range(dialog.skipped.count())]
    assert sorted(s.split(":")[0] for s in skipped) == ["cut.jpg", "fake.webp"]
    assert all(len(s.split(": ", 1)[1]) > 5 for s in skipped)

    dialog.close_button.click()
    assert not dialog.isVisible()


def test_match_words() -> None:
    assert closeness(0) == "same picture"
    assert closeness(2) == "very close"
    assert closeness(9) == "close"
    assert made_words(None, MODIFIED) == "no date in the file"
    assert made_words("2019-05-04T13:22:00", "DateTimeOriginal") == (
        "taken 4 May 2019, 13:22 (the camera's date in the file)"
    )
    assert made_words("2019-05-04T13:22:00", "DateTime") == (
        "4 May 2019, 13:22 (the date the camera or an editor wrote in the file)"
    )
    one = MatchReport(originals=1)
    one.unmatched = ["a.jpg"]
    assert summary(one) == (
        "0 of 1 original matches pins in your archive. 1 original matches no pin."
    )
    assert summary(MatchReport()) == "No pictures in that folder could be compared."


def test_the_appeal_details_step_offers_the_match(make_window: MakeWindow, qtbot: QtBot) -> None:
    dialogs = ScriptedDialogs().choose("folder", None)  # the person cancels the choice
    window = make_window(demo_pins=20, dialogs=dialogs)
    qtbot.waitUntil(lambda: window.account is not None, timeout=WAIT_MS)
    appeal = window.page("appeal")
    assert isinstance(appeal, AppealPage)
    button = appeal.details_step.originals_button
    assert button.text() == "Match my &original files…"
    button.click()
    assert [(a.kind, a.title) for a in dialogs.asked] == [
        ("folder", "Choose the folder with your original pictures")
    ]
    assert window.originals.dialog is None  # cancelled: nothing runs
