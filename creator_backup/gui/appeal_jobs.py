"""What the Appeal page does on a worker thread: the preview (counting what the choice puts
in the packet, which only reads) and the build of the packet itself. Each function here
returns the work, bound to the account and the request the user made; none touches a
widget."""

from __future__ import annotations

from collections.abc import Callable

from creator_backup.appeal.packet import PdfRenderer, Thumbnailer
from creator_backup.appeal.service import (
    BuiltPacket,
    PacketPreview,
    PacketRequest,
    build_packet,
    preview,
)
from creator_backup.auth.accounts import AccountRecord
from creator_backup.progress import CancelToken, ProgressSink
from creator_backup.workspace import Workspace


def preview_work(
    workspace: Workspace, record: AccountRecord, request: PacketRequest
) -> Callable[[], PacketPreview]:
    """The preview: what the packet would hold, counted without building it."""

    def work() -> PacketPreview:
        with workspace.reading(record) as archive:
            return preview(archive, request)

    return work


def build_work(
    workspace: Workspace,
    record: AccountRecord,
    request: PacketRequest,
    thumbnailer: Thumbnailer,
    pdf_renderer: PdfRenderer,
) -> Callable[[ProgressSink, CancelToken], BuiltPacket]:
    """The build, drawn with the renderers given (the page's, when the build started)."""

    def work(progress: ProgressSink, cancel: CancelToken) -> BuiltPacket:
        with workspace.reading(record) as archive:
            return build_packet(archive, request, thumbnailer, pdf_renderer, progress, cancel)

    return work
