"""Renders the app icon (resources/icons/creator-backup.svg) into what the platforms want:
PNGs in the freedesktop hicolor layout, a copy of the SVG as the scalable icon, a Windows
.ico and a macOS .icns. Run after changing the SVG, and commit the results:
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from creator_backup.appinfo import APP_ID  # noqa: E402

ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "creator-backup.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"{SOURCE} is not a valid SVG.", file=sys.stderr)
        return 1
    hicolor = ICONS / "hicolor"
    for size in SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target)):
            print(f"Could not write {target}.", file=sys.stderr)
            return 1
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    # Qt picks the format from the file's suffix.
    for name, size in (("creator-backup.ico", 256), ("creator-backup.icns", 512)):
        if not render(renderer, size).save(str(ICONS / name)):
            print(f"Could not write {name}.", file=sys.stderr)
            return 1
    del app
    print(f"Wrote {len(SIZES)} PNGs, the scalable SVG, the .ico and the .icns under {ICONS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
