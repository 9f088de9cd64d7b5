"""The archived pictures of a list of pins, for any view that shows pins by their picture
(History's comparison, the Appeals page's case, the matches of the creator's originals):
which file is each pin's picture is read off the UI thread through the application layer,
the files are decoded by a ThumbnailCache, and each picture is handed on once decoded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QPixmap

from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.services import Services
from creator_backup.gui.thumbnail_loader import ThumbnailCache
from creator_backup.gui.workers import JobRunner

Pictures = dict[str, tuple[str, Path, str]]  # pin id -> (sha256, file, content type)


class PinPictures(QObject):
    shown = Signal(str, QPixmap)  # a pin id and its decoded picture

    def __init__(self, services: Services, runner: JobRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._services, self._runner = services, runner
        self.thumbnails = ThumbnailCache(services.paths.cache_dir / "thumbnails", parent=self)
        self.thumbnails.ready.connect(self._ready)
        self._picture_of: dict[str, str] = {}  # pin id -> sha256 of its picture
        self._asked = 0  # which request is current: an older answer is dropped
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(lambda: self.thumbnails.shutdown())

    def ask(
        self,
        record: AccountRecord,
        pin_ids: set[str],
        still_wanted: Callable[[], bool] = lambda: True,
    ) -> None:
        """The pictures of these pins, each `shown` once decoded (at once if it was before);
        an answer that arrives when `still_wanted()` is False, or after a newer ask, is
        dropped (the view has moved on)."""
        self._asked += 1
        asked = self._asked
        archives = self._services.app.archives

        def arrived(pictures: Pictures) -> None:
            if asked != self._asked or not still_wanted():
                return
            for pin_id, (sha, path, content_type) in pictures.items():
                self._picture_of[pin_id] = sha
                self.thumbnails.request(pin_id, sha, path, content_type)
                self._ready(pin_id)  # decoded before: shown at once

        self._runner.submit(lambda: archives.pin_pictures(record, pin_ids), arrived,
                            lambda _error: None)  # fmt: skip

    def forget(self) -> None:
        """A new list: what was asked for the last one is no longer wanted."""
        self._asked += 1
        self._picture_of.clear()
        self.thumbnails.cancel_pending()

    def shutdown(self, msecs: int = 10_000) -> bool:
        return self.thumbnails.shutdown(msecs)

    def _ready(self, pin_id: str) -> None:
        sha = self._picture_of.get(pin_id)
        pixmap = self.thumbnails.pixmap(sha) if sha else None
        if pixmap is not None:
            self.shown.emit(pin_id, pixmap)
