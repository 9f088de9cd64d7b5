"""The Restore page over real backups of sandbox accounts and a real restore over HTTP:
the check (dry run) lists what was lost, "No" sends nothing, "Yes" puts it back, a second
run makes no duplicates, Cancel stops and a later run finishes; Trial access and a
read-only login are told in plain sentences. The sandbox's own state is the judge."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import requests
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from creator_backup.api.errors import AccountUnavailable
from creator_backup.application.app import Application
from creator_backup.auth.accounts import AccountRecord
from creator_backup.auth.oauth import READ_SCOPES
from creator_backup.gui.job_progress import STEPS
from creator_backup.gui.pages.base import AppEvents, PageContext
from creator_backup.gui.pages.restore import (
    RestorePage,
    no_account,
    no_snapshot,
    trial_words,
)
from creator_backup.gui.services import Services, build_services
from creator_backup.gui.workers import JobRunner
from creator_backup.paths import AppPaths
from creator_backup.restore.service import NO_WRITE_PERMISSION
from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.auth.helpers import Browser, free_port

from .conftest import assert_nothing_left, close_after_jobs
from .dialogs import Asked, ScriptedDialogs
from .probe import BarWatch, UiProbe

JsonDict = dict[str, Any]
WAIT_MS = 60_000
DEMO_PINS = 60  # about a dozen pins lost: a restore of a few seconds at the real pace


@dataclass
class Made:
    page: RestorePage
    services: Services
    runner: JobRunner
    events: AppEvents
    dialogs: ScriptedDialogs
    notes: list[str] = field(default_factory=list)

    @property
    def record(self) -> AccountRecord:
        record = self.page.account
        assert record is not None
        return record

    @property
    def app(self) -> Application:
        return self.services.app


MakePage = Callable[[Services], Made]


@pytest.fixture
def make_page(qtbot: QtBot) -> Iterator[MakePage]:
    """The page with a real PageContext over the given services, on their first account."""
    before = set(threading.enumerate())
    made: list[Made] = []

    def make(services: Services) -> Made:
        dialogs = ScriptedDialogs()
        services.dialogs = dialogs
        runner = JobRunner()
        events = AppEvents()
        notes: list[str] = []
        page = RestorePage(PageContext(services, runner, events, notes.append))
        page.resize(1000, 700)
        page.show()
        accounts = services.app.accounts.connected()
        page.set_account(accounts[0] if accounts else None)
        result = Made(page, services, runner, events, dialogs, notes)
        made.append(result)
        return result

    yield make
    for one in made:
        close_after_jobs(qtbot, one.runner, one.page, one.services)
    assert_nothing_left(qtbot, before)


@pytest.fixture
def demo(tmp_path: Path) -> Services:
    return build_services(AppPaths.resolve(tmp_path / "home"), demo=True, demo_pins=DEMO_PINS)


def own_services(sandbox: Sandbox, home: Path) -> Services:
    paths = AppPaths.resolve(home)
    paths.ensure()
    return Services(paths, Application(paths, sandbox.api_base))


def state_at(origin: str) -> JsonDict:
    body = requests.get(origin + "/_sandbox/state?media=0", timeout=30).json()
    assert isinstance(body, dict)
    return body


def demo_state(services: Services) -> JsonDict:
    assert services.demo is not None
    return state_at(services.demo.origin)


def content(state: JsonDict) -> JsonDict:
    return {kind: state[kind] for kind in ("boards", "sections", "pins")}


def writes(state: JsonDict) -> int:
    """Write requests the sandbox has answered, so far."""
    counts = state["requests"]["by_endpoint"]
    return sum(int(n) for k, n in counts.items() if k.startswith("POST /v5/") and "oauth" not in k)


def placed_titles(state: JsonDict) -> Counter[tuple[str, str]]:
    """Pins by (board name, title): what a person sees, ids aside."""
    boards = {b["id"]: b["name"] for b in state["boards"]}
    return Counter((boards.get(p["board_id"], "?"), p["title"] or "") for p in state["pins"])


def ids(state: JsonDict, kind: str) -> set[str]:
    return {item["id"] for item in state[kind]}


def children(page: RestorePage, top_label: str) -> list[QTreeWidgetItem]:
    for row in range(page.tree.topLevelItemCount()):
        top = page.tree.topLevelItem(row)
        if top is not None and top.text(0).startswith(top_label):
            return [top.child(i) for i in range(top.childCount())]
    raise AssertionError(f"no {top_label!r} in the tree")


def answer(made: Made, yes: bool) -> list[Asked]:
    """The next confirmation answered as a user would; what is asked from now on is kept
    to read (the real dialog shows it all as plain text: tests/gui/test_dialogs.py)."""
    made.dialogs.asked.clear()
    made.dialogs.answer(yes)
    return made.dialogs.asked


def wait_ready(qtbot: QtBot, page: RestorePage) -> None:
    qtbot.waitUntil(page.check_button.isEnabled, timeout=WAIT_MS)


def check(qtbot: QtBot, page: RestorePage) -> None:
    wait_ready(qtbot, page)
    page.check_button.click()
    assert page.running
    qtbot.waitUntil(lambda: not page.running and page.plan is not None, timeout=WAIT_MS)


def restore(qtbot: QtBot, made: Made) -> None:
    page = made.page
    assert page.restore_button.isEnabled()
    watch = BarWatch(page.bar)
    with qtbot.waitSignal(made.events.archive_changed, timeout=WAIT_MS):
        page.restore_button.click()
        assert page.running
    assert not page.running and page.report is not None
    if page.report.ok:
        watch.assert_forward_to_the_end()


def lose_and_come_back(made: Made, seed: int) -> tuple[JsonDict, JsonDict, dict[str, list[str]]]:
    """Backed up, then a board and pins removed, the account suspended (a backup fails
    and records the baseline), reinstated without them, and backed up again."""
    demo, app, record = made.services.demo, made.app, made.record
    assert demo is not None
    assert app.backups.run_account(record).complete
    before = demo_state(made.services)
    removed = demo.remove_some(seed=seed)
    demo.suspend()
    with pytest.raises(AccountUnavailable):
        app.backups.run_account(record)
    demo.reinstate()
    assert app.backups.run_account(record).complete
    made.events.archive_changed.emit()  # as the Backup page says when it finishes
    return before, demo_state(made.services), removed


def test_check_then_no_then_yes_then_nothing_left(
    make_page: MakePage, demo: Services, qtbot: QtBot
) -> None:
    made = make_page(demo)
    page = made.page
    qtbot.waitUntil(lambda: page.empty.text() == no_snapshot(), timeout=WAIT_MS)
    assert page.empty.isVisible() and not page.body.isVisible()

    before, lost, removed = lose_and_come_back(made, seed=7)
    wait_ready(qtbot, page)
    assert page.body.isVisible() and not page.empty.isVisible()
    assert page.snapshot_box.currentData() == 1  # the baseline: before the account was lost
    assert "before the account was lost" in page.snapshot_box.currentText()
    assert page.snapshot_box.count() == 2

    # One board only: the removed one, with its own pins and nothing else.
    qtbot.waitUntil(lambda: page.board_box.count() == len(before["boards"]) + 1, timeout=WAIT_MS)
    page.board_box.setCurrentIndex(page.board_box.findData(removed["boards"][0]))
    check(qtbot, page)
    assert page.plan is not None
    on_board = {p["id"] for p in before["pins"] if p["board_id"] == removed["boards"][0]}
    assert {(i.kind, i.old_id) for i in page.plan.plan.items} | {
        ("pin", u.id) for u in page.plan.plan.cannot
    } == {("board", removed["boards"][0])} | {("pin", p) for p in on_board}
    page.board_box.setCurrentIndex(0)  # all boards
    assert page.plan is None and not page.restore_button.isEnabled()

    # The check: what the sandbox lost is listed as missing, and nothing is sent.
    check(qtbot, page)
    assert page.plan is not None
    plan = page.plan.plan
    gone = ids(before, "pins") - ids(lost, "pins")
    assert {i.old_id for i in plan.items if i.kind == "board"} == set(removed["boards"])
    planned = {i.old_id for i in plan.items if i.kind == "pin"}
    cannot = {u.id for u in plan.cannot}
    assert planned | cannot == gone and planned
    assert set(removed["pins"]) <= planned | cannot
    assert len(children(page, "Missing")) == len(plan.items)
    shown = {c.text(0) for c in children(page, "Missing")}
    board_name = next(b["name"] for b in before["boards"] if b["id"] == removed["boards"][0])
    assert f"board: {board_name}" in shown
    titles = {p["title"] for p in before["pins"] if p["id"] in planned and p["title"]}
    assert titles <= {c.text(0).removeprefix("pin: ") for c in children(page, "Missing")}
    summary = page.summary.text()
    assert "From snapshot 1" in summary and "Missing from your account now: 1 board" in summary
    assert f"{len(planned)} pins" in summary and "How the pins come back" in summary
    assert "writes a minute" in summary and "Traceback" not in summary
    if cannot:
        assert len(children(page, "Cannot come back")) == len(cannot)
    assert page.restore_button.text() == f"&Restore {len(plan.items)} items…"
    shown_in_plan = [c.text(0) for c in children(page, "Missing")]
    assert content(demo_state(demo)) == content(lost) and writes(demo_state(demo)) == 0

    # "No": nothing is written.
    asked = answer(made, yes=False)
    page.restore_button.click()
    assert len(asked) == 1 and not page.running
    assert plan.count("section") == 0  # this removed board had none
    assert f"Put back 1 board and {len(planned)} pins on" in asked[0].text
    assert made.record.username in asked[0].text
    assert trial_words(False) in asked[0].details
    assert "never makes duplicates" in asked[0].details
    assert (asked[0].title, asked[0].yes, asked[0].no) == (
        "Restore to Pinterest?",
        "&Restore",
        "&Don't restore",
    )
    assert not asked[0].warning  # Trial access is not known yet: a question, no warning
    assert "nothing was sent" in page.phase.text()
    assert content(demo_state(demo)) == content(lost) and writes(demo_state(demo)) == 0

    # "Yes": it comes back, with the same titles on the same boards.
    asked = answer(made, yes=True)
    with qtbot.waitSignal(made.events.job_finished, timeout=WAIT_MS) as finished:
        restore(qtbot, made)
    assert finished.args == ["restore", True, page.report_label.text().splitlines()[0]]
    assert page.phase.text() == "Done: nothing more is being sent."
    report = page.report
    assert report is not None and report.ok
    assert report.created == {"boards": 1, "sections": plan.count("section"),
                              "pins": len(planned)}  # fmt: skip
    after = demo_state(demo)
    lost_for_good = placed_titles(
        {**before, "pins": [p for p in before["pins"] if p["id"] in cannot]}
    )
    assert placed_titles(after) == placed_titles(before) - lost_for_good
    text = page.report_label.text()
    assert text.startswith("Restore finished: everything that can come back is back.")
    assert f"Created 1 board and {len(planned)} pins." in text
    assert "Duplicates: none." in text and "never makes duplicates" in text
    assert page.plan is None and not page.restore_button.isEnabled()
    # The finished page keeps the table: each item the plan listed, with its outcome.
    put_back = children(page, "Put back")
    assert len(put_back) == len(plan.items)
    assert [c.text(0) for c in put_back] == shown_in_plan
    assert all(c.text(1).startswith("put back: ") for c in put_back)
    assert f"board: {board_name}" in {c.text(0) for c in put_back}

    # Again: nothing new to do, and nothing made twice.
    check(qtbot, page)
    assert page.plan is not None and page.plan.plan.items == []
    assert "Nothing is missing" in page.summary.text()
    assert not page.restore_button.isEnabled()
    again = demo_state(demo)
    assert content(again) == content(after) and writes(again) == writes(after)


def test_cancel_stops_and_the_next_run_finishes_without_duplicates(
    make_page: MakePage, demo: Services, qtbot: QtBot
) -> None:
    made = make_page(demo)
    page = made.page
    before, _, _ = lose_and_come_back(made, seed=11)
    check(qtbot, page)
    assert page.plan is not None
    total = len(page.plan.plan.items)
    cannot = {u.id for u in page.plan.plan.cannot}
    assert total >= 6
    answer(made, yes=True)
    page.restore_button.click()
    # Three of `total` restored: the bar's share of the whole job.
    qtbot.waitUntil(lambda: page.bar.maximum() == STEPS and page.bar.value() >= 3 * STEPS // total,
                    timeout=WAIT_MS)  # fmt: skip
    assert page.cancel_button.isEnabled() and not page.check_button.isEnabled()
    page.cancel_button.click()
    qtbot.waitUntil(lambda: not page.running, timeout=WAIT_MS)
    report = page.report
    assert report is not None and report.cancelled
    done = sum(report.created.values())
    assert 3 <= done < total
    assert page.report_label.text().startswith("Restore cancelled.")
    assert "continues where it stopped" in page.report_label.text()
    # What was put back, and what the cancel kept from being sent, stay listed.
    assert len(children(page, "Put back")) == done
    unsent = children(page, "Not sent: the restore stopped first")
    assert len(unsent) == total - done - len(report.failed)

    check(qtbot, page)
    assert page.plan is not None and len(page.plan.plan.items) == total - done
    answer(made, yes=True)
    restore(qtbot, made)
    assert page.report is not None and page.report.ok
    assert sum(page.report.created.values()) == total - done
    lost_for_good = placed_titles(
        {**before, "pins": [p for p in before["pins"] if p["id"] in cannot]}
    )
    assert placed_titles(demo_state(demo)) == placed_titles(before) - lost_for_good


@pytest.mark.alone  # the probe's verdict is a wall-clock figure
def test_the_ui_thread_stays_responsive_during_a_restore(
    make_page: MakePage, demo: Services, qtbot: QtBot
) -> None:
    """The responsiveness probe (tests/gui/probe.py) while a whole restore runs: the
    check, then boards, sections and pins written at Pinterest's pace."""
    made = make_page(demo)
    page = made.page
    lose_and_come_back(made, seed=17)
    answer(made, yes=True)
    wait_ready(qtbot, page)
    with UiProbe() as probe:
        page.check_button.click()
        qtbot.waitUntil(lambda: not page.running and page.plan is not None, timeout=WAIT_MS)
        restore(qtbot, made)
    assert page.report is not None and page.report.ok
    assert sum(page.report.created.values()) >= 6
    probe.assert_responsive("a restore")


def test_no_account_is_a_plain_sentence(make_page: MakePage, demo: Services) -> None:
    made = make_page(demo)
    made.page.set_account(None)
    assert made.page.empty.text() == no_account()
    assert not made.page.body.isVisible()


def test_trial_access_is_warned_before_and_named_after(
    make_page: MakePage, qtbot: QtBot, tmp_path: Path
) -> None:
    sandbox = Sandbox(SandboxConfig(hostile=True, seed=31, boards=2, pins=12, trial=True)).start()
    try:
        services = own_services(sandbox, tmp_path / "home")
        record = services.app.account_service.login_with_token(sandbox.access_token, "file")
        assert services.app.backups.run_account(record).complete
        pin = next(p for p in state_at(sandbox.origin)["pins"] if p["is_owner"])
        requests.post(f"{sandbox.origin}/_sandbox/pins/{pin['id']}/remove", timeout=30)
        made = make_page(services)
        page = made.page
        check(qtbot, page)
        assert page.plan is not None and len(page.plan.plan.items) == 1
        asked = answer(made, yes=True)
        restore(qtbot, made)
        # The backup's answers told the app's access: it is said plainly before anything
        # is sent, with a warning.
        assert trial_words(True) in asked[0].details and asked[0].warning
        report = page.report
        assert report is not None and report.created["pins"] == 0 and report.failed
        failed = children(page, "Could not be put back")
        assert len(failed) == 1 and "Trial access" in failed[0].text(1)
        assert page.report_label.text().startswith("Restore finished, but some could not")
        assert "Could not be put back: 1 (listed below" in page.report_label.text()

        # And it still does after Pinterest refused.
        check(qtbot, page)
        asked = answer(made, yes=False)
        page.restore_button.click()
        assert trial_words(True) in asked[0].details
        assert asked[0].warning
    finally:
        sandbox.stop()


def test_a_read_only_login_is_told_to_connect_again(
    make_page: MakePage, qtbot: QtBot, tmp_path: Path
) -> None:
    port = free_port()
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=32, boards=2, pins=12, auto_approve=True,
                      redirect_uris=(f"http://127.0.0.1:{port}/",))
    ).start()  # fmt: skip
    try:
        services = own_services(sandbox, tmp_path / "home")
        record = services.app.account_service.login_with_browser(
            sandbox.client_id, sandbox.client_secret, Browser().open, scopes=READ_SCOPES,
            storage="file", ports=(port,),
        )  # fmt: skip
        assert services.app.backups.run_account(record).complete
        pin = next(p for p in state_at(sandbox.origin)["pins"] if p["is_owner"])
        requests.post(f"{sandbox.origin}/_sandbox/pins/{pin['id']}/remove", timeout=30)
        made = make_page(services)
        page = made.page
        check(qtbot, page)  # reading needs no more than the login has
        assert page.plan is not None and len(page.plan.plan.items) == 1
        assert page.permission.isVisible()
        assert page.permission.text() == NO_WRITE_PERMISSION
        assert "connect again with restore permission" in NO_WRITE_PERMISSION
        assert not page.restore_button.isEnabled()
        asked = answer(made, yes=True)
        page.restore()  # even when asked directly: nothing is sent, nothing asked
        assert asked == [] and not page.running
        assert pin["id"] not in ids(state_at(sandbox.origin), "pins")
    finally:
        sandbox.stop()
