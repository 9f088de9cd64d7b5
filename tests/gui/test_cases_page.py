"""Appeals: Pinterest's notices become cases in the window. Each sample notice is imported
through File ▸ Import a notice from Pinterest…, and the page shows its decision, its
deadline with the days left and what the notice left out; hostile notice text stays
literal; a letter and a calendar are written through the page; a status is recorded; the
pins show with their archived pictures; the tray reminds a week and a day before a
deadline, once each. Against the demo sandbox, through the real application layer."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import icalendar
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.cases import CasesPage
from creator_backup.words import day_text
from tests.cases.conftest import NOTICES, write_notice

from .conftest import MakeWindow
from .dialogs import ScriptedDialogs
from .test_window import back_up, menu_action, pages, sandbox_state

WAIT_MS = 20_000
IMPORT = "Import a &notice from Pinterest…"


def cases_page(window: MainWindow) -> CasesPage:
    page = window.page("cases")
    assert isinstance(page, CasesPage)
    return page


def connected(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.account is not None, timeout=WAIT_MS)


def import_notice(qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, path: Path) -> str:
    """Imports through the File menu; the sentence the page then says."""
    page = cases_page(window)
    before = page.summary.text()
    dialogs.choose("open_file", path)
    menu_action(window, IMPORT).trigger()
    qtbot.waitUntil(lambda: page.summary.text().startswith(("Read the", "This notice")) and
                    page.summary.text() != before, timeout=WAIT_MS)  # fmt: skip
    assert window.stack.currentWidget() is page
    return page.summary.text()


def shown_case(qtbot: QtBot, page: CasesPage, case_id: int) -> None:
    qtbot.waitUntil(
        lambda: page.detail is not None and page.detail.view.case.id == case_id
        and page.case_heading.text().startswith(f"Case {case_id}:"),
        timeout=WAIT_MS,
    )  # fmt: skip


def left(due: date, window: MainWindow) -> str:
    days = (due - window.services.app.cases.today()).days
    return f"in {days:,} days"


def test_each_sample_notice_becomes_a_case_with_its_decision_deadline_and_unknowns(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(demo_pins=20, dialogs=dialogs)
    connected(qtbot, window)
    page = cases_page(window)
    window.show_page("cases")
    qtbot.waitUntil(page.empty.isVisible, timeout=WAIT_MS)
    assert "No case yet" in page.empty_text.text()
    assert page.empty_import.text() == "Import a notice from Pinterest…"
    assert window.nav.item(window.pages.index(page)).text() == "Appeals"

    said = import_notice(qtbot, window, dialogs, NOTICES / "removed.eml")
    assert said == ("Read the notice into case 1: Removed: 1 pin on “Kitchen ideas”, and it "
                    "states every fact the letters need.")  # fmt: skip
    shown_case(qtbot, page, 1)
    due = date(2027, 5, 14)
    assert page.next_label.text() == f"Appeal by {day_text(due)} — {left(due, window)}"
    assert "Automated means used: yes" in page.facts.text()
    assert "3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f" in page.facts.text()
    assert "A pin your backups never saw" in page.pin_list.item(0).text()  # no backup yet

    said = import_notice(qtbot, window, dialogs, NOTICES / "limited.html")
    assert said.startswith("Read the notice into case 2: Limited distribution: 2 pins on "
                           "“Wedding & party”")  # fmt: skip
    shown_case(qtbot, page, 2)
    limited_due = date(2027, 5, 20)
    assert page.next_label.text() == f"Appeal by {day_text(limited_due)} — {left(limited_due, window)}"  # fmt: skip

    said = import_notice(qtbot, window, dialogs, NOTICES / "suspended.txt")
    assert said == ("Read the notice into case 3: Account suspended: your account; the notice "
                    "does not say which pins or which board.")  # fmt: skip
    shown_case(qtbot, page, 3)
    assert "Board: not stated in the notice" in page.facts.text()

    said = import_notice(qtbot, window, dialogs, NOTICES / "sparse.txt")
    assert said.startswith("Read the notice into case 4: Removed: 1 pin; the notice does not say ")
    assert "whether automated means were used" in said
    assert said.endswith("or when the decision was made.")
    shown_case(qtbot, page, 4)
    assert "Date of the decision: not stated in the notice" in page.facts.text()
    assert "Automated means used: not stated in the notice" in page.facts.text()
    assert page.next_label.text().startswith("The notice gives no date")
    assert not page.calendar_button.isEnabled()  # no date, no calendar
    assert page.unknown.text().startswith("The notice does not say ")

    # Most urgent first: the dated ones by their deadline, then the one with no date.
    listed = [page.case_list.item(i).data(Qt.ItemDataRole.UserRole + 1)
              for i in range(page.case_list.count())]  # fmt: skip
    assert listed == [1, 2, 3, 4]
    first = page.case_list.item(0).text().split("\n")
    assert first == ["Removed: 1 pin on “Kitchen ideas”", "Open: not appealed yet",
                     f"Appeal by {day_text(due)} — {left(due, window)}"]  # fmt: skip

    # The same file again changes nothing, and says so.
    said = import_notice(qtbot, window, dialogs, NOTICES / "removed.eml")
    assert said.startswith("This notice was read before: case 1")
    assert dialogs.unanswered == 0
    assert all(a.filters.startswith("Pinterest's notice (*.eml *.html *.htm *.txt *.pdf)")
               for a in dialogs.asked)  # fmt: skip


def test_hostile_notice_text_stays_literal(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(demo_pins=20, dialogs=dialogs)
    connected(qtbot, window)
    notice = tmp_path / "hostile.txt"
    notice.write_text(
        "Your Pin was removed.\n\nPin ID: 1130000000000000009\nSaved to: <b>bold</b> "
        "<img src=x onerror=alert(1)>\nPolicy: <a href='https://evil.example'>x</a>\n"
        "Date of decision: 2026-11-30\n",
        "utf-8",
    )
    said = import_notice(qtbot, window, dialogs, notice)
    page = cases_page(window)
    assert "“<b>bold</b> <img src=x onerror=alert(1)>”" in said
    shown_case(qtbot, page, 1)
    assert "Board: <b>bold</b> <img src=x onerror=alert(1)>" in page.facts.text()
    assert "Policy" not in page.facts.text() or "<a href=" in page.facts.text()
    for label in (page.summary, page.facts, page.case_heading, page.unknown):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert "<b>bold</b>" in page.case_heading.text()
    assert "<b>bold</b>" in page.case_list.item(0).text()
    assert "<" not in page.case_list.item(0).toolTip()  # a tooltip is escaped


def test_a_letter_and_a_calendar_are_written_and_the_status_recorded(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(demo_pins=20, dialogs=dialogs)
    opened: list[str] = []
    window.services.open_url = opened.append
    connected(qtbot, window)
    import_notice(qtbot, window, dialogs, NOTICES / "removed.eml")
    page = cases_page(window)
    shown_case(qtbot, page, 1)

    letter = tmp_path / "out" / "appeal.txt"
    page.name_edit.setText("Maya  Example\n")
    dialogs.choose("save_file", letter)
    page.letter_buttons["pinterest"].click()
    qtbot.waitUntil(lambda: page.message.text().startswith("The letter is saved as"),
                    timeout=WAIT_MS)  # fmt: skip
    text = letter.read_text("utf-8")
    assert "3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f" in text
    assert "Maya Example" in text  # signed with the name given, on one line
    assert str(letter) in page.message.text()
    assert page.folder_button.isVisibleTo(page)
    page.folder_button.click()
    assert opened and opened[-1].endswith("/out")
    assert dialogs.asked[-1].filters == "PDF document (*.pdf);;Web page (*.html);;Plain text (*.txt)"  # fmt: skip

    pdf = tmp_path / "out" / "complaint"  # no ending given: a PDF
    dialogs.choose("save_file", pdf)
    page.letter_buttons["dsa-complaint"].click()
    qtbot.waitUntil(lambda: "complaint.pdf" in page.message.text(), timeout=60_000)
    assert (tmp_path / "out" / "complaint.pdf").read_bytes().startswith(b"%PDF")

    ics = tmp_path / "out" / "deadlines.ics"
    dialogs.choose("save_file", ics)
    page.calendar_button.click()
    qtbot.waitUntil(lambda: page.message.text().startswith("The deadlines are saved as"),
                    timeout=WAIT_MS)  # fmt: skip
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    starts = [event.decoded("dtstart") for event in calendar.walk("VEVENT")]
    assert date(2027, 5, 14) in starts

    # The record shows what was done, dates in words, behind Details.
    qtbot.waitUntil(lambda: page.custody.text().count("\n") >= 3, timeout=WAIT_MS)
    assert not page.custody.isVisibleTo(page)
    page.details_button.click()
    assert page.custody.isVisibleTo(page)
    lines = page.custody.text().split("\n")
    assert lines[0].endswith("· Case opened from a notice")
    assert "Letter written: Appeal to Pinterest (appeal.txt)" in lines[1]
    assert lines[-1].endswith("· Calendar written (deadlines.ics)")

    # The status, recorded through the application layer.
    index = page.status_box.findData("appealed")
    page.status_box.setCurrentIndex(index)
    page.status_box.activated.emit(index)
    qtbot.waitUntil(lambda: page.message.text() == "Recorded: Appealed: waiting for Pinterest.",
                    timeout=WAIT_MS)  # fmt: skip
    record = window.account
    assert record is not None
    assert window.services.app.cases.get(record, 1).case.status == "appealed"
    history = window.services.app.cases.history(record, 1)
    assert history[-1]["event"] == "status" and history[-1]["to"] == "appealed"
    qtbot.waitUntil(lambda: "Status changed to: Appealed" in page.custody.text(), timeout=WAIT_MS)
    # Appealed: no appeal deadline is left to count down.
    qtbot.waitUntil(lambda: page.next_label.text() == "No deadline", timeout=WAIT_MS)

    # Build an appeal packet opens the Appeal page.
    page.packet_button.click()
    assert window.stack.currentWidget() is window.page("appeal")


def test_the_case_s_pins_show_their_archived_pictures(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(demo_pins=30, dialogs=dialogs)
    _, backup, _ = pages(window)
    back_up(qtbot, backup)
    record = window.account
    assert record is not None
    pins = sandbox_state(window)["pins"]
    assert isinstance(pins, list)
    pictures = window.services.app.archives.pin_pictures(record, {p["id"] for p in pins})
    chosen = [p for p in pins if p["id"] in pictures][:2]
    assert len(chosen) == 2
    notice = write_notice(tmp_path, "removed.eml", [p["id"] for p in chosen], "My board")
    import_notice(qtbot, window, dialogs, notice)
    page = cases_page(window)
    shown_case(qtbot, page, 1)
    qtbot.waitUntil(lambda: page.pin_list.count() == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: all(not page.pin_list.item(i).icon().isNull() for i in range(2)),
                    timeout=WAIT_MS)  # fmt: skip
    for row, pin in enumerate(chosen):
        text = page.pin_list.item(row).text()
        assert pin["id"] not in text  # the pin's title, not its id
        if pin.get("title"):
            assert text.startswith(" ".join(pin["title"].split())[:40])


def test_the_tray_reminds_a_week_and_a_day_before_a_deadline_once_each(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(demo_pins=20, dialogs=dialogs)
    connected(qtbot, window)
    import_notice(qtbot, window, dialogs, NOTICES / "removed.eml")  # appeal by 14 May 2027
    reminders = window.reminders
    said: list[str] = []
    reminders.reminded.connect(said.append)

    def check_on(day: date) -> None:
        reminders.clock = lambda: datetime(day.year, day.month, day.day, 12).timestamp()
        qtbot.waitUntil(lambda: not reminders._checking, timeout=WAIT_MS)
        reminders.check()
        qtbot.waitUntil(lambda: not reminders._checking, timeout=WAIT_MS)

    check_on(date(2027, 5, 6))  # eight days before: nothing yet
    assert said == []
    check_on(date(2027, 5, 7))
    assert said == [f"Case 1 (Removed: 1 pin on “Kitchen ideas”): Appeal by "
                    f"{day_text(date(2027, 5, 14))} — in 7 days."]  # fmt: skip
    assert window.tray.last_message is not None
    assert window.tray.last_message.sentence == said[0]
    assert window.tray.last_message.title.endswith(": A deadline is near")
    check_on(date(2027, 5, 8))  # the week's reminder is not said again
    assert len(said) == 1
    check_on(date(2027, 5, 13))
    assert len(said) == 2 and said[1].endswith("— in 1 day.")
    check_on(date(2027, 5, 14))
    assert len(said) == 2
    # Remembered beyond this run: a new window would not say them again.
    kept = window.services.first_run.load().deadline_reminders
    assert len(kept) == 2 and all(k.endswith(("|7", "|1")) for k in kept)
