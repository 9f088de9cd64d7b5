"""QtGui rendering: the PDF loads only the packet's images; thumbnails refuse image bombs."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from creator_backup.render.pdf_report import PacketDocument, render_pdf
from creator_backup.render.thumbnails import thumbnail


def png(width: int, height: int, rows: bytes | None = None) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = (
        rows
        if rows is not None
        else b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    )
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_a_thumbnail_is_a_small_jpeg(tmp_path: Path) -> None:
    picture = tmp_path / "p.png"
    picture.write_bytes(png(640, 480))
    data = thumbnail(picture, "image/png", side=160)
    assert data is not None and data.startswith(b"\xff\xd8\xff")
    from PySide6.QtGui import QImage

    image = QImage()
    assert image.loadFromData(data)
    assert max(image.width(), image.height()) == 160


def test_videos_and_broken_files_get_no_thumbnail(tmp_path: Path) -> None:
    broken = tmp_path / "b.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    assert thumbnail(broken, "image/png") is None
    assert thumbnail(broken, "video/mp4") is None


BOMB_PROBE = """
import resource, struct, sys, zlib
from pathlib import Path

import pytest
from creator_backup.render.thumbnails import thumbnail
path = Path(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = thumbnail(path, "image/png")
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(result is None, (after - before) // 1024)
"""


@pytest.mark.parametrize("side", [20_000, 15_000])
def test_an_image_bomb_is_refused_without_a_memory_spike(tmp_path: Path, side: int) -> None:
    # side x side pixels claimed in a small file (1.6 GB decoded at 20,000): refused by its
    # claimed size, or (15,000, within the side limit) by the decoder's allocation limit.
    bomb = tmp_path / "bomb.png"
    row = b"\x00" + b"\x00" * 3 * side
    bomb.write_bytes(png(side, side, rows=row * 50))  # the rest of the rows never come
    assert bomb.stat().st_size < 200_000
    done = subprocess.run([sys.executable, "-c", BOMB_PROBE, str(bomb)], capture_output=True,
                          text=True, timeout=120, check=True,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})  # fmt: skip
    refused, grown_mb = done.stdout.split()
    assert refused == "True"
    assert int(grown_mb) < 200


def test_the_pdf_document_loads_only_what_it_was_handed() -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    document = PacketDocument({"a" * 64: b"not decodable"})
    document.setHtml('<img src="file:///etc/passwd"><img src="https://evil.example/x.png">')
    kind = QTextDocument.ResourceType.ImageResource.value
    assert document.loadResource(kind, QUrl("file:///etc/passwd")) is None
    assert document.loadResource(kind, QUrl("https://evil.example/x.png")) is None
    assert document.loadResource(kind, QUrl("thumb:" + "a" * 64)) is None  # not an image


def test_pdf_text_is_literal_and_paged(tmp_path: Path) -> None:
    title = "</table><h1>FAKE</h1> & <b>bold?</b>"
    from html import escape

    rows = "".join(f"<p>{escape(title)} {i}</p>" for i in range(400))
    pdf = render_pdf(f"<html><body>{rows}</body></html>", {}, "test")
    assert pdf.startswith(b"%PDF")
    out = tmp_path / "r.pdf"
    out.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert text.count("</table><h1>FAKE</h1> & <b>bold?</b>") == 400
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    count = int(next(x for x in pages.stdout.splitlines() if x.startswith("Pages:")).split()[1])
    assert count > 1
    # Every page carries its number at the foot.
    for number in range(1, count + 1):
        page = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(out), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        lines = [line for line in page.splitlines() if line.strip()]
        assert lines[-1].strip() == str(number)
