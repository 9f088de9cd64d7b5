"""What a restore tells its user: the plan (dry run), or what was restored, what was
already there, what failed and why, and what cannot come back.

Pinterest text is shown through `shown()`: quoted, control and direction-changing
characters escaped, cut short, so a title can never rewrite a terminal line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from creator_backup.progress import human_size
from creator_backup.restore.plan import KINDS, Plan, PlanItem
from creator_backup.words import when_text

JsonDict = dict[str, object]
SHOWN_MAX = 60
LISTED_MAX = 20
METHOD_WORDS = {
    "image_base64": "image uploads (image_base64)",
    "multiple_image_base64": "carousel uploads (multiple_image_base64)",
    "video_upload": "video uploads (POST /media)",
    "save": "saves of the original pin (POST /pins/{id}/save)",
}


def shown(text: str) -> str:
    quoted = repr(text)
    return quoted if len(quoted) <= SHOWN_MAX else quoted[: SHOWN_MAX - 2] + "…" + quoted[0]


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[f'{k}s']:,} {k}{'s' if counts[f'{k}s'] != 1 else ''}" for k in KINDS)


@dataclass
class RestoreResult:
    plan: Plan
    dry_run: bool
    created: dict[str, int] = field(default_factory=lambda: {f"{k}s": 0 for k in KINDS})
    failed: list[JsonDict] = field(default_factory=list)
    stopped: str | None = None
    duplicates: list[JsonDict] = field(default_factory=list)
    # How each plan item this run finished ended, by (kind, original id): "created", or
    # "found" (it had arrived after all). Failures are in `failed`; an item in neither was
    # not reached (the run stopped first). A report lists each with its outcome.
    outcomes: dict[tuple[str, str], str] = field(default_factory=dict)

    def add_failure(self, item: PlanItem, reason: str) -> None:
        self.failed.append(
            {"kind": item.kind, "id": item.old_id, "title": item.title, "reason": reason}
        )

    @property
    def cancelled(self) -> bool:
        return self.stopped == "cancelled"

    @property
    def ok(self) -> bool:
        return self.stopped is None and not self.failed and not self.duplicates

    def to_json(self) -> JsonDict:
        body: JsonDict = {
            "dry_run": self.dry_run,
            "plan": self.plan.counts(),
            "created": dict(self.created),
            "already_present": self.plan.present_counts(),
            "failed": list(self.failed),
            "stopped": self.stopped,
            "duplicates": list(self.duplicates),
        }
        details = self.plan.to_json()
        if not self.dry_run:
            details.pop("items")
        body.update(details)
        return body

    def lines(self, whole_list: str = "") -> list[str]:
        """The report in lines; `whole_list` says where the lists cut short are whole
        (the command line's `--json`), after "… and N more"."""
        plan = self.plan
        out = [
            f"From snapshot {plan.snapshot.id} ({when_text(plan.snapshot.started_at)}): missing "
            f"{_counted(plan.counts())}; already there: {_counted(plan.present_counts())}."
        ]
        methods = plan.methods()
        if methods:
            out.append(
                "Pins come back as: "
                + ", ".join(f"{n:,} {METHOD_WORDS.get(m, m)}" for m, n in sorted(methods.items()))
                + "."
            )
        if plan.items:
            out.append(
                f"To upload: {human_size(plan.upload_bytes)} in {plan.writes:,} writes, about "
                f"{plan.estimated_seconds / 60:.1f} min under the write limit of "
                f"{plan.writes_per_min:,} a minute."
            )
        for cut in plan.truncations[:LISTED_MAX]:
            out.append(
                f"  cut to the limit: {cut.kind} {cut.id} {cut.field} "
                f"({cut.length:,} -> {cut.limit:,} characters)"
            )
        for missing in plan.cannot[:LISTED_MAX]:
            out.append(
                f"  cannot come back: {missing.kind} {missing.id} {shown(missing.title)}: "
                f"{missing.reason}"
            )
        if len(plan.cannot) > LISTED_MAX:
            out.append(f"  … and {len(plan.cannot) - LISTED_MAX} more that cannot{whole_list}")
        if self.dry_run:
            out.append("Dry run: nothing was sent to Pinterest.")
            return out
        out.append(f"Restored {_counted(self.created)}.")
        for failure in self.failed[:LISTED_MAX]:
            out.append(
                f"  failed: {failure['kind']} {failure['id']} {shown(str(failure['title']))}: "
                f"{failure['reason']}"
            )
        if len(self.failed) > LISTED_MAX:
            out.append(f"  … and {len(self.failed) - LISTED_MAX} more failures{whole_list}")
        for dupe in self.duplicates[:LISTED_MAX]:
            out.append(
                f"  duplicate on board {dupe['board_id']}: {shown(str(dupe['title']))} "
                f"({len(dupe['ids'])} copies: {', '.join(dupe['ids'])})"  # type: ignore[arg-type]
            )
        if self.stopped == "cancelled":
            out.append("Cancelled. Run the restore again to continue where it stopped.")
        elif self.stopped:
            out.append(f"Stopped: {self.stopped}")
        elif self.ok:
            out.append("Everything that can come back is back.")
        return out
