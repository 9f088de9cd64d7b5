"""KeyringStore against the real Secret Service: gnome-keyring-daemon in a private D-Bus
session, as on a Linux desktop. Skipped, with the reason, where that cannot run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP = 77  # the snippet's exit code for "no Secret Service could be started here"

# Runs inside `dbus-run-session`: starts and unlocks gnome-keyring-daemon (empty password
# on stdin), then drives the app's KeyringStore through keyring's SecretService backend.
SNIPPET = r"""
import json, os, subprocess, sys

def skip(reason):
    print(reason, file=sys.stderr)
    raise SystemExit(77)

try:
    daemon = subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
        input=b"\n", capture_output=True, timeout=30,
    )
except (OSError, subprocess.TimeoutExpired) as exc:
    skip(f"gnome-keyring-daemon did not start: {exc!r}")
if daemon.returncode != 0:
    skip(f"gnome-keyring-daemon --unlock failed: {daemon.stderr.decode(errors='replace')}")
for line in daemon.stdout.decode().splitlines():
    name, _, value = line.partition("=")
    if name and value:
        os.environ[name] = value

import keyring
from keyring.backends import SecretService
backend = SecretService.Keyring()
try:
    backend.priority  # raises when no Secret Service answers on the bus
    backend.get_password("creator_backup_probe", "probe")
except Exception as exc:
    skip(f"the Secret Service is not usable: {exc!r}")
keyring.set_keyring(backend)

from creator_backup.auth.secrets import KeyringStore, keyring_status
store = KeyringStore()
value = json.dumps({"access_token": "pina_" + "A" * 60, "refresh_token": "pinr_" + "B" * 60})
store.set("tokens:sandbox|creator", value)
got = store.get("tokens:sandbox|creator")
# Another process on the same session bus sees it too (the CLI's next run).
other = subprocess.run(
    [sys.executable, "-c",
     "import keyring; from keyring.backends import SecretService; "
     "keyring.set_keyring(SecretService.Keyring()); "
     "from creator_backup.auth.secrets import KeyringStore; "
     "print(KeyringStore().get('tokens:sandbox|creator'))"],
    capture_output=True, text=True, timeout=60,
)
store.delete("tokens:sandbox|creator")
store.delete("tokens:sandbox|creator")  # a second delete is not an error
print(json.dumps({
    "description": store.description,
    "status": keyring_status(),
    "round_trip": got == value,
    "other_process": other.stdout.strip() == value,
    "other_err": other.stderr[-400:],
    "after_delete": store.get("tokens:sandbox|creator"),
}))
"""


@pytest.mark.secret_service
def test_keyring_store_round_trips_through_the_real_secret_service(tmp_path: Path) -> None:
    missing = [
        tool for tool in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(tool)
    ]
    if missing:
        pytest.skip(
            f"needs {' and '.join(missing)} (Debian: apt-get install dbus-daemon gnome-keyring)"
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "GNOME_KEYRING"))}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env.update(
        HOME=str(tmp_path),  # the daemon's keyring files go here, not in the real home
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_RUNTIME_DIR=str(tmp_path / "run"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    (tmp_path / "run").mkdir(mode=0o700)
    try:
        done = subprocess.run(
            ["dbus-run-session", "--", sys.executable, "-c", SNIPPET],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the Secret Service round trip did not finish within 120 s")
    if done.returncode == SKIP:
        pytest.skip(f"no Secret Service could be started here: {done.stderr.strip()[-300:]}")
    if done.returncode != 0 and not done.stdout.strip() and "Traceback" not in done.stderr:
        pytest.skip(f"dbus-run-session could not run: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert "SecretService" in report["description"]
    assert report["status"][0] is True
    assert report["round_trip"] is True
    assert report["other_process"] is True, report["other_err"]
    assert report["after_delete"] is None
