#!/usr/bin/env bash
# Builds the one-folder PyInstaller bundle and runs the built app: `--version`, then the
# whole demo story headless (`demo --json`, the embedded sandbox, a throwaway data
# folder). Prints the build time and the bundle's size. Run from anywhere:
#     packaging/smoke.sh            build, then run the checks
#     packaging/smoke.sh --no-build run the checks on the bundle already in build/dist
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
DIST=build/dist
BUNDLE="$DIST/creator-backup"
PYINSTALLER_REQ="pyinstaller>=6.10,<7"

say() { printf '%s\n' "$*" >&2; }

if [ "${1:-}" != "--no-build" ]; then
  [ -x "$PY" ] || { say "No virtual environment: run ./dev setup first."; exit 1; }
  "$PY" -m PyInstaller --version >/dev/null 2>&1 || "$PY" -m pip install -q "$PYINSTALLER_REQ"
  say "Building the bundle into $BUNDLE (a few minutes)…"
  start=$(date +%s)
  "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" \
    --workpath build/pyinstaller packaging/pyinstaller/creator_backup.spec
  say "Build took $(( $(date +%s) - start )) s."
fi
[ -x "$BUNDLE/creator-backup" ] || { say "No bundle at $BUNDLE."; exit 1; }
say "Bundle size: $(du -sh "$BUNDLE" | cut -f1) ($(find "$BUNDLE" -type f | wc -l) files)."

# The bundle must not lean on the checkout or the venv: run it from elsewhere, with a
# clean environment apart from what Qt needs to run headless.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { (cd "$work" && env -i HOME="$work/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
  PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring "$@"); }
bundle=$(cd "$BUNDLE" && pwd)

expected=$("$PY" -c 'from creator_backup.appinfo import APP_NAME, VERSION; print(APP_NAME, VERSION)')
got=$(run "$bundle/creator-backup" --version)
[ "$got" = "$expected" ] || { say "--version printed '$got', expected '$expected'."; exit 1; }
say "--version: $got"

start=$(date +%s)
run "$bundle/creator-backup" --data-dir "$work/data" demo --json >"$work/demo.json" || {
  say "The bundled demo failed:"; cat "$work/demo.json" >&2; exit 1; }
"$PY" - "$work/demo.json" <<'CHECK'
import json, sys, zipfile
body = json.load(open(sys.argv[1]))
codes = [step["exit_code"] for step in body["steps"]]
# The demo's story: the second backup meets a suspended account (exit 4), all else works.
assert codes == [0, 4, 0, 0, 0, 0, 0], codes
with zipfile.ZipFile(body["packet"]) as packet:
    names = packet.namelist()
assert any(n.endswith("report.pdf") for n in names), "no PDF report in the appeal packet"
assert any(n.endswith("report.html") for n in names), "no HTML report in the appeal packet"
print(f"demo: {len(codes)} steps as expected, appeal packet of {len(names)} files", file=sys.stderr)
CHECK
say "The bundled demo took $(( $(date +%s) - start )) s."
say "Smoke test passed."
