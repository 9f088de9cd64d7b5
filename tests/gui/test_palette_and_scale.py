"""The window follows the system's light or dark palette, and its icons stay sharp at
high DPI: nothing in it paints a colour of its own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication, QListWidget
from pytestqt.qtbot import QtBot

from creator_backup.gui.icons import tinted_icon
from creator_backup.resources import resource_path

from .conftest import MakeWindow

GUI = Path(__file__).resolve().parents[2] / "creator_backup" / "gui"


def luminance(colour: QColor) -> float:
    return 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF()


def palette(dark: bool) -> QPalette:
    base = QPalette()
    window, text = (QColor("#202124"), QColor("#e8eaed")) if dark else (QColor("#f6f6f6"),
                                                                          QColor("#1b1b1b"))  # fmt: skip
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.Base, window.darker(110) if dark else QColor("#ffffff")),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.Highlight, QColor("#8ab4f8") if dark else QColor("#1a73e8")),
        (QPalette.ColorRole.HighlightedText, QColor("#000000") if dark else QColor("#ffffff")),
    ):
        base.setColor(role, colour)
    return base


@pytest.fixture
def app_palette() -> Iterator[None]:
    before = QGuiApplication.palette()
    yield
    QApplication.setPalette(before)


def inked(image: QImage) -> list[QColor]:
    """The colours of the pixels an icon drew (mostly opaque ones)."""
    found = []
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() > 200:
                found.append(colour)
    return found


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_page_icons_are_drawn_in_the_palette_text_colour(dark: bool, app_palette: None) -> None:
    QApplication.setPalette(palette(dark))
    text = palette(dark).color(QPalette.ColorRole.WindowText)
    for svg in sorted(resource_path("icons").glob("page-*.svg")):
        icon = tinted_icon(svg)
        assert not icon.isNull(), svg.name
        ink = inked(icon.pixmap(QSize(24, 24)).toImage())
        assert len(ink) > 20, f"{svg.name} drew almost nothing"
        assert all(abs(luminance(c) - luminance(text)) < 0.05 for c in ink), svg.name
    # The selected row's icon takes the highlighted text colour.
    selected = tinted_icon(resource_path("icons", "page-backup.svg"))
    ink = inked(selected.pixmap(QSize(24, 24), QIcon.Mode.Selected).toImage())
    wanted = palette(dark).color(QPalette.ColorRole.HighlightedText)
    assert ink and all(abs(luminance(c) - luminance(wanted)) < 0.05 for c in ink)


def test_icons_are_drawn_at_the_screen_scale_not_enlarged() -> None:
    icon = tinted_icon(resource_path("icons", "page-history.svg"))
    one = icon.pixmap(QSize(24, 24), 1.0)
    two = icon.pixmap(QSize(24, 24), 2.0)
    assert (one.width(), one.height()) == (24, 24)
    assert (two.width(), two.height()) == (48, 48) and two.devicePixelRatio() == 2.0

    # Drawn anew at 48 px, not a 24 px picture blown up: a blown-up picture is made of
    # uniform 2x2 blocks; a fresh drawing has strokes whose edges fall inside blocks.
    image = two.toImage()

    def mixed_blocks(picture: QImage) -> int:
        count = 0
        for y in range(0, 48, 2):
            for x in range(0, 48, 2):
                block = {picture.pixelColor(x + dx, y + dy).rgba() for dx in (0, 1)
                         for dy in (0, 1)}  # fmt: skip
                count += len(block) > 1
        return count

    assert mixed_blocks(one.toImage().scaled(48, 48)) == 0  # what enlarging would give
    assert mixed_blocks(image) > 20


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_page_takes_the_palette(
    dark: bool, make_window: MakeWindow, qtbot: QtBot, app_palette: None
) -> None:
    """Each page, grabbed as shown, is mostly the palette's window colour: no page paints
    a background or text colour of its own."""
    QApplication.setPalette(palette(dark))
    window = make_window()
    window.resize(1100, 760)
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    want = luminance(palette(dark).color(QPalette.ColorRole.Window))
    nav = window.findChild(QListWidget)
    assert nav is not None
    for page in window.pages:
        window.show_page(page.page_id)
        qtbot.wait(50)
        image = page.grab().toImage()
        samples = [image.pixelColor(x, y) for y in range(0, image.height(), 9)
                   for x in range(0, image.width(), 9)]  # fmt: skip
        near = sum(1 for c in samples if abs(luminance(c) - want) < 0.15)
        assert near / len(samples) > 0.5, f"{page.page_id} does not follow the {dark=} palette"


def test_no_widget_hard_codes_a_colour() -> None:
    """Colours come from the palette: no style sheet or colour literal in the window."""
    offenders = []
    for source in sorted(GUI.rglob("*.py")):
        text = source.read_text("utf-8")
        if re.search(r"setStyleSheet\(|QColor\(\s*[\"'#\d]|Qt\.GlobalColor\.(?!transparent)", text):
            offenders.append(source.name)
    assert offenders == []
