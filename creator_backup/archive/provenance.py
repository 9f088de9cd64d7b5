"""Where a snapshot came from: a backup through Pinterest's API, or an import of Pinterest's
data export. An export is not a listing of the account: it has no sightings, and objects
only an export named are never concluded missing, carried or fetched by a backup (the API
may simply not show them; their loss is the export's own word).

The one home of the kind an import's snapshot has. Statements never spell it: they bind
it as a parameter (`kind != ?` with DATA_EXPORT), and code asks `Snapshot.is_export`;
tests/archive/test_provenance.py holds every module to that.
"""

from __future__ import annotations

DATA_EXPORT = "data_export"  # snapshots.kind of an import of Pinterest's data export
