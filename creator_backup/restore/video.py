"""A video pin's media: POST /media, the file to the upload address, then polling until
Pinterest has processed it. The media id is kept in the journal once registered, so a
re-run after a crash reuses an upload that already succeeded (a registered upload that
never got its file is harmless: it shows nowhere, and there is no DELETE /media)."""

from __future__ import annotations

import time
from collections.abc import Callable

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import ConnectionFailed, NotFound
from creator_backup.api.writes import upload_media_file
from creator_backup.restore.journal import RestoreJournal
from creator_backup.restore.pacing import WritePacer
from creator_backup.restore.recipes import MISSING_OR_DAMAGED, PinRecipe, UnreadableMedia

MAX_POLL_DELAY_S = 10.0


class VideoFailed(Exception):
    """Pinterest could not take the video; the message says why."""


class VideoUploader:
    def __init__(
        self,
        client: PinterestClient,
        journal: RestoreJournal,
        pacer: WritePacer,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        poll_delay_s: float = 1.0,
        poll_timeout_s: float = 600.0,
    ) -> None:
        self.client = client
        self.journal = journal
        self.pacer = pacer
        self.sleep = sleep
        self.clock = clock
        self.poll_delay_s = poll_delay_s
        self.poll_timeout_s = poll_timeout_s

    def prepare(self, old_id: str, recipe: PinRecipe) -> str:
        """A processed media id for this pin's video. The caller has already paced."""
        assert recipe.video is not None
        entry = self.journal.get(f"pin:{old_id}")
        if entry is not None and entry.media_id:
            try:
                status = self.client.get_media_status(entry.media_id)
            except NotFound:
                status = "gone"
            if status in ("succeeded", "processing"):
                return self._processed(old_id, entry.media_id)
            self.pacer.wait()  # a new registration is another write
        data = recipe.video.read_verified()
        if data is None:
            raise UnreadableMedia(f"the archived video file {MISSING_OR_DAMAGED}")
        upload = self.client.create_media_upload()
        self.journal.set_media("pin", old_id, upload.media_id)
        arrived = True
        try:
            upload_media_file(upload, data, recipe.video.content_type)
        except ConnectionFailed:
            arrived = False  # it may have arrived all the same: the media's status says
        return self._processed(old_id, upload.media_id, arrived)

    def _processed(self, old_id: str, media_id: str, arrived: bool = True) -> str:
        delay = self.poll_delay_s
        deadline = self.clock() + self.poll_timeout_s
        while True:
            status = self.client.get_media_status(media_id)
            if status == "succeeded":
                return media_id
            if status == "failed" or (status == "registered" and not arrived):
                self.journal.set_media("pin", old_id, None)
                if status == "failed":
                    raise VideoFailed("Pinterest could not process the video")
                raise VideoFailed("the video upload broke off; the next run sends it again")
            if self.clock() >= deadline:
                raise VideoFailed(
                    f"Pinterest was still processing the video after {self.poll_timeout_s:.0f} "
                    "s; the next run picks it up"
                )
            self.sleep(delay)
            delay = min(delay * 2, MAX_POLL_DELAY_S)
