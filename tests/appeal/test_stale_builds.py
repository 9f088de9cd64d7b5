"""A build killed outright (kill -9) leaves its hidden `.appeal-build-*` folder; the next
build beside it removes it, and leaves alone the folder of a build still running and any
folder this app did not make."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from creator_backup.appeal.service import (
    BUILD_LOCK,
    BUILD_PREFIX,
    STALE_AFTER_S,
    PacketRequest,
    build_packet,
)
from creator_backup.archive.store import Archive
from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.backup.conftest import do_backup
from tests.platforms import posix_signals
from tests.reliability.figures import record

ROOT = Path(__file__).resolve().parents[2]
# A build that stops, alive, once its bag is being hashed: the folder is full by then.
BUILD = """
import sys, time
from pathlib import Path
from creator_backup.appeal.service import PacketRequest, build_packet
from creator_backup.archive.store import Archive

def progress(step):
    if step.phase.startswith("Hashing"):
        print("building", flush=True)
        time.sleep(600)

with Archive.open(Path(sys.argv[1]), write=False) as archive:
    build_packet(archive, PacketRequest("all", out=Path(sys.argv[2])),
                 lambda *_: None, lambda _h, _t, title: b"%PDF-1.4\\n%%EOF\\n", progress)
"""


def no_thumbnail(_path: Path, _content_type: str, _side: int) -> bytes | None:
    return None


def plain_pdf(_html: str, _thumbs: dict[str, bytes], title: str) -> bytes:
    return b"%PDF-1.4\n% " + title.encode("utf-8") + b"\n%%EOF\n"


@pytest.fixture(scope="module")
def archive_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stale") / "archive"
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=44, boards=3, pins=30, section_conflict_rate=0.0)
    )
    sandbox.start()
    try:
        assert do_backup(sandbox, root).complete
    finally:
        sandbox.stop()
    return root


@pytest.fixture
def builds() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(30)
        assert process.stdout is not None
        process.stdout.close()


def start_build(root: Path, out: Path, started: list[subprocess.Popen[str]]) -> int:
    """A build in another process, returned once it is hashing its bag."""
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    )
    process = subprocess.Popen([sys.executable, "-c", BUILD, str(root), str(out)], env=env,
                               stdout=subprocess.PIPE, text=True)  # fmt: skip
    started.append(process)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "building", "the build did not get going"
    return process.pid


def build_folders(parent: Path) -> set[Path]:
    return set(parent.glob(BUILD_PREFIX + "*"))


def age(folder: Path) -> None:
    """As if the build had started long ago (its lock file's time is what counts)."""
    old = time.time() - STALE_AFTER_S - 5
    os.utime(folder / BUILD_LOCK, (old, old))


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@posix_signals
def test_a_later_build_removes_killed_builds_and_keeps_a_running_one(
    archive_root: Path, tmp_path: Path, builds: list[subprocess.Popen[str]]
) -> None:
    out = tmp_path / "packets" / "appeal.zip"
    out.parent.mkdir()
    killed: set[Path] = set()
    for _ in range(3):
        before = build_folders(out.parent)
        pid = start_build(archive_root, out, builds)
        [folder] = build_folders(out.parent) - before
        os.kill(pid, signal.SIGKILL)
        builds[-1].wait(30)
        assert folder.is_dir() and folder_size(folder) > 0, "kill -9 leaves the folder"
        killed.add(folder)
    before = build_folders(out.parent)
    start_build(archive_root, out, builds)  # still running while the next build starts
    [running] = build_folders(out.parent) - before
    for folder in killed | {running}:
        age(folder)
    stranger = out.parent / (BUILD_PREFIX + "not-ours")  # no lock file: not this app's
    stranger.mkdir()
    (stranger / "keep.txt").write_text("mine", "utf-8")

    with Archive.open(archive_root, write=False) as archive:
        build_packet(archive, PacketRequest("all", out=out), no_thumbnail, plain_pdf)

    assert out.is_file()
    left = build_folders(out.parent)
    assert not killed & left, "the killed builds' folders are gone"
    assert running in left and (running / BUILD_LOCK).is_file(), "a running build is kept"
    assert stranger in left and (stranger / "keep.txt").read_text("utf-8") == "mine"
    record(kill_points=len(killed), items_lost=0)


def test_a_just_started_build_is_left_alone(archive_root: Path, tmp_path: Path) -> None:
    """A folder whose lock file is brand new may be a build that has not locked it yet."""
    parent = tmp_path / "packets"
    young = parent / (BUILD_PREFIX + "young")
    young.mkdir(parents=True)
    (young / BUILD_LOCK).write_text("", "utf-8")
    with Archive.open(archive_root, write=False) as archive:
        build_packet(archive, PacketRequest("all", out=parent / "p.zip"), no_thumbnail,
                     plain_pdf)  # fmt: skip
    assert young.is_dir()
    age(young)
    with Archive.open(archive_root, write=False) as archive:
        build_packet(archive, PacketRequest("all", out=parent / "q.zip"), no_thumbnail,
                     plain_pdf)  # fmt: skip
    assert not young.exists()


def test_an_empty_folder_of_a_build_killed_before_its_lock_is_removed_once_old(
    archive_root: Path, tmp_path: Path
) -> None:
    """Killed between making its folder and locking it, a build leaves an empty folder."""
    parent = tmp_path / "packets"
    early, young = parent / (BUILD_PREFIX + "early"), parent / (BUILD_PREFIX + "young")
    early.mkdir(parents=True)
    young.mkdir()
    old = time.time() - STALE_AFTER_S - 5
    os.utime(early, (old, old))
    with Archive.open(archive_root, write=False) as archive:
        build_packet(archive, PacketRequest("all", out=parent / "p.zip"), no_thumbnail,
                     plain_pdf)  # fmt: skip
    assert not early.exists(), "an old empty build folder is removed"
    assert young.is_dir(), "a just-made one may be a build about to lock it"
