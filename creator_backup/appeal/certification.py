"""The report's last page: a certification of the process that made the packet, for the
account holder to sign, in the manner of a records certification.

It describes what a reviewer would otherwise have to ask: what was captured and how
(Pinterest's API v5, with the account holder's own login; the snapshots cited and when),
how each file is identified (SHA-256, BagIt manifests), by which tool and version, which
time-stamp authorities vouch for when, and the key the packet is signed with. In the US,
Federal Rule of Evidence 902(14) lets data copied from an electronic device or file be
authenticated by a certification describing such a "process of digital identification";
in the EU, eIDAS gives only a qualified time stamp the presumption of an accurate time.
The page states the process and leaves the legal weight to the reader: it is a form the
account holder fills in, not legal advice.

Everything taken from Pinterest or an authority's certificate reaches the page through
the autoescaping templates, as the rest of the report does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import bagit

from creator_backup.appeal.selection import Selection
from creator_backup.appinfo import DISPLAY_NAME, PROJECT_URL, VERSION
from creator_backup.archive.records import Snapshot
from creator_backup.checked_words import utc_text
from creator_backup.evidence.authorities import Authorities
from creator_backup.evidence.snapshot_stamps import verify_snapshot_stamps
from creator_backup.evidence.stamping import Proof

JsonDict = dict[str, Any]

US_NOTE = (
    "United States: this certification is written to describe the process of digital "
    "identification that Federal Rule of Evidence 902(14) refers to for data copied from an "
    "electronic device, storage medium or file: each file is identified by its SHA-256 hash, "
    "and anyone can recompute the hashes and compare."
)
EU_NOTE = (
    "European Union: under eIDAS (Regulation (EU) No 910/2014), an electronic time stamp is "
    "not denied legal effect or admissibility for being electronic (Article 41(1)); only a "
    "qualified time stamp carries the presumption of an accurate date and time and of the "
    "integrity of the data it is bound to (Article 41(2)). The authorities named above say "
    "whether they are qualified; this tool does not."
)
NOT_ADVICE = "This page describes a process; it is not legal advice."


def _snapshot_kind(snapshot: Snapshot) -> str:
    if snapshot.is_export:
        return "Pinterest's data export, imported"
    return f"backup through the API ({snapshot.kind})"


def _stamp_rows(archive_root: Path, snapshot: Snapshot, roots: tuple[Path, ...]) -> list[str]:
    """Who stamped a snapshot's manifest and when, from its kept tokens as verified now."""
    try:
        found = verify_snapshot_stamps(archive_root, snapshot.id, roots)
    except OSError:
        return []  # never stamped: no manifest kept
    return [
        f"{proof.authority}, {proof.stamped_at.strftime('%Y-%m-%d %H:%M:%S')} UTC"
        for proof in found.values()
        if isinstance(proof, Proof)
    ]


def cited_snapshots(selection: Selection) -> list[Snapshot]:
    """The snapshots the packet rests on, oldest first, each once."""
    cited = [selection.older, selection.newer, *selection.exports]
    unique = {s.id: s for s in cited if s is not None}
    return sorted(unique.values(), key=lambda s: (s.started_at, s.id))


def certification_context(
    selection: Selection,
    archive_root: Path,
    authorities: Authorities,
    signed_by: str | None,
    contact_name: str,
    public_key: str = "",
) -> JsonDict:
    """What the certification page says (see the module's description)."""
    snapshots = [
        {
            "id": snapshot.id,
            "kind": _snapshot_kind(snapshot),
            "started": utc_text(snapshot.started_at),
            "finished": utc_text(snapshot.finished_at) if snapshot.finished_at else "",
            "stamps": _stamp_rows(archive_root, snapshot, authorities.root_files),
        }
        for snapshot in cited_snapshots(selection)
    ]
    return {
        "tool": f"{DISPLAY_NAME} {VERSION}",
        "tool_url": PROJECT_URL,
        "bagit": f"bagit.py {bagit.VERSION}",
        "username": str(selection.account.get("username") or ""),
        "snapshots": snapshots,
        "packet_authorities": list(authorities.urls),
        "signed_by": signed_by,
        # The whole public key, so a reader can check the signature from the report alone.
        "public_key": public_key,
        "signer_name": contact_name,
        "us_note": US_NOTE,
        "eu_note": EU_NOTE,
        "not_advice": NOT_ADVICE,
    }
