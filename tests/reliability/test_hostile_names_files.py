"""Hostile names never become file names: after a backup of an account whose boards,
sections and pins are named with markup, `../` paths, Windows device names, control and
bidi characters, every file the app writes (the archive, an appeal packet and its zip
entries, the offline site) is named from ids and hashes only, inside its own folder."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from creator_backup.sandbox import Sandbox
from creator_backup.sandbox.text import HOSTILE_TEXTS
from tests.backup.conftest import sandbox_state

from .figures import record
from .helpers import only_archive, run_cli, sandbox_env

# Letters, digits, dot, dash, underscore, plus, and the "=" and "," of a name such as
# "report.html": nothing a shell, a browser or Windows would read as anything else.
SAFE_PART = re.compile(
    r"^\.?[A-Za-z0-9][A-Za-z0-9._+=,-]*$"
)  # a leading dot: the site's own marker
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                   *(f"lpt{i}" for i in range(1, 10))}  # fmt: skip


def unsafe_parts(relative_names: list[str]) -> list[str]:
    bad = []
    for name in relative_names:
        parts = name.split("/")
        for part in parts:
            stem = part.split(".")[0].lower()
            if not SAFE_PART.match(part) or stem in WINDOWS_DEVICES or part.endswith((".", " ")):
                bad.append(name)
                break
    return bad


def test_no_output_takes_its_name_from_pinterest_text(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=81, boards=12, pins=120)
    state = sandbox_state(sandbox)
    names = [b["name"] for b in state["boards"]] + [p.get("title") or "" for p in state["pins"]]
    assert sum(any(h in n for h in HOSTILE_TEXTS) for n in names) >= 5  # the account is hostile
    env = sandbox_env(sandbox, cli_env)
    assert run_cli(env, "backup").code == 0
    packet, site = tmp_path / "out" / "packet.zip", tmp_path / "out" / "site"
    assert run_cli(env, "appeal", "--all", "--out", str(packet), timeout=180).code == 0
    made_site = run_cli(env, "export-html", "--out", str(site), timeout=180)
    assert made_site.code == 0, made_site.err

    root = only_archive(env)
    written: list[str] = []
    for top in (root, site):
        for path in top.rglob("*"):
            assert path.resolve().is_relative_to(top.resolve())
            written.append(path.relative_to(top).as_posix())
    with zipfile.ZipFile(packet) as packed:
        entries = packed.namelist()
    assert all(not e.startswith("/") and ".." not in e.split("/") for e in entries)
    written += entries
    # Nothing but the three outputs asked for appeared beside them.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["packet.zip", "site"]
    assert unsafe_parts(written) == []
    for hostile in HOSTILE_TEXTS:
        assert not any(hostile in name for name in written)
    record(hostile_inputs=len(names), items_lost=0)
