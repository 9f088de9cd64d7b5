"""One way to replace a file (creator_backup/atomic.py): a failed write leaves the old file
and no temp file, a durable one fsyncs the file, then renames, then fsyncs the folder; and
no other module renames files by hand (each did once, each with its own durability)."""

from __future__ import annotations

import ast
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from creator_backup.atomic import (
    atomic_write,
    replace_file,
    write_bytes_durably,
    write_text_durably,
)

PACKAGE = Path(__file__).resolve().parents[1] / "creator_backup"

# Renames that move folders, not write files: each is its own crash-safe protocol, with
# its own fsyncs, tested by its own crash tests.
FOLDER_RENAMES = {
    # Moving the archives: whole archive folders renamed between two folders and back.
    ("archive/relocate.py", "_put_in_place"),
    ("archive/relocate.py", "_roll_back"),
    ("archive/relocate.py", "_rename_all"),
    # An archive made from a data export becomes the account's archive folder.
    ("data_export/service.py", "adopt_export_archive"),
    # The finished offline site's folder takes its name, the earlier one set aside.
    ("site/folder.py", "Staging.publish"),
}
# Writing a temp file by hand is what atomic_write does once for everyone.
TEMP_FILE_CALLS = {"mkstemp", "mktemp", "NamedTemporaryFile"}


class Events:
    """What reached the file system, in order: os.fsync and os.replace are its edge."""

    def __init__(self) -> None:
        self.log: list[tuple[str, object]] = []

    @staticmethod
    def inode_of(path: Path) -> int:
        return os.stat(path).st_ino


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> Iterator[Events]:
    seen = Events()
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        seen.log.append(("fsync", os.fstat(fd).st_ino))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        real_replace(src, dst)
        seen.log.append(("replace", Path(dst).name))

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    yield seen


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text("old")

    class Broke(Exception):
        pass

    with pytest.raises(Broke), atomic_write(target) as handle:
        handle.write(b"half of the new")
        raise Broke
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_a_failed_first_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.zip"
    with pytest.raises(KeyboardInterrupt), atomic_write(target) as handle:
        handle.write(b"PK")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="no folder fsync on Windows")
def test_the_file_is_fsynced_then_renamed_then_its_folder_fsynced(
    tmp_path: Path, events: Events
) -> None:
    target = tmp_path / "note.json"
    target.write_text("old")
    write_text_durably(target, "new")
    assert target.read_text() == "new"
    assert events.log == [
        ("fsync", events.inode_of(target)),  # the new file's bytes, before its name
        ("replace", "note.json"),
        ("fsync", events.inode_of(tmp_path)),  # the rename itself
    ]


def test_a_cache_write_skips_both_fsyncs_but_still_renames(tmp_path: Path, events: Events) -> None:
    target = tmp_path / "thumb.jpg"
    with atomic_write(target, durable=False) as handle:
        handle.write(b"jpeg")
    assert target.read_bytes() == b"jpeg"
    assert events.log == [("replace", "thumb.jpg")]


@pytest.mark.skipif(sys.platform == "win32", reason="no POSIX modes on Windows")
def test_the_file_is_private_unless_the_caller_shares_it(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        write_bytes_durably(tmp_path / "private", b"x")
        write_bytes_durably(tmp_path / "shared", b"x", file_mode=0o644)
        # Replacing a wider file gives the new mode, not the old file's.
        (tmp_path / "was-wide").write_bytes(b"old")
        os.chmod(tmp_path / "was-wide", 0o666)  # noqa: S103 (the wide mode under test)
        write_bytes_durably(tmp_path / "was-wide", b"new")
    finally:
        os.umask(old_umask)

    def mode(name: str) -> int:
        return stat.S_IMODE((tmp_path / name).stat().st_mode)

    assert (mode("private"), mode("shared"), mode("was-wide")) == (0o600, 0o644, 0o600)


@pytest.mark.skipif(sys.platform == "win32", reason="no folder fsync on Windows")
def test_moving_a_finished_file_fsyncs_both_folders(tmp_path: Path, events: Events) -> None:
    staging, out = tmp_path / "staging", tmp_path / "out"
    staging.mkdir()
    out.mkdir()
    (staging / "packet.zip").write_bytes(b"PK")
    replace_file(staging / "packet.zip", out / "packet.zip")
    assert events.log == [
        ("replace", "packet.zip"),
        ("fsync", events.inode_of(out)),
        ("fsync", events.inode_of(staging)),
    ]
    events.log.clear()
    (out / "second.zip").write_bytes(b"PK")
    replace_file(out / "second.zip", out / "packet.zip", durable=False)  # a batch's own
    assert events.log == [("replace", "packet.zip")]


# -- no other module renames files by hand -------------------------------------------------


def _file_moves(tree: ast.AST) -> Iterator[tuple[str, int, str]]:
    """(enclosing function, line, call) for each rename or hand-made temp file."""
    stack: list[str] = []

    def visit(node: ast.AST) -> Iterator[tuple[str, int, str]]:
        named = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack.append(node.name)
        if isinstance(node, ast.Call) and _moves_a_file(node):
            yield ".".join(stack), node.lineno, ast.unparse(node.func)
        for child in ast.iter_child_nodes(node):
            yield from visit(child)
        if named:
            stack.pop()

    yield from visit(tree)


def _moves_a_file(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name in TEMP_FILE_CALLS:
        return True
    if not isinstance(func, ast.Attribute):
        return False
    owner = func.value.id if isinstance(func.value, ast.Name) else ""
    if owner in ("os", "shutil") and name in ("replace", "rename", "renames", "move"):
        return True
    if name == "rename":  # Path.rename
        return True
    # Path.replace(target): one argument; str.replace takes two, dataclasses.replace and
    # datetime.replace keywords.
    return (
        name == "replace"
        and owner not in ("dataclasses",)
        and len(call.args) == 1
        and not call.keywords
        and not isinstance(call.args[0], ast.Constant)
    )


def hand_written_moves(package: Path) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative == "atomic.py":
            continue
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for function, line, call in _file_moves(tree):
            if (relative, function) not in FOLDER_RENAMES:
                found.append(f"{relative}:{line} {function}: {call}")
    return found


def test_the_scan_finds_a_hand_written_rename() -> None:
    source = (
        "import os, tempfile\n"
        "def save(path, temp):\n"
        "    os.replace(temp, path)\n"
        "class Writer:\n"
        "    def write(self):\n"
        "        fd, temp = tempfile.mkstemp()\n"
        "        self.part.replace(self.target)\n"
        "        'a-b'.replace('-', '')\n"
    )
    found = [(f, c) for f, _line, c in _file_moves(ast.parse(source))]
    assert found == [
        ("save", "os.replace"),
        ("Writer.write", "tempfile.mkstemp"),
        ("Writer.write", "self.part.replace"),
    ]


def test_only_atomic_py_replaces_files() -> None:
    assert hand_written_moves(PACKAGE) == [], (
        "write through creator_backup.atomic (atomic_write, write_*_durably, replace_file); "
        "a folder rename with its own protocol goes in FOLDER_RENAMES with why"
    )


def test_every_allowed_folder_rename_is_still_there() -> None:
    """An allow-list entry whose rename is gone would let a new one in unseen."""
    present = set()
    for relative, _function in FOLDER_RENAMES:
        tree = ast.parse((PACKAGE / relative).read_text("utf-8"))
        present |= {(relative, f) for f, _line, _call in _file_moves(tree)}
    assert present == FOLDER_RENAMES
