"""Routes, letters and the custody log without an archive: what each route says for the
decisions a notice can state, and a log that shows any edit."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from creator_backup.cases.custody import append, chain_breaks
from creator_backup.cases.letters import letter_html, letter_text
from creator_backup.cases.matching import MatchedPin
from creator_backup.cases.notice import read_notice
from creator_backup.cases.notice_text import notice_text
from creator_backup.cases.routes import (
    DSA_COMPLAINT,
    GDPR,
    PINTEREST,
    Sender,
    letter_for,
    missing_statement_elements,
)
from creator_backup.cases.store import Case

NOTICES = Path(__file__).parent / "notices"
TODAY = date(2026, 12, 3)


def case_of(name: str) -> Case:
    case = Case(id=1, opened_at="2026-12-03T00:00:00+00:00", updated_at="")
    case.take(read_notice(notice_text(NOTICES / name)))
    return case


def test_a_suspension_is_appealed_through_the_e_mail_or_the_help_center() -> None:
    letter = letter_for(PINTEREST, case_of("suspended.txt"), [], Sender(), TODAY)
    assert "help.pinterest.com/contact" in letter.how_to_send
    assert letter.send_by == date(2027, 5, 28)
    assert "to suspend my account" in letter.paragraphs[0]


def test_a_full_notice_leaves_nothing_out_but_a_generic_one_does() -> None:
    assert missing_statement_elements(case_of("removed.eml")) == []
    generic = case_of("removed.eml")
    generic.policy, generic.generic_policy = "Community Guidelines", True
    (missing,) = missing_statement_elements(generic)
    assert "Community Guidelines as a whole" in missing


def test_the_gdpr_request_counts_its_month_from_today() -> None:
    letter = letter_for(GDPR, case_of("suspended.txt"), [], Sender("Ann"), TODAY)
    assert letter.send_by == date(2027, 1, 3)
    assert any("cannot use the self-serve data export" in p for p in letter.paragraphs)


def test_hostile_titles_and_paths_stay_text_in_both_layouts() -> None:
    pins = [MatchedPin("1", True, title="<script>alert(1)</script>\x1b]0;x\x07",
                       board="</table>", picture="/home/a/media/ab/cd.png")]  # fmt: skip
    letter = letter_for(DSA_COMPLAINT, case_of("sparse.txt"), pins, Sender("<b>me</b>"), TODAY)
    text = letter_text(letter)
    assert "<script>alert(1)</script>" in text and "\x1b" not in text and "\x07" not in text
    assert "/home/a" not in text and "cd.png" in text  # only the file's name is sent
    html = letter_html(letter)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("</table>") == html.count("<table>") and "&lt;/table&gt;" in html
    assert "&lt;b&gt;me&lt;/b&gt;" in html


def test_an_e_mail_with_only_html_is_read_as_its_page(tmp_path: Path) -> None:
    mail = tmp_path / "html-only.eml"
    mail.write_bytes(
        b"From: Pinterest <no-reply@account.pinterest.com>\nSubject: Removed\n"
        b"MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
        b"<script>document.write('Pin ID: 999')</script><p>Pin ID: 1130000000000000007</p>"
        b"<p>Status: Removed</p><p>Enforcement ID: 3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f</p>"
    )
    notice = read_notice(notice_text(mail))
    assert notice.pin_ids == ["1130000000000000007"] and notice.decision == "removed"


def test_an_edited_custody_log_shows_where(tmp_path: Path) -> None:
    log = tmp_path / "custody.jsonl"
    for number in range(4):
        append(log, f"2026-12-0{number + 1}T00:00:00+00:00", "letter", route=str(number))
    assert chain_breaks(log) == []
    lines = log.read_text("utf-8").splitlines()
    edited = json.loads(lines[1])
    edited["route"] = "other"
    lines[1] = json.dumps(edited, sort_keys=True)
    log.write_text("\n".join(lines) + "\n", "utf-8")
    assert chain_breaks(log) == [3]  # the line after the edited one no longer matches
    log.write_text("\n".join(lines[:1] + lines[2:]) + "\n", "utf-8")
    assert chain_breaks(log) == [2]  # a line removed


def test_the_creator_s_own_words_take_the_place_left_for_them() -> None:
    statement = "I made this design in 2019.\n\nThe <i>photo</i> is mine.\n"
    letter = letter_for(PINTEREST, case_of("removed.eml"), [], Sender(), TODAY, statement)
    assert "I made this design in 2019." in letter.paragraphs
    assert "The <i>photo</i> is mine." in letter.paragraphs
    assert all("[Say here" not in p for p in letter.paragraphs)
    assert "The &lt;i&gt;photo&lt;/i&gt; is mine." in letter_html(letter)
