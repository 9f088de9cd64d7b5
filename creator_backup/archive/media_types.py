"""What a media file really is, from its first bytes. Pinterest's Content-Type and URL
extensions are not trusted: the stored extension comes from the sniffed type."""

from __future__ import annotations

SNIFF_BYTES = 16

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "video/mp4": "mp4",
}


def sniff(head: bytes) -> str | None:
    """The media type of a file that starts with `head`, or None if it is not one we keep."""
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
    return None
