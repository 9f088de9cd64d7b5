"""Where the site goes: a folder that is someone else's is refused and left untouched, an
earlier export is replaced whole, and a cancelled or killed export leaves nothing under
the chosen name (only a hidden staging folder, which the next export removes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from creator_backup.archive.store import Archive
from creator_backup.errors import Cancelled, ExitCode, UsageError
from creator_backup.progress import CancelToken, Progress
from creator_backup.site import FolderRefused, SiteWriteFailed, export_site
from creator_backup.site.names import MARKER
from tests.platforms import posix_signals
from tests.site.conftest import LostAccount


def beside(out: Path) -> list[str]:
    """What an export may have left next to its folder."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def test_a_folder_that_is_not_an_earlier_export_is_refused_and_left_alone(
    archive: Archive, tmp_path: Path
) -> None:
    out = tmp_path / "Documents"
    out.mkdir()
    (out / "taxes.txt").write_text("mine", "utf-8")
    with pytest.raises(FolderRefused) as refused:
        export_site(archive, out)
    assert refused.value.message == (
        f"The folder {out} is not empty and is not a site this app made; choose an empty or "
        "new folder."
    )
    assert refused.value.exit_code == ExitCode.USAGE
    assert [p.name for p in out.iterdir()] == ["taxes.txt"] and beside(out) == []

    a_file = tmp_path / "site.html"
    a_file.write_text("x", "utf-8")
    with pytest.raises(FolderRefused, match="is a file, not a folder"):
        export_site(archive, a_file)
    with pytest.raises(SiteWriteFailed) as failed:
        export_site(archive, a_file / "site")
    assert failed.value.message == (
        f"The site could not be written to {a_file / 'site'}: part of that path is a file, "
        "not a folder."
    )
    with pytest.raises(UsageError, match="outside the archive"):
        export_site(archive, archive.root / "site")
    assert not (archive.root / "site").exists()


def test_an_empty_folder_is_used_and_an_earlier_export_replaced_whole(
    archive: Archive, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    first = export_site(archive, out)
    assert (out / "index.html").is_file() and (out / MARKER).is_file()
    (out / "pins" / "999.html").write_text("a page of an older export", "utf-8")
    second = export_site(archive, out)
    assert not (out / "pins" / "999.html").exists()
    assert (second.pins, second.pages) == (first.pins, first.pages)
    assert beside(out) == []


@pytest.mark.parametrize("phase", ["Writing pin pages", "Writing board pages"])
def test_a_cancelled_export_leaves_no_folder(archive: Archive, tmp_path: Path, phase: str) -> None:
    out = tmp_path / "new" / "site"
    token = CancelToken()

    def watch(p: Progress) -> None:
        if p.phase == phase and p.done >= 1:
            token.cancel()

    with pytest.raises(Cancelled) as cancelled:
        export_site(archive, out, watch, token)
    assert cancelled.value.exit_code == ExitCode.INTERRUPTED
    assert not out.exists() and beside(out) == []


def test_a_cancelled_re_export_keeps_the_earlier_site(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "site"
    export_site(archive, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    token = CancelToken()

    def watch(p: Progress) -> None:
        if p.phase == "Writing pin pages" and p.done >= 25:
            token.cancel()

    with pytest.raises(Cancelled):
        export_site(archive, out, watch, token)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert beside(out) == []


KILLED_EXPORT = """
import os, sys, time
from pathlib import Path
from creator_backup.archive.store import Archive
from creator_backup.site import export_site
def slow(p):
    if p.phase == "Writing pin pages" and p.done >= 25:
        print("half way", flush=True)
        time.sleep(60)  # killed here
with Archive.open(Path(sys.argv[1]), write=False) as archive:
    export_site(archive, Path(sys.argv[2]), slow)
"""


@posix_signals
def test_a_killed_export_leaves_no_site_and_the_next_one_cleans_up(
    lost_account: LostAccount, archive: Archive, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_EXPORT, str(lost_account.root), str(out)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "half way"
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    assert not out.exists()
    leftover = beside(out)
    assert len(leftover) == 1 and leftover[0].startswith(".site.staging-")
    assert not (tmp_path / leftover[0] / "index.html").exists()

    export_site(archive, out)
    assert (out / "index.html").is_file() and beside(out) == []
