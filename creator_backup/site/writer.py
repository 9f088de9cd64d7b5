"""`export_site`: the archive as a static site that any browser opens from disk, years
later, with nothing installed: an index of boards, a page per board and section with a
grid of pins, a page per pin with all it holds, what was lost, and the snapshots. A board
the newest complete backup did not list says so ("not checked since ..."), on its page,
its sections' and pins' pages, the index and the lost page.

Memory stays flat at any size: pins are read a page at a time, each pin page is written
and forgotten; only the few pins on no known board and the lost ones are kept until their
pages are written. The whole export reads one consistent state of the archive (one read
transaction), so a backup running meanwhile cannot make a board page disagree with its
pins' pages.
"""

from __future__ import annotations

import errno
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from creator_backup.appinfo import DISPLAY_NAME, VERSION
from creator_backup.archive.browse import ArchiveBrowser, BoardRow, PinDetail, PinRow, SectionRow
from creator_backup.archive.records import utc_now
from creator_backup.archive.store import Archive
from creator_backup.errors import AppError, Cancelled
from creator_backup.file_modes import FileModes, modes_for
from creator_backup.progress import CancelToken, Progress, ProgressSink, ignore_progress
from creator_backup.site import model, names
from creator_backup.site.folder import Staging, check_destination
from creator_backup.site.media import MediaPlacer
from creator_backup.site.pages import PageWriter, many, style_sheet

GRID_PAGE = 250  # pins per grid page: a page a browser lays out at once
PIN_BATCH = 500  # pins read from the archive at a time
REPORT_EVERY = 25
RECENT_PINS = 12  # the newest pins the front page shows
COVER_LOOKAHEAD = 20  # a board's newest pins looked at for a picture to be its cover


def cancelled_sentence(out: Path) -> str:
    """What a cancelled export says: the site is staged, so `out` is as it was."""
    return f"The export was cancelled; nothing was written to {out}."


class SiteWriteFailed(AppError):
    """The disk refused: full, read-only, not a folder. Nothing is left half written."""

    def __init__(self, out: Path, error: OSError) -> None:
        reasons = {
            errno.ENOSPC: "the disk is full",
            errno.EACCES: "this folder may not be written to",
            errno.EPERM: "this folder may not be written to",
            errno.EROFS: "the disk is read-only",
            errno.ENOTDIR: "part of that path is a file, not a folder",
            errno.EEXIST: "part of that path is a file, not a folder",
        }
        reason = reasons.get(error.errno or 0) or (error.strerror or type(error).__name__).lower()
        super().__init__(f"The site could not be written to {out}: {reason}.")


@dataclass(frozen=True)
class SiteResult:
    out: Path
    pages: int
    pins: int
    boards: int
    media_files: int
    bytes: int
    lost: int
    redacted: dict[str, int]
    private: bool = True  # only its user can open it

    def to_json(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "pages": self.pages,
            "pins": self.pins,
            "boards": self.boards,
            "media_files": self.media_files,
            "bytes": self.bytes,
            "lost": self.lost,
            "redacted_fields": sorted(self.redacted),
        }


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    pages: list[tuple[int, str]]

    @property
    def previous(self) -> str | None:
        return self.pages[self.number - 2][1] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.pages[self.number][1] if self.number < self.count else None


def export_site(
    archive: Archive,
    out: Path,
    progress: ProgressSink = ignore_progress,
    cancel: CancelToken | None = None,
    grid_page: int = GRID_PAGE,
    private: bool = True,
) -> SiteResult:
    """Writes the site to `out` (created, or replacing an earlier export there); raises
    FolderRefused for a folder that is someone else's, Cancelled when cancelled.
    The site holds the whole account: `private` (the default) lets only the user read it."""
    out = out.expanduser().resolve()
    check_destination(out, archive.root)
    try:
        staging = Staging(out, modes_for(private))
    except OSError as error:
        raise SiteWriteFailed(out, error) from error
    try:
        conn = archive.conn
        own_transaction = not conn.in_transaction
        if own_transaction:
            conn.execute("BEGIN")
        try:
            build = _Build(
                archive, staging.path, progress, cancel or CancelToken(), grid_page,
                staging.modes,
            )  # fmt: skip
            build.run()
        finally:
            if own_transaction:
                conn.execute("ROLLBACK")  # it only read
        if build.cancel.is_set():
            raise Cancelled()
        progress(Progress("Putting the site in place", bytes=build.bytes))
        staging.publish({"exported_at": build.exported_at, "pins": build.pins})
    except BaseException as error:
        staging.discard()
        if isinstance(error, Cancelled):  # told with where nothing was written
            raise Cancelled(cancelled_sentence(out)) from None
        if isinstance(error, OSError):
            raise SiteWriteFailed(out, error) from error
        raise
    return SiteResult(
        out=out,
        pages=build.pages.pages,
        pins=build.pins,
        boards=len(build.boards),
        media_files=build.media.files,
        bytes=build.bytes,
        lost=build.lost.total,
        redacted=dict(build.redacted.paths),
        private=private,
    )


class _Build:
    def __init__(
        self,
        archive: Archive,
        site: Path,
        progress: ProgressSink,
        cancel: CancelToken,
        grid_page: int,
        modes: FileModes,
    ) -> None:
        self.archive = archive
        self.browser = ArchiveBrowser(archive)
        self.progress = progress
        self.cancel = cancel
        self.grid_page = max(1, grid_page)
        self.exported_at = utc_now()
        self.snapshots = archive.snapshots()
        self.times = model.Times(self.snapshots)
        self.redacted = model.Redacted()
        self.account = model.account_view(archive, self.snapshots, self.redacted)
        common = {
            "app": f"{DISPLAY_NAME} {VERSION}",
            "exported_at": self.exported_at,
            "account": self.account,
        }
        self.pages = PageWriter(site, common, modes)
        self.media = MediaPlacer(site, self.browser, modes)
        self.boards: dict[str, BoardRow] = {}
        self.sections: dict[str, list[SectionRow]] = {}
        self.section_rows: dict[str, SectionRow] = {}
        self.other: list[PinRow] = []
        self.lost = model.Lost()
        self.pins = 0

    @property
    def bytes(self) -> int:
        return self.pages.bytes + self.media.bytes

    def _check(self) -> None:
        if self.cancel.is_set():
            raise Cancelled()

    def run(self) -> None:
        self.progress(Progress("Reading the archive"))
        self.boards = {b.id: b for b in self.browser.boards()}
        for board_id in self.boards:
            self.sections[board_id] = self.browser.sections(board_id)
            self.section_rows.update((s.id, s) for s in self.sections[board_id])
        self._pin_pages(self.browser.count_pins())
        self._board_pages()
        self._check()
        self.progress(Progress("Writing the index, lost content and timeline", bytes=self.bytes))
        self._grid(names.other_page, len(self.other), self._other_rows, "other.html.j2")
        self._lost_page()
        self._timeline_page()
        self._index_page()
        self.pages.write_asset(names.STYLE, style_sheet())
        self._about_page()  # last: it lists every personal field the pages left out

    # -- pins ----------------------------------------------------------------------------

    def _pin_pages(self, total: int) -> None:
        offset = 0
        while True:
            rows = self.browser.pins(offset=offset, limit=PIN_BATCH)
            for row in rows:
                self._check()
                detail = self.browser.pin_detail(row.id)
                if detail is not None:
                    self._pin_page(detail)
                if self.pins % REPORT_EVERY == 0 or self.pins == total:
                    self.progress(Progress("Writing pin pages", self.pins, total, self.bytes))
            offset += len(rows)
            if len(rows) < PIN_BATCH:
                break
        self.progress(Progress("Writing pin pages", self.pins, total, self.bytes))

    def _pin_page(self, detail: PinDetail) -> None:
        row = detail.row
        board = self.boards.get(row.board_id or "")
        section = self.section_rows.get(row.section_id or "")
        fields, raw_json, here_redacted = model.fields_of(detail.raw, self.redacted)
        media = [model.media_view(f, self.media.place(f.path)) for f in detail.media]
        self.pages.write(
            names.pin_page(row.id),
            "pin.html.j2",
            pin=row,
            title=model.title_of(row),
            board=board,
            board_href=names.board_page(board.id) if board else None,
            section=section,
            section_href=names.section_page(section.id) if section else None,
            media=media,
            fields=fields,
            raw_json=raw_json,
            history=model.history_rows(detail, self.boards),
            board_check=model.unchecked_view(board),
            probes=detail.probes,
            first_seen=self.times.at(detail.first_seen),
            last_seen=self.times.at(detail.last_seen),
            missing_since=self.times.at(row.missing_since),
            redacted_here=here_redacted,
        )
        self.pins += 1
        if board is None:
            self.other.append(row)
        if row.missing_since is not None:
            self.lost.pins.append(
                model.lost_pin(
                    row,
                    self._thumb(row),
                    model.board_name(board),
                    self.times.at(detail.last_seen),
                    self.times,
                )
            )

    def _thumb(self, row: PinRow) -> str | None:
        return self.media.place(row.media_path) if model.is_image(row.content_type) else None

    def _tile(self, row: PinRow) -> model.Tile:
        return model.Tile(
            href=names.pin_page(row.id),
            title=model.title_of(row),
            thumb=self._thumb(row),
            video=model.is_video(row.content_type),
            missing=self.times.at(row.missing_since),
        )

    # -- grids ---------------------------------------------------------------------------

    def _grid(
        self,
        page_of: Callable[[int], str],
        total: int,
        fetch: Callable[[int, int], list[PinRow]],
        template: str,
        **context: Any,
    ) -> None:
        """Writes a grid of `total` pins over as many pages as it takes (one at least)."""
        count = max(1, math.ceil(total / self.grid_page))
        pages = [(n, page_of(n)) for n in range(1, count + 1)]
        for number, relative in pages:
            self._check()
            rows = fetch((number - 1) * self.grid_page, self.grid_page)
            self.pages.write(
                relative,
                template,
                tiles=[self._tile(r) for r in rows],
                pager=Pager(number, count, pages),
                total=total,
                **context,
            )

    def _other_rows(self, offset: int, limit: int) -> list[PinRow]:
        return self.other[offset : offset + limit]

    def _board_pages(self) -> None:
        # (first, last, missing) of every board and section: a few hundred objects.
        facts = {kind: self.archive.object_facts(kind) for kind in ("board", "section")}
        for done, board in enumerate(self.boards.values()):
            self.progress(Progress("Writing board pages", done, len(self.boards), self.bytes))
            self._board_grid(board)
            for section in self.sections[board.id]:
                self._section_grid(board, section)
                if section.missing_since is not None:
                    last = facts["section"].get(section.id, (0, 0, None))[1]
                    self.lost.sections.append(
                        model.lost_section(section, board, self.times, self.times.at(last))
                    )
            if board.missing_since is not None:
                last = facts["board"].get(board.id, (0, 0, None))[1]
                self.lost.boards.append(model.lost_board(board, self.times, self.times.at(last)))
            unchecked = model.unchecked_view(board)
            if unchecked is not None:
                self.lost.unchecked.append(unchecked)
        self.progress(Progress("Writing board pages", len(self.boards), len(self.boards)))

    def _board_grid(self, board: BoardRow) -> None:
        def page_of(number: int) -> str:
            return names.board_page(board.id, number)

        def fetch(offset: int, limit: int) -> list[PinRow]:
            return self.browser.pins(board.id, None, "", offset, limit)

        sections = self.sections[board.id]
        self._grid(
            page_of,
            board.pins,
            fetch,
            "board.html.j2",
            board=board,
            sections=[(s, names.section_page(s.id)) for s in sections],
            missing_since=self.times.at(board.missing_since),
            unchecked=model.unchecked_view(board),
        )

    def _section_grid(self, board: BoardRow, section: SectionRow) -> None:
        def page_of(number: int) -> str:
            return names.section_page(section.id, number)

        def fetch(offset: int, limit: int) -> list[PinRow]:
            return self.browser.pins(board.id, section.id, "", offset, limit)

        self._grid(
            page_of,
            section.pins,
            fetch,
            "section.html.j2",
            board=board,
            board_href=names.board_page(board.id),
            section=section,
            missing_since=self.times.at(section.missing_since),
            unchecked=model.unchecked_view(board),
        )

    # -- the account's pages ---------------------------------------------------------------

    def _lost_page(self) -> None:
        complete = [s for s in self.snapshots if s.complete and not s.is_export]
        self.pages.write(
            names.LOST,
            "lost.html.j2",
            lost=self.lost,
            newest=complete[-1] if complete else None,
            unavailable_since=self.archive.meta("account_unavailable_since") or "",
            baseline=self.archive.evidence_baseline(),
        )

    def _timeline_page(self) -> None:
        baseline = self.archive.evidence_baseline()
        self.pages.write(
            names.TIMELINE,
            "timeline.html.j2",
            snapshots=model.snapshot_views(
                self.snapshots, baseline, self.browser.unchecked_counts()
            ),
            unavailable_since=self.archive.meta("account_unavailable_since") or "",
        )

    def _cover(self, board: BoardRow) -> model.Tile:
        """A board as the front page shows it: its newest archived picture as its cover."""
        rows = self.browser.pins(board.id, None, "", 0, COVER_LOOKAHEAD)
        thumb = next((t for t in map(self._thumb, rows) if t is not None), None)
        caption = many(board.pins, "pin") + (
            f", {many(board.sections, 'section')}" if board.sections else ""
        )
        return model.Tile(
            href=names.board_page(board.id),
            title=board.name or model.NO_NAME,
            thumb=thumb,
            video=False,
            missing=self.times.at(board.missing_since),
            caption=caption,
        )

    def _index_page(self) -> None:
        self.pages.write(
            names.INDEX,
            "index.html.j2",
            recent=[self._tile(r) for r in self.browser.pins(offset=0, limit=RECENT_PINS)],
            covers=[self._cover(b) for b in self.boards.values()],
            boards=[
                (b, names.board_page(b.id), model.unchecked_view(b)) for b in self.boards.values()
            ],
            pins=self.pins,
            other=len(self.other),
            other_href=names.other_page(),
            lost=self.lost,
            media_files=self.media.files,
            snapshots=len(self.snapshots),
            newest=self.snapshots[-1] if self.snapshots else None,
            unavailable_since=self.archive.meta("account_unavailable_since") or "",
        )

    def _about_page(self) -> None:
        self.pages.write(
            names.ABOUT,
            "about.html.j2",
            redacted=sorted(self.redacted.paths.items()),
            pins=self.pins,
            boards=len(self.boards),
            media_files=self.media.files,
            linked=self.media.linked,
        )
