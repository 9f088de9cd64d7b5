"""The report reads well: a one-page summary first (who, what was lost, when, the creator's
statement), then the items, and the hashes in an appendix set in a monospace font, each
hash on one line. Built from a real archive backed up from the sandbox."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path
from typing import Any

from tests.appeal.test_packet import HOSTILE, MakeSandbox, cli, lost_packet, unzip
from tests.backup.conftest import control, sandbox_state
from tests.cli.helpers import run_cli

__all__ = ["lost_packet"]

ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
HASH = re.compile(r"[0-9a-f]{64}")


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    return text.split("\f")


def test_the_pdf_opens_with_a_one_page_summary(lost_packet: Any) -> None:
    out, _, removed, tmp = lost_packet
    data = unzip(out, tmp / "summary") / "data"
    pages = [p for p in pdf_pages(data / "report.pdf") if p.strip()]
    assert len(pages) >= 3, "a summary, the items and the appendix"
    first = pages[0]
    assert "Pinterest content report: " in first
    for heading in ("Who", "What was lost", "When", "The creator's statement"):
        assert heading in first, heading
    assert f"{len(removed)} pins" in first  # counted, pluralised
    assert "These were my own designs." in first and "I made them in 2019." in first
    assert "Last good capture" in first and "Capture showing the loss" in first
    assert "UTC" in first and not ISO.search(first), "times in words, never raw ISO"
    # The items follow the summary, never on it.
    for pin in removed:
        assert pin["id"] not in first
        assert any(pin["id"] in page for page in pages[1:])
    assert not HASH.search(first)


def test_the_summary_shows_a_strip_of_pictures(lost_packet: Any) -> None:
    out, _, removed, tmp = lost_packet
    data = unzip(out, tmp / "strip") / "data"
    listed = subprocess.run(["pdfimages", "-list", "-f", "1", "-l", "1", str(data / "report.pdf")],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    images = [line for line in listed.splitlines()[2:] if line.strip()]
    pictures = [p for p in removed if p.get("media_sha256")]
    assert pictures and len(images) == min(len(pictures), 8)
    html = (data / "report.html").read_text("utf-8")
    summary = html[: html.index("</section>")]
    assert summary.count("<img ") == len(images)


def test_hashes_sit_in_a_monospace_appendix_one_line_each(lost_packet: Any) -> None:
    out, _, _, tmp = lost_packet
    data = unzip(out, tmp / "hashes") / "data"
    rows = list(csv.DictReader(io.StringIO((data / "inventory.csv").read_text("utf-8-sig"))))
    wanted = {sha for row in rows for sha in row["media_sha256"].split()}
    assert wanted
    pages = pdf_pages(data / "report.pdf")
    appendix_at = next(i for i, p in enumerate(pages) if "Appendix: SHA-256" in p)
    appendix = "\f".join(pages[appendix_at:])
    whole_lines = {m for line in appendix.splitlines() for m in HASH.findall(line)}
    assert wanted <= whole_lines, "every hash whole, on one line"
    for row in rows:  # each hash beside the items that show it
        if row["media_sha256"]:
            assert f"{row['kind']} {row['id']}" in appendix
    # Only the appendix carries the hashes; the item pages point to it.
    assert not any(HASH.search(p) for p in pages[:appendix_at])
    fonts = subprocess.run(["pdffonts", str(data / "report.pdf")], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "Mono" in fonts
    html = (data / "report.html").read_text("utf-8")
    for sha in wanted:
        assert f'<td class="hash">{sha}</td>' in html


def test_times_are_in_words_and_counts_pluralised_in_both_reports(lost_packet: Any) -> None:
    out, _, removed, tmp = lost_packet
    data = unzip(out, tmp / "words") / "data"
    html = (data / "report.html").read_text("utf-8")
    text = "\n".join(pdf_pages(data / "report.pdf"))
    for report in (html, text):
        assert not ISO.search(report), ISO.search(report)
        assert f"{len(removed)} pins" in report
        assert not re.search(r"\b1 pins\b|\b1 boards\b|\b1 media files\b", report)
    # The machine files keep the stamps as they were.
    assert ISO.search((data / "inventory.csv").read_text("utf-8-sig"))


def test_one_pin_lost_is_said_in_the_singular(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=31, boards=6, pins=120)
    env = cli(sandbox, cli_env)
    assert run_cli(env, "backup").code == 0
    pin = next(p for p in sandbox_state(sandbox)["pins"] if p["title"] not in HOSTILE)
    control(sandbox, f"pins/{pin['id']}/remove")
    assert run_cli(env, "backup").code == 0
    out = tmp_path / "one.zip"
    assert run_cli(env, "appeal", "--out", str(out)).code == 0
    data = unzip(out, tmp_path / "one") / "data"
    first = pdf_pages(data / "report.pdf")[0]
    assert "1 pin," in first or "1 pin " in first or "1 pin\n" in first
    assert "1 pins" not in first
    assert "No statement was given." in first
    html = (data / "report.html").read_text("utf-8")
    assert "<strong>1 pin</strong>, with 1 media file." in html
