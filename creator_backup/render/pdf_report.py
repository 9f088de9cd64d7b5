"""report.pdf: the report laid out by Qt's text engine and written by QPdfWriter.

The document loads only the thumbnails it is given (resources named `thumb:<sha256>`);
any other URL in it, which autoescaping should already make impossible, loads nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from creator_backup.render import gui_application


class PacketDocument(QTextDocument):
    """A text document that never fetches anything it was not handed."""

    def __init__(self, thumbs: dict[str, bytes]) -> None:
        super().__init__()
        self.requested: list[str] = []
        # Kept as JPEG bytes and decoded only when the layout asks: a packet of 100,000
        # pins would otherwise hold every decoded thumbnail at once.
        self._thumbs = {f"thumb:{sha}": data for sha, data in thumbs.items()}

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        url = name.toString() if isinstance(name, QUrl) else name
        self.requested.append(url)
        data = self._thumbs.get(url)
        if kind != QTextDocument.ResourceType.ImageResource.value or data is None:
            return None
        image = QImage()
        if not image.loadFromData(data, "JPEG"):  # type: ignore[arg-type]  # str at run time
            return None
        return image


def render_pdf(qt_html: str, thumbs: dict[str, bytes], title: str) -> bytes:
    gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Creator Backup")
    writer.setResolution(150)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = PacketDocument(thumbs)
    document.setHtml(qt_html)
    # QTextDocument.print_ lays the document out on the writer's pages and numbers them.
    document.print_(writer)
    buffer.close()
    return bytes(data.data())
