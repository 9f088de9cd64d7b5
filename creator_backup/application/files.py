"""Files in and out of the archive with no login: Pinterest's own data export, and the
offline website."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from creator_backup.application.archives import Archives
from creator_backup.auth.accounts import AccountRecord, AccountRegistry
from creator_backup.data_export.importer import ImportOptions, ImportResult
from creator_backup.data_export.mapping import CDN_ENV, DEFAULT_CDN
from creator_backup.data_export.service import Destination, import_export
from creator_backup.errors import UsageError
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress
from creator_backup.site import SiteResult, export_site


def pictures_address(asked: str | None, env: Mapping[str, str]) -> str:
    """Where an import fetches the export's pictures: the address asked for, else the
    environment's, else Pinterest's CDN."""
    base = str(asked or env.get(CDN_ENV) or DEFAULT_CDN).rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise UsageError(f"The pictures' address must start with https:// (not {base!r}).")
    return base


class Files:
    def __init__(
        self, archives: Archives, registry: AccountRegistry, env: Mapping[str, str]
    ) -> None:
        self.archives = archives
        self.registry = registry
        self.env = env

    def import_data_export(
        self,
        path: Path,
        media: bool = True,
        pictures_from: str | None = None,
        account: str | None = None,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> tuple[ImportResult, Destination]:
        """Imports the export into its account's archive, found from the export itself:
        no login and no network needed (the pictures are fetched when reachable).
        `pictures_from`: another address for the pictures (see `pictures_address`);
        `account` names the account when the export does not."""
        options = ImportOptions(cdn_base=pictures_address(pictures_from, self.env), media=media)
        return import_export(
            path,
            self.archives.archives_dir,
            self.archives.api_base,
            self.registry.load(),
            asked_account=account,
            options=options,
            progress=progress,
            cancel=cancel,
        )

    def export_site(
        self,
        record: AccountRecord,
        out: Path,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
        private: bool = True,
    ) -> SiteResult:
        """The account's archive as a website that opens in any browser, offline; only
        the user can read it unless `private` is False."""
        with self.archives.reading(record) as archive:
            return export_site(archive, out, progress, cancel, private=private)
