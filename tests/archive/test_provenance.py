"""The kind of an import's snapshot has one home (creator_backup/archive/provenance.py):
statements bind it as a parameter and code asks Snapshot.is_export, so no module spells
'data_export' in SQL or compares a snapshot's kind with it (the scan found 14 statements and
15 comparisons before)."""

from __future__ import annotations

import ast
from pathlib import Path

from creator_backup.archive.provenance import DATA_EXPORT
from creator_backup.archive.records import Snapshot

PACKAGE = Path(__file__).resolve().parents[2] / "creator_backup"
# The migrations are history: they rewrite rows as they were when each version shipped.
FROZEN = {"archive/schema.py"}


def spelled_out(package: Path) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative in FROZEN or relative == "archive/provenance.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and f"'{DATA_EXPORT}'" in node.value
            ):
                found.append(f"{relative}:{node.lineno} SQL literal")
            if isinstance(node, ast.Compare) and _compares_a_kind(node):
                found.append(f"{relative}:{node.lineno} {ast.unparse(node)}")
    return found


def _compares_a_kind(node: ast.Compare) -> bool:
    sides = [node.left, *node.comparators]
    names_kind = any(isinstance(s, ast.Attribute) and s.attr == "kind" for s in sides)
    names_export = any(isinstance(s, ast.Constant) and s.value == DATA_EXPORT for s in sides)
    return names_kind and names_export


def test_no_module_spells_the_export_kind() -> None:
    assert spelled_out(PACKAGE) == [], "bind DATA_EXPORT as a parameter; ask Snapshot.is_export"


def test_the_scan_finds_a_spelled_out_filter(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text(
        "SQL = \"SELECT * FROM snapshots WHERE kind != 'data_export'\"\n"
        "def backups(snapshots):\n"
        "    return [s for s in snapshots if s.kind != 'data_export']\n"
    )
    assert [line.split(" ", 1)[0] for line in spelled_out(tmp_path)] == ["old.py:1", "old.py:3"]


def test_a_snapshot_says_whether_an_export_made_it() -> None:
    def snapshot(kind: str) -> Snapshot:
        return Snapshot(1, kind, "complete", "2024-01-01T00:00:00Z", None, "", {}, "")

    assert snapshot(DATA_EXPORT).is_export
    assert not snapshot("full").is_export and not snapshot("quick").is_export
