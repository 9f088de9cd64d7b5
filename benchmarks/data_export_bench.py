"""How long `import-export` takes, and its peak memory, for a generated export of N pins
(no pictures: the CDN is not measured). Run: .venv/bin/python -m benchmarks.data_export_bench 100000
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from creator_backup.data_export.importer import ImportOptions
from creator_backup.data_export.service import import_export
from tests.data_export.exports import pin, render, zipped


def write_export(count: int, path: Path) -> None:
    """A data export of `count` pins on 40 boards, one in 50 not alive, zipped at `path`."""
    pins = [
        pin(str(10**12 + n), title=f"Pin {n}: a, b & c", details="line\nline, more: yes",
            image=f"{n:032x}", board_id=str(1000 + n % 40), board_name=f"Board {n % 40}",
            alive="False" if n % 50 == 0 else "True")
        for n in range(count)
    ]  # fmt: skip
    path.write_bytes(zipped(render(pins)))


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        export = root / "export.zip"
        write_export(count, export)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        result, destination = import_export(
            export, root / "archives", "https://api.pinterest.com/v5", [],
            options=ImportOptions(media=False),
        )  # fmt: skip
        took = time.perf_counter() - started
        size = (destination.root / "archive.sqlite").stat().st_size
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{result.pins:,} pins, {result.boards} boards, {result.alive_false:,} not alive: "
              f"{took:.1f} s ({result.pins / took:,.0f} pins/s), export {export.stat().st_size / 1e6:.1f} MB "
              f"zipped, database {size / 1e6:.1f} MB, peak RSS {peak:.0f} MB "
              f"({before:.0f} MB before the import, from generating the export)")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
