"""Two Pinterest accounts in one window: the switcher shows each one's own archive, and
a backup of one never touches the other's.

Pinterest serves every account from one API address, so the test puts two sandbox
accounts behind one address: a small forwarding server on loopback sends each request
to the sandbox whose token it carries, over real HTTP."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from creator_backup.application.app import Application
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.browse import BrowsePage
from creator_backup.gui.pages.overview import OverviewPage
from creator_backup.sandbox import Sandbox, SandboxConfig

from .conftest import MakeWindow

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class OneAddress:
    """Forwards each request to the sandbox that issued its bearer token."""

    def __init__(self, sandboxes: list[Sandbox]) -> None:
        by_token = {s.access_token: s for s in sandboxes}
        session = requests.Session()

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                target = by_token.get(token)
                if target is None:
                    self.send_error(401)
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                upstream = urlsplit(target.api_base)
                url = f"{upstream.scheme}://{upstream.netloc}{self.path}"
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in HOP_BY_HOP | {"host"}}  # fmt: skip
                answer = session.request(self.command, url, data=body, headers=headers,
                                         timeout=60)  # fmt: skip
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() not in HOP_BY_HOP | {"content-encoding"}:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PATCH = do_DELETE = _forward

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="one-address")
        self.thread.start()
        path = urlsplit(sandboxes[0].api_base).path
        self.api_base = f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def two_accounts() -> Iterator[tuple[OneAddress, Sandbox, Sandbox]]:
    first = Sandbox(SandboxConfig(hostile=True, seed=41, boards=3, pins=24)).start()
    second = Sandbox(SandboxConfig(hostile=True, seed=42, boards=5, pins=30)).start()
    front = OneAddress([first, second])
    yield front, first, second
    front.close()
    first.stop()
    second.stop()


def board_names(sandbox: Sandbox) -> set[str]:
    state = requests.get(sandbox.origin + "/_sandbox/state?media=0", timeout=30).json()
    return {str(b["name"]) for b in state["boards"]}


def shown_boards(page: BrowsePage) -> set[str]:
    return {b.name for b in page.boards_model.boards}


def test_switching_accounts_shows_each_ones_own_archive(
    make_window: MakeWindow, qtbot: QtBot, two_accounts: tuple[OneAddress, Sandbox, Sandbox],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    front, first, second = two_accounts
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", front.api_base)
    window = make_window(demo=False)
    app: Application = window.services.app
    one = app.account_service.login_with_token(first.access_token)
    window.events.accounts_changed.emit()
    qtbot.waitUntil(lambda: window.account == one, timeout=15_000)
    assert not window.account_box.isEnabled()  # nothing to switch between yet
    two = app.account_service.login_with_token(second.access_token)
    assert one.username != two.username
    window.events.accounts_changed.emit()
    qtbot.waitUntil(lambda: window.account_box.count() == 2, timeout=15_000)
    assert window.account == one, "connecting another account keeps the one shown"
    assert window.account_box.isEnabled()
    assert window.account_box.accessibleName() or window.account_box.toolTip()

    overview = window.page("overview")
    browse = window.page("browse")
    assert isinstance(overview, OverviewPage) and isinstance(browse, BrowsePage)
    assert app.backups.run_account(one).complete
    window.events.archive_changed.emit()
    window.show_page("browse")
    qtbot.waitUntil(lambda: shown_boards(browse) == board_names(first), timeout=15_000)

    # The second account: nothing backed up yet, and nothing of the first shown.
    window.account_box.setCurrentIndex(1)
    assert window.account == two
    qtbot.waitUntil(lambda: overview.account_name.text() == two.username, timeout=15_000)
    qtbot.waitUntil(lambda: overview.last_backup.text() == "Never", timeout=15_000)
    qtbot.waitUntil(lambda: shown_boards(browse) == set(), timeout=15_000)
    assert app.backups.run_account(two).complete
    window.events.archive_changed.emit()
    qtbot.waitUntil(lambda: shown_boards(browse) == board_names(second), timeout=15_000)
    assert overview.last_backup.text() != "Never"

    # Back to the first: its own archive, one snapshot, untouched by the second's backup.
    window.account_box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: shown_boards(browse) == board_names(first), timeout=15_000)
    assert len(app.archives.snapshots(one)) == 1 and len(app.archives.snapshots(two)) == 1
    assert app.archives.root(one) != app.archives.root(two)
    # The keyboard reaches the switcher.
    assert window.account_box.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_the_shown_account_stays_chosen_when_another_leaves(
    make_window: MakeWindow, qtbot: QtBot, two_accounts: tuple[OneAddress, Sandbox, Sandbox],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    front, first, second = two_accounts
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", front.api_base)
    window: MainWindow = make_window(demo=False)
    app = window.services.app
    one = app.account_service.login_with_token(first.access_token)
    two = app.account_service.login_with_token(second.access_token)
    window.events.accounts_changed.emit()
    qtbot.waitUntil(lambda: window.account_box.count() == 2, timeout=15_000)
    window.account_box.setCurrentIndex(1)
    assert window.account == two
    app.account_service.logout(one)
    window.events.accounts_changed.emit()
    qtbot.waitUntil(lambda: window.account_box.count() == 1, timeout=15_000)
    assert window.account == two
