"""Each route's letter, filled from a case and a real archive whose pins carry hostile
titles: the titles stay characters in the text, the HTML and the PDF; each letter has
its deadline, is logged with its hash, and the calendar parses back with its deadlines
and reminders."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest

from creator_backup.cases.custody import chain_breaks, entries
from creator_backup.cases.notice import read_notice
from creator_backup.cases.notice_text import notice_text
from tests.cli.helpers import run_cli

from .conftest import HOSTILE, NOTICES, Backed, write_notice

ROUTES = ("pinterest", "dsa-complaint", "out-of-court", "gdpr", "ftc")


def opened(backed: Backed) -> tuple[list[dict[str, str]], Path]:
    """Case 1, from a notice naming both hostile pins; its folder."""
    hostile = [p for p in backed.pins if p["title"] in HOSTILE and p["board_id"] in backed.boards]
    assert {p["title"] for p in hostile} == set(HOSTILE)
    notice = write_notice(backed.folder, "notice.eml", [p["id"] for p in hostile],
                          "<b>Kitchen</b> & \x1b[31mideas")  # fmt: skip
    assert run_cli(backed.env, "notice", "import", str(notice)).code == 0
    folder = next(Path(backed.env["CREATOR_BACKUP_HOME"]).rglob("cases/1"))
    return hostile, folder


def test_every_route_writes_its_letter_with_hostile_titles_literal(backed: Backed) -> None:
    hostile, folder = opened(backed)
    for route in ROUTES:
        out = backed.folder / "letters" / f"{route}.txt"
        result = run_cli(backed.env, "case", "letter", "1", "--route", route, "--out", str(out),
                         "--name", "Maya <Maker>", "--json")  # fmt: skip
        assert result.code == 0, result.err
        body = json.loads(result.out)
        text = out.read_text("utf-8")
        assert body["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
        assert all(pin["title"] in text for pin in hostile), route
        assert "\x1b" not in text and "Maya <Maker>" in text
        assert "3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f" in text

        page = out.with_suffix(".html")
        assert run_cli(backed.env, "case", "letter", "1", "--route", route,
                       "--out", str(page)).code == 0  # fmt: skip
        html = page.read_text("utf-8")
        assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "<h1>FAKE</h1>" not in html and "&lt;/table&gt;&lt;h1&gt;FAKE&lt;/h1&gt;" in html
        assert "<b>Kitchen</b>" not in html and "&lt;b&gt;Kitchen&lt;/b&gt;" in html

    appeal = json.loads(run_cli(backed.env, "case", "letter", "1", "--route", "pinterest",
                                "--out", str(backed.folder / "a.txt"), "--json").out)  # fmt: skip
    assert appeal["send_by"] == "2027-05-14"  # six months from 14 November 2026
    assert json.loads(run_cli(backed.env, "case", "letter", "1", "--route", "ftc", "--out",
                              str(backed.folder / "f.txt"), "--json").out)["send_by"] is None  # fmt: skip
    log = folder / "custody.jsonl"
    letters = [e for e in entries(log) if e["event"] == "letter"]
    assert [e["route"] for e in letters[:10:2]] == list(ROUTES)
    assert chain_breaks(log) == []


def test_the_dsa_complaint_names_what_the_notice_left_out(backed: Backed) -> None:
    assert run_cli(backed.env, "notice", "import", str(NOTICES / "sparse.txt")).code == 0
    out = backed.folder / "complaint.txt"
    statement = backed.folder / "statement.txt"
    statement.write_text("This pin is my own photograph.\n", "utf-8")
    result = run_cli(backed.env, "case", "letter", "1", "--route", "dsa-complaint", "--out",
                     str(out), "--statement", str(statement), "--json")  # fmt: skip
    assert result.code == 0, result.err
    missing = json.loads(result.out)["missing_statement_elements"]
    assert len(missing) == 4  # facts, automated means, ground, redress; the restriction is said
    text = " ".join(out.read_text("utf-8").split())
    assert "does not meet Article 17(3)" in text and "automated means" in text
    assert "Date of the decision: not stated in the notice" in text
    assert "count from the day it reached you" in text  # no deadline invented
    assert "This pin is my own photograph." in text and "[Say here" not in text


def test_the_calendar_parses_back_with_deadlines_and_reminders(backed: Backed) -> None:
    opened(backed)
    gdpr = run_cli(backed.env, "case", "letter", "1", "--route", "gdpr", "--out",
                   str(backed.folder / "gdpr.txt"))  # fmt: skip
    assert gdpr.code == 0, gdpr.err
    out = backed.folder / "case-1.ics"
    result = run_cli(backed.env, "case", "ics", "1", "--out", str(out), "--json")
    assert result.code == 0, result.err
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"case-1-{key}@creator-backup.invalid"
                           for key in ("appeal", "gdpr_answer", "gdpr_extended")}  # fmt: skip
    appeal = events["case-1-appeal@creator-backup.invalid"]
    assert appeal.decoded("dtstart") == date(2027, 5, 14)
    assert "3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f" in str(appeal["summary"])
    triggers = sorted(a.decoded("trigger") for a in appeal.walk("VALARM"))
    assert triggers == [-timedelta(days=7), -timedelta(days=1)]
    answer = events["case-1-gdpr_answer@creator-backup.invalid"].decoded("dtstart")
    assert date.today() + timedelta(days=27) <= answer <= date.today() + timedelta(days=32)
    assert "2027-05-14" in [d["due"] for d in json.loads(result.out)["deadlines"]]

    # A case with no date at all has nothing to put in a calendar, and says why.
    assert run_cli(backed.env, "notice", "import", str(NOTICES / "sparse.txt")).code == 0
    none = run_cli(backed.env, "case", "ics", "2", "--out", str(backed.folder / "2.ics"))
    assert none.code == 2 and "no deadline known" in none.err


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext reads the PDF back")
def test_a_pdf_letter_shows_hostile_titles_as_text(backed: Backed) -> None:
    hostile, _ = opened(backed)
    out = backed.folder / "appeal.pdf"
    result = run_cli(backed.env, "case", "letter", "1", "--route", "pinterest", "--out",
                     str(out), timeout=120)  # fmt: skip
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          timeout=60, check=True).stdout  # fmt: skip
    # Table cells wrap long words: compared without the line breaks the layout added.
    squeezed = "".join(text.split())
    assert all("".join(pin["title"].split()) in squeezed for pin in hostile)
    # ... and read back as a notice, a PDF names its facts as well as any text does.
    assert read_notice(notice_text(out)).enforcement_id == "3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f"
