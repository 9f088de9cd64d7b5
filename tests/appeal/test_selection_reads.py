"""A packet of what was lost reads the dates, probes and board checks of its own items
only: each item still carries its object's dates, its latest probe's verdict and whether
its board was listed, as the archive records them."""

from __future__ import annotations

import json
from collections.abc import Callable

from creator_backup.appeal.selection import select_lost
from creator_backup.archive.store import Archive
from creator_backup.paths import AppPaths
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control, sandbox_state
from tests.cli.helpers import run_cli

MakeSandbox = Callable[..., Sandbox]


def test_lost_items_carry_their_dates_probes_and_board_checks(
    make_sandbox: MakeSandbox, cli_env: dict[str, str]
) -> None:
    sandbox = make_sandbox(seed=36, boards=4, pins=50)
    env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
               CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip
    assert run_cli(env, "backup", "--no-media", "--json").code == 0
    state = sandbox_state(sandbox)
    boards = {b["id"] for b in state["boards"]}
    pins = [p for p in state["pins"] if p["board_id"] in boards]  # on a board of the account
    probed, unprobed = pins[0], pins[1]
    control(sandbox, f"pins/{probed['id']}/remove")
    live = run_cli(env, "diff", "--live", "--json")  # probes what it finds removed
    assert live.code == 0, live.err
    assert json.loads(live.out)["probes"] == {probed["id"]: "gone"}
    control(sandbox, f"pins/{unprobed['id']}/remove")
    assert run_cli(env, "backup", "--no-media", "--json").code == 0
    (root,) = [p for p in AppPaths.resolve(env["CREATOR_BACKUP_HOME"]).archives_dir.iterdir()]
    with Archive.open(root, write=False) as archive:
        selection = select_lost(archive, 1, 3)
        times = {s.id: s.started_at for s in archive.snapshots()}
        facts = archive.object_facts("pin")
        items = {i.id: i for i in selection.items}
        assert set(items) == {probed["id"], unprobed["id"]}
        assert items[probed["id"]].probe == archive.probes("pin", probed["id"])[-1]["verdict"]
        assert items[probed["id"]].probe == "gone"
        assert items[unprobed["id"]].probe is None
        for pin_id, item in items.items():
            first, last, missing = facts[pin_id]
            assert (item.first_seen, item.last_seen) == (times[first], times[last])
            assert missing is not None and item.missing_since == times[missing]
            assert (item.board_checked, item.board_last_checked) == ("yes", times[3])
