"""Keeps the window's translations in step with its source: `./dev translations`.

1. pyside6-lupdate reads every tr() and translate() of creator_backup/gui and /render into
   resources/translations/creator_backup_<language>.ts (without line numbers, so that an
   edit elsewhere in a file changes nothing here);
2. in the English catalogue, each count's two English forms are written from its source:
   "%n pin(s)" gives "%n pin" and "%n pins" (the source language needs them too: Qt has
   no plural rules without a catalogue);
3. pyside6-lrelease compiles each .ts into the .qm the app loads.

tests/gui/test_translations.py runs steps 1 and 3 into a temporary folder and fails when
the committed files differ, so a string added without `./dev translations` is caught.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("creator_backup/gui", "creator_backup/render")
TRANSLATIONS = ROOT / "resources" / "translations"
CATALOGUE = "creator_backup"
ENGLISH = "en"
# English forms no "(s)" rule can make: source -> (one, many).
IRREGULAR: dict[str, tuple[str, str]] = {
    "%Ln were already there and were not sent again.": (
        "%Ln was already there and was not sent again.",
        "%Ln were already there and were not sent again.",
    ),
    "Duplicates: %Ln pins now show more than once (listed below).": (
        "Duplicates: %Ln pin now shows more than once (listed below).",
        "Duplicates: %Ln pins now show more than once (listed below).",
    ),
    "%Ln copies on one board": ("%Ln copy on one board", "%Ln copies on one board"),
    "{matched} of %Ln originals match pins in your archive.": (
        "{matched} of %Ln original matches pins in your archive.",
        "{matched} of %Ln originals match pins in your archive.",
    ),
    "%Ln original(s) match no pin.": (
        "%Ln original matches no pin.",
        "%Ln originals match no pin.",
    ),
    "%Ln of the 64 points of the pictures' fingerprints differ (a resized copy differs in a "
    "few; another picture in about half).": (
        "%Ln of the 64 points of the pictures' fingerprints differs (a resized copy differs in "
        "a few; another picture in about half).",
        "%Ln of the 64 points of the pictures' fingerprints differ (a resized copy differs in "
        "a few; another picture in about half).",
    ),
    "Not saved: %Ln of these are not web addresses, “{address}” first. An authority's "
    "address starts with https:// (or http://), like https://freetsa.org/tsr.": (
        "Not saved: %Ln of these is not a web address, “{address}”. An authority's address "
        "starts with https:// (or http://), like https://freetsa.org/tsr.",
        "Not saved: %Ln of these are not web addresses, “{address}” first. An authority's "
        "address starts with https:// (or http://), like https://freetsa.org/tsr.",
    ),
    "%Ln pictures and videos": ("%Ln picture or video", "%Ln pictures and videos"),
    "%Ln pictures and videos ({size})": (
        "%Ln picture or video ({size})",
        "%Ln pictures and videos ({size})",
    ),
    "%Ln of these files are missing from the archive: the packet will name them without "
    "holding them, and its report says so.": (
        "%Ln of these files is missing from the archive: the packet will name it without "
        "holding it, and its report says so.",
        "%Ln of these files are missing from the archive: the packet will name them without "
        "holding them, and its report says so.",
    ),
    "%Ln boards were not checked in the last backup (the oldest not checked since {when}): a "
    "removal there would not be seen yet. Back up now to read every board.": (
        "%Ln board was not checked in the last backup (not checked since {when}): a removal "
        "there would not be seen yet. Back up now to read every board.",
        "%Ln boards were not checked in the last backup (the oldest not checked since {when}): "
        "a removal there would not be seen yet. Back up now to read every board.",
    ),
    "%Ln boards were not checked in the last backup: a removal there would not be seen yet. "
    "Back up now to read every board.": (
        "%Ln board was not checked in the last backup: a removal there would not be seen yet. "
        "Back up now to read every board.",
        "%Ln boards were not checked in the last backup: a removal there would not be seen "
        "yet. Back up now to read every board.",
    ),
    "%Ln boards were not checked in the latest backup: their pins are shown as last seen.": (
        "%Ln board was not checked in the latest backup: its pins are shown as last seen.",
        "%Ln boards were not checked in the latest backup: their pins are shown as last seen.",
    ),
    # The same in both forms: the count stands alone.
    "%Ln cannot come back (listed below, with the reason).": (
        "%Ln cannot come back (listed below, with the reason).",
        "%Ln cannot come back (listed below, with the reason).",
    ),
    "… and %Ln more": ("… and %Ln more", "… and %Ln more"),
    "about %n min left": ("about %n min left", "about %n min left"),
    "about %n s left": ("about %n s left", "about %n s left"),
    "{names} and %Ln more": ("{names} and %Ln more", "{names} and %Ln more"),
    "… and %Ln more (all are in the packet)": (
        "… and %Ln more (all are in the packet)",
        "… and %Ln more (all are in the packet)",
    ),
    "No backup ever saw %Ln of these pins: for those, that rests on the export alone.": (
        "No backup ever saw %Ln of these pins: for those, that rests on the export alone.",
        "No backup ever saw %Ln of these pins: for those, that rests on the export alone.",
    ),
    "Could not be put back: %Ln (listed below, with the reason).": (
        "Could not be put back: %Ln (listed below, with the reason).",
        "Could not be put back: %Ln (listed below, with the reason).",
    ),
}


class TranslationError(Exception):
    """A count whose English forms cannot be made from its source."""


def tool(name: str) -> str:
    """A Qt tool from the same environment as this Python (the venv's PySide6)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise TranslationError(f"{name} is not installed (it comes with PySide6).")
    return found


def source_files(root: Path = ROOT) -> list[str]:
    return sorted(str(p) for folder in SOURCES for p in (root / folder).rglob("*.py"))


def extract(ts: Path, language: str = ENGLISH, root: Path = ROOT) -> None:
    """Writes (or updates) `ts` with every translatable string of the sources."""
    subprocess.run(
        [tool("pyside6-lupdate"), *source_files(root), "-ts", str(ts), "-source-language",
         ENGLISH, "-target-language", language, "-locations", "none", "-no-obsolete",
         "-silent"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip


def english_forms(source: str) -> tuple[str, str]:
    """ "%n pin(s)" -> ("%n pin", "%n pins"); "%n box(es)" -> ("%n box", "%n boxes")."""
    if source in IRREGULAR:
        return IRREGULAR[source]
    if "(es)" in source:
        return source.replace("(es)", ""), source.replace("(es)", "es")
    if "(s)" in source:
        return source.replace("(s)", ""), source.replace("(s)", "s")
    raise TranslationError(
        f"No English forms for {source!r}: write its noun with (s) or (es), or add it to "
        "IRREGULAR in packaging/translations.py."
    )


def is_count(source: str) -> bool:
    return "%n" in source or "%Ln" in source


def mark_counts(ts: Path, english: bool) -> int:
    """Marks every count (a source with %n or %Ln) as one with plural forms: lupdate marks
    those of tr() but not of translate(). In the English catalogue, writes their forms;
    in another, leaves a form per plural of that language for its translator. Returns how
    many counts the catalogue holds."""
    tree = ET.parse(ts)  # noqa: S314 (our own catalogue, written by lupdate)
    counts = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        if not is_count(source):
            continue
        counts += 1
        message.set("numerus", "yes")
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if not english:
            if translation.find("numerusform") is None:
                translation.set("type", "unfinished")
                ET.SubElement(translation, "numerusform")
            continue
        for child in list(translation):
            translation.remove(child)
        translation.text = None  # lupdate may have guessed one from a like string
        translation.attrib.pop("type", None)
        for form in english_forms(source):
            ET.SubElement(translation, "numerusform").text = form
    ET.indent(tree, space="    ")
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return counts


def compile_catalogue(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip


def update(folder: Path = TRANSLATIONS, root: Path = ROOT) -> list[Path]:
    """Every catalogue in `folder` brought up to date; the English one made if missing."""
    folder.mkdir(parents=True, exist_ok=True)
    english = folder / f"{CATALOGUE}_{ENGLISH}.ts"
    catalogues = sorted(set(folder.glob(f"{CATALOGUE}_*.ts")) | {english})
    for ts in catalogues:
        language = ts.stem.removeprefix(f"{CATALOGUE}_")
        if language == ENGLISH:
            # Everything in it is made from the source: made afresh, it is the same for the
            # same source whatever it held before (the test compares byte for byte).
            ts.unlink(missing_ok=True)
        extract(ts, language, root)
        mark_counts(ts, english=language == ENGLISH)
        compile_catalogue(ts, ts.with_suffix(".qm"))
    return catalogues


def main() -> int:
    try:
        for ts in update():
            print(f"updated {ts.relative_to(ROOT)} and its .qm")
    except (TranslationError, subprocess.CalledProcessError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
