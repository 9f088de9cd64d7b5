#!/usr/bin/env bash
# Checks the .deb that packaging/linux/deb.sh built, as a system would see it, without
# touching this system: its control fields and file list, apt's simulated install (it
# reads the package and can meet its Depends), then the package unpacked into
# a throwaway root (dpkg -x): every file where it belongs, the desktop entry and AppStream
# metadata valid, the entry's Exec and Icon installed, both commands' --version. Last, a
# real `dpkg --root` install and removal in another throwaway root. Run from anywhere:
#     packaging/linux/check_deb.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
PREFIX=/opt/creator-backup

say() { printf '%s\n' "$*" >&2; }
fail() { say "check_deb: $*"; exit 1; }

mapfile -t info < <("$PY" -c 'from creator_backup.appinfo import APP_ID, APP_NAME, PROJECT_URL, VERSION
print(VERSION, APP_ID, PROJECT_URL, f"{APP_NAME} {VERSION}", sep="\n")')
[ ${#info[@]} -eq 4 ] || fail "could not read creator_backup/appinfo.py with $PY."
VERSION=${info[0]} APP_ID=${info[1]} PROJECT_URL=${info[2]} EXPECTED_VERSION=${info[3]}
ARCH=$(dpkg --print-architecture)
deb="build/dist/creator-backup_${VERSION}_${ARCH}.deb"
[ -f "$deb" ] || fail "no $deb: run packaging/smoke.sh, then packaging/linux/deb.sh."
start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
work_log="$work/apt.log"

# The control fields: the version is appinfo's, Depends names Qt's xcb libraries.
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = creator-backup ] || fail "Package is '$(field Package)'."
[ "$(field Version)" = "$VERSION" ] || fail "Version is '$(field Version)', not $VERSION."
[ "$(field Architecture)" = "$ARCH" ] || fail "Architecture is '$(field Architecture)'."
[ "$(field Homepage)" = "$PROJECT_URL" ] || fail "Homepage is '$(field Homepage)'."
for wanted in Maintainer Section Priority Installed-Size Description; do
  [ -n "$(field "$wanted")" ] || fail "no $wanted field."
done
for lib in libc6 libxcb-cursor0 libxkbcommon-x11-0 libegl1 libfontconfig1; do
  field Depends | tr ',' '\n' | grep -qE "^ *$lib( |$)" || fail "Depends lacks $lib: $(field Depends)"
done
# Each one a real package's name: ./dev installed them all here to run the tests.
for pkg in $(field Depends | tr ',' '\n' | sed 's/(.*)//'); do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
    fail "Depends names $pkg, which is not installed here."
done
dpkg-deb --info "$deb" >/dev/null
# apt reads the package (zstd-compressed) and can meet its Depends: a simulation, which
# changes nothing here.
if command -v apt-get >/dev/null; then
  if ! apt-get --simulate --quiet install "./$deb" >"$work_log" 2>&1 ||
    ! grep -q '^Inst creator-backup ' "$work_log"; then
    cat "$work_log" >&2; fail "apt-get --simulate install ./$deb failed."
  fi
fi

# The file list: all root's, folders 0755, files 0644 but for the two programs.
dpkg-deb --contents "$deb" | awk -v prefix=".$PREFIX/" '
  $2 != "root/root" { print "not root-owned: " $0; bad = 1 }
  /^d/ && $1 != "drwxr-xr-x" { print "folder mode: " $0; bad = 1 }
  /^-/ && $1 != "-rw-r--r--" && !($1 == "-rwxr-xr-x" &&
      ($6 == prefix "creator-backup" || $6 == prefix "creator-backup-gui")) {
    print "file mode: " $0; bad = 1 }
  END { exit bad }' >&2 || fail "wrong owners or modes in $deb."

root="$work/x"
dpkg -x "$deb" "$root"

for path in "$PREFIX/creator-backup" "$PREFIX/creator-backup-gui" \
  "/usr/share/applications/$APP_ID.desktop" "/usr/share/metainfo/$APP_ID.metainfo.xml" \
  "/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg" /usr/share/doc/creator-backup/copyright \
  /usr/share/doc/creator-backup/changelog.gz /usr/share/lintian/overrides/creator-backup; do
  [ -f "$root$path" ] || fail "$path is not in the package."
done
for size in 16 24 32 48 64 128 256 512; do
  [ -f "$root/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png" ] ||
    fail "no ${size}x${size} icon."
done
find "$root$PREFIX" -path '*/resources/translations/creator_backup_en.qm' | grep -q . ||
  fail "the bundle in $PREFIX has no translations."

desktop="$root/usr/share/applications/$APP_ID.desktop"
metainfo="$root/usr/share/metainfo/$APP_ID.metainfo.xml"
# As in tests/packaging: desktop-file-validate exits 0 with hints printed, so any output
# fails; appstreamcli's errors and warnings fail, its infos pass.
if ! out=$(desktop-file-validate "$desktop" 2>&1) || [ -n "$out" ]; then
  fail "desktop-file-validate: $out"
fi
if ! out=$(appstreamcli validate --no-net "$metainfo" 2>&1) || grep -qE '^[EW]: ' <<<"$out"; then
  fail "appstreamcli validate: $out"
fi
# validate-tree: the metainfo, the desktop entry it launches and the icon, together.
if ! out=$(appstreamcli validate-tree --no-net "$root" 2>&1) || grep -qE '^[EW]: ' <<<"$out"; then
  fail "appstreamcli validate-tree: $out"
fi

# A symlink's target is read as the installed system would: inside the root.
link_target() {
  local link="$root/usr/bin/$1" target
  [ -L "$link" ] || fail "/usr/bin/$1 is not a link."
  target=$(readlink "$link")
  [ "$target" = "$PREFIX/$1" ] || fail "/usr/bin/$1 points to $target, not $PREFIX/$1."
  [ -x "$root$target" ] || fail "/usr/bin/$1 points to $target, which is not installed."
  printf '%s\n' "$root$target"
}
entry() { sed -n "s/^$1=//p" "$desktop"; }
exec_name=$(entry Exec | cut -d' ' -f1)
link_target "$exec_name" >/dev/null
[ "$(entry Icon)" = "$APP_ID" ] || fail "the desktop entry's Icon is '$(entry Icon)'."

# Started through a link named like /usr/bin's, away from the checkout, in a clean
# environment: the bundle must find its own folder behind the link.
run_version() {  # <installed root> <command>
  local saved_root=$root bin="$work/bin" got
  root=$1
  mkdir -p "$bin" "$work/home"
  ln -sfn "$(link_target "$2")" "$bin/$2"
  got=$(cd "$work" && env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 \
    QT_QPA_PLATFORM=offscreen "$bin/$2" --version) || fail "$2 --version failed."
  [ "$got" = "$EXPECTED_VERSION" ] || fail "$2 --version printed '$got', not '$EXPECTED_VERSION'."
  root=$saved_root
}
run_version "$root" creator-backup
run_version "$root" creator-backup-gui
say "check_deb: unpacked: files, modes, desktop entry, metainfo, icons, --version of both."
rm -rf "$root"

# A real install with dpkg into a throwaway root (its own database under it), then its
# removal. --root keeps dpkg inside it; the package has no maintainer scripts, and the
# guard makes sure a mistake here cannot reach this system's /.
sysroot="$work/sysroot"
mkdir -p "$sysroot/var/lib/dpkg/info" "$sysroot/var/lib/dpkg/updates" "$sysroot/var/log"
touch "$sysroot/var/lib/dpkg/status" "$sysroot/var/lib/dpkg/available"
[ "$(cd "$sysroot" && pwd -P)" != / ] || fail "refusing to install into /."
# --root moves the files and the database, not the log: without --log, this system's
# /var/log/dpkg.log would record an install that never happened here. dpkg wants
# ldconfig and start-stop-daemon on PATH, which a non-root PATH may lack.
in_root() { PATH="$PATH:/usr/sbin:/sbin" dpkg --root="$sysroot" --log="$sysroot/var/log/dpkg.log" \
  --force-not-root --force-script-chrootless "$@"; }
# Depends: the throwaway root has no libraries; this system's were checked above.
in_root --force-depends --install "$deb" >"$work/dpkg.log" 2>&1 || {
  cat "$work/dpkg.log" >&2; fail "dpkg --root --install failed."; }
[ "$(in_root --status creator-backup | sed -n 's/^Status: //p')" = "install ok installed" ] ||
  fail "dpkg --root does not list creator-backup as installed."
in_root --listfiles creator-backup | grep -qx "/usr/share/metainfo/$APP_ID.metainfo.xml" ||
  fail "dpkg --root --listfiles lacks the metainfo."
run_version "$sysroot" creator-backup
in_root --purge creator-backup >>"$work/dpkg.log" 2>&1 || {
  cat "$work/dpkg.log" >&2; fail "dpkg --root --purge failed."; }
grep -q ' status installed creator-backup' "$sysroot/var/log/dpkg.log" ||
  fail "dpkg logged the install elsewhere than $sysroot/var/log/dpkg.log."
left=$(cd "$sysroot" && find opt usr -mindepth 1 2>/dev/null | head -5 || true)
[ -z "$left" ] || fail "after --purge, left behind: $left"
say "check_deb: dpkg --root install, --version, purge: nothing left behind."
say "check_deb: passed in $(( $(date +%s) - start )) s."
