"""Shared pieces of the benchmark scripts: a sandbox in its own process (so it does not
share the interpreter with the client being measured), and writing docs/BENCHMARKS.md."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "BENCHMARKS.md"
CLI = "from creator_backup.cli import main; raise SystemExit(main())"


@contextmanager
def sandbox_process(*flags: str) -> Iterator[dict[str, Any]]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.setdefault("CREATOR_BACKUP_HOME", str(ROOT / "build" / "bench-home"))
    process = subprocess.Popen(
        [sys.executable, "-c", CLI, "sandbox", "--json", *flags],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        info["origin"] = info["api_base"].removesuffix("/v5")
        info["pid"] = process.pid
        yield info
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of another process so far (Linux: /proc), so a benchmark
    can report the sandbox's CPU apart from the client's."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def requests_served(info: dict[str, Any]) -> int:
    state = requests.get(info["origin"] + "/_sandbox/state?pins=0", timeout=60).json()
    return int(state["requests"]["total"])


def sandbox_state(info: dict[str, Any], pins: bool = True) -> dict[str, Any]:
    query = "" if pins else "?pins=0"
    body = requests.get(info["origin"] + "/_sandbox/state" + query, timeout=300).json()
    assert isinstance(body, dict)
    return body


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start


def write_section(name: str, markdown: str) -> None:
    """Replaces (or appends) this benchmark's section of docs/BENCHMARKS.md."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = (
        DOC.read_text("utf-8")
        if DOC.exists()
        else (
            "# Benchmarks\n\nFigures measured by the scripts in benchmarks/, on the project's "
            "2-core machines, against the local sandbox. Re-run a script to refresh its section. "
            "Ratios are measured side by side in one run, because these machines are shared "
            "and noisy.\n"
        )
    )
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, "utf-8")


def measure_in_child(code: str, argv: list[str], env: dict[str, str], what: str) -> Any:
    """Runs `code` (python -c) in a fresh process of its own from the temporary folder,
    and returns the JSON of its last line: a measurement that carries none of this
    process's heap or threads. Exits with the child's error output if it failed."""
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        env=env,
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
