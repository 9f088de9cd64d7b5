"""Appeal packet benchmark (issue 5): a packet for 1,000 lost pins with images, its build
time and size. Writes its section of docs/BENCHMARKS.md.

    .venv/bin/python -m benchmarks.appeal_bench
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import requests

from benchmarks.backup_bench import our_backup
from benchmarks.common import Timer, sandbox_process, sandbox_state, write_section
from creator_backup.appeal.packet import PacketBuilder
from creator_backup.appeal.report import PacketDetails
from creator_backup.appeal.selection import select_lost
from creator_backup.archive.store import Archive
from creator_backup.render.pdf_report import render_pdf
from creator_backup.render.thumbnails import thumbnail


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lost", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cb-appeal-bench-"))
    try:
        with sandbox_process("--pins", str(args.lost + 200), "--boards", "20") as info:
            root = work / "archive"
            our_backup(info, root)
            pins = [p for p in sandbox_state(info)["pins"]][: args.lost]
            with requests.Session() as session:
                for pin in pins:
                    session.post(f"{info['origin']}/_sandbox/pins/{pin['id']}/remove", timeout=30)
            our_backup(info, root)
        with Archive.open(root, write=False) as archive:
            with Timer() as select_timer:
                selection = select_lost(archive, None, None)
            builder = PacketBuilder(archive, thumbnail, render_pdf)
            with Timer() as build_timer:
                result = builder.build(selection, PacketDetails(case_ref="BENCH"), work / "p.zip")
        with Timer() as small_timer, Archive.open(root, write=False) as archive:
            small = PacketBuilder(archive, thumbnail, render_pdf).build(
                select_lost(archive, None, None), PacketDetails(), work / "s.zip", 10
            )
        lines = [
            f"A packet for {result.items:,} lost pins with {result.media_files:,} images "
            f"(selection {select_timer.seconds:.1f} s): built in {build_timer.seconds:.1f} s, "
            f"{result.size / 1e6:,.0f} MB.",
            f"- With `--max-size 10`: {small_timer.seconds:.1f} s for both files; the "
            f"thumbnail packet is {small.size / 1e6:.1f} MB, the full one beside it "
            f"{(small.full_size or 0) / 1e6:,.0f} MB.",
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for line in lines:
        print(line)
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    write_section(
        "appeal",
        f"## Appeal packets\n\n`python -m benchmarks.appeal_bench`, {stamp}, Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} cores.\n\n" + "\n".join(lines),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
