"""The dHash of a picture file, decoded safely (render.thumbnails.safe_reader: its size
checked from the header, decoded within an allocation limit) and shrunk by Qt to 9 x 8
grey pixels; the bits themselves are creator_backup.originals.dhash's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPainter

from creator_backup.originals.dhash import HEIGHT, WIDTH, PictureHash, dhash_of_grey
from creator_backup.render.thumbnails import safe_reader

# Decoded at about this size first: a JPEG scales while decoding (8 times cheaper than
# the whole picture), and an area-averaging shrink from 64 px to 9 keeps the brightness
# of each cell, which is what the hash compares.
DECODE_SIDE = 64
MAX_FILE_BYTES = 200 * 1024 * 1024
DAMAGED = "damaged: its picture data cannot be decoded"
TRUNCATED = "cut short: the file ends before its picture does"


def _unsupported(path: Path) -> str | None:
    """Why a format Qt has no reader for here (HEIC without the plugin) is skipped."""
    ending = path.suffix.lower().lstrip(".")
    if ending in ("heic", "heif"):
        known = {bytes(f.data()).decode().lower() for f in QImageReader.supportedImageFormats()}
        if not known & {"heic", "heif"}:
            return "HEIC: this computer's Qt has no reader for it"
    return None


def _jpeg_is_whole(path: Path, size: int) -> bool:
    """A JPEG ends with its end-of-image marker (some cameras pad a few bytes after it).
    Qt decodes a JPEG cut short without complaint, filling the rest with grey, whose hash
    would be a different picture's."""
    with path.open("rb") as handle:
        if handle.read(2) != b"\xff\xd8":
            return True  # not a JPEG, whatever its name says: Qt decides
        handle.seek(max(0, size - 1024))
        return b"\xff\xd9" in handle.read()


def _flattened(image: QImage) -> QImage:
    """Transparent pixels drawn on white, as Pinterest shows them."""
    if not image.hasAlphaChannel():
        return image
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(Qt.GlobalColor.white)
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def grey_cells(image: QImage) -> bytes:
    """The picture shrunk (averaging) to 9 x 8 and made grey: 72 levels, row by row."""
    small = _flattened(image).scaled(
        WIDTH, HEIGHT, Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    ).convertToFormat(QImage.Format.Format_Grayscale8)  # fmt: skip
    line = small.bytesPerLine()
    data = bytes(small.constBits())
    return b"".join(data[row * line : row * line + WIDTH] for row in range(HEIGHT))


def image_hash(image: QImage) -> int:
    return dhash_of_grey(grey_cells(image))


def picture_hash(path: Path) -> PictureHash:
    """The file's dHash, or why it has none."""
    unsupported = _unsupported(path)
    if unsupported is not None:
        return PictureHash(None, unsupported)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return PictureHash(None, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        if not _jpeg_is_whole(path, size):
            return PictureHash(None, TRUNCATED)
    except OSError as exc:
        return PictureHash(None, f"cannot be read ({exc.strerror or type(exc).__name__})")
    reader, reason = safe_reader(path)
    if reader is None:
        return PictureHash(None, reason)
    full = reader.size()
    if full.width() > DECODE_SIDE * 2 and full.height() > DECODE_SIDE * 2:
        reader.setScaledSize(full.scaled(QSize(DECODE_SIDE, DECODE_SIDE),
                                         Qt.AspectRatioMode.KeepAspectRatioByExpanding))  # fmt: skip
    image = reader.read()
    if image.isNull():
        return PictureHash(None, DAMAGED)
    return PictureHash(image_hash(image))
