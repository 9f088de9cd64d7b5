"""What a media file really is, from its first bytes. Pinterest's Content-Type and URL
extensions are not trusted: the stored extension comes from the sniffed type."""

from __future__ import annotations

# MPEG transport stream (an HLS video's segments, joined): 188-byte packets, each
# starting with the sync byte 0x47.
TS_PACKET = 188
TS_SYNC = 0x47
# Enough of a file's start to tell every kept type: four MPEG-TS sync bytes.
SNIFF_BYTES = TS_PACKET * 3 + 1

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "video/mp4": "mp4",
    "video/mp2t": "ts",
}

# An HLS playlist (not media itself: its parts are): how it is served and how it starts.
PLAYLIST_TYPES = frozenset(
    {"application/vnd.apple.mpegurl", "application/x-mpegurl", "audio/mpegurl", "audio/x-mpegurl"}
)
PLAYLIST_SIGNATURE = b"#EXTM3U"


def sniff(head: bytes) -> str | None:
    """The media type of a file that starts with `head` (its first SNIFF_BYTES, or all of
    a shorter file), or None if it is not one we keep."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return "video/mp4"
    if is_transport_stream(head):
        return "video/mp2t"
    return None


def is_transport_stream(head: bytes) -> bool:
    """A sync byte every 188 bytes: at least four of them, or a whole short file of at
    least two packets."""
    if len(head) < SNIFF_BYTES and (len(head) < 2 * TS_PACKET or len(head) % TS_PACKET):
        return False
    return all(head[i] == TS_SYNC for i in range(0, len(head), TS_PACKET))


def is_playlist(content_type: str | None, head: bytes = b"") -> bool:
    """Whether a response is an HLS playlist: by its Content-Type or its first line."""
    media_type = (content_type or "").partition(";")[0].strip().lower()
    return media_type in PLAYLIST_TYPES or head.lstrip(b"\xef\xbb\xbf").startswith(
        PLAYLIST_SIGNATURE
    )
