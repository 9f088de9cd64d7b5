"""The version comes from one place, creator_backup/appinfo.py: pyproject reads it, and
the CHANGELOG, the Inno Setup script's default, the AppStream metainfo and the release
workflow's tag check agree with it. Each check is shown to fail on a copy of the tree
with that one file wrong."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from creator_backup.appinfo import APP_ID, VERSION

ROOT = Path(__file__).resolve().parents[2]
APPINFO = Path("creator_backup/appinfo.py")
PYPROJECT = Path("pyproject.toml")
CHANGELOG = Path("CHANGELOG.md")
ISS = Path("packaging/windows/creator_backup.iss")
METAINFO = Path(f"packaging/linux/{APP_ID}.metainfo.xml")
RELEASE_WORKFLOW = Path(".github/workflows/release.yml")
CI_WORKFLOW = Path(".github/workflows/ci.yml")
NOTES_SCRIPT = Path("packaging/release/changelog_notes.py")
TAG_CHECK_STEP = "The tag is appinfo's version"


def appinfo_version(root: Path) -> str:
    found = re.findall(r'^VERSION = "([^"]+)"$', (root / APPINFO).read_text("utf-8"), re.M)
    assert len(found) == 1, found
    return str(found[0])


def pyproject_version(root: Path) -> str:
    """appinfo's version if pyproject reads it from there, else what it reads instead."""
    project = tomllib.loads((root / PYPROJECT).read_text("utf-8"))
    assert "version" not in project["project"], "pyproject must not state a version"
    assert "version" in project["project"]["dynamic"]
    attr = project["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    return appinfo_version(root) if attr == "creator_backup.appinfo.VERSION" else attr


def changelog_version(root: Path) -> str:
    """The newest released heading, as the release job reads it."""
    done = subprocess.run(
        [
            sys.executable,
            str(root / NOTES_SCRIPT),
            "--latest",
            "--changelog",
            str(root / CHANGELOG),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def iss_default_version(root: Path) -> str:
    """The version the installer gets when the release workflow passes none."""
    text = (root / ISS).read_text("utf-8")
    found = re.findall(r'^#ifndef AppVersion\n\s*#define AppVersion "([^"]+)"\n#endif$', text, re.M)
    assert len(found) == 1, "the .iss must default AppVersion once, inside #ifndef"
    return str(found[0])


def metainfo_version(root: Path) -> str:
    releases = re.findall(r'<release version="([^"]+)"', (root / METAINFO).read_text("utf-8"))
    assert releases
    return str(releases[0])  # the newest release comes first


READERS = {
    "pyproject": pyproject_version,
    "changelog": changelog_version,
    "iss": iss_default_version,
    "metainfo": metainfo_version,
}


def disagreements(root: Path) -> dict[str, str]:
    """Each place whose version is not appinfo's, with what it says."""
    wanted = appinfo_version(root)
    stated = {name: read(root) for name, read in READERS.items()}
    return {name: found for name, found in stated.items() if found != wanted}


def workflow_step_script(workflow: Path, step_name: str) -> str:
    """The `run: |` block of the step with that name."""
    lines = workflow.read_text("utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() == f"- name: {step_name}"]
    assert len(starts) == 1, f"{workflow.name} has {len(starts)} steps named {step_name!r}"
    step_indent = len(lines[starts[0]]) - len(lines[starts[0]].lstrip())
    for i in range(starts[0] + 1, len(lines)):
        line = lines[i]
        indent = len(line) - len(line.lstrip())
        if line.strip() and indent <= step_indent:
            break
        if line.strip() == "run: |":
            body = []
            for rest in lines[i + 1 :]:
                if rest.strip() and len(rest) - len(rest.lstrip()) <= indent:
                    break
                body.append(rest)
            return textwrap.dedent("\n".join(body)) + "\n"
    raise AssertionError(f"the step {step_name!r} runs no script")


def tree_copy(tmp_path: Path) -> Path:
    """The files that state the version, and what reads them, in a throwaway tree."""
    copy = tmp_path / "tree"
    for path in (APPINFO, PYPROJECT, CHANGELOG, ISS, METAINFO, RELEASE_WORKFLOW, NOTES_SCRIPT):
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / path, copy / path)
    (copy / "creator_backup" / "__init__.py").write_text("", encoding="utf-8")
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run_tag_check(root: Path, tag: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    return subprocess.run(
        [
            "bash",
            "-euo",
            "pipefail",
            "-c",
            workflow_step_script(root / RELEASE_WORKFLOW, TAG_CHECK_STEP),
        ],
        cwd=root,
        env={
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "GITHUB_REF_NAME": tag,
            "GITHUB_OUTPUT": str(output),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_every_version_is_appinfos() -> None:
    assert appinfo_version(ROOT) == VERSION
    assert disagreements(ROOT) == {}


@pytest.mark.parametrize(
    ("name", "path", "old", "new"),
    [
        ("pyproject", PYPROJECT, '"creator_backup.appinfo.VERSION"', '"creator_backup.VERSION"'),
        ("changelog", CHANGELOG, f"## [{VERSION}] - ", "## [9.9.9] - "),
        ("iss", ISS, f'#define AppVersion "{VERSION}"', '#define AppVersion "9.9.9"'),
        ("metainfo", METAINFO, f'<release version="{VERSION}"', '<release version="9.9.9"'),
    ],
)
def test_one_wrong_version_is_named(
    tmp_path: Path, name: str, path: Path, old: str, new: str
) -> None:
    copy = tree_copy(tmp_path)
    assert disagreements(copy) == {}
    edit(copy / path, old, new)
    assert list(disagreements(copy)) == [name]


def test_a_new_appinfo_version_alone_disagrees_with_everything(tmp_path: Path) -> None:
    copy = tree_copy(tmp_path)
    edit(copy / APPINFO, f'VERSION = "{VERSION}"', 'VERSION = "9.9.9"')
    assert set(disagreements(copy)) == set(READERS) - {"pyproject"}


@pytest.mark.skipif(shutil.which("bash") is None, reason="the workflow's step is a bash script")
def test_the_release_workflow_refuses_a_tag_that_is_not_appinfos(tmp_path: Path) -> None:
    copy = tree_copy(tmp_path)
    done = run_tag_check(copy, f"v{VERSION}", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "github_output").read_text("utf-8") == f"version={VERSION}\n"
    wrong = run_tag_check(copy, "v9.9.9", tmp_path)
    assert wrong.returncode == 1
    assert f"::error::The tag v9.9.9 is not v{VERSION}" in wrong.stdout
    # A version with no notes in the CHANGELOG is not released either.
    edit(copy / CHANGELOG, f"## [{VERSION}] - ", "## [9.9.8] - ")
    assert run_tag_check(copy, f"v{VERSION}", tmp_path).returncode == 1


def test_every_release_build_waits_for_the_tag_check() -> None:
    text = (ROOT / RELEASE_WORKFLOW).read_text("utf-8")
    assert re.search(
        r'^on:\n  push:\n    tags: \["v\[0-9\]\+\.\[0-9\]\+\.\[0-9\]\+"\]$', text, re.M
    )
    jobs = re.findall(r"^  (\w+):\n(?:    .*\n|\n)*?    needs: (.+)$", text, re.M)
    needs = dict(jobs)
    assert set(needs) == {"linux", "windows", "macos", "flatpak", "publish"}
    assert all("version" in needed for needed in needs.values())
    assert needs["publish"] == "[version, linux, windows, macos, flatpak]"
    # The installer takes the checked version, not a second copy of it.
    assert '"/DAppVersion=$env:VERSION"' in text
    assert text.count("VERSION: ${{ needs.version.outputs.version }}") == 5


@pytest.mark.parametrize("workflow", [RELEASE_WORKFLOW, CI_WORKFLOW], ids=lambda p: p.name)
def test_workflows_pin_actions_by_commit_and_ask_for_little(workflow: Path) -> None:
    text = (ROOT / workflow).read_text("utf-8")
    uses = re.findall(r"^\s*(?:- )?uses: (.+)$", text, re.M)
    assert uses
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", use), use
    assert re.search(r"^permissions: \{\}$", text, re.M)
    assert text.count("persist-credentials: false") == text.count("actions/checkout@")
    writes = re.findall(r"^\s+(\S+): write", text, re.M)
    assert writes == (["contents"] if workflow == RELEASE_WORKFLOW else [])
