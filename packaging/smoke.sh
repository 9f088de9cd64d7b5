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
keyring_backend=keyring.backends.fail.Keyring
run() { (cd "$work" && env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 \
  QT_QPA_PLATFORM=offscreen PYTHON_KEYRING_BACKEND="$keyring_backend" "$@"); }
bundle=$(cd "$BUNDLE" && pwd)

expected=$("$PY" -c 'from creator_backup.appinfo import APP_NAME, VERSION; print(APP_NAME, VERSION)')
for exe in creator-backup creator-backup-gui; do
  got=$(run "$bundle/$exe" --version)
  [ "$got" = "$expected" ] || { say "$exe --version printed '$got', expected '$expected'."; exit 1; }
done
say "--version: $got (both executables)"
# resources.py finds the templates and icons under the bundle's own folder.
find "$bundle" -path '*/resources/templates/report.html.j2' | grep -q . || {
  say "The bundle has no resources/templates."; exit 1; }
find "$bundle" -path '*/resources/translations/creator_backup_en.qm' | grep -q . || {
  say "The bundle has no resources/translations."; exit 1; }

# keyring loads its backend by name: asking for the Secret Service one proves the hidden
# imports are in the bundle (the problem report names the backend it got).
keyring_backend=keyring.backends.SecretService.Keyring
run "$bundle/creator-backup" --data-dir "$work/data" report-problem --out "$work/report.zip" >/dev/null
"$PY" - "$work/report.zip" <<'CHECK'
import json, sys, zipfile
versions = json.loads(zipfile.ZipFile(sys.argv[1]).read("versions.json"))
assert versions["frozen"] is True, versions
# With no D-Bus here, the backend loads and then finds no Secret Service to talk to: that
# it got that far (not "No module named ...") is what the bundle must show.
backend = versions["keyring_backend"]
assert backend == "keyring.backends.SecretService.Keyring" or (
    "Unable to initialize SecretService" in backend and "No module" not in backend
), backend
assert versions["qt"] and versions["libraries"]["urllib3"], versions
print("report-problem: frozen, keyring backend", versions["keyring_backend"], file=sys.stderr)
CHECK
keyring_backend=keyring.backends.fail.Keyring

# A schedule set up from the bundle runs the bundle's own command line (no systemctl on
# this PATH: the unit files are written all the same).
run env PATH="$work" XDG_CONFIG_HOME="$work/home/.config" \
  "$bundle/creator-backup" --data-dir "$work/data" schedule install >/dev/null
grep -qF "ExecStart=\"$bundle/creator-backup\" \"--data-dir\"" \
  "$work/home/.config/systemd/user/creator-backup.service" || {
  say "The schedule does not run the bundle's creator-backup:"
  cat "$work/home/.config/systemd/user/creator-backup.service" >&2; exit 1; }
say "schedule install: the timer runs $bundle/creator-backup"

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
