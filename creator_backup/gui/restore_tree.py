"""The Restore page's tree: the plan (what is missing and will be put back, what cannot come
back) and the report (what could not be put back, duplicates, what cannot come back), each as
groups of two-column rows.

The groups are worked out by pure functions; `show_groups` is the one that fills the widget.
Long lists are cut at LISTED_MAX rows and the rest counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from creator_backup.gui.restore_words import kind_line, method_how
from creator_backup.gui.translations import translate
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
    what = kind_line(item.kind, one_line(item.title))
    how = method_how(item.method) if item.kind == "pin" else method_how("create")
    board = boards.get(item.board_old or "")
    if item.kind != "board" and board:
        how = translate("RestoreTree", "{how}, on the board {board}").format(
            how=how, board=one_line(board, 80)
        )
    if item.truncations:
        cut = ", ".join(
            translate("RestoreTree", "{field} cut to %Ln character(s)", None, limit).format(
                field=field
            )
            for field, limit in ((c.field, c.limit) for c in item.truncations)
        )
        how = translate("RestoreTree", "{how} ({cuts})").format(how=how, cuts=cut)
    return what, how


def _unlisted(total: int) -> int:
    return max(0, total - LISTED_MAX)


def _cannot_group(plan: Plan) -> TreeGroup:
    rows = []
    for lost in plan.cannot[:LISTED_MAX]:
        rows.append((kind_line(lost.kind, one_line(lost.title)), lost.reason))
    label = translate("RestoreTree", "Cannot come back ({count})").format(
        count=f"{len(plan.cannot):,}"
    )
    return TreeGroup(label, rows, _unlisted(len(plan.cannot)))


def plan_groups(result: RestoreResult, boards: dict[str, str]) -> list[TreeGroup]:
    """The dry run: what is missing (always shown, even when empty), and what cannot come
    back. `boards` names the snapshot's boards by id."""
    plan = result.plan
    missing = TreeGroup(
        translate("RestoreTree", "Missing, will be put back ({count})").format(
            count=f"{len(plan.items):,}"
        ),
        [item_words(item, boards) for item in plan.items[:LISTED_MAX]],
        _unlisted(len(plan.items)),
    )
    return [missing, _cannot_group(plan)] if plan.cannot else [missing]


def outcome_row(item: PlanItem, how: str, boards: dict[str, str]) -> Row:
    """A plan item the run finished: put back (and how), or found there already."""
    what, method = item_words(item, boards)
    if how == "found":  # it had arrived (an earlier run's write showed up late)
        board = boards.get(item.board_old or "")
        if item.kind != "board" and board:
            return what, translate(
                "RestoreTree", "already there: not sent again, on the board {board}"
            ).format(board=one_line(board, 80))
        return what, translate("RestoreTree", "already there: not sent again")
    return what, translate("RestoreTree", "put back: {how}").format(how=method)


def report_groups(result: RestoreResult, boards: dict[str, str]) -> list[TreeGroup]:
    """The run: what was put back, each with how (always shown, even when empty: the
    finished page keeps what the plan listed); what could not be put back and why; what the
    run stopped before sending; the duplicates; and what cannot come back. `boards` names
    the snapshot's boards by id."""
    items = result.plan.items
    finished = [i for i in items if (i.kind, i.old_id) in result.outcomes]
    groups = [
        TreeGroup(
            translate("RestoreTree", "Put back ({count})").format(count=f"{len(finished):,}"),
            [outcome_row(i, result.outcomes[(i.kind, i.old_id)], boards)
             for i in finished[:LISTED_MAX]],
            _unlisted(len(finished)),
        )
    ]  # fmt: skip
    if result.failed:
        rows = []
        for failure in result.failed[:LISTED_MAX]:
            kind = str(failure.get("kind", ""))
            title = one_line(str(failure.get("title") or ""))
            rows.append((kind_line(kind, title), str(failure.get("reason", ""))))
        label = translate("RestoreTree", "Could not be put back ({count})").format(
            count=f"{len(result.failed):,}"
        )
        groups.append(TreeGroup(label, rows, _unlisted(len(result.failed))))
    failed = {(str(f.get("kind", "")), str(f.get("id", ""))) for f in result.failed}
    unsent = [
        i for i in items if (i.kind, i.old_id) not in result.outcomes
        and (i.kind, i.old_id) not in failed
    ]  # fmt: skip
    if unsent:
        groups.append(TreeGroup(
            translate("RestoreTree", "Not sent: the restore stopped first ({count})")
            .format(count=f"{len(unsent):,}"),
            [item_words(i, boards) for i in unsent[:LISTED_MAX]],
            _unlisted(len(unsent)),
        ))  # fmt: skip
    if result.duplicates:
        dupes = []
        for dupe in result.duplicates[:LISTED_MAX]:
            ids = dupe.get("ids")
            copies = len(ids) if isinstance(ids, list) else 2
            dupes.append((kind_line("pin", one_line(str(dupe.get("title") or ""))),
                          translate("RestoreTree", "%Ln copies on one board", None, copies)))  # fmt: skip
        # The duplicates beyond LISTED_MAX are not counted in a row of their own.
        label = translate("RestoreTree", "Duplicates ({count})").format(
            count=f"{len(result.duplicates):,}"
        )
        groups.append(TreeGroup(label, dupes))
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
            unlisted = group.unlisted
            QTreeWidgetItem(top, [translate("RestoreTree", "… and %Ln more", None, unlisted), ""])
        top.setExpanded(True)
    tree.resizeColumnToContents(0)
    tree.setColumnWidth(0, min(tree.columnWidth(0), WHAT_WIDTH_MAX))
