"""Property tests of every place where untrusted text meets a file name or an id: the
archive's folder for an account, a partial download's name, a stored media file's path,
an appeal packet's item files, and the id gate every Pinterest object passes. (The offline
site's own names are property-tested in tests/site/test_site_hostile.py.)"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creator_backup.api.models import Board, Pin
from creator_backup.appeal.packet import _file_name
from creator_backup.appeal.selection import PacketItem
from creator_backup.archive.locate import archive_root
from creator_backup.archive.media_store import relative_path
from creator_backup.backup.downloader import part_name

ROOT = Path("/archives")
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                   *(f"lpt{i}" for i in range(10))}  # fmt: skip
SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
API_BASES = st.sampled_from(
    ["https://api.pinterest.com/v5", "http://127.0.0.1:8080/v5", "https://x.example/v5/"]
)
# Any JSON value Pinterest could put where an id belongs.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)


def assert_safe_name(name: str) -> None:
    """Checklist item 22: non-empty, short, no separator, control, bidi or reserved
    name, no trailing dot or space."""
    assert name and len(name.encode("utf-8")) <= 200
    assert SAFE.match(name), name
    assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in name)
    assert name.split(".")[0].lower() not in WINDOWS_DEVICES
    assert not name.endswith((".", " "))


@given(st.text(max_size=60), API_BASES)
def test_an_archive_folder_comes_from_a_digit_id_or_nothing(account_id: str, base: str) -> None:
    if not (account_id.isascii() and account_id.isdigit()):
        with pytest.raises(ValueError):
            archive_root(ROOT, base, account_id)
        return
    folder = archive_root(ROOT, base, account_id)
    assert folder.parent == ROOT
    assert_safe_name(folder.name)


@given(
    st.from_regex(r"[0-9]{1,25}", fullmatch=True),
    st.from_regex(r"[0-9]{1,25}", fullmatch=True),
    API_BASES,
)
def test_two_accounts_never_share_a_folder(a: str, b: str, base: str) -> None:
    if a != b:
        assert archive_root(ROOT, base, a) != archive_root(ROOT, base, b)
    # The real API and a test server never share one either.
    assert archive_root(ROOT, "https://api.pinterest.com/v5", a) != archive_root(
        ROOT, "http://127.0.0.1:1/v5", a
    )


@given(st.text(max_size=500), st.text(max_size=500))
def test_a_partial_download_is_named_by_a_hash_of_its_address(a: str, b: str) -> None:
    assert_safe_name(part_name(a))
    assert part_name(a).endswith(".part")
    if a != b:
        assert part_name(a) != part_name(b)


@given(st.text(max_size=80), st.sampled_from(["image/png", "video/mp4", "text/html", "x/y"]))
def test_a_media_path_is_a_hash_under_media_or_refused(sha256: str, content_type: str) -> None:
    try:
        relative = relative_path(sha256, content_type)
    except ValueError:
        assert not re.fullmatch(r"[0-9a-f]{64}", sha256)
        return
    parts = relative.split("/")
    assert parts[0] == "media" and len(parts) == 4
    assert parts[3].startswith(sha256) and ".." not in parts
    for part in parts:
        assert_safe_name(part)


@given(st.sampled_from(["pin", "board", "section"]), st.text(max_size=200), st.text(max_size=200))
def test_a_packet_file_name_comes_from_the_id_alone(kind: str, a: str, b: str) -> None:
    def item(object_id: str) -> PacketItem:
        return PacketItem(kind, object_id, "<b>t</b>", "", "", "", None, "../x", None,
                          None, None, None, {})  # fmt: skip

    assert_safe_name(_file_name(item(a)))
    if a != b:
        assert _file_name(item(a)) != _file_name(item(b))


@given(JSON_VALUES)
def test_every_object_either_has_a_digit_id_or_is_unreadable(value: object) -> None:
    for model in (Pin, Board):
        try:
            parsed = model.from_api({"id": value, "title": value, "name": value, "media": value})
        except ValueError:
            continue
        assert parsed.id.isascii() and parsed.id.isdigit()
        assert parsed.raw["id"] == value  # and the raw JSON is kept exactly as sent
