"""Pictures made in code for the originals' tests and benchmark: a seeded scene of
gradients and shapes (photo-like structure at every scale), and the copy Pinterest would
serve of it (1200 px wide, JPEG quality 75)."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

from creator_backup.render import gui_application


def scene(seed: int, width: int = 3000, height: int = 2000) -> QImage:
    gui_application()
    rng = random.Random(seed)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(width * rng.random(), height))
    for stop in (0.0, 0.5, 1.0):
        gradient.setColorAt(stop, QColor.fromHsv(rng.randrange(360), 160, rng.randrange(80, 255)))
    painter.fillRect(0, 0, width, height, gradient)
    painter.setPen(Qt.PenStyle.NoPen)
    for _ in range(14):
        painter.setBrush(QColor.fromHsv(rng.randrange(360), rng.randrange(60, 255),
                                        rng.randrange(20, 255)))  # fmt: skip
        w, h = width * rng.uniform(0.08, 0.45), height * rng.uniform(0.08, 0.45)
        box = QRectF(rng.uniform(-0.1, 0.9) * width, rng.uniform(-0.1, 0.9) * height, w, h)
        if rng.random() < 0.5:
            painter.drawEllipse(box)
        else:
            painter.drawRect(box)
    painter.end()
    return image


def save(image: QImage, path: Path, quality: int = 92) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = "JPEG" if path.suffix.lower() in (".jpg", ".jpeg") else path.suffix[1:].upper()
    assert image.save(str(path), fmt, quality), path  # type: ignore[call-overload]
    return path


def pinterest_copy(image: QImage, path: Path, width: int = 1200, quality: int = 75) -> Path:
    """What Pinterest serves of an upload: scaled to `width`, recompressed."""
    scaled = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    return save(scaled, path, quality)


def load(path: Path) -> QImage:
    image = QImage(str(path))
    assert not image.isNull(), path
    return image


def archived_pictures(home: Path) -> tuple[Path, list[tuple[str, Path]]]:
    """The archive's root, and (pin id, stored picture) of its pins' main pictures."""
    (database,) = home.rglob("archive.sqlite")
    conn = sqlite3.connect(database)
    rows = conn.execute(
        "SELECT v.object_id, m.path FROM versions v JOIN version_media vm ON "
        "vm.version_id = v.id AND vm.position = 0 JOIN media_urls mu ON mu.url = vm.url "
        "JOIN media m ON m.sha256 = mu.sha256 WHERE v.kind = 'pin' AND m.content_type "
        "LIKE 'image/%' ORDER BY v.object_id"
    ).fetchall()
    conn.close()
    return database.parent, [(str(pin), database.parent / path) for pin, path in rows]


def originals_of(home: Path, folder: Path) -> dict[str, str]:
    """Three of the archive's pictures as the creator's originals (one twice the size as
    PNG, two smaller as JPEG q75 in a subfolder), an unrelated picture, and two files that
    cannot be read; the originals' names and the pins they are."""
    _, pictures = archived_pictures(home)
    chosen = pictures[:: max(1, len(pictures) // 3)][:3]
    expected = {}
    for number, (pin, stored) in enumerate(chosen):
        image = load(stored)
        if number == 0:
            big = image.scaledToWidth(image.width() * 2, Qt.TransformationMode.SmoothTransformation)
            name = save(big, folder / "IMG_0001.png").name
        else:
            small = image.scaledToWidth(max(64, image.width() * 7 // 10),
                                        Qt.TransformationMode.SmoothTransformation)  # fmt: skip
            name = save(small, folder / "sub" / f"IMG_000{number + 1}.jpg", 75).name
        expected[name] = pin
    save(scene(99, 800, 600), folder / "unrelated.jpg")
    (folder / "cut.jpg").write_bytes((folder / "sub" / "IMG_0002.jpg").read_bytes()[:300])
    (folder / "fake.webp").write_text("<html>not a picture</html>", "utf-8")
    return expected
