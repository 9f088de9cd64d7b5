"""The packaging files: valid for the tools that read them, named by the app id, and
every version in them the one in creator_backup/appinfo.py."""

from __future__ import annotations

import ast
import plistlib
import re
import shutil
import struct
import subprocess
import tomllib
from pathlib import Path

import pytest

from creator_backup.appinfo import APP_ID, VERSION

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
SPEC = PACKAGING / "pyinstaller" / "creator_backup.spec"
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (./dev setup installs it)")
    return found


def test_desktop_file_is_valid() -> None:
    result = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, timeout=60
    )
    # It prints hints and errors alike; a clean file gets no output at all.
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout


def test_metainfo_is_valid() -> None:
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^[EW]: ", result.stdout, re.MULTILINE), result.stdout


def desktop_entry() -> dict[str, str]:
    lines = DESKTOP.read_text("utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def test_desktop_file_names_the_app_id_and_a_real_entry_point() -> None:
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert entry["Exec"].split()[0] in scripts["gui-scripts"]
    assert (ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").exists()


def test_metainfo_matches_the_app() -> None:
    text = METAINFO.read_text("utf-8")
    assert f"<id>{APP_ID}</id>" in text
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in text
    releases = re.findall(r'<release version="([^"]+)"', text)
    assert releases and releases[0] == VERSION  # the newest release comes first
    assert '<content_rating type="oars-1.1"' in text
    for shot in re.findall(r"docs/screenshots/([\w-]+\.png)", text):
        assert (ROOT / "docs" / "screenshots" / shot).exists(), shot


def test_every_version_in_packaging_is_appinfos() -> None:
    plist = plistlib.loads((PACKAGING / "macos" / "Info.plist").read_bytes())
    assert plist["CFBundleIdentifier"] == APP_ID
    assert plist["CFBundleShortVersionString"] == VERSION
    assert plist["CFBundleVersion"] == VERSION
    assert plist["NSHighResolutionCapable"] is True
    assert re.fullmatch(r"\d+\.\d+", plist["LSMinimumSystemVersion"])
    iss = (PACKAGING / "windows" / "creator_backup.iss").read_text("utf-8")
    assert re.findall(r'#define AppVersion "([^"]+)"', iss) == [VERSION]
    # Nothing else in packaging/ may spell out a version of the app by hand.
    stated = {
        path.name: re.findall(r"(?<![\w.=])(\d+\.\d+\.\d+)(?![\w.])", path.read_text("utf-8"))
        for path in PACKAGING.rglob("*")
        if path.is_file() and path.suffix in {".xml", ".plist", ".iss", ".yml", ".desktop", ".spec"}
    }
    assert {name: found for name, found in stated.items() if set(found) - {VERSION}} == {}


def test_flatpak_manifest_is_on_the_pyside6_base_app_and_lists_every_dependency() -> None:
    manifest = (PACKAGING / "flatpak" / f"{APP_ID}.yml").read_text("utf-8")
    assert re.search(rf"^id: {re.escape(APP_ID)}$", manifest, re.MULTILINE)
    assert re.search(r"^base: io\.qt\.PySide\.BaseApp$", manifest, re.MULTILINE)
    assert "--talk-name=org.freedesktop.secrets" in manifest
    assert "python3-requirements.json" in manifest
    pinned = {
        re.split(r"[=<>]", line)[0].strip().lower().replace("_", "-").replace(".", "-")
        for line in (PACKAGING / "flatpak" / "requirements.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    for requirement in wanted["dependencies"]:
        name = re.split(r"[=<>\[ ]", requirement)[0].lower().replace("_", "-")
        if not name.startswith("pyside6"):  # the base app brings PySide6
            assert name in pinned, name


def spec_constant(name: str) -> object:
    tree = ast.parse(SPEC.read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not in the spec")


def test_pyinstaller_spec_lists_resources_that_exist() -> None:
    resources = spec_constant("RESOURCES")
    assert isinstance(resources, list) and resources
    for source, target in resources:
        assert (ROOT / source).is_dir() and any((ROOT / source).iterdir()), source
        # creator_backup/resources.py looks for them under the bundle's resources/.
        assert target.startswith("resources/")
    covered = {Path(source).name for source, _ in resources}
    assert covered == {p.name for p in (ROOT / "resources").iterdir() if p.is_dir()}
    assert (PACKAGING / "pyinstaller" / "launcher.py").exists()
    assert (ICONS / "creator-backup.ico").exists() and (ICONS / "creator-backup.icns").exists()
    text = SPEC.read_text("utf-8")
    for backend in ("SecretService", "macOS", "Windows", "kwallet", "libsecret"):
        assert f'"keyring.backends.{backend}"' in text


def test_the_sandbox_has_no_data_files_for_the_bundle_to_miss() -> None:
    # The demo's sandbox generates everything in code; a data file added to it later
    # would need a line in the spec's RESOURCES.
    sandbox = ROOT / "creator_backup" / "sandbox"
    extra = [
        p.relative_to(sandbox)
        for p in sandbox.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    ]
    assert extra == []


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_png_icons_are_rendered_at_every_size() -> None:
    for size in PNG_SIZES:
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(png) == (size, size)
        # Rendered from the SVG, not blank: a transparent square compresses to almost nothing.
        assert png.stat().st_size > 300
    scalable = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (ICONS / "creator-backup.svg").read_bytes()
