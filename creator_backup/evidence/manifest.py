"""A snapshot's manifest: the canonical listing of what it held, the bytes the time-stamp
authorities stamp. Deterministic: the same snapshot always gives the same bytes, so anyone
with the archive can rebuild them and compare.

Format, version 1 (UTF-8, lines end with LF, fields separated by one TAB):

    creator_backup snapshot manifest 1
    snapshot<TAB>12
    kind<TAB>full
    started<TAB>2026-12-03T06:00:00Z
    finished<TAB>2026-12-03T06:01:10Z
    api<TAB>https://api.pinterest.com/v5
    items<TAB>3
    <empty line>
    account<TAB>me<TAB>SHA256<TAB>
    board<TAB>549755885175<TAB>SHA256<TAB>
    pin<TAB>1125899906842624<TAB>SHA256<TAB>SHA256,-,SHA256

One line per item, sorted by kind, then id (byte order): the item's kind (account, board,
section, pin), Pinterest's id, the SHA-256 (hex) of the item's JSON as the archive keeps
it normalised (the `versions.hash` column), and its media in order (the pin's image, then
carousel items, then the video): the SHA-256 of the bytes kept for each, `-` for one the
archive does not hold, nothing for an item without media. A field holding a TAB, a line
break or another control character is written as a JSON string instead, so a hostile
title or id can never add a line.
"""

from __future__ import annotations

import json
from collections import defaultdict

from creator_backup.archive.records import Snapshot
from creator_backup.archive.store import Archive

MANIFEST_HEADER = "creator_backup snapshot manifest 1"
NO_MEDIA_BYTES = "-"


def field(text: str) -> str:
    """`text` as one field: as it is, unless it holds a control character."""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return json.dumps(text, ensure_ascii=True)
    return text


def snapshot_manifest(archive: Archive, snapshot: Snapshot) -> bytes:
    """The manifest of `snapshot` (see the module's description)."""
    media: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    for kind, object_id, version_hash, position, sha in archive.manifest_rows(snapshot):
        held = media[(kind, object_id, version_hash)]
        if position is not None:
            held.append((position, sha or NO_MEDIA_BYTES))
    header = [
        MANIFEST_HEADER,
        f"snapshot\t{snapshot.id}",
        f"kind\t{field(snapshot.kind)}",
        f"started\t{field(snapshot.started_at)}",
        f"finished\t{field(snapshot.finished_at or '')}",
        f"api\t{field(snapshot.api_base)}",
        f"items\t{len(media)}",
        "",
    ]
    # Sorted on the encoded bytes: the order is the same in every language and locale.
    items = sorted(media.items(), key=lambda entry: [p.encode("utf-8") for p in entry[0]])
    lines = [
        "\t".join(
            (field(kind), field(object_id), version_hash, ",".join(s for _, s in sorted(held)))
        )
        for (kind, object_id, version_hash), held in items
    ]
    return ("\n".join(header + lines) + "\n").encode("utf-8")
