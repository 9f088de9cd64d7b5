"""What the Appeal page does on a worker thread: the preview (counting what the choice puts
in the packet, which only reads) and the build of the packet itself. Each function here
returns the work, bound to the account and the request the user made; none touches a
widget."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QImage

from creator_backup.appeal.packet import PdfRenderer, Thumbnailer
from creator_backup.appeal.service import BuiltPacket, PacketPreview, PacketRequest
from creator_backup.application.app import Application
from creator_backup.auth.accounts import AccountRecord
from creator_backup.progress import CancelToken, ProgressSink
from creator_backup.render.thumbnails import thumbnail_image

Pictures = list[tuple[str, QImage]]  # (the item's title, its picture)


def preview_work(
    app: Application, record: AccountRecord, request: PacketRequest
) -> Callable[[], PacketPreview]:
    """The preview: what the packet would hold, counted without building it."""
    return lambda: app.appeals.preview(record, request)


def build_work(
    app: Application,
    record: AccountRecord,
    request: PacketRequest,
    thumbnailer: Thumbnailer,
    pdf_renderer: PdfRenderer,
) -> Callable[[ProgressSink, CancelToken], BuiltPacket]:
    """The build, drawn with the renderers given (the page's, when the build started)."""

    def work(progress: ProgressSink, cancel: CancelToken) -> BuiltPacket:
        return app.appeals.build(record, request, thumbnailer, pdf_renderer, progress, cancel)

    return work


def pictures_work(found: PacketPreview, count: int, side: int) -> Callable[[], Pictures]:
    """The pictures of the first `count` items that have one, decoded to fit `side`
    (QImages, made on the worker; the page makes pixmaps of them). A picture that cannot
    be decoded is left out."""

    def work() -> Pictures:
        pictures: Pictures = []
        for item in found.items:
            if len(pictures) == count:
                break
            if item.picture is None:
                continue
            image = thumbnail_image(item.picture, item.content_type, side)
            if image is not None:
                pictures.append((item.title, image))
        return pictures

    return work
