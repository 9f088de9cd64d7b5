"""The client's CPU per GB downloaded against the floor of this machine (issue 22).

The floor: the same files, served over loopback by a trivial server in a process of its
own, read by a tight loop with large reads (recv_into a 1 MiB buffer), hashed with SHA-256
and written to disk as the media store would (a temp file in tmp/, fsynced, renamed, linked
under its hash, the temp name unlinked, the shard folders, and the parents of new ones,
fsynced together every batch).
The client: a real backup (benchmarks.backup_bench.our_backup_cpu), its process's CPU
only, with the sandbox in a process of its own (its CPU is reported apart). And the naive
sequential client's time against ours, at 20 ms a request, side by side in one run.

    .venv/bin/python -m benchmarks.download_floor                 # 1,500 and 10,000 pins
    .venv/bin/python -m benchmarks.download_floor --big 3000      # a smaller second account
    .venv/bin/python -m benchmarks.download_floor --big 0         # 1,500 pins only
    .venv/bin/python -m benchmarks.download_floor --big 0 --baseline /tmp/before
        # also the download path of another checkout of the client (its creator_backup/
        # and benchmarks/, e.g. `git archive main creator_backup benchmarks | tar -x -C
        # /tmp/before`), in the same turns: before and after a change, in one run
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.backup_bench import fetch_only, naive_backup, our_backup_cpu
from benchmarks.common import ROOT, process_cpu, sandbox_process, write_section
from creator_backup.archive.media_store import MediaStore
from creator_backup.backup.downloader import MediaDownloader
from creator_backup.backup.media_pipeline import DEFAULT_WORKERS

READ = 1 << 20
BATCH = 64  # files whose shard folders are fsynced together, as the pipeline's batches


def serve(folder: str) -> None:
    """The trivial server: every file of `folder` (recursively) in memory, served as
    GET /<number> over keep-alive HTTP/1.1. Prints its port, then serves until killed."""
    paths = sorted(p for p in Path(folder).rglob("*") if p.is_file())
    bodies = [p.read_bytes() for p in paths]
    answers = [
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
        for body in bodies
    ]
    listener = socket.create_server(("127.0.0.1", 0))
    print(listener.getsockname()[1], len(answers), flush=True)

    def connection(conn: socket.socket) -> None:
        with conn:
            pending = b""
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                pending += data
                while b"\r\n\r\n" in pending:
                    request, _, pending = pending.partition(b"\r\n\r\n")
                    number = int(request.split(b" ", 2)[1][1:])
                    conn.sendall(answers[number])

    while True:
        conn, _ = listener.accept()
        threading.Thread(target=connection, args=(conn,), daemon=True).start()


def floor_client(port: int, count: int, root: Path) -> tuple[int, float, float]:
    """Every file fetched once over one connection, hashed and stored as the media store
    stores it. Returns (bytes, CPU seconds of this process, wall seconds)."""
    tmp, media = root / "tmp", root / "media"
    tmp.mkdir(parents=True)
    media.mkdir()
    buffer = bytearray(READ)
    view = memoryview(buffer)
    total = 0
    folders: set[str] = set()
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        for number in range(count):
            sock.sendall(f"GET /{number} HTTP/1.1\r\nHost: floor\r\n\r\n".encode())
            got = sock.recv_into(view)
            header_end = bytes(view[:got]).index(b"\r\n\r\n") + 4
            length = int(
                next(
                    line.split(b":", 1)[1]
                    for line in bytes(view[:header_end]).split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
            )
            digest = hashlib.sha256()
            part = os.path.join(tmp, f"{number}.part")
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            body = view[header_end:got]
            left = length
            while True:
                if len(body) > left:  # never more than one answer is in flight
                    raise AssertionError("read past the body")
                digest.update(body)
                os.write(fd, body)
                left -= len(body)
                if not left:
                    break
                got = sock.recv_into(view, min(READ, left))
                if not got:
                    raise ConnectionError("cut short")
                body = view[:got]
            os.fsync(fd)
            os.close(fd)
            done = part.removesuffix(".part") + ".done"
            os.replace(part, done)
            sha = digest.hexdigest()
            folder = os.path.join(media, sha[:2], sha[2:4])
            final = os.path.join(folder, sha + ".bin")
            try:
                os.link(done, final)
            except FileNotFoundError:
                # A new shard folder: its parent's entry must be made durable too (and
                # the media folder's, for a new first-level shard), as the store does.
                parent = os.path.dirname(folder)
                if not os.path.isdir(parent):
                    os.mkdir(parent)
                    folders.add(str(media))
                os.mkdir(folder)
                folders.add(parent)
                os.link(done, final)
            except FileExistsError:
                pass
            os.unlink(done)
            folders.add(folder)
            total += length
            if len(folders) >= BATCH or number == count - 1:
                for name in folders:
                    fd = os.open(name, os.O_RDONLY)
                    os.fsync(fd)
                    os.close(fd)
                folders.clear()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return total, cpu, wall


def downloader_client(port: int, count: int, root: Path, workers: int) -> tuple[int, float, float]:
    """The same files through the client's own download path (MediaDownloader over
    `workers` connections, MediaStore.place, folders made durable BATCH files at a time,
    as the pipeline's batches): no listing, no records. Returns as floor_client."""
    store = MediaStore(root)
    downloader = MediaDownloader(store.tmp, connections=workers, loopback_ok=True)

    def one(number: int) -> tuple[int, tuple[str, ...]]:
        got = downloader.fetch(f"http://127.0.0.1:{port}/{number}")
        return got.size, store.place(got.temp, got.sha256, got.content_type).folders

    total = 0
    folders: list[str] = []
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        for number, (size, placed) in enumerate(pool.map(one, range(count))):
            total += size
            folders += placed
            if (number + 1) % BATCH == 0 or number == count - 1:
                store.make_durable(folders)
                folders.clear()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    downloader.close()
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return total, cpu, wall


# Run in another checkout by --baseline: its own downloader_client, its own CPU.
BASELINE_RUN = """
import json, resource, sys
from pathlib import Path
from benchmarks.download_floor import downloader_client
from creator_backup.backup.media_pipeline import DEFAULT_WORKERS
size, cpu, wall = downloader_client(
    int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), DEFAULT_WORKERS
)
print(json.dumps([size, cpu, wall]))
"""


def baseline_client(checkout: Path, port: int, count: int, root: Path) -> tuple[int, float, float]:
    """downloader_client of another checkout of the client, in a process of its own (the
    CPU it reports is of its download path alone, as downloader_client's here)."""
    done = subprocess.run(
        [sys.executable, "-c", BASELINE_RUN, str(port), str(count), str(root)],
        cwd=checkout,
        env=dict(os.environ, PYTHONPATH=str(checkout)),
        capture_output=True,
        text=True,
        check=True,
    )
    size, cpu, wall = json.loads(done.stdout.splitlines()[-1])
    return int(size), float(cpu), float(wall)


def measure_floor(
    media: Path, work: Path, rounds: int = 5, baseline: Path | None = None
) -> dict[str, Any]:
    """The floor and the client's download path over the files stored under `media`, with
    DEFAULT_WORKERS connections and with one as the floor has (and the download path of
    the `baseline` checkout, if given), in turns (this machine is shared and noisy, and
    its disk slows and quickens by a third between runs), the least CPU of each."""
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.download_floor", "--serve", str(media)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert server.stdout is not None
        port, count = (int(n) for n in server.stdout.readline().split())
        floor_client(port, count, work / "warm")  # the page cache, the server's first sends
        shutil.rmtree(work / "warm", ignore_errors=True)
        runs: dict[str, list[tuple[int, float, float]]] = {"floor": [], "path": [], "path1": []}
        if baseline is not None:
            runs["baseline"] = []
        for attempt in range(rounds):
            for name, taken in runs.items():
                folder = work / f"floor-{attempt}"
                if name == "floor":
                    taken.append(floor_client(port, count, folder))
                elif name == "path":
                    taken.append(downloader_client(port, count, folder, DEFAULT_WORKERS))
                elif name == "path1":
                    taken.append(downloader_client(port, count, folder, 1))
                else:
                    assert baseline is not None
                    taken.append(baseline_client(baseline, port, count, folder))
                shutil.rmtree(folder, ignore_errors=True)
        least = {name: min(taken, key=lambda r: r[1]) for name, taken in runs.items()}
        return {"files": count, "bytes": least["floor"][0], **least}
    finally:
        server.terminate()
        server.wait(timeout=30)


PAIRED_BACKUP = """
import json, sys
from pathlib import Path
from benchmarks.backup_bench import our_backup_cpu
_, seconds, (user, system) = our_backup_cpu(json.loads(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps([seconds, user + system]))
"""
THIS_CHECKOUT = Path(__file__).resolve().parent.parent


def paired_backups(
    info: dict[str, Any], work: Path, baseline: Path, rounds: int = 3
) -> dict[str, tuple[float, float]]:
    """Full backups by this checkout and by `baseline`, each in a fresh process of its own
    (so neither carries this process's heap or threads), in turns, the first of each pair
    swapped every round (each run on this disk is slower than the one before): the least
    (wall, CPU) of each."""
    runs: dict[str, list[tuple[float, float]]] = {"ours": [], "baseline": []}
    checkouts = {"ours": THIS_CHECKOUT, "baseline": baseline}
    for attempt in range(rounds):
        order = ["ours", "baseline"] if attempt % 2 else ["baseline", "ours"]
        for name in order:
            root = work / f"paired-{name}"
            done = subprocess.run(
                [sys.executable, "-c", PAIRED_BACKUP, json.dumps(info), str(root)],
                cwd=checkouts[name],
                env=dict(os.environ, PYTHONPATH=str(checkouts[name])),
                capture_output=True,
                text=True,
                check=True,
            )
            seconds, cpu = json.loads(done.stdout.splitlines()[-1])
            runs[name].append((float(seconds), float(cpu)))
            shutil.rmtree(root, ignore_errors=True)
    return {
        name: (min(r[0] for r in taken), min(r[1] for r in taken)) for name, taken in runs.items()
    }


def account(
    pins: int, boards: int, work: Path, naive: bool = True, baseline: Path | None = None
) -> dict[str, Any]:
    """Ours (CPU of this process; the sandbox's apart) and the naive client, one account;
    with `baseline`, also ours against that checkout's full backup, in turns."""
    with sandbox_process(
        "--pins", str(pins), "--boards", str(boards), "--latency-ms", "20",
        "--media-cache-mb", "6000", "--rate-limit-per-min", "100000",
    ) as info:  # fmt: skip
        fetch_only(info, 16)  # fills the sandbox's cache: served as from a CDN
        sandbox_before = process_cpu(info["pid"])
        ours, ours_s, (user, system) = our_backup_cpu(info, work / f"ours-{pins}")
        sandbox_cpu = process_cpu(info["pid"]) - sandbox_before
        naive_s = naive_backup(info, work / f"naive-{pins}")[1] if naive else float("nan")
        paired = paired_backups(info, work, baseline) if baseline is not None else None
    shutil.rmtree(work / f"naive-{pins}", ignore_errors=True)
    return {
        "pins": pins,
        "boards": boards,
        "files": ours.media_files,
        "bytes": ours.media_bytes,
        "seconds": ours_s,
        "user": user,
        "system": system,
        "sandbox_cpu": sandbox_cpu,
        "naive_s": naive_s,
        "root": work / f"ours-{pins}",
        "paired": paired,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--pins", type=int, default=1_500)
    parser.add_argument("--big", type=int, default=10_000, help="second account; 0: none")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive clients")
    parser.add_argument(
        "--baseline", type=Path, help="another checkout whose download path is measured too"
    )
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    work = Path(
        tempfile.mkdtemp(
            prefix="cb-floor-", dir=ROOT / "build" if (ROOT / "build").exists() else None
        )
    )
    lines: list[str] = []

    def report(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    try:
        small = account(args.pins, 10, work, naive=not args.no_naive, baseline=args.baseline)
        measured = measure_floor(small["root"] / "media", work, baseline=args.baseline)
        files, floor_bytes = measured["files"], measured["bytes"]
        _, floor_cpu, floor_wall = measured["floor"]
        _, path_cpu, path_wall = measured["path"]
        _, one_cpu, one_wall = measured["path1"]
        floor_per_gb = floor_cpu / (floor_bytes / 1e9)
        path_per_gb = path_cpu / (floor_bytes / 1e9)
        one_per_gb = one_cpu / (floor_bytes / 1e9)
        report(
            f"Floor: {files:,} files ({floor_bytes / 1e6:,.0f} MB, the files of the "
            f"{args.pins:,}-pin account) served over loopback by a trivial server in its own "
            "process, read into a 1 MiB buffer, hashed with SHA-256 and stored as the media "
            "store stores them (temp file fsynced, renamed, linked under its hash, shard "
            f"folders and the parents of new ones fsynced {BATCH} files at a time), one "
            f"connection: {floor_cpu:.2f} s of CPU, {floor_per_gb:.2f} s per GB "
            f"({floor_wall:.1f} s wall); the least of 5 runs, taken in turns with the next "
            "lines'."
        )
        report(
            f"- The client's download path alone over the same server and files, with one "
            f"connection as the floor (MediaDownloader, MediaStore, no listing or records): "
            f"{one_cpu:.2f} s of CPU, {one_per_gb:.2f} s per GB, "
            f"{one_per_gb / floor_per_gb:.2f}x the floor ({one_wall:.1f} s wall)."
        )
        report(
            f"- The same with {DEFAULT_WORKERS} connections, as a backup downloads, on a "
            f"server that answers at once (so all {DEFAULT_WORKERS} threads want the CPU "
            f"together, which a real server's latency spares them): {path_cpu:.2f} s of "
            f"CPU, {path_per_gb:.2f} s per GB, {path_per_gb / floor_per_gb:.2f}x the floor "
            f"({path_wall:.1f} s wall)."
        )
        if args.baseline is not None:
            _, base_cpu, base_wall = measured["baseline"]
            base_per_gb = base_cpu / (floor_bytes / 1e9)
            report(
                f"- The same path as it was before (the checkout given with --baseline), in "
                f"the same turns: {base_cpu:.2f} s of CPU, {base_per_gb:.2f} s per GB, "
                f"{base_per_gb / floor_per_gb:.2f}x the floor ({base_wall:.1f} s wall); now "
                f"{path_cpu / base_cpu:.2f} of it."
            )
        runs = [small]
        if args.big:
            runs.append(account(args.big, 50, work, naive=not args.no_naive))
        for run in runs:
            gigabytes = run["bytes"] / 1e9
            cpu = run["user"] + run["system"]
            per_gb = cpu / gigabytes
            report(
                f"- {run['pins']:,} pins on {run['boards']} boards ({run['files']:,} files, "
                f"{run['bytes'] / 1e6:,.0f} MB, 20 ms a request): full backup in "
                f"{run['seconds']:.1f} s; the client's CPU {run['user']:.1f} s user + "
                f"{run['system']:.1f} s system = {per_gb:.2f} s per GB, "
                f"{per_gb / floor_per_gb:.2f}x the floor (goal at most 1.5x), listing and "
                f"records included; the sandbox's own CPU, apart: {run['sandbox_cpu']:.1f} s."
                + (
                    f" Naive sequential client: {run['naive_s']:.1f} s, so ours is "
                    f"{run['naive_s'] / run['seconds']:.1f}x faster (goal at least 10x)."
                    if run["naive_s"] == run["naive_s"]
                    else ""
                )
            )
            if run["paired"] is not None:
                (ours_s, ours_cpu), (base_s, base_cpu) = (
                    run["paired"]["ours"],
                    run["paired"]["baseline"],
                )
                report(
                    f"  - The same backup by this checkout and by the --baseline one, in turns "
                    f"(least of 3 each): now {ours_s:.1f} s and {ours_cpu:.2f} s of CPU, "
                    f"before {base_s:.1f} s and {base_cpu:.2f} s; now {ours_cpu / base_cpu:.2f} "
                    "of its CPU."
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    flags = " ".join(sys.argv[1:])
    write_section(
        "download-floor",
        f"## Download CPU against the floor\n\n`python -m benchmarks.download_floor"
        f"{' ' + flags if flags else ''}`, {stamp}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores.\n\n" + "\n".join(lines),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
