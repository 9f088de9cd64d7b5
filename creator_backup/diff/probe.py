"""Asks Pinterest about each pin that vanished from the listings: a 404 means it is gone
from Pinterest; still reachable means it was moved or hidden. Each answer is stored with
its time and request id, as evidence."""

from __future__ import annotations

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import ApiError, NotFound, RateLimited, TrialAccessLimit
from creator_backup.archive.store import Archive
from creator_backup.diff.compare import DiffResult
from creator_backup.errors import Cancelled
from creator_backup.progress import Progress, ProgressSink, ignore_progress

GONE = "gone"
REACHABLE = "reachable"
UNKNOWN = "unknown"


def probe_removed_pins(
    client: PinterestClient,
    archive: Archive,
    result: DiffResult,
    progress: ProgressSink = ignore_progress,
) -> dict[str, str]:
    """One GET per vanished pin. Stops at the first rate limit or Trial refusal: the pins
    not asked about stay unprobed (absent from the answer), never wrongly classified."""
    verdicts: dict[str, str] = {}
    removed = result.removed["pin"]
    for index, item in enumerate(removed):
        progress(Progress("Asking Pinterest about vanished pins", done=index, total=len(removed)))
        request_id: str | None
        try:
            client.get_pin(item.id)
            verdict, status, request_id = REACHABLE, 200, client.last_request_id()
        except NotFound as exc:
            verdict, status, request_id = GONE, exc.status or 404, exc.request_id
        except (RateLimited, TrialAccessLimit, Cancelled):
            break
        except ApiError as exc:
            verdict, status, request_id = UNKNOWN, exc.status or 0, exc.request_id
        archive.record_probe("pin", item.id, result.newer.id, verdict, status, request_id)
        verdicts[item.id] = verdict
    return verdicts
