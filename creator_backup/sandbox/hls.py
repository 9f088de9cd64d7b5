"""HLS videos for realism mode: a master playlist, its variant playlists, MPEG-TS segments.

Some real pins' `video_url` is an HLS master playlist (`.m3u8`), not an mp4, and a client
that keeps the video must fetch the best variant's segments and join them. Everything
here is drawn from (seed, video number), like the sandbox's images: the same video always
has the same playlists and bytes, and `HlsVideo.assembled()` says what a client that
joins the highest-bandwidth variant must end up with.

Addresses follow Pinterest's CDN: the master at `<token>.m3u8`; beside it each variant
`<token>_<name>.m3u8` and its segments `<token>_<name>_00001.ts`, all referred to by
relative URIs, so a client must resolve them against the playlist's own address.
"""

from __future__ import annotations

import random
import re
import struct
from dataclasses import dataclass

from creator_backup.sandbox.media import mix

SEGMENT_MS = 4000
TS_PACKET = 188
SYNC_BYTE = 0x47
PMT_PID = 0x1000
VIDEO_PID = 0x0100
# Segments are this many times smaller than their bandwidth implies: still hundreds of
# real 188-byte packets, but a test fetches a whole minute of video in milliseconds.
BYTES_SCALE = 40
PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
SEGMENT_TYPE = "video/mp2t"
# What follows the token in a file name: "_720w" (a variant) or "_720w_00001" (a segment).
PART_PATTERN = re.compile(r"^_(\d{3,4}w)(?:_(\d{5}))?$")


@dataclass(frozen=True)
class Rendition:
    name: str  # the part of the variant's file names after the token, e.g. "720w"
    width: int
    height: int
    bandwidth: int  # bits per second, as EXT-X-STREAM-INF declares it


LADDER: tuple[Rendition, ...] = (
    Rendition("360w", 360, 640, 800_000),
    Rendition("540w", 540, 960, 1_600_000),
    Rendition("720w", 720, 1280, 3_200_000),
)


@dataclass(frozen=True)
class HlsVideo:
    seed: int
    number: int
    duration_ms: int

    def renditions(self) -> tuple[Rendition, ...]:
        """Two or three variants, in the master's order.

        The order is not always low to high: a client must choose by BANDWIDTH, not by
        position in the playlist.
        """
        chosen = LADDER[-(2 + mix(self.seed, self.number, 40) % 2) :]
        order = mix(self.seed, self.number, 41) % 3
        if order == 1:
            return chosen[::-1]
        if order == 2:
            return chosen[1:] + chosen[:1]  # the best one not last
        return chosen

    def best(self) -> Rendition:
        return max(self.renditions(), key=lambda rendition: rendition.bandwidth)

    def segment_durations(self) -> list[int]:
        full, rest = divmod(max(1, self.duration_ms), SEGMENT_MS)
        return [SEGMENT_MS] * full + ([rest] if rest else [])

    def master(self, stem: str) -> bytes:
        lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
        for rendition in self.renditions():
            lines.append(
                f"#EXT-X-STREAM-INF:BANDWIDTH={rendition.bandwidth},"
                f"RESOLUTION={rendition.width}x{rendition.height},"
                'CODECS="avc1.4d401f,mp4a.40.2"'
            )
            lines.append(f"{stem}_{rendition.name}.m3u8")
        return ("\n".join(lines) + "\n").encode("ascii")

    def media_playlist(self, stem: str, rendition: Rendition) -> bytes:
        durations = self.segment_durations()
        lines = [
            "#EXTM3U",
            "#EXT-X-VERSION:3",
            f"#EXT-X-TARGETDURATION:{-(-max(durations) // 1000)}",
            "#EXT-X-MEDIA-SEQUENCE:1",
            "#EXT-X-PLAYLIST-TYPE:VOD",
        ]
        for i, duration in enumerate(durations):
            lines.append(f"#EXTINF:{duration / 1000:.3f},")
            lines.append(f"{stem}_{rendition.name}_{i + 1:05d}.ts")
        lines.append("#EXT-X-ENDLIST")
        return ("\n".join(lines) + "\n").encode("ascii")

    def segment(self, rendition: Rendition, index: int) -> bytes:
        durations = self.segment_durations()
        packets = max(3, rendition.bandwidth * durations[index] // 8000 // TS_PACKET)
        packets = max(3, packets // BYTES_SCALE)
        rng = random.Random(mix(self.seed, self.number, rendition.width, index, 42))
        start_pts = 90 * SEGMENT_MS * index  # 90 kHz clock
        return ts_segment(rng, packets, start_pts)

    def assembled(self) -> bytes:
        """The best variant's segments joined: what a client that keeps the video saves."""
        best = self.best()
        return b"".join(self.segment(best, i) for i in range(len(self.segment_durations())))

    def resolve(self, stem: str, part: str) -> bytes | None:
        """The file "master", "<name>" (a variant) or "<name>_<nnnnn>"; None if unknown."""
        if part == "master":
            return self.master(stem)
        match = PART_PATTERN.match("_" + part)
        if match is None:
            return None
        rendition = next((r for r in self.renditions() if r.name == match.group(1)), None)
        if rendition is None:
            return None
        if match.group(2) is None:
            return self.media_playlist(stem, rendition)
        index = int(match.group(2)) - 1
        if not 0 <= index < len(self.segment_durations()):
            return None
        return self.segment(rendition, index)


def content_type(part: str) -> str:
    """The Content-Type of an HLS file by its part: a segment's name ends in a number."""
    return SEGMENT_TYPE if part[-5:].isdigit() else PLAYLIST_TYPE


# -- MPEG-TS ------------------------------------------------------------------------------


def mpeg_crc32(data: bytes) -> int:
    """CRC-32/MPEG-2, which PSI tables (PAT, PMT) carry: not zlib's reflected CRC."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def _psi_packet(pid: int, table_id: int, body: bytes) -> bytes:
    # section_length counts what follows it, CRC included.
    section = bytes((table_id,)) + struct.pack(">H", 0xB000 | (len(body) + 4)) + body
    section += struct.pack(">I", mpeg_crc32(section))
    packet = bytes((SYNC_BYTE, 0x40 | (pid >> 8), pid & 0xFF, 0x10, 0x00)) + section
    return packet + b"\xff" * (TS_PACKET - len(packet))


def _pat() -> bytes:
    # Program 1, whose map (PMT) is on PMT_PID.
    body = struct.pack(">HBBB", 1, 0xC1, 0, 0) + struct.pack(">HH", 1, 0xE000 | PMT_PID)
    return _psi_packet(0, 0x00, body)


def _pmt() -> bytes:
    # One H.264 stream (type 0x1B) on VIDEO_PID, which also carries the clock.
    body = struct.pack(">HBBB", 1, 0xC1, 0, 0)
    body += struct.pack(">HH", 0xE000 | VIDEO_PID, 0xF000)
    body += bytes((0x1B,)) + struct.pack(">HH", 0xE000 | VIDEO_PID, 0xF000)
    return _psi_packet(PMT_PID, 0x02, body)


def _pts(value: int) -> bytes:
    return bytes(
        (
            0x21 | ((value >> 29) & 0x0E),
            (value >> 22) & 0xFF,
            0x01 | ((value >> 14) & 0xFE),
            (value >> 7) & 0xFF,
            0x01 | ((value << 1) & 0xFE),
        )
    )


def ts_segment(rng: random.Random, packets: int, start_pts: int) -> bytes:
    """A PAT, a PMT, then one PES of seeded bytes on the video PID: `packets` packets."""
    out = [_pat(), _pmt()]
    payload_size = TS_PACKET - 4
    for i in range(packets - 2):
        first = i == 0
        header = bytes(
            (
                SYNC_BYTE,
                (0x40 if first else 0x00) | (VIDEO_PID >> 8),
                VIDEO_PID & 0xFF,
                0x10 | (i % 16),  # payload only, continuity counter
            )
        )
        pes = b"\x00\x00\x01\xe0\x00\x00\x80\x80\x05" + _pts(start_pts) if first else b""
        out.append(header + pes + rng.randbytes(payload_size - len(pes)))
    return b"".join(out)
