"""Hostile data exports, built at any size, and a measure of what importing one costs: the
import runs in a process of its own, so its peak memory is its own (ru_maxrss).

The benchmark (benchmarks/export_bomb_bench.py) and the reliability tests build the same
files with the same functions."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.data_export.exports import pin, pin_html, render

ROOT = Path(__file__).resolve().parents[2]
BOUNDARY = 1 << 16  # the import reads a ZIP member 64 KiB at a time (and once fed 1 MiB)
HEAD = '<div id="contents"><h1 id=y1bkd>Pins</h1>\n' + pin_html(pin("1", title="A pin"))


def _filler(size: int) -> str:
    """Text with no tag, space or line break in it that deflates about 40 to 1, as a
    small hostile ZIP's page does (the ZIP bomb check, at 200 to 1, lets it through)."""
    rng = random.Random(size)
    runs, total = [], 0
    while total < size:
        run = "a" * rng.randint(20, 180) + rng.choice("bcdefghij")
        runs.append(run)
        total += len(run)
    return "".join(runs)[:size]


def zipped_small(page: str) -> bytes:
    """The page alone in a ZIP, deflated (as Pinterest's ZIP is)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pinterest/index.html", page)
    return buffer.getvalue()


def unclosed_comment(size: int) -> str:
    return HEAD + "<!--" + _filler(size)


def unclosed_script(size: int) -> str:
    return HEAD + "<script>" + _filler(size)


def ampersands(size: int) -> str:
    """`&x` just before every boundary where the reader's chunks end, so a character
    reference always seems cut in half."""
    text = bytearray((HEAD + _filler(size)).encode("ascii"))
    for end in range(BOUNDARY, len(text), BOUNDARY):
        text[end - 2 : end] = b"&x"
    return text.decode("ascii")


def tiny_pins(count: int) -> str:
    """Pins as small as a pin the import reads can be: a link and three short fields."""
    rows = [
        f'<a href="https://www.pinterest.com/pin/{10**12 + n}/">p</a>'
        "<br>Title: t<br>Details: d<br>Username: u<br>Alive: True<br>"
        for n in range(count)
    ]
    return "<h1 id=y>Pins</h1>\n" + "".join(rows)


def long_title(lines: int) -> str:
    """One Title continued over many `<br>` lines."""
    body = "".join(f"<br>title line {n:08}" for n in range(lines))
    return (
        '<h1 id=y>Pins</h1>\n<a href="https://www.pinterest.com/pin/7/">x</a>\n'
        f"<br>Title: start{body}\n<br>Details: d\n<br>Username: creator\n"
        "<br>Created at: 2021/03/04 05:06:07\n<br>Alive: True"
    )


def long_username(size: int) -> str:
    return render([pin("5", username=_filler(size), title="A pin")])


def emoji_details(size: int) -> str:
    """A pin whose Details are `size` emoji: four bytes each, the costliest characters."""
    rng = random.Random(size)
    faces = "".join(chr(0x1F600 + n) for n in range(16))
    return render([pin("6", details="".join(rng.choice(faces) for _ in range(size)))])


def many_tags(size: int) -> str:
    """One line of a pin's Details made of a tag around every letter."""
    rng = random.Random(size)
    letters = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(size // 8))
    return HEAD.removesuffix("<br>") + "<br>Details: " + "".join(f"<b>{c}</b>" for c in letters)


def many_labels(size: int) -> str:
    """One pin with a new `Label: value` line every hundred characters."""
    value = _filler(90)
    return HEAD + "".join(f"<br>L{n % 1000}: {value}" for n in range(size // 100))


HOSTILE: dict[str, Callable[[int], str]] = {
    "a label on every line": many_labels,
    "unclosed <!--": unclosed_comment,
    "unclosed <script>": unclosed_script,
    "&x at every chunk boundary": ampersands,
}

# The peak is read from /proc (VmHWM: this process's own since it started): ru_maxrss would
# also count the parent that started it (Linux keeps it across the exec).
# Pages dense in tags: html.parser reads them far slower than plain text, so they are
# built smaller.
DENSE: dict[str, Callable[[int], str]] = {"a tag around every letter": many_tags}

MEASURE = """
import json, resource, sys, time
from pathlib import Path
from creator_backup.data_export.container import Limits
from creator_backup.data_export.importer import ImportOptions
from creator_backup.data_export.service import import_export
from creator_backup.errors import AppError
from creator_backup.words import plural

path, archives, max_pins = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
started = time.perf_counter()
try:
    result, _ = import_export(
        path, archives, "https://api.pinterest.com/v5", [],
        options=ImportOptions(media=False), limits=Limits(max_pins=max_pins),
    )
    outcome = f"imported {plural(result.pins, 'pin')}"
except AppError as exc:
    outcome = f"refused: {exc}"
took = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:
    status = Path("/proc/self/status").read_text()
    peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1]) / 1024
except (OSError, StopIteration):
    pass
print(json.dumps({"peak_mb": peak, "seconds": took, "outcome": outcome}))
"""


@dataclass(frozen=True)
class Cost:
    peak_mb: float
    seconds: float
    outcome: str
    zip_bytes: int
    html_chars: int


def import_cost(page: str, folder: Path, max_pins: int = 250_000, timeout: float = 900) -> Cost:
    """Imports the page, zipped, in a process of its own: its peak memory and time."""
    folder.mkdir(parents=True, exist_ok=True)
    export = folder / "export.zip"
    export.write_bytes(zipped_small(page))
    return file_cost(export, folder, max_pins, timeout, len(page))


def steady_cost(page: str, folder: Path, runs: int = 2) -> Cost:
    """The import's cost with the lowest peak of a few runs: a busy machine adds a few MB
    of allocator noise to a single run's peak (seen as 7 MB on a loaded CI worker), which
    a growth test would read as growth; the lowest peak is what the reader itself needs."""
    costs = [import_cost(page, folder / f"run-{n}") for n in range(runs)]
    return min(costs, key=lambda cost: cost.peak_mb)


def file_cost(
    export: Path, folder: Path, max_pins: int = 250_000, timeout: float = 900, chars: int = 0
) -> Cost:
    """Imports the file in a process of its own: its peak memory and time."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(export), str(folder / "archives"), str(max_pins)],
        capture_output=True, text=True, env=env, timeout=timeout, check=False,
    )  # fmt: skip
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    body = json.loads(done.stdout.strip().splitlines()[-1])
    return Cost(
        float(body["peak_mb"]), float(body["seconds"]), str(body["outcome"]),
        export.stat().st_size, chars,
    )  # fmt: skip


def zip_of_entries(path: Path, count: int, name_chars: int = 12) -> Path:
    """A ZIP holding an export's page and `count` empty files, each name `name_chars` long."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("pinterest/index.html", render([pin("42", title="A pin")]))
        for n in range(count):
            archive.writestr(f"images/{n:07}".ljust(name_chars, "x") + ".jpg", b"")
    return path
