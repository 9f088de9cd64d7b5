"""Small JPEG thumbnails of archived images, decoded with a memory limit.

QImageReader decodes at the target size where the format allows (JPEG), and refuses any
image whose decoded size would pass the allocation limit: a tiny file claiming
20,000 x 20,000 pixels is refused instead of taking gigabytes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPainter

from creator_backup.render import gui_application

ALLOCATION_LIMIT_MB = 256
MAX_SIDE = 16_384


NOT_A_PICTURE = "not a picture this app can read"
TOO_MANY_PIXELS = f"larger than {MAX_SIDE:,} pixels on a side"


def safe_reader(path: Path) -> tuple[QImageReader | None, str]:
    """A reader of `path` that has checked the picture's size in its header, or None and
    why not. Reading through it decodes within the allocation limit: a tiny file claiming
    20,000 x 20,000 pixels is refused before any pixel is decoded."""
    gui_application()
    QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid():
        return None, NOT_A_PICTURE
    if size.width() > MAX_SIDE or size.height() > MAX_SIDE:
        return None, TOO_MANY_PIXELS
    return reader, ""


def thumbnail_image(path: Path, content_type: str, side: int = 160) -> QImage | None:
    """The decoded image scaled to fit `side`, or None (a video, or an image that cannot be
    decoded safely). A QImage may be made on any thread; the window turns it into a
    pixmap on its own thread."""
    if not content_type.startswith("image/"):
        return None
    reader, _ = safe_reader(path)
    if reader is None:
        return None
    size = reader.size()
    scaled = size.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio)
    reader.setScaledSize(scaled)
    image = reader.read()
    if image.isNull():
        return None
    return image


def jpeg_bytes(image: QImage, quality: int = 80) -> bytes:
    """The image as JPEG, drawn on white where it was transparent."""
    if image.hasAlphaChannel():
        flat = QImage(image.size(), QImage.Format.Format_RGB32)
        flat.fill(Qt.GlobalColor.white)
        painter = QPainter(flat)
        painter.drawImage(0, 0, image)
        painter.end()
        image = flat
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", quality)  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
    buffer.close()
    return bytes(data.data())


def thumbnail(path: Path, content_type: str, side: int = 160) -> bytes | None:
    """JPEG bytes of a thumbnail no larger than `side`, or None (a video, or an image that
    cannot be decoded safely)."""
    image = thumbnail_image(path, content_type, side)
    return None if image is None else jpeg_bytes(image)
