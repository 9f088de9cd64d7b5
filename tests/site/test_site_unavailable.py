"""A deactivated account: the site says when Pinterest called it unavailable, and which
snapshot is the evidence of what it held, on the index, the lost page and the timeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from creator_backup.archive.store import Archive
from creator_backup.checked_words import utc_text
from creator_backup.sandbox import Sandbox
from creator_backup.site import export_site
from tests.backup.conftest import control, do_backup
from tests.site.conftest import archived_ids
from tests.site.html_check import read_page


def test_an_unavailable_account_is_said_plainly_with_its_evidence_baseline(
    make_sandbox: Callable[..., Sandbox], archive_root: Path, tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=8, boards=2, pins=15)
    assert do_backup(sandbox, archive_root).complete
    control(sandbox, "account/suspend")
    assert not do_backup(sandbox, archive_root).complete
    with Archive.open(archive_root, write=False) as archive:
        since = archive.meta("account_unavailable_since")
        baseline = archive.evidence_baseline()
        result = export_site(archive, tmp_path / "site")
    assert since and baseline is not None and baseline.id == 1
    site = result.out
    said = f"Pinterest said this account was unavailable on {utc_text(since)}."
    assert said in " ".join(read_page(site / "index.html").text.split())
    lost = " ".join(read_page(site / "lost.html").text.split())
    assert said in lost
    assert f"the backup of {utc_text(baseline.started_at)}, is the evidence" in lost
    timeline = read_page(site / "timeline.html")
    rows = {r.cells[0]: r.cells for r in timeline.rows if r.cells and r.cells[0][:1].isdigit()}
    assert rows["1 evidence baseline"][4] == "complete"
    assert rows["2"][4] == "stopped: the account was unavailable"
    assert result.pins == len(archived_ids(archive_root, "pin")) > 0
