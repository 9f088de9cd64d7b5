"""The offline site never says more than a backup observed: boards the site's snapshot
(the newest complete backup) did not list say "not checked since" when, and why, on their
page, their sections' and pins' pages, the index and the lost page; a pin's versions tell
the snapshots that saw it from those that only kept it; and the lost page never says
"nothing has gone missing" of boards nobody looked at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from creator_backup.archive.store import Archive
from creator_backup.checked_words import utc_text
from creator_backup.site import export_site
from creator_backup.site.names import board_page, pin_page
from tests.not_checked_account import (
    HOSTILE_BOARD,
    REFUSAL,
    NotCheckedAccount,
    build_not_checked_account,
)
from tests.site.conftest import LostAccount
from tests.site.html_check import broken_links, pages_of, read_page

QUICK = "a quick backup left it out, as its counts had not changed"
REFUSED = f"Pinterest refused to list it: “{REFUSAL}” (HTTP 403)"


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> NotCheckedAccount:
    return build_not_checked_account(tmp_path_factory.mktemp("site-nc") / "archive")


@pytest.fixture(scope="module")
def site(account: NotCheckedAccount, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with Archive.open(account.root, write=False) as archive:
        return export_site(archive, tmp_path_factory.mktemp("out") / "site").out


def test_a_refused_board_says_since_when_and_what_pinterest_said(
    account: NotCheckedAccount, site: Path
) -> None:
    first = account.snapshots[0]
    page = read_page(site / board_page(account.refused["id"]))
    assert (
        f"Not checked since {utc_text(first.started_at)}: {REFUSED}. Its sections and pins "
        "are shown as last seen." in words(page.text)
    )


def test_a_carried_board_says_a_quick_backup_left_it_out(
    account: NotCheckedAccount, site: Path
) -> None:
    second = account.snapshots[1]
    for board in account.carried:
        page = read_page(site / board_page(board["id"]))
        assert f"Not checked since {utc_text(second.started_at)}: {QUICK}." in words(page.text)
        # The name stays text: no second heading from a board named with markup.
        assert [t for tag, t in page.elements if tag == "h1"] == [board["name"]]


def test_the_index_says_whose_pins_were_not_checked(account: NotCheckedAccount, site: Path) -> None:
    first, second, _ = account.snapshots
    index = read_page(site / "index.html")
    states = {r.cells[0]: r.cells[-1] for r in index.rows if len(r.cells) == 5}
    assert states[account.refused["name"]] == (
        f"On Pinterest at the last backup; its pins not checked since {utc_text(first.started_at)}"
    )
    for board in account.carried:
        assert states[board["name"]].endswith(f"not checked since {utc_text(second.started_at)}")
    facts = {r.cells[0]: r.cells[1] for r in index.rows if len(r.cells) == 2}
    assert facts["Lost since they were archived"] == (
        "0 boards, 0 sections, 1 pin, from the boards that were checked: the newest backup "
        "did not check 4 boards"
    )


def test_the_lost_page_names_the_boards_it_cannot_speak_for(
    account: NotCheckedAccount, site: Path
) -> None:
    first, second, _ = account.snapshots
    lost = read_page(site / "lost.html")
    text = words(lost.text)
    assert (
        "4 boards were not checked by that backup: anything removed from them since their "
        "last check is not known, and not listed here." in text
    )
    assert "Nothing archived has gone missing" not in text
    # The pin removed before the second backup is there, seen go.
    assert any(pin_page(account.removed_pin["id"]) in link for link in lost.links)
    rows = {r.cells[0]: r.cells[1:] for r in lost.rows if len(r.cells) == 3 and r.links}
    assert rows[account.refused["name"]] == [utc_text(first.started_at), REFUSED]
    for board in account.carried:
        assert rows[board["name"]] == [utc_text(second.started_at), QUICK.capitalize()]
    assert HOSTILE_BOARD in rows  # shown as its characters, not as markup
    assert "</table><h1>FAKE" not in (site / "lost.html").read_text("utf-8")
    assert broken_links(site, lost) == []


def test_a_pin_kept_without_a_look_says_so(account: NotCheckedAccount, site: Path) -> None:
    _, second, third = account.snapshots
    page = read_page(site / pin_page(account.kept_pin["id"]))
    text = words(page.text)
    assert f"Its board was not checked since {utc_text(second.started_at)}: {QUICK}." in text
    versions = [
        r.cells for r in page.rows if len(r.cells) == 6 and r.cells[0] != "Seen in snapshots"
    ]
    assert versions == [[
        "1 to 2",
        utc_text(account.snapshots[0].started_at),
        utc_text(second.started_at),
        account.board(account.kept_pin["board_id"])["name"],
        "",
        f"kept as last seen, not checked, until {utc_text(third.started_at)} (snapshot 3)",
    ]]  # fmt: skip
    facts = {r.cells[0]: r.cells[1] for r in page.rows if len(r.cells) == 2}
    assert facts["Last seen on Pinterest"] == utc_text(second.started_at)


def test_every_section_of_an_unchecked_board_says_so(
    account: NotCheckedAccount, site: Path
) -> None:
    # In the third snapshot no board was checked: every section page says so.
    sections = list((site / "sections").glob("*.html"))
    assert sections
    for path in sections:
        text = words(read_page(path).text)
        assert re.search(r"Its board, .+, was not checked since \d\d \w{3} \d{4}, ", text), path
        assert "This section and its pins are shown as last seen." in text


def test_the_timeline_says_how_each_run_ended(account: NotCheckedAccount, site: Path) -> None:
    timeline = read_page(site / "timeline.html")
    states = {r.cells[0]: r.cells[4] for r in timeline.rows if r.cells and r.cells[0].isdigit()}
    assert states == {
        "1": "complete",
        "2": "complete, 1 board not checked",
        "3": "complete, 4 boards not checked",
    }


def test_a_site_whose_backups_checked_every_board_says_nothing_of_it(
    lost_account: LostAccount, tmp_path: Path
) -> None:
    with Archive.open(lost_account.root, write=False) as archive:
        site = export_site(archive, tmp_path / "site").out
    for page in pages_of(site):
        assert "not checked" not in page.text.lower(), page.path
