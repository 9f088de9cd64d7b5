"""The content-addressed store: where a file goes, what is made durable, and that a stored
file is never replaced."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

import pytest

from creator_backup.archive.media_store import MediaStore
from tests.platforms import posix_modes

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def temp_file(store: MediaStore, data: bytes, name: str = "a.done") -> Path:
    path = store.tmp / name
    path.write_bytes(data)
    return path


def watch_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the path of everything fsynced: os.fsync is the system's edge."""
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return synced


@posix_modes
def test_a_file_is_stored_under_its_hash_read_only(tmp_path: Path) -> None:
    store = MediaStore(tmp_path)
    digest = hashlib.sha256(PNG).hexdigest()
    temp = temp_file(store, PNG)
    relative = store.adopt(temp, digest, "image/png")
    assert relative == f"media/{digest[:2]}/{digest[2:4]}/{digest}.png"
    stored = store.path_of(relative)
    assert stored.read_bytes() == PNG
    assert not temp.exists()
    if sys.platform != "win32":
        assert not stored.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to name fds")
def test_new_folders_and_the_file_s_name_are_durable_on_return(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = MediaStore(tmp_path)
    digest = hashlib.sha256(PNG).hexdigest()
    synced = watch_fsyncs(monkeypatch)
    store.adopt(temp_file(store, PNG), digest, "image/png")
    media = tmp_path / "media"
    shard = media / digest[:2] / digest[2:4]
    # The file's folder holds its name; the two folders above hold the new folders' names.
    assert set(synced) == {str(shard), str(shard.parent), str(media)}
    # A second file in the same shard has only its own folder to make durable.
    synced.clear()
    twin = digest[:4] + "0" * 60
    store.adopt(temp_file(store, PNG + b"x", "b.done"), twin, "image/png")
    assert synced == [str(shard)]


def test_the_same_content_again_keeps_the_stored_file(tmp_path: Path) -> None:
    store = MediaStore(tmp_path)
    digest = hashlib.sha256(PNG).hexdigest()
    first = store.path_of(store.adopt(temp_file(store, PNG), digest, "image/png"))
    inode = first.stat().st_ino
    again = temp_file(store, PNG, "b.done")
    assert store.path_of(store.adopt(again, digest, "image/png")) == first
    assert first.stat().st_ino == inode  # not replaced
    assert not again.exists() and list(store.tmp.iterdir()) == []


def test_without_hard_links_a_rename_never_replaces_a_stored_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # what exFAT answers

    monkeypatch.setattr(os, "link", no_links)
    store = MediaStore(tmp_path)
    digest = hashlib.sha256(PNG).hexdigest()
    stored = store.path_of(store.adopt(temp_file(store, PNG), digest, "image/png"))
    assert stored.read_bytes() == PNG
    inode = stored.stat().st_ino
    again = temp_file(store, PNG, "b.done")
    store.adopt(again, digest, "image/png")
    assert stored.stat().st_ino == inode and not again.exists()


def test_a_missing_temp_file_is_an_error_not_a_folder(tmp_path: Path) -> None:
    store = MediaStore(tmp_path)
    with pytest.raises(FileNotFoundError):
        store.adopt(store.tmp / "gone.done", "ab" * 32, "image/png")
    assert list((tmp_path / "media").iterdir()) == []
