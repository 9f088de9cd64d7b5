"""The offline site holds the whole account: by default only its user can open it (its
folders 0700, the files it writes 0600, like the archive), and `--readable-by-others`
gives the usual 0755/0644. Pictures hard-linked from the archive are the archive's own
files, behind those private folders; copied ones (another disk) get the site's modes."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from creator_backup.archive.store import Archive
from creator_backup.site import export_site
from tests.cli.helpers import run_cli
from tests.platforms import posix_modes
from tests.site.conftest import LostAccount

OTHER_DISK = Path("/dev/shm")  # tmpfs: another file system than the tests' temp folder


# The umask most systems give (022), so that a mode is the app's doing, not the test's.
pytestmark = [pytest.mark.usefixtures("usual_umask"), posix_modes]


@pytest.fixture
def home_with_archive(lost_account: LostAccount, cli_env: dict[str, str]) -> Path:
    archives = Path(cli_env["CREATOR_BACKUP_HOME"]) / "data" / "archives"
    shutil.copytree(lost_account.root, archives / "2783136121146311005-0123456789")
    return archives


def modes(site: Path) -> tuple[set[int], set[int], set[int]]:
    """The modes of the site's folders (itself included), of the files it wrote, and of
    the files it hard-linked from the archive."""
    folders = {stat.S_IMODE(site.stat().st_mode)}
    written: set[int] = set()
    linked: set[int] = set()
    for path in site.rglob("*"):
        info = path.lstat()
        if stat.S_ISDIR(info.st_mode):
            folders.add(stat.S_IMODE(info.st_mode))
        elif info.st_nlink > 1:
            linked.add(stat.S_IMODE(info.st_mode))
        else:
            written.add(stat.S_IMODE(info.st_mode))
    return folders, written, linked


def test_the_site_is_private_by_default_and_shared_when_asked(
    home_with_archive: Path, cli_env: dict[str, str], tmp_path: Path
) -> None:
    private = tmp_path / "site"
    made = run_cli(cli_env, "export-html", "--out", str(private), timeout=120)
    assert made.code == 0, made.err
    folders, written, linked = modes(private)
    assert folders == {0o700} and written == {0o600}
    assert linked <= {0o444}, "hard links are the archive's read-only files"

    shared = tmp_path / "shared"
    made = run_cli(cli_env, "export-html", "--out", str(shared), "--readable-by-others",
                   timeout=120)  # fmt: skip
    assert made.code == 0, made.err
    folders, written, _ = modes(shared)
    assert folders == {0o755} and written == {0o644}

    # Exported again over the shared one, by default: private again, as a whole.
    made = run_cli(cli_env, "export-html", "--out", str(shared), timeout=120)
    assert made.code == 0, made.err
    assert modes(shared)[:2] == ({0o700}, {0o600})


@pytest.mark.skipif(
    not OTHER_DISK.is_dir() or OTHER_DISK.stat().st_dev == Path("/tmp").stat().st_dev,
    reason="needs a second file system for the site",
)
def test_pictures_copied_to_another_disk_are_private_too(lost_account: LostAccount) -> None:
    out = OTHER_DISK / f"creator-backup-site-{os.getpid()}"
    try:
        with Archive.open(lost_account.root, write=False) as archive:
            result = export_site(archive, out)
        assert result.media_files > 0
        folders, written, linked = modes(out)
        assert linked == set(), "another disk: every picture is a copy"
        assert folders == {0o700} and written == {0o600}
    finally:
        shutil.rmtree(out, ignore_errors=True)
