"""Appeal packets of one account's archive: no request to Pinterest (only the time-stamp
authorities are asked, to stamp the packet's payload list)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from creator_backup.appeal.packet import PdfRenderer, Thumbnailer
from creator_backup.appeal.packet_check import PacketCheck, check_packet
from creator_backup.appeal.service import (
    BuiltPacket,
    PacketPreview,
    PacketRequest,
    PacketSources,
    build_packet,
    packet_sources,
    preview,
)
from creator_backup.application.archives import Archives
from creator_backup.auth.accounts import AccountRecord
from creator_backup.errors import UsageError
from creator_backup.evidence.authorities import Authorities, choose_authorities
from creator_backup.evidence.signing_key import KEYRING, SigningKey, SigningKeys
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress
from creator_backup.settings import Settings, SettingsStore


class Appeals:
    """The renderers (thumbnails, the PDF) need QtGui: each face passes its own in, so
    this layer stays Qt-free."""

    def __init__(
        self,
        archives: Archives,
        settings: SettingsStore | None = None,
        signing_keys: SigningKeys | None = None,
    ) -> None:
        self.archives = archives
        self.settings = settings
        # The creator's own key, for packets they sign (None: signing is not offered).
        self.signing_keys = signing_keys

    def signing_key(self) -> SigningKey | None:
        """The creator's signing key, if one was made (never made here)."""
        return self._keys().find()

    def make_signing_key(self, storage: str = KEYRING) -> tuple[SigningKey, bool]:
        """The creator's signing key, made and kept in `storage` when there is none;
        True when it was made now."""
        return self._keys().find_or_make(storage)

    def forget_signing_key(self) -> bool:
        """Deletes the signing key wherever it is kept; True when there was one."""
        return self._keys().forget()

    def _keys(self) -> SigningKeys:
        if self.signing_keys is None:
            raise UsageError("Signing packets is not set up here.")
        return self.signing_keys

    def authorities(self, wanted: bool = True) -> Authorities:
        """Who stamps a packet: the settings' authorities (none when stamping is off in
        the settings or not `wanted` for this packet)."""
        settings = self.settings.load() if self.settings is not None else Settings()
        enabled = settings.timestamps and wanted
        return choose_authorities(enabled, settings.tsa_urls, settings.tsa_roots)

    def sources(self, record: AccountRecord) -> PacketSources:
        """What a packet can draw on, or nothing when the account has no archive yet."""
        if not self.archives.exists(record):
            return PacketSources()
        with self.archives.reading(record) as archive:
            return packet_sources(archive)

    def preview(self, record: AccountRecord, request: PacketRequest) -> PacketPreview:
        """What the packet would hold, counted without building it."""
        with self.archives.reading(record) as archive:
            return preview(archive, request)

    def check_packet(self, packet: Path) -> PacketCheck:
        """A packet checked as a reviewer would: the bag, and what each time stamp proves
        (roots the user added for their authorities count as trusted)."""
        return check_packet(packet, self.authorities().root_files)

    def build(
        self,
        record: AccountRecord,
        request: PacketRequest,
        thumbnailer: Thumbnailer,
        pdf_renderer: PdfRenderer,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> BuiltPacket:
        made = False
        if request.sign and request.signer is None:
            signer, made = self.make_signing_key(request.key_storage)
            request = dataclasses.replace(request, signer=signer)
        if request.authorities is None:
            request = dataclasses.replace(request, authorities=self.authorities(request.timestamp))
        with self.archives.reading(record) as archive:
            built = build_packet(archive, request, thumbnailer, pdf_renderer, progress, cancel)
        return dataclasses.replace(built, key_made=made)
