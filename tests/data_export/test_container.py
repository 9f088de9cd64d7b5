"""Hostile archives: each refused with its own reason, read in place, nothing written
anywhere (the tree of the test's folder is the same before and after)."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creator_backup.data_export.container import (
    ExportRejected,
    Limits,
    open_export,
    unsafe_name_reason,
)
from tests.cli.helpers import run_cli
from tests.data_export.exports import pin, render, zipped

PAGE = render([pin("42", title="A pin")])


def _zip(entries: Sequence[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def _symlink() -> bytes:
    info = zipfile.ZipInfo("pins.html")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _zip([(info, b"/etc/passwd")])


def _encrypted() -> bytes:
    # zipfile cannot write encrypted members: the flag is set in both headers by hand.
    data = bytearray(_zip([("index.html", PAGE.encode())]))
    data[data.index(b"PK\x03\x04") + 6] |= 0x1
    data[data.rindex(b"PK\x01\x02") + 8] |= 0x1
    return bytes(data)


def _many() -> bytes:
    return _zip([("index.html", PAGE.encode())] + [(f"f/{n}.txt", b"") for n in range(10_001)])


def _bomb() -> bytes:
    return _zip([("index.html", b"<h1>Pins</h1>" + b" " * 40_000_000)])


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "absolute": (lambda: _zip([("/tmp/evil.html", PAGE.encode())]), "is an absolute path"),
    "dotdot": (lambda: _zip([("../../evil.html", PAGE.encode())]), "climbs out of the folder"),
    "backslash-dotdot": (lambda: _zip([("a\\..\\..\\evil.html", PAGE.encode())]), "climbs out"),
    "drive": (lambda: _zip([("C:/Windows/evil.html", PAGE.encode())]), "names a drive letter"),
    "unc": (lambda: _zip([("\\\\server\\share\\evil.html", PAGE.encode())]), "UNC"),
    "symlink": (_symlink, "is a symbolic link"),
    "nested": (
        lambda: _zip([("index.html", PAGE.encode()), ("inner.zip", zipped(PAGE))]),
        "is an archive inside the archive",
    ),
    "many": (_many, "more than the 10,000"),
    "bomb": (_bomb, "compressed more than 200 to 1"),
    "encrypted": (_encrypted, "is encrypted"),
    "no-html": (lambda: _zip([("readme.txt", b"hello")]), "holds no HTML page"),
    "not-a-zip": (lambda: b"PK\x03\x04 not really a zip", "cannot be read"),
    "binary": (
        lambda: os.urandom(4096).replace(b"<", b"-").replace(b"P", b"-"),
        "neither a ZIP nor an HTML page",
    ),
    "no-pins": (lambda: zipped("<h1>Comments</h1>hello"), "has no Pins section"),
}


def tree(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() or p.is_symlink()
    }


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_is_refused_with_its_reason_and_writes_nothing(
    case: str, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    make, reason = HOSTILE[case]
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("untouched")
    path = outside / "export.zip"
    path.write_bytes(make())
    before = tree(outside)
    result = run_cli(dict(cli_env, CREATOR_BACKUP_HOME=str(tmp_path / "home")),
                     "import-export", str(path), "--json")  # fmt: skip
    assert result.code == 2, result.err
    assert reason in result.err, result.err
    assert result.err.startswith("Error: ") and "Traceback" not in result.err
    assert result.err.count("\n") == 1  # one sentence
    assert tree(outside) == before
    archives = tmp_path / "home" / "data" / "archives"
    assert not archives.exists() or not any(archives.iterdir())
    assert not (tmp_path / "evil.html").exists() and not Path("/tmp/evil.html").exists()


def test_a_zip_past_the_total_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    path.write_bytes(_zip([("index.html", os.urandom(300_000).hex().encode())]))
    with pytest.raises(ExportRejected, match=r"unpacks to 585\.9 KB, more than the 195\.3 KB"):
        open_export(path, Limits(max_total_bytes=200_000))
    page = tmp_path / "big.html"
    page.write_bytes(b"<h1>Pins</h1>" + b" " * 300_000)
    with pytest.raises(ExportRejected, match=r"larger than the 195\.3 KB"):
        open_export(page, Limits(max_total_bytes=200_000))


def test_a_lying_size_in_the_header_is_caught_as_damage(tmp_path: Path) -> None:
    data = bytearray(zipped(PAGE, name="index.html"))
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # uncompressed size
    local = data.index(b"PK\x03\x04")
    data[local + 22 : local + 26] = (10).to_bytes(4, "little")
    path = tmp_path / "liar.zip"
    path.write_bytes(bytes(data))
    with pytest.raises(ExportRejected, match="damaged"):
        open_export(path)


def test_an_ordinary_zip_and_its_html_both_read(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    archive.write_bytes(zipped(PAGE, others={"images/readme.txt": b"x"}))
    found = open_export(archive)
    assert [d.name for d in found.documents] == ["pinterest/index.html"]
    assert found.exported_at == "2024-05-06T07:08:10Z"
    assert "inside the ZIP" in found.dated_by
    assert found.ignored == ["images/readme.txt"]
    page = tmp_path / "index.html"
    page.write_text(PAGE)
    os.utime(page, (1_700_000_000, 1_700_000_000))
    alone = open_export(page)
    assert alone.documents[0].text == PAGE
    assert (alone.exported_at, alone.dated_by) == (
        "2023-11-14T22:13:20Z",
        "the file's modification time",
    )


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab./\\:C\x00 .."), max_size=30) | st.text(max_size=30))
def test_any_member_name_the_reader_accepts_stays_inside_a_folder(name: str) -> None:
    if unsafe_name_reason(name) is not None:
        return
    parts = name.replace("\\", "/").split("/")
    assert ".." not in parts
    assert not name.startswith(("/", "\\"))
    assert not (name[:1].isascii() and name[:1].isalpha() and name[1:2] == ":")
    assert all(ord(c) >= 32 for c in name)
    joined = (Path("/safe/folder") / name).resolve()
    assert joined.is_relative_to(Path("/safe/folder").resolve())
