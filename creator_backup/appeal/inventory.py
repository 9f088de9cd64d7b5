"""inventory.csv: one row per lost item, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) is a formula to Excel and
LibreOffice; Pinterest text is untrusted, so such cells get a leading apostrophe (OWASP's
advice for CSV injection) and show as the text they are.
"""

from __future__ import annotations

import csv
import io

from creator_backup.appeal.selection import PacketItem

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "kind", "id", "title", "description", "link", "board_id", "board_name", "section_id",
    "created_at", "first_seen", "last_seen", "missing_since", "probe", "media_sha256",
    "evidence",
)  # fmt: skip


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def inventory_csv(items: list[PacketItem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        row = [
            item.kind, item.id, item.title, item.description, item.link, item.board_id or "",
            item.board_name, item.section_id or "", item.created_at, item.first_seen or "",
            item.last_seen or "", item.missing_since or "", item.probe or "",
            " ".join(m.sha256 for m in item.media), item.evidence,
        ]  # fmt: skip
        writer.writerow([neutralise(str(cell)) for cell in row])
    return out.getvalue()
