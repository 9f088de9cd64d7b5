"""Notices as Pinterest sends them, read into facts: well-formed ones in each form, one
that leaves facts out (unknown, never invented), and hostile ones (huge, nested without
end, scripts, control characters) read safely and within bounds."""

from __future__ import annotations

import html
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from creator_backup.cases.deadlines import add_months, appeal_due, gdpr_due
from creator_backup.cases.notice import LIMITED, REMOVED, SUSPENDED, Notice, read_notice
from creator_backup.cases.notice_text import (
    MAX_NOTICE_BYTES,
    NoticeUnreadable,
    notice_text,
)
from creator_backup.render.pdf_report import render_pdf

NOTICES = Path(__file__).parent / "notices"


def read(path: Path) -> Notice:
    return read_notice(notice_text(path))


def test_an_e_mail_notice_gives_every_fact() -> None:
    notice = read(NOTICES / "removed.eml")
    assert notice.kind == "eml"
    assert notice.enforcement_id == "3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f"
    assert notice.pin_ids == ["1130000000000000001"]
    assert notice.board == "Kitchen ideas"
    assert notice.decision == REMOVED
    assert notice.policy == "Intellectual property and other proprietary rights"
    assert (notice.automated, notice.method) == (True, "hybrid")  # a person plus automation
    assert notice.identified_by == "Reported by another user"
    assert (notice.decided_at, notice.sent_at) == ("2026-11-14", "2026-11-14")
    assert notice.redress_stated and notice.unknown == []
    assert notice.subject == "We removed your Pin"


def test_a_saved_page_is_read_without_its_script() -> None:
    notice = read(NOTICES / "limited.html")
    assert notice.kind == "html"
    # The page's script names another pin: scripts are never read.
    assert notice.pin_ids == ["1130000000000000002", "1130000000000000003"]
    assert notice.enforcement_id == "7a0b2c4d-1e3f-4a5b-8c6d-9e0f1a2b3c4d"
    assert notice.board == "Wedding & party"  # the entity decoded, as a person reads it
    assert (notice.decision, notice.policy) == (LIMITED, "Adult content")
    assert (notice.automated, notice.decided_at) == (True, "2026-11-20")


def test_an_account_suspension_has_no_pins() -> None:
    notice = read(NOTICES / "suspended.txt")
    assert notice.decision == SUSPENDED
    assert notice.pin_ids == [] and "pin_ids" in notice.unknown
    assert (notice.policy, notice.decided_at) == ("Spam", "2026-11-28")


def test_missing_facts_are_unknown_never_invented() -> None:
    notice = read(NOTICES / "sparse.txt")
    assert notice.pin_ids == ["1130000000000000004"] and notice.decision == REMOVED
    assert notice.enforcement_id is None and notice.board is None and notice.policy is None
    assert notice.automated is None and notice.decided_at is None and notice.sent_at is None
    assert set(notice.unknown) == {"enforcement_id", "board", "policy", "automated",
                                   "identified_by", "decided_at"}  # fmt: skip
    assert not notice.redress_stated  # Art. 17(3) wants the redress stated


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="a PDF is read with pdftotext")
def test_a_notice_saved_as_pdf_gives_the_same_facts_as_its_text(
    tmp_path: Path, qapp: QApplication
) -> None:
    """A notice printed to PDF (drawn here by Qt's PDF writer, as a browser's "Save as
    PDF" would) reads as the same notice its text is."""
    text = (NOTICES / "suspended.txt").read_text("utf-8")
    page = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line)
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(render_pdf(page, {}, "Your Pinterest account has been suspended"))
    from_pdf, from_text = read(pdf), read(NOTICES / "suspended.txt")
    assert from_pdf.kind == "pdf"
    assert (
        from_pdf.enforcement_id
        == from_text.enforcement_id
        == ("0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f")
    )
    assert (from_pdf.decision, from_pdf.policy, from_pdf.decided_at) == (
        SUSPENDED,
        "Spam",
        "2026-11-28",
    )
    assert from_pdf.automated is from_text.automated is True


def test_a_pdf_notice_is_read_with_pdftotext_or_refused_clearly(tmp_path: Path) -> None:
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    with pytest.raises(NoticeUnreadable) as caught:
        notice_text(pdf)
    assert "PDF" in caught.value.message


def test_a_huge_notice_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Pin ID: 1\n" * (MAX_NOTICE_BYTES // 10 + 10))
    with pytest.raises(NoticeUnreadable) as caught:
        notice_text(huge)
    assert "MB" in caught.value.message


def nested_mime(depth: int) -> bytes:
    head = b"From: x@example.com\nSubject: nest\nMIME-Version: 1.0\n"
    body = b"Content-Type: text/plain\n\nPin ID: 1130000000000000009\nEnforcement ID: " \
           b"3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f\n"  # fmt: skip
    for level in range(depth):
        boundary = f"b{level}".encode()
        body = (b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\n\n--' + boundary
                + b"\n" + body + b"\n--" + boundary + b"--\n")  # fmt: skip
    return head + body


def test_mime_nested_without_end_is_read_within_bounds(tmp_path: Path) -> None:
    shallow = tmp_path / "shallow.eml"
    shallow.write_bytes(nested_mime(3))
    assert read(shallow).pin_ids == ["1130000000000000009"]
    deep = tmp_path / "deep.eml"
    deep.write_bytes(nested_mime(400))
    started = time.monotonic()
    notice = read(deep)  # the text part is too deep to be read: no facts, no crash
    assert time.monotonic() - started < 10
    assert notice.pin_ids == [] and notice.enforcement_id is None


def test_control_characters_and_markup_stay_text(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "Pin ID: 1130000000000000005\n"
        "Saved to: <script>alert(1)</script>\x1b[31mred\x1b[0m\u202eevil\x00\n"
        "Policy: </td><h1>FAKE</h1>\n"
        "Status: Removed\n",
        "utf-8",
    )
    notice = read(hostile)
    assert notice.board == "<script>alert(1)</script> [31mred [0m evil"
    assert notice.policy == "</td><h1>FAKE</h1>"
    assert all(c.isprintable() for c in notice.board + notice.policy)


def test_deadlines_count_months_as_a_calendar_does() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert appeal_due(date(2026, 11, 14), None) == date(2027, 5, 14)
    assert appeal_due(None, date(2026, 11, 10)) == date(2027, 5, 10)
    assert appeal_due(None, None) is None
    assert gdpr_due(date(2026, 12, 3)) == (date(2027, 1, 3), date(2027, 3, 3))


def test_a_pathological_notice_just_under_the_limit_is_read_quickly(tmp_path: Path) -> None:
    """Long lines of blanks, labels without values, endless tags: nothing a pattern or the
    page parser could spend minutes on."""
    slab = tmp_path / "slab.html"
    chunk = ("<div>" * 2_000 + "Status:" + " \t" * 20_000 + "\n" + "Pin ID: " * 5_000
             + "Enforcement ID: " + "a" * 10_000 + "</div>" * 2_000)  # fmt: skip
    data = ("<html><body>" + chunk * (MAX_NOTICE_BYTES // len(chunk) - 1)).encode()
    assert len(data) < MAX_NOTICE_BYTES
    slab.write_bytes(data)
    started = time.monotonic()
    notice = read(slab)
    assert time.monotonic() - started < 15
    assert notice.enforcement_id is None and notice.pin_ids == []


def test_a_pasted_e_mail_s_date_is_when_it_was_sent_not_decided(tmp_path: Path) -> None:
    pasted = tmp_path / "pasted.txt"
    pasted.write_text(
        "From: Pinterest <no-reply@account.pinterest.com>\n"
        "Date: Tue, 10 Nov 2026 08:00:00 +0000\n\n"
        "We removed your Pin.\nPin ID: 1130000000000000008\n",
        "utf-8",
    )
    notice = read(pasted)
    assert (notice.sent_at, notice.decided_at) == ("2026-11-10", None)
    assert appeal_due(None, date(2026, 11, 10)) == date(2027, 5, 10)
