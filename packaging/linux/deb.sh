#!/usr/bin/env bash
# Builds a Debian package of the PyInstaller bundle that packaging/smoke.sh made in
# build/dist/creator-backup: the bundle in /opt/creator-backup, both commands in
# /usr/bin, the desktop entry, AppStream metadata and icons where desktops look for them.
# Writes build/dist/creator-backup_<version>_<arch>.deb. Run from anywhere:
#     packaging/smoke.sh && packaging/linux/deb.sh && packaging/linux/check_deb.sh
#     packaging/linux/deb.sh --lintian   also run lintian on it (slow)
# DEB_MAINTAINER overrides the Maintainer field (whoever ships the package answers for it).
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
DIST=build/dist
BUNDLE="$DIST/creator-backup"
PREFIX=/opt/creator-backup

say() { printf '%s\n' "$*" >&2; }

[ -x "$BUNDLE/creator-backup" ] && [ -x "$BUNDLE/creator-backup-gui" ] || {
  say "No bundle at $BUNDLE: run packaging/smoke.sh first."; exit 1; }
[ -x "$PY" ] || { say "No virtual environment: run ./dev setup first."; exit 1; }
command -v dpkg-deb >/dev/null || { say "dpkg-deb is missing: this needs Debian's dpkg."; exit 1; }

# The version, id and home come from creator_backup/appinfo.py; the summary, the long
# description and the release notes from the AppStream metadata, so the package says
# what software centres say.
mapfile -t info < <("$PY" - <<'INFO'
import textwrap
import xml.etree.ElementTree as ET
from creator_backup.appinfo import APP_ID, PROJECT_URL, VERSION

root = ET.parse(f"packaging/linux/{APP_ID}.metainfo.xml").getroot()
release = root.find("releases/release")  # the newest comes first
assert release is not None and release.get("version") == VERSION, "metainfo lacks this release"
notes = " ".join(" ".join(p.itertext()) for p in release.iterfind("description/p"))
print(VERSION, APP_ID, PROJECT_URL, root.findtext("summary"), release.get("date"), sep="\n")
print("\n".join(textwrap.wrap(" ".join(notes.split()), 74)).replace("\n", "\\n"))
first = " ".join(root.find("description").findtext("p").split())
# Debian's extended description: each line starts with a space, at most 80 columns.
for line in textwrap.wrap(first, 78):
    print(" " + line)
INFO
)
[ ${#info[@]} -ge 7 ] || { say "Could not read appinfo.py and the metainfo with $PY."; exit 1; }
VERSION=${info[0]} APP_ID=${info[1]} PROJECT_URL=${info[2]} SUMMARY=${info[3]}
RELEASE_DATE=${info[4]} RELEASE_NOTES=${info[5]}
LONG_DESCRIPTION=$(printf '%s\n' "${info[@]:6}")
ARCH=$(dpkg --print-architecture)
MAINTAINER=${DEB_MAINTAINER:-"The creator_backup team <creatorbackup@users.noreply.github.com>"}

# What Qt's xcb platform needs from the system: ./dev's RUNTIME_DEBS (their one home),
# less python3-venv, which only a checkout needs (the bundle carries its own Python).
# glibc: the bundle's binaries need at least the one they were built against.
eval "$(sed -n '/^RUNTIME_DEBS=(/,/)/p' dev)"
depends="libc6 (>= $(getconf GNU_LIBC_VERSION | cut -d' ' -f2))"
for pkg in "${RUNTIME_DEBS[@]}"; do
  [ "$pkg" = python3-venv ] || depends+=", $pkg"
done

stage="build/deb/creator-backup_${VERSION}_${ARCH}"
out="$DIST/creator-backup_${VERSION}_${ARCH}.deb"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage$PREFIX" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/metainfo" "$stage/usr/share/icons" "$stage/usr/share/doc/creator-backup"

cp -a "$BUNDLE/." "$stage$PREFIX/"
# Absolute links, as Debian policy wants between top-level folders; the bundle finds its
# own folder through the link (PyInstaller resolves its executable's real path).
for exe in creator-backup creator-backup-gui; do
  ln -s "$PREFIX/$exe" "$stage/usr/bin/$exe"
done
install -m 0644 "packaging/linux/$APP_ID.desktop" "$stage/usr/share/applications/"
install -m 0644 "packaging/linux/$APP_ID.metainfo.xml" "$stage/usr/share/metainfo/"
cp -r resources/icons/hicolor "$stage/usr/share/icons/"

cat >"$stage/usr/share/doc/creator-backup/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: creator_backup
Source: $PROJECT_URL

Files: *
Copyright: ${RELEASE_DATE%%-*} The creator_backup team
License: GPL-3.0-or-later
 This program is free software: you can redistribute it and/or modify it under the
 terms of the GNU General Public License as published by the Free Software Foundation,
 either version 3 of the License, or (at your option) any later version.
 .
 On Debian systems, the full text of the GNU General Public License version 3 can be
 found in the file /usr/share/common-licenses/GPL-3.

Files: opt/creator-backup/_internal/*
Copyright: Their respective authors
License: various
 The bundle carries Python, Qt and PySide6 (LGPL-3.0), and the Python packages the app
 uses, each under its own licence: see the *.dist-info folders beside them.
COPYRIGHT

# A native package's changelog: this release's notes from the metainfo.
{
  printf 'creator-backup (%s) unstable; urgency=medium\n\n' "$VERSION"
  printf '%b\n' "$RELEASE_NOTES" | sed '1s/^/  * /; 2,$s/^/    /'
  printf '\n -- %s  %s\n' "$MAINTAINER" "$(date -uRd "$RELEASE_DATE")"
} | gzip -9n >"$stage/usr/share/doc/creator-backup/changelog.gz"

# What lintian says of every PyInstaller bundle kept in /opt, and why it stays so.
mkdir -p "$stage/usr/share/lintian/overrides"
cp packaging/linux/lintian-overrides "$stage/usr/share/lintian/overrides/creator-backup"

# One owner and one set of modes, whatever the checkout's umask and the build left:
# folders and programs 0755, everything else 0644 (shared libraries are not programs).
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f -exec chmod 0644 {} +
chmod 0755 "$stage$PREFIX/creator-backup" "$stage$PREFIX/creator-backup-gui"

cat >"$stage/DEBIAN/control" <<CONTROL
Package: creator-backup
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $(du -sk --apparent-size --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Section: utils
Priority: optional
Homepage: $PROJECT_URL
Description: $SUMMARY
$LONG_DESCRIPTION
CONTROL
chmod 0644 "$stage/DEBIAN/control"

start=$(date +%s)
# zstd -9: measured on the 240 MB bundle on 2 cores, 4.5 s for 85 MB, where xz -3 took
# 50 s for 76 MB and gzip -6 12 s for 95 MB. Every system whose glibc can run the bundle
# reads zstd packages: Debian 12 on (dpkg 1.21.18+), Ubuntu 22.04 on. Only Debian's
# own archive wants xz (lintian's malformed-deb-archive).
dpkg-deb --root-owner-group -Zzstd -z9 --build "$stage" "$out" >/dev/null
rm -rf "$stage"
say "Built $out ($(du -h "$out" | cut -f1)) in $(( $(date +%s) - start )) s."

# lintian reads every file of the bundle: 90 s here, so only when asked. Its findings
# are reported, not fatal; lintian-overrides says which ones a bundle cannot avoid.
if [ "${1:-}" = --lintian ]; then
  command -v lintian >/dev/null || { say "lintian is not installed (apt-get install lintian)."; exit 1; }
  lintian --info --tag-display-limit 0 "$out" >&2 || true
fi
