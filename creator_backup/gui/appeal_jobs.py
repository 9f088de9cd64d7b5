"""What the Appeal page does on a worker thread: the preview (counting what the choice puts
in the packet, which only reads) and the build of the packet itself. Each function here
returns the work, bound to the account and the request the user made; none touches a
widget."""

from __future__ import annotations

from collections.abc import Callable

from creator_backup.appeal.packet import PdfRenderer, Thumbnailer
from creator_backup.appeal.service import BuiltPacket, PacketPreview, PacketRequest
from creator_backup.application.app import Application
from creator_backup.auth.accounts import AccountRecord
from creator_backup.progress import CancelToken, ProgressSink


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
