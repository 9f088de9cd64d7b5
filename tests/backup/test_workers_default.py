"""The download pool's size is one default, whether the backup starts from the CLI or not."""

from __future__ import annotations

from creator_backup.backup.engine import BackupOptions
from creator_backup.backup.media_pipeline import DEFAULT_WORKERS
from creator_backup.cli.parser import build_parser
from creator_backup.data_export.importer import ImportOptions


def test_the_cli_and_the_engine_share_the_default_pool_size() -> None:
    args = build_parser().parse_args(["backup"])
    assert args.workers == DEFAULT_WORKERS == BackupOptions().workers == 16
    assert ImportOptions().workers == DEFAULT_WORKERS, "an export's media: the same pool"
