"""README.txt, written into every archive so its data can be read without the app."""

from __future__ import annotations

README = """\
Creator Backup archive
======================

This folder is one Pinterest account's archive, written by Creator Backup
(https://github.com/creatorbackup). Everything in it can be read without the app.

archive.sqlite   An SQLite 3 database (open it with the sqlite3 tool or DB Browser for
                 SQLite). The files archive.sqlite-wal and archive.sqlite-shm beside it
                 are part of the database: never delete them; copy the archive only
                 while the app is closed.
media/           Images and videos, each named by the SHA-256 of its bytes
                 (media/ab/cd/abcd....jpg). `sha256sum FILE` reproduces the name.
                 Files are written once and never changed.
tmp/             Downloads in progress. Safe to delete while the app is closed.
damaged/         Only if a stored file was ever found cut short: what was left of it,
                 set aside (named by the time it was found) before it was fetched again.
lock             Held while a backup or a restore runs, so two never write at once.
restore-journal.sqlite
                 Written by restore: every write it sent to Pinterest, its outcome and
                 the new id, so a restore run again never creates anything twice.

Tables in archive.sqlite:
  meta           key/value facts: schema version, account id and username, API base.
  snapshots      one row per backup run: kind (full, quick, data_export), status
                 (running, complete, partial), outcome (how the run ended: complete,
                 media_pending = every board read but files still to fetch, cancelled,
                 account_unavailable, permission, quota_spent, disk_full, failed, stale,
                 superseded, imported), start and end time (UTC), app version, the API
                 it talked to, JSON stats, and a note (Pinterest's words when it stopped
                 a run). Only complete snapshots are used to conclude that something was
                 removed.
  versions       every distinct version of every account, board, section and pin, with
                 its raw JSON exactly as Pinterest sent it (column raw), the sha256 of its
                 normalised JSON (hash), its board and section, the snapshot that first
                 captured it and the request id of that response.
  sightings      intervals of snapshots during which one version was held without a
                 break: an object was in snapshot S when one of its rows has
                 first_snapshot <= S <= last_snapshot. last_observed is the last snapshot
                 of the interval that actually listed it; after it, the object was only
                 carried (its board was not listed: see listings).
  objects        one row per object: first seen, last seen (the last snapshot that
                 listed it), and missing_since (the first complete snapshot it was
                 absent from), or NULL while it is present.
  version_media  which media URLs each pin version refers to.
  media_urls     for each URL: the sha256 of what it served (source_url: the address
                 whose bytes were kept instead, a smaller size or an HLS video's parts),
                 or why it failed (status failed: tried again; unavailable: Pinterest no
                 longer serves it, not asked again).
  media          each stored file: sha256, size, content type, path under media/.
  listings       per snapshot, each board's listing (key board:<id>) and the account's
                 own pins (own_pins): state listed (the run read it whole), carried (a
                 quick run left it out: its counters had not moved) or refused (Pinterest
                 answered 403/404; detail holds its words). Only a listed board was
                 checked in that snapshot; an interrupted run resumes after its listings.
  export_entries for each imported Pinterest data export (a data_export snapshot, dated
                 by the export): every pin, board and account it named, the version it
                 gave, and for pins its Alive flag (0: the export says it was removed).
                 An export is not a listing, so it has no rows in sightings except for
                 objects no backup has seen (so they can be browsed). Its raw JSON keeps
                 the export's own record verbatim under "data_export", IP address included.
  field_sources  for versions an import wrote: which source gave each field (api, with
                 the backup's snapshot, or data_export). Versions with no rows came
                 from the API.
  export_sections  sections of an export the app does not know, kept as their text.

Example: every pin present in snapshot 3, with its title:
  SELECT s.object_id, json_extract(v.raw, '$.title') FROM sightings s
  JOIN versions v ON v.id = s.version_id
  WHERE s.kind = 'pin' AND s.first_snapshot <= 3 AND s.last_snapshot >= 3;
"""
