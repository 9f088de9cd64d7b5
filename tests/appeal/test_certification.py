"""The report's last page certifies the process that made the packet: what was captured
and how, the snapshots cited and their time stamps, the hashes, the tool and its version,
the signature's fingerprint, the statement for FRE 902(14) and eIDAS, and a place to sign.
It is in the HTML and the PDF, and what a user or Pinterest wrote stays literal there."""

from __future__ import annotations

import json
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

from creator_backup.appinfo import DISPLAY_NAME, VERSION
from creator_backup.checked_words import utc_text
from creator_backup.sandbox import Sandbox
from tests.appeal.test_packet import cli as plain_cli
from tests.cli.helpers import run_cli
from tests.evidence.test_backup_stamps import cli
from tests.evidence.tsa import LocalTsa

MakeSandbox = Callable[..., Sandbox]
HOSTILE_NAME = "<img src=x onerror=alert(1)> & </table>"
TITLE = "Certification of the process that made this packet"


def report_files(packet: Path) -> tuple[str, bytes]:
    with zipfile.ZipFile(packet) as bag:
        html = bag.read(f"{packet.stem}/data/report.html").decode("utf-8")
        pdf = bag.read(f"{packet.stem}/data/report.pdf")
    return html, pdf


def pdf_text(pdf: bytes, work: Path) -> str:
    path = work / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout  # fmt: skip
    # The PDF's font sets "ff", "fi", "ffi" and the like as ligatures.
    return unicodedata.normalize("NFKC", text)


def squeezed(text: str) -> str:
    """Without whitespace: the PDF's lines break wherever its layout wants."""
    return "".join(text.split())


def test_the_report_ends_with_a_certification_page(
    make_sandbox: MakeSandbox,
    local_tsas: tuple[LocalTsa, LocalTsa],
    cli_env: dict[str, str],
    tmp_path: Path,
) -> None:
    env = cli(make_sandbox(seed=51, boards=2, pins=8, hostile=True), cli_env)
    assert run_cli(env, "backup").code == 0
    (snapshot,) = json.loads(run_cli(env, "snapshots", "--json").out)["snapshots"]
    packet = tmp_path / "certified.zip"
    made = run_cli(env, "appeal", "--all", "--out", str(packet), "--sign",
                   "--contact-name", HOSTILE_NAME, "--json", timeout=120)  # fmt: skip
    assert made.code == 0, made.err
    fingerprint = json.loads(made.out)["signed_by"]
    html, pdf = report_files(packet)

    page = html[html.index(TITLE) :]
    assert html.index(TITLE) > html.index("Appendix: SHA-256 of every media file")
    for said in ("Pinterest's official API v5", "the account holder's own login",
                 "SHA-256", "RFC 8493", f"{DISPLAY_NAME} {VERSION}", "902(14)", "eIDAS",
                 utc_text(snapshot["started_at"]), "CN=Alpha TSA", "CN=Beta TSA",
                 fingerprint, "Signature", "Date", *(tsa.url for tsa in local_tsas)):  # fmt: skip
        assert said in page, said
    # The name the user typed is text on the page, never markup.
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;/table&gt;" in page
    assert "<img src=x" not in html and "</table>\n</section>" in page

    text = pdf_text(pdf, tmp_path)
    flat = squeezed(text)
    last = flat[flat.rindex(squeezed(TITLE)) :]
    assert flat.rindex(squeezed(TITLE)) > flat.index("Appendix:SHA-256")
    for said in (f"{DISPLAY_NAME} {VERSION}", "Pinterest's official API v5", "902(14)",
                 "eIDAS", "CN=Alpha TSA", "CN=Beta TSA", fingerprint, HOSTILE_NAME,
                 "Signature", "Date"):  # fmt: skip
        assert squeezed(said) in last, said


def test_an_unsigned_unstamped_packet_says_so_on_its_certification_page(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = plain_cli(make_sandbox(seed=52, boards=1, pins=4), cli_env)
    assert run_cli(env, "backup", "--no-media").code == 0
    packet = tmp_path / "plain.zip"
    assert run_cli(env, "appeal", "--all", "--out", str(packet)).code == 0
    html, pdf = report_files(packet)
    page = html[html.index(TITLE) :]
    assert "This packet is not signed with the account holder's key." in page
    assert "This packet's own payload list was not time-stamped." in page
    assert ">none<" in page  # the snapshot has no time stamp either
    assert "______________________," in page  # no name given: a blank to fill in
    flat = squeezed(pdf_text(pdf, tmp_path))
    assert squeezed("This packet is not signed") in flat
