"""One bar per job: over a real backup (the demo's sandbox slowed), the bar shows the
whole run, never goes back while listings and downloads take turns, says the time left,
and the folded log says each step once."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from creator_backup.gui.job_progress import STEPS

from .conftest import MakeWindow
from .test_backup_outcomes import slowed_backup_page


def test_a_backup_s_bar_never_goes_back_and_its_log_says_each_step_once(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    backup = slowed_backup_page(make_window(demo_pins=200), qtbot, 40)
    assert backup.log.isHidden()  # folded away until asked for
    values: list[int] = []
    said: list[str] = []

    def seen(value: int) -> None:
        if backup.bar.maximum() == STEPS:  # not while it is busy with no count yet
            values.append(value)

    backup.bar.valueChanged.connect(seen)
    backup.bar.valueChanged.connect(lambda _v: said.append(backup.phase.text()))
    backup.backup_button.click()
    qtbot.waitUntil(lambda: not backup.running, timeout=180_000)
    assert backup.phase.text().startswith("Backup complete"), backup.phase.text()

    assert len(values) > 10, values
    assert values == sorted(values), "the bar went back"
    assert values[-1] == STEPS
    assert any(" left" in text for text in said), said[-5:]
    lines = [line.split("  ", 1)[1] for line in backup.log.toPlainText().splitlines()
             if line[:2].isdigit()]  # fmt: skip
    steps = [line for line in lines if not line.startswith(("Backup", "  "))]
    assert len(steps) == len(set(steps)), steps
    assert any(line.startswith("Listing boards (") for line in steps), steps
    backup.log_toggle.click()
    assert backup.log.isVisibleTo(backup) and backup.log_toggle.text() == "Hide what happened"
