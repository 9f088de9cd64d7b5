"""The service the CLI and the window share: the preview counts what the packet then holds,
"nothing lost" is an answer rather than a failure, and a cancelled build leaves nothing at
the packet's path, not even the full packet of a size-limited build.

The renderers are the caller's (QtGui, tested in tests/render); here they are plain
functions, so these tests need no Qt application.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from creator_backup.appeal.report import PacketDetails
from creator_backup.appeal.service import (
    PacketRequest,
    build_packet,
    default_packet_name,
    packet_sources,
    preview,
    statement_fits,
)
from creator_backup.archive.store import Archive
from creator_backup.errors import Cancelled, UsageError
from creator_backup.progress import CancelToken, Progress
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control, do_backup, sandbox_state

MakeSandbox = Callable[..., Sandbox]


def no_thumbnail(_path: Path, _content_type: str, _side: int) -> bytes | None:
    return None


def plain_pdf(_html: str, _thumbs: dict[str, bytes], title: str) -> bytes:
    return b"%PDF-1.4\n% " + title.encode("utf-8") + b"\n%%EOF\n"


@pytest.fixture
def lost(make_sandbox: MakeSandbox, archive_root: Path) -> Iterator[tuple[Archive, list[str]]]:
    """An archive of two backups with three pins removed between them."""
    sandbox = make_sandbox(seed=35, boards=4, pins=40)
    assert do_backup(sandbox, archive_root).complete
    removed = [p["id"] for p in sandbox_state(sandbox)["pins"][:3]]
    for pin_id in removed:
        control(sandbox, f"pins/{pin_id}/remove")
    assert do_backup(sandbox, archive_root).complete
    assert do_backup(sandbox, archive_root).complete  # a third: nothing lost since the second
    archive = Archive.open(archive_root, write=False)
    try:
        yield archive, removed
    finally:
        archive.close()


def test_the_preview_counts_what_the_packet_holds(
    lost: tuple[Archive, list[str]], tmp_path: Path
) -> None:
    archive, removed = lost
    sources = packet_sources(archive)
    assert [s.id for s in sources.snapshots] == [1, 2, 3]
    assert (sources.lost_from, sources.lost_to) == (sources.snapshots[1], sources.snapshots[2])
    assert sources.default_mode == "lost" and sources.unavailable_since is None

    request = PacketRequest("lost", 1, 2, PacketDetails(statement="Mine."))
    found = preview(archive, request)
    assert (found.mode, found.snapshot_ids, found.pins, found.boards) == ("lost", (1, 2), 3, 0)
    assert {i.id for i in found.items} == set(removed) and not found.nothing_lost
    assert found.media_files > 0 and found.media_bytes > 0

    out = tmp_path / "out" / default_packet_name()
    built = build_packet(archive, PacketRequest("lost", 1, 2, out=out), no_thumbnail, plain_pdf)
    assert built.mode == "lost" and built.pins == 3 and built.result.path == out.resolve()
    assert built.result.items == found.total and built.result.media_files == found.media_files
    assert [p.name for p in out.parent.iterdir()] == [out.name]

    everything = preview(archive, PacketRequest("all"))
    assert everything.mode == "all" and everything.newer.id == 3
    assert everything.pins == 40 - 3


def test_nothing_lost_is_an_answer_for_the_preview(lost: tuple[Archive, list[str]]) -> None:
    archive, _ = lost
    found = preview(archive, PacketRequest("lost"))  # the last two complete: 2 and 3
    assert found.nothing_lost and found.snapshot_ids == (2, 3) and found.total == 0
    with pytest.raises(UsageError, match="Nothing was lost"):
        build_packet(archive, PacketRequest("lost", out=Path("x.zip")), no_thumbnail, plain_pdf)


def test_a_request_is_checked_before_any_work(lost: tuple[Archive, list[str]]) -> None:
    archive, _ = lost
    for request, words in (
        (PacketRequest("lost", 1, 2), "Choose where"),
        (PacketRequest("lost", 1, 2, out=Path("p.tar")), "ZIP"),
        (PacketRequest("lost", 1, 2, out=Path("p.zip"), max_size_mb=0), "more than 0"),
        (PacketRequest("some", out=Path("p.zip")), "lost or everything"),
    ):
        with pytest.raises(UsageError, match=words):
            build_packet(archive, request, no_thumbnail, plain_pdf)
    assert statement_fits("é" * 50_000) and not statement_fits("é" * 50_001)


@pytest.mark.parametrize(
    ("phase", "max_size"),
    [("Making a smaller packet that fits", 0.001), ("Writing the ZIP file", None)],
)
def test_a_cancelled_build_leaves_nothing_at_the_packets_path(
    lost: tuple[Archive, list[str]], tmp_path: Path, phase: str, max_size: float | None
) -> None:
    """Cancelled while the small packet is made (the full one already zipped), or in the
    builder's very last step (which then finishes): neither the packet nor the full
    packet is left behind."""
    archive, _ = lost
    out = tmp_path / "packets" / "appeal.zip"
    token = CancelToken()
    seen: list[str] = []

    def progress(step: Progress) -> None:
        seen.append(step.phase)
        if step.phase == phase:
            token.cancel()  # after the builder's own check for this step

    request = PacketRequest("all", out=out, max_size_mb=max_size)
    with pytest.raises(Cancelled, match="nothing was written"):
        build_packet(archive, request, no_thumbnail, plain_pdf, progress, token)
    assert seen.count(phase) == 1 and seen[-1] in (phase, "Assembling the packet")
    assert list(out.parent.iterdir()) == []
