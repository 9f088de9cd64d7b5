"""VERIFY.txt's check with standard tools catches what bagit catches: the exact commands
it gives, run with bash and coreutils in the bag's folder, pass on the packet as made and
fail on a file added to data/, a file removed from it, an edited bag-info.txt and a
changed byte."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import bagit
import pytest

from creator_backup.appeal.service import PacketRequest, build_packet
from creator_backup.archive.store import Archive
from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.backup.conftest import do_backup
from tests.platforms import posix_shell
from tests.reliability.figures import record

pytestmark = posix_shell

MakeSandbox = Callable[..., Sandbox]


def no_thumbnail(_path: Path, _content_type: str, _side: int) -> bytes | None:
    return None


def plain_pdf(_html: str, _thumbs: dict[str, bytes], title: str) -> bytes:
    return b"%PDF-1.4\n% " + title.encode("utf-8") + b"\n%%EOF\n"


def standard_commands(verify_text: str) -> list[str]:
    """The commands VERIFY.txt gives for standard tools: its indented lines after the
    sentence that introduces them."""
    lines = verify_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("With standard tools"))
    commands: list[str] = []
    for line in lines[start + 1 :]:
        if commands and not line.startswith("    "):
            break
        if line.startswith("    "):
            commands.append(line.strip())
    return commands


def failing(bag: Path, commands: list[str]) -> list[str]:
    """The commands that end with an error, each run by bash in the bag's folder."""
    failed = []
    for command in commands:
        run = subprocess.run(["bash", "-c", command], cwd=bag, capture_output=True,
                             text=True, check=False, timeout=60)  # fmt: skip
        if run.returncode != 0:
            failed.append(command)
    return failed


def bagit_fails(bag: Path) -> bool:
    try:
        bagit.Bag(str(bag)).validate()
    except bagit.BagError:
        return True
    return False


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("verify")
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=43, boards=3, pins=12, section_conflict_rate=0.0)
    )
    sandbox.start()
    try:
        assert do_backup(sandbox, tmp / "archive").complete
    finally:
        sandbox.stop()
    out = tmp / "packet.zip"
    with Archive.open(tmp / "archive", write=False) as archive:
        build_packet(archive, PacketRequest("all", out=out), no_thumbnail, plain_pdf)
    with zipfile.ZipFile(out) as packet:
        packet.extractall(tmp / "unzipped")
    return tmp / "unzipped" / out.stem


def tampered(pristine: Path, tmp_path: Path, change: Callable[[Path], None]) -> Path:
    bag = tmp_path / pristine.name
    shutil.copytree(pristine, bag)
    change(bag)
    return bag


def add_file(bag: Path) -> None:
    (bag / "data" / "media" / "extra.jpg").write_bytes(b"not from the archive")


def remove_file(bag: Path) -> None:
    next((bag / "data" / "items").iterdir()).unlink()


def edit_bag_info(bag: Path) -> None:
    info = bag / "bag-info.txt"
    info.write_text(info.read_text("utf-8").replace("Pinterest", "Pinterext", 1), "utf-8")


def change_byte(bag: Path) -> None:
    verify = bag / "data" / "VERIFY.txt"
    verify.write_text(verify.read_text("utf-8").replace("packet", "pocket", 1), "utf-8")


def test_the_commands_pass_on_the_packet_as_made(pristine: Path) -> None:
    commands = standard_commands((pristine / "data" / "VERIFY.txt").read_text("utf-8"))
    assert len(commands) >= 3
    assert not bagit_fails(pristine)
    assert failing(pristine, commands) == []


@pytest.mark.parametrize(
    "change", [add_file, remove_file, edit_bag_info, change_byte], ids=lambda f: f.__name__
)
def test_the_commands_catch_what_bagit_catches(
    pristine: Path, tmp_path: Path, change: Callable[[Path], None]
) -> None:
    bag = tampered(pristine, tmp_path, change)
    assert bagit_fails(bag), "the tampering is one bagit notices"
    commands = standard_commands((pristine / "data" / "VERIFY.txt").read_text("utf-8"))
    assert failing(bag, commands), f"VERIFY.txt's commands pass after {change.__name__}"
    record(hostile_inputs=1)
