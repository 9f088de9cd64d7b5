"""An appeal packet never tells a reviewer that a board was looked at when it was not: the
report (HTML, and the HTML the PDF is laid out from) names the boards the snapshot it rests
on did not check, since when and why, with Pinterest's words for a refusal; inventory.csv
says per item whether its board was checked there, and when it last was."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from creator_backup.appeal.report import PacketDetails
from creator_backup.appeal.selection import select_lost
from creator_backup.appeal.service import PacketRequest, build_packet, preview
from creator_backup.archive.store import Archive
from creator_backup.checked_words import utc_text
from creator_backup.errors import UsageError
from tests.not_checked_account import (
    HOSTILE_BOARD,
    REFUSAL,
    NotCheckedAccount,
    build_not_checked_account,
)

REFUSED = f"Pinterest refused to list it: “{REFUSAL}” (HTTP 403)"
QUICK = "A quick backup left it out, as its counts had not changed"


def no_thumbnail(_path: Path, _content_type: str, _side: int) -> bytes | None:
    return None


class PdfSource:
    """A PDF renderer that keeps the HTML the PDF is laid out from."""

    def __init__(self) -> None:
        self.html = ""

    def __call__(self, qt_html: str, _thumbs: dict[str, bytes], title: str) -> bytes:
        self.html = qt_html
        return b"%PDF-1.4\n% " + title.encode("utf-8") + b"\n%%EOF\n"


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> NotCheckedAccount:
    return build_not_checked_account(tmp_path_factory.mktemp("appeal-nc") / "archive")


@pytest.fixture
def archive(account: NotCheckedAccount) -> Iterator[Archive]:
    with Archive.open(account.root, write=False) as opened:
        yield opened


def build(
    archive: Archive, out: Path, mode: str, older: int | None, newer: int
) -> tuple[dict[str, str], list[dict[str, str]], str]:
    """The packet's report.html, inventory rows and PDF source."""
    pdf = PdfSource()
    request = PacketRequest(mode, older, newer, PacketDetails(), out / "packet.zip")
    built = build_packet(archive, request, no_thumbnail, pdf)
    with zipfile.ZipFile(built.result.path) as packet:
        data = "packet/data/"
        report = packet.read(data + "report.html").decode("utf-8")
        inventory = packet.read(data + "inventory.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(inventory)))
    return {"html": report, "text": text_of(report)}, rows, pdf.html


def test_a_lost_packet_names_the_boards_its_capture_did_not_check(
    account: NotCheckedAccount, archive: Archive, tmp_path: Path
) -> None:
    first, second, third = account.snapshots
    report, rows, pdf = build(archive, tmp_path, "lost", 1, 3)
    for text in (report["text"], text_of(pdf)):
        assert (
            f"4 boards were not checked by the backup of {utc_text(third.started_at)}, the "
            "capture showing the loss." in text
        )
        assert (
            "What this report shows of them, and of their sections and pins, is as last seen: "
            "that snapshot did not look at them. Anything removed from them since they were "
            "last checked is not in this report." in text
        )
        assert f"{account.refused['name']} {utc_text(first.started_at)} {REFUSED}" in text
        for board in account.carried:
            assert f"{board['name']} {utc_text(second.started_at)} {QUICK}" in text
    # Pinterest's words and names stay text in both.
    for markup in (report["html"], pdf):
        assert "</table><h1>FAKE" not in markup and html.escape(HOSTILE_BOARD) in markup
    # The removed pin was seen go at the second backup; the third only carried its board.
    [row] = rows
    assert row["id"] == account.removed_pin["id"]
    assert (row["board_checked"], row["board_last_checked"]) == ("no", second.started_at)


def test_a_whole_account_packet_says_which_boards_its_baseline_listed(
    account: NotCheckedAccount, archive: Archive, tmp_path: Path
) -> None:
    first, second, _ = account.snapshots
    report, rows, pdf = build(archive, tmp_path, "all", None, 2)
    for text in (report["text"], text_of(pdf)):
        assert (
            f"1 board was not checked by the backup of {utc_text(second.started_at)}, the one "
            "this report documents." in text
        )
        assert "is as last seen: that snapshot did not look at them." in text
        assert "Anything removed" not in text
    refused = account.refused["id"]
    checks = {(r["kind"], r["board_id"], r["board_checked"], r["board_last_checked"]) for r in rows}
    on_refused = {c for c in checks if c[1] == refused}
    assert {c[0] for c in on_refused} >= {"board", "pin"}
    assert {c[2:] for c in on_refused} == {("no", first.started_at)}
    others = {c[2:] for c in checks if c[1] in {b["id"] for b in account.carried}}
    assert others == {("yes", second.started_at)}
    # A pin saved to a board this archive does not hold (someone else's): no board to check.
    assert {c[2:] for c in checks if c[1] not in account.boards} == {("", "")}


def test_a_packet_whose_snapshot_listed_every_board_has_no_such_section(
    account: NotCheckedAccount, archive: Archive, tmp_path: Path
) -> None:
    report, rows, pdf = build(archive, tmp_path, "all", None, 1)
    assert "not checked" not in report["text"] and "not checked" not in text_of(pdf)
    assert {r["board_checked"] for r in rows if r["board_id"] in account.boards} == {"yes"}


def test_nothing_lost_is_said_of_the_boards_that_were_checked_only(
    account: NotCheckedAccount, archive: Archive
) -> None:
    found = preview(archive, PacketRequest("lost", 2, 3))
    assert found.nothing_lost
    assert {b.board_id for b in found.not_checked} == {b["id"] for b in account.carried} | {
        account.refused["id"]
    }
    with pytest.raises(UsageError, match="from the boards that were checked"):
        select_lost(archive, 2, 3)
