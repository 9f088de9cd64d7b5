"""Issue 22's three goals at 100,000 pins, before and after in one run: the code before
(a commit, extracted with `git archive`) and the working tree each measured in processes
of their own, over the same archive and the same export.

- a diff of two 100,000-pin snapshots (10,000 pins removed) within 2 s;
- an appeal packet of 10,000 lost pins, each with its picture, within 2 minutes;
- importing a data export of 100,000 pins with peak RSS at most 300 MB above the
  export's file.

The archive is made by benchmarks/synthetic.py through the archive's own write API.

    .venv/bin/python -m benchmarks.scale_bench [--before COMMIT] [--pins N] [--lost N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Timer, measure_in_child, write_section

CHILD = "import sys; from benchmarks.scale_bench import child; child(sys.argv[1:])"


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _diff(root: Path) -> dict[str, Any]:
    from creator_backup.archive.store import Archive
    from creator_backup.diff.compare import choose_snapshots, diff

    runs = []
    for _ in range(3):
        with Archive.open(root, write=False) as archive, Timer() as timer:
            result = diff(archive, *choose_snapshots(archive, None, None))
            body = result.to_json(detail=True)
        runs.append(timer.seconds)
    return {"seconds": sorted(runs)[1], "removed": len(body["removed"]["pins"])}


def _appeal(root: Path, out: Path) -> dict[str, Any]:
    from creator_backup.appeal.packet import PacketBuilder
    from creator_backup.appeal.report import PacketDetails
    from creator_backup.appeal.selection import select_lost
    from creator_backup.archive.store import Archive
    from creator_backup.progress import Progress
    from creator_backup.render.pdf_report import render_pdf
    from creator_backup.render.thumbnails import thumbnail

    phases: dict[str, float] = {}
    began = [time.perf_counter()]
    phase = [""]

    def sink(progress: Progress) -> None:
        now = time.perf_counter()
        if progress.phase != phase[0]:
            if phase[0]:
                phases[phase[0]] = phases.get(phase[0], 0.0) + now - began[0]
            began[0], phase[0] = now, progress.phase

    with Archive.open(root, write=False) as archive, Timer() as timer:
        with Timer() as select_timer:
            selection = select_lost(archive, None, None)
        builder = PacketBuilder(archive, thumbnail, render_pdf, progress=sink)
        result = builder.build(selection, PacketDetails(case_ref="BENCH"), out)
    phases[phase[0] + " (and cleaning up)"] = time.perf_counter() - began[0]
    size = out.stat().st_size
    out.unlink()
    return {
        "seconds": timer.seconds,
        "select": select_timer.seconds,
        "items": result.items,
        "media": result.media_files,
        "mb": size / 1e6,
        "phases": phases,
    }


def _make_export(count: int, path: Path) -> dict[str, Any]:
    from benchmarks.data_export_bench import write_export

    write_export(count, path)
    return {"mb": path.stat().st_size / 1e6}


def _import(export: Path, into: Path) -> dict[str, Any]:
    from creator_backup.data_export.importer import ImportOptions
    from creator_backup.data_export.service import import_export

    start = peak_mb()
    with Timer() as timer:
        result, _ = import_export(
            export, into, "https://api.pinterest.com/v5", [], options=ImportOptions(media=False)
        )
    return {"seconds": timer.seconds, "pins": result.pins, "peak": peak_mb(), "start": start}


def child(argv: list[str]) -> None:
    what, *rest = argv
    if what == "diff":
        found = _diff(Path(rest[0]))
    elif what == "appeal":
        found = _appeal(Path(rest[0]), Path(rest[1]))
    elif what == "export":
        found = _make_export(int(rest[0]), Path(rest[1]))
    elif what == "import":
        found = _import(Path(rest[0]), Path(rest[1]))
    else:
        raise SystemExit(f"unknown: {what}")
    print(json.dumps(found), flush=True)


def run(tree: Path, *argv: str) -> dict[str, Any]:
    """One measurement in a process of its own, importing creator_backup from `tree` (the
    benchmarks and tests from this checkout)."""
    env = dict(os.environ, PYTHONPATH=f"{tree}{os.pathsep}{ROOT}", QT_QPA_PLATFORM="offscreen")
    found: dict[str, Any] = measure_in_child(CHILD, list(argv), env, f"{argv[0]} in {tree}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    # A commit before schema 7 cannot open the archive this script makes (the search
    # index): 6d882a2 is the last before the comparison read only what changed.
    parser.add_argument("--before", default="6d882a2", help="the commit measured as before")
    parser.add_argument("--pins", type=int, default=100_000)
    parser.add_argument("--lost", type=int, default=10_000)
    parser.add_argument("--only", choices=("diff", "appeal", "import"), action="append")
    args = parser.parse_args()
    only = set(args.only or ("diff", "appeal", "import"))
    work = Path(tempfile.mkdtemp(prefix="cb-scale-"))
    lines: list[str] = []
    try:
        before = work / "before"
        before.mkdir()
        tar = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.before, "creator_backup", "resources"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(before)], input=tar, check=True)
        trees = {"before": before, "after": ROOT}
        if only & {"diff", "appeal"}:
            from benchmarks.synthetic import build_archive

            archive = work / "archive"
            with Timer() as made:
                build_archive(archive, args.pins, args.lost, args.lost)
            print(f"archive made in {made.seconds:.0f} s", flush=True)
            if "diff" in only:
                d = {k: run(t, "diff", str(archive)) for k, t in trees.items()}
                lines.append(
                    f"- **Diff** of two {args.pins:,}-pin snapshots ({d['after']['removed']:,} "
                    f"pins removed; `diff` and its JSON with details, median of 3): before "
                    f"{d['before']['seconds']:.2f} s, after {d['after']['seconds']:.2f} s "
                    "(goal at most 2 s)."
                )
                print(lines[-1], flush=True)
            if "appeal" in only:
                a = {k: run(t, "appeal", str(archive), str(work / "p.zip")) for k, t in trees.items()}  # fmt: skip
                for key in ("before", "after"):
                    phases = ", ".join(
                        f"{name.lower()} {took:.1f} s"
                        for name, took in a[key]["phases"].items()
                        if took >= 0.5
                    )
                    lines.append(
                        f"- **Appeal packet** of {a[key]['items']:,} lost pins with "
                        f"{a[key]['media']:,} pictures ({a[key]['mb']:,.0f} MB), {key}: "
                        f"{a[key]['seconds']:.1f} s (goal at most 120 s); selection "
                        f"{a[key]['select']:.1f} s, {phases}."
                    )
                    print(lines[-1], flush=True)
            shutil.rmtree(archive, ignore_errors=True)
        if "import" in only:
            export = work / "export.zip"
            run(ROOT, "export", str(args.pins), str(export))
            size = export.stat().st_size / 1e6
            for key, tree in trees.items():
                i = run(tree, "import", str(export), str(work / f"archives-{key}"))
                lines.append(
                    f"- **Data-export import** of {i['pins']:,} pins (export {size:.0f} MB "
                    f"zipped, no pictures), {key}: {i['seconds']:.0f} s, peak RSS "
                    f"{i['peak']:.0f} MB ({i['start']:.0f} MB before the import began; the "
                    f"goal allows the file's {size:.0f} MB + 300 MB)."
                )
                print(lines[-1], flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    write_section(
        "scale",
        f"## 100,000 pins (issue 22)\n\n`python -m benchmarks.scale_bench`, {stamp}, Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} cores. Before = commit {args.before}, "
        "after = this tree; each measured in a process of its own, in one run, over the same "
        "archive (benchmarks/synthetic.py: made through the archive's own API, pictures "
        "of about 300 kB) and the same export.\n\n" + "\n".join(lines),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
