"""The Restore page's tree: the plan (what is missing and will be put back, what cannot come
back) and the report (what could not be put back, duplicates, what cannot come back), each as
groups of two-column rows.

The groups are worked out by pure functions; `show_groups` is the one that fills the widget.
Long lists are cut at LISTED_MAX rows and the rest counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from creator_backup.gui.restore_words import METHOD_WORDS
from creator_backup.restore.plan import Plan, PlanItem
from creator_backup.restore.report import RestoreResult
from creator_backup.words import one_line

LISTED_MAX = 2000  # items listed in the tree; the rest are counted
WHAT_WIDTH_MAX = 520  # a very long title must not push the details out of sight

Row = tuple[str, str]  # What, Details


@dataclass(frozen=True)
class TreeGroup:
    """A top-level row: its label, the rows listed under it, and how many more there are than
    are listed (shown as one "… and N more" row when not 0)."""

    label: str
    rows: list[Row]
    unlisted: int = 0


def item_words(item: PlanItem, boards: dict[str, str]) -> Row:
    """A plan item for the tree: what (Pinterest text, plain) and how it comes back."""
    untitled = f"Untitled {item.kind}"
    what = f"{item.kind}: {one_line(item.title) or untitled}"
    how = METHOD_WORDS.get(item.method, item.method) if item.kind == "pin" else "created again"
    board = boards.get(item.board_old or "")
    if item.kind != "board" and board:
        how += f", on the board {one_line(board, 80)}"
    if item.truncations:
        cut = ", ".join(f"{c.field} cut to {c.limit:,} characters" for c in item.truncations)
        how += f" ({cut})"
    return what, how


def _unlisted(total: int) -> int:
    return max(0, total - LISTED_MAX)


def _cannot_group(plan: Plan) -> TreeGroup:
    rows = []
    for lost in plan.cannot[:LISTED_MAX]:
        title = one_line(lost.title) or f"Untitled {lost.kind}"
        rows.append((f"{lost.kind}: {title}", lost.reason))
    return TreeGroup(f"Cannot come back ({len(plan.cannot):,})", rows, _unlisted(len(plan.cannot)))


def plan_groups(result: RestoreResult, boards: dict[str, str]) -> list[TreeGroup]:
    """The dry run: what is missing (always shown, even when empty), and what cannot come
    back. `boards` names the snapshot's boards by id."""
    plan = result.plan
    missing = TreeGroup(
        f"Missing, will be put back ({len(plan.items):,})",
        [item_words(item, boards) for item in plan.items[:LISTED_MAX]],
        _unlisted(len(plan.items)),
    )
    return [missing, _cannot_group(plan)] if plan.cannot else [missing]


def outcome_row(item: PlanItem, how: str, boards: dict[str, str]) -> Row:
    """A plan item the run finished: put back (and how), or found there already."""
    what, method = item_words(item, boards)
    if how == "found":  # it had arrived (an earlier run's write showed up late)
        board = boards.get(item.board_old or "")
        where = f", on the board {one_line(board, 80)}" if item.kind != "board" and board else ""
        return what, f"already there: not sent again{where}"
    return what, f"put back: {method}"


def report_groups(result: RestoreResult, boards: dict[str, str]) -> list[TreeGroup]:
    """The run: what was put back, each with how (always shown, even when empty: the
    finished page keeps what the plan listed); what could not be put back and why; what the
    run stopped before sending; the duplicates; and what cannot come back. `boards` names
    the snapshot's boards by id."""
    items = result.plan.items
    finished = [i for i in items if (i.kind, i.old_id) in result.outcomes]
    groups = [
        TreeGroup(
            f"Put back ({len(finished):,})",
            [outcome_row(i, result.outcomes[(i.kind, i.old_id)], boards)
             for i in finished[:LISTED_MAX]],
            _unlisted(len(finished)),
        )
    ]  # fmt: skip
    if result.failed:
        rows = []
        for failure in result.failed[:LISTED_MAX]:
            kind = str(failure.get("kind", ""))
            title = one_line(str(failure.get("title") or "")) or f"Untitled {kind}"
            rows.append((f"{kind}: {title}", str(failure.get("reason", ""))))
        label = f"Could not be put back ({len(result.failed):,})"
        groups.append(TreeGroup(label, rows, _unlisted(len(result.failed))))
    failed = {(str(f.get("kind", "")), str(f.get("id", ""))) for f in result.failed}
    unsent = [
        i for i in items if (i.kind, i.old_id) not in result.outcomes
        and (i.kind, i.old_id) not in failed
    ]  # fmt: skip
    if unsent:
        groups.append(TreeGroup(
            f"Not sent: the restore stopped first ({len(unsent):,})",
            [item_words(i, boards) for i in unsent[:LISTED_MAX]],
            _unlisted(len(unsent)),
        ))  # fmt: skip
    if result.duplicates:
        dupes = []
        for dupe in result.duplicates[:LISTED_MAX]:
            ids = dupe.get("ids")
            copies = len(ids) if isinstance(ids, list) else 2
            dupes.append((f"pin: {one_line(str(dupe.get('title') or ''))}",
                          f"{copies} copies on one board"))  # fmt: skip
        # The duplicates beyond LISTED_MAX are not counted in a row of their own.
        groups.append(TreeGroup(f"Duplicates ({len(result.duplicates):,})", dupes))
    if result.plan.cannot:
        groups.append(_cannot_group(result.plan))
    return groups


def show_groups(tree: QTreeWidget, groups: list[TreeGroup]) -> None:
    """Replaces what the tree shows with these groups, each expanded."""
    tree.clear()
    for group in groups:
        top = QTreeWidgetItem(tree, [group.label, ""])
        for row in group.rows:
            QTreeWidgetItem(top, list(row))
        if group.unlisted:
            QTreeWidgetItem(top, [f"… and {group.unlisted:,} more", ""])
        top.setExpanded(True)
    tree.resizeColumnToContents(0)
    tree.setColumnWidth(0, min(tree.columnWidth(0), WHAT_WIDTH_MAX))
