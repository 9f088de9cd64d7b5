"""HLS videos kept as one file: some pins' `video_url` is a master playlist (`.m3u8`), not
an mp4. The best variant (highest BANDWIDTH, then resolution) is chosen, its media playlist
read, and its segments (an `#EXT-X-MAP` init segment first when there is one) fetched in
order and joined into one file, hashed on the way and stored like any other media file:
MPEG-TS segments make a `video/mp2t` file, fMP4 ones (with their init segment) a
`video/mp4` one.

Everything goes through the downloader's bounded fetching (timeouts, retries, deadline,
cancel). Playlists are read into memory up to MAX_PLAYLIST_BYTES; the joined file must fit
the downloader's size cap and its playlist MAX_SEGMENTS segments. Only http(s) addresses
are followed, relative ones resolved against the playlist they are in. An encrypted video
(`#EXT-X-KEY` other than METHOD=NONE) is refused for good: the archive keeps files anyone
can open, and a key server's answer is not media.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from creator_backup.archive.media_types import is_playlist, is_transport_stream, sniff
from creator_backup.atomic import replace_file
from creator_backup.backup.downloader import (
    Buffer,
    Downloaded,
    MediaDownloader,
    MediaFailed,
    PlaylistServed,
    TooLarge,
    part_name,
)
from creator_backup.errors import Cancelled

log = logging.getLogger(__name__)

MAX_PLAYLIST_BYTES = 1024 * 1024  # a 2-hour video at 2 s segments is about 200 KB
MAX_SEGMENTS = 5000  # a long pin video (Pinterest allows up to an hour) at 1 s segments
MAX_VARIANTS = 100
# Boxes an fMP4 media segment may start with (after the init segment's ftyp/moov).
FMP4_BOXES = (b"styp", b"moof", b"sidx", b"prft", b"emsg", b"ftyp")
_ATTRIBUTE = re.compile(r'([A-Z0-9-]+)=("[^"]*"|[^,]*)')


def is_hls_address(url: str) -> bool:
    """Whether the address names an HLS playlist by its path (`.../video.m3u8?...`)."""
    return urlsplit(url).path.lower().endswith((".m3u8", ".m3u"))


def fetch_media(downloader: MediaDownloader, url: str) -> Downloaded:
    """The file at `url`, or, when it is an HLS playlist (by its address, its
    Content-Type or its first line), the video it lists joined into one file."""
    if is_hls_address(url):
        return fetch_hls(downloader, url)
    try:
        return downloader.fetch(url)
    except PlaylistServed:
        return fetch_hls(downloader, url)


@dataclass(frozen=True)
class Variant:
    url: str
    bandwidth: int
    pixels: int  # width x height from RESOLUTION, 0 when not given


@dataclass(frozen=True)
class MediaPlaylist:
    url: str  # after redirects: its segments' relative addresses are resolved against it
    init: str | None  # the #EXT-X-MAP init segment
    segments: tuple[str, ...]


def fetch_hls(downloader: MediaDownloader, url: str) -> Downloaded:
    """The best variant of the HLS video at `url` as one verified file in the tmp folder;
    `source_url` is the variant playlist whose segments were joined. Raises MediaFailed
    (permanent when the playlist can never give a file: encrypted, not http(s), too many
    segments, too large, not video)."""
    master_url, master = _read_playlist(downloader, url)
    variants = parse_master(master, master_url)
    if variants:
        best = max(variants, key=lambda v: (v.bandwidth, v.pixels))
        if separate_audio(master):
            # Joining two streams into one file needs a muxer; the picture is kept.
            log.warning("the HLS video %s has its sound apart: the file keeps the picture", url)
        variant_url, text = _read_playlist(downloader, best.url)
        if parse_master(text, variant_url):
            raise MediaFailed("the variant playlist lists playlists itself", permanent=True)
        playlist = parse_media_playlist(text, variant_url)
    else:
        playlist = parse_media_playlist(master, master_url)  # a media playlist already
    return _assemble(downloader, url, playlist)


def _read_playlist(downloader: MediaDownloader, url: str) -> tuple[str, str]:
    """(address after redirects, text) of a playlist."""
    buffer = Buffer()
    try:
        piece = downloader.fetch_to(url, buffer, MAX_PLAYLIST_BYTES)
    except TooLarge:
        raise MediaFailed(
            f"the playlist is larger than {MAX_PLAYLIST_BYTES // 1024} KB", permanent=True
        ) from None
    if not is_playlist(None, bytes(buffer.data[:16])):
        raise MediaFailed("the address is not an HLS playlist", permanent=True)
    try:
        text = bytes(buffer.data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MediaFailed("the playlist is not UTF-8 text", permanent=True) from None
    return piece.url, text


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _attributes(tag_value: str) -> dict[str, str]:
    return {key: value.strip('"') for key, value in _ATTRIBUTE.findall(tag_value)}


def _address(reference: str, base: str) -> str:
    resolved = urljoin(base, reference)
    if urlsplit(resolved).scheme not in ("http", "https"):
        raise MediaFailed("the playlist names a part that is not a web address", permanent=True)
    return resolved


def parse_master(text: str, base: str) -> list[Variant]:
    """The variants of a master playlist (none for a media playlist)."""
    variants: list[Variant] = []
    lines = _lines(text)
    for i, line in enumerate(lines):
        if not line.startswith("#EXT-X-STREAM-INF:"):
            continue
        following = next((x for x in lines[i + 1 :] if not x.startswith("#")), None)
        if following is None:
            continue
        attributes = _attributes(line.partition(":")[2])
        bandwidth = attributes.get("BANDWIDTH", "")
        width, _, height = attributes.get("RESOLUTION", "").partition("x")
        pixels = int(width) * int(height) if width.isdigit() and height.isdigit() else 0
        variants.append(
            Variant(
                _address(following, base),
                int(bandwidth) if bandwidth.isdigit() else 0,
                pixels,
            )
        )
        if len(variants) > MAX_VARIANTS:
            raise MediaFailed(f"the playlist lists more than {MAX_VARIANTS} variants", True)
    return variants


def separate_audio(text: str) -> bool:
    """Whether a master playlist carries its sound as renditions of their own (an
    `#EXT-X-MEDIA:TYPE=AUDIO` with a URI), which a variant's segments then lack."""
    return any(
        line.startswith("#EXT-X-MEDIA:")
        and _attributes(line.partition(":")[2]).get("TYPE") == "AUDIO"
        and "URI" in _attributes(line.partition(":")[2])
        for line in _lines(text)
    )


def parse_media_playlist(text: str, base: str) -> MediaPlaylist:
    """The init segment and segments of a media playlist, in order. Refuses what cannot
    make one plain file: encryption, byte ranges, too many segments."""
    init: str | None = None
    segments: list[str] = []
    ended = False
    for line in _lines(text):
        if line.startswith("#EXT-X-KEY:"):
            method = _attributes(line.partition(":")[2]).get("METHOD", "")
            if method.upper() != "NONE":
                raise MediaFailed(f"the video is encrypted ({method or 'unknown'})", True)
        elif line.startswith("#EXT-X-MAP:"):
            attributes = _attributes(line.partition(":")[2])
            if "BYTERANGE" in attributes:
                raise MediaFailed("the video's parts are byte ranges of one file", True)
            if init is not None or segments or not attributes.get("URI"):
                # A second init segment (a change of format midway) cannot be joined.
                raise MediaFailed("the video changes format midway", permanent=True)
            init = _address(attributes["URI"], base)
        elif line.startswith("#EXT-X-BYTERANGE"):
            raise MediaFailed("the video's parts are byte ranges of one file", True)
        elif line.startswith("#EXT-X-ENDLIST"):
            ended = True
        elif not line.startswith("#"):
            segments.append(_address(line, base))
            if len(segments) > MAX_SEGMENTS:
                raise MediaFailed(f"the video has more than {MAX_SEGMENTS} parts", True)
    if not segments:
        raise MediaFailed("the playlist lists no video", permanent=True)
    if not ended:
        # A live stream, or a playlist still being written: a later run may find it whole.
        raise MediaFailed("the playlist does not end (a live or unfinished video)")
    return MediaPlaylist(base, init, tuple(segments))


class _Assembly:
    """The joined file: a sink for the downloader that appends each part, hashing as it
    goes, and cuts a failed attempt's bytes off again."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.size = 0
        self.digest = hashlib.sha256()
        self._mark = (0, self.digest.copy())

    def begin_part(self) -> None:
        self._mark = (self.size, self.digest.copy())

    def restart(self) -> None:
        size, digest = self._mark
        if self.size != size:
            os.ftruncate(self.fd, size)
            os.lseek(self.fd, size, os.SEEK_SET)
        self.size, self.digest = size, digest.copy()

    def write(self, chunk: bytes | memoryview) -> None:
        self.digest.update(chunk)
        view = memoryview(chunk)
        while view:
            view = view[os.write(self.fd, view) :]
        self.size += len(chunk)


def _assemble(downloader: MediaDownloader, url: str, playlist: MediaPlaylist) -> Downloaded:
    base = os.path.join(downloader.tmp_dir, part_name(url).removesuffix(".part"))
    temp, done = base + ".hls", base + ".done"
    parts = ([playlist.init] if playlist.init else []) + list(playlist.segments)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644)
    assembly = _Assembly(fd)
    finished = False
    try:
        head = b""
        kind: str | None = None  # "ts" or "mp4", from the first media segment
        for number, part in enumerate(parts):
            if downloader.cancelled():
                raise Cancelled()
            assembly.begin_part()
            room = downloader.max_bytes - assembly.size
            try:
                piece = downloader.fetch_to(part, assembly, room)
            except TooLarge:
                raise TooLarge(downloader.max_bytes) from None
            head = head or piece.head
            found = _segment_kind(piece.head)
            if number == 0 and playlist.init:
                if found is None or (found == "mp4" and sniff(piece.head) != "video/mp4"):
                    raise MediaFailed("the video's init segment is not video", permanent=True)
                kind = found
                continue
            if found is None or (kind is not None and found != kind):
                raise MediaFailed(f"part {number + 1} of the video is not video", permanent=True)
            kind = found
        os.fsync(fd)
        content_type = sniff(head)
        expected = "video/mp4" if kind == "mp4" else "video/mp2t"
        if content_type is None or content_type != expected:
            raise MediaFailed("the joined parts are not a video we recognise", permanent=True)
        finished = True
    finally:
        os.close(fd)
        if not finished:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
    # Fsynced above; the media store makes its final name durable, with its batch.
    replace_file(temp, done, durable=False)
    log.info("joined %d parts of an HLS video (%d bytes)", len(parts), assembly.size)
    return Downloaded(
        url,
        Path(done),
        assembly.digest.hexdigest(),
        assembly.size,
        content_type,
        None,
        source_url=playlist.url,
    )


def _segment_kind(head: bytes) -> str | None:
    """ "ts" for an MPEG-TS segment, "mp4" for an fMP4 one, None for anything else (an
    error page served with 200, say)."""
    if is_transport_stream(head):
        return "ts"
    if head[4:8] in FMP4_BOXES:
        return "mp4"
    return None
