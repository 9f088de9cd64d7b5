"""The window's words through Qt's translation machinery: every string it shows goes
through tr(), counts through tr()'s plural forms ("%n pin(s)"), and a translation is a .qm
file in resources/translations, added without a change to the code.

English is a translation too: the source strings say "%n pin(s)", and
creator_backup_en.qm gives the two forms English has ("1 pin", "2 pins"). The user's own
language, when a translation of it ships, is installed after it and wins. Qt's own strings
(standard buttons and dialogs) come from Qt's translations, when installed.

`./dev translations` updates the .ts files from the source (pyside6-lupdate), fills the
English plural forms and compiles the .qm files (pyside6-lrelease);
tests/gui/test_translations.py checks that they are up to date.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from creator_backup.local_time import user_locale
from creator_backup.resources import resource_path

# tr() takes its context from the object's class at run time, and pyside6-lupdate from the
# class it reads the call in: they differ for a method a subclass inherits, and for a free
# function. There, translate("Context", "text", None, count) names the context itself
# (lupdate reads this name too).
translate = QCoreApplication.translate

CATALOGUE = "creator_backup"  # resources/translations/creator_backup_<language>.qm
SOURCE_LANGUAGE = "en"
# The translators installed, kept alive with the application (Qt does not own them).
_installed: dict[int, list[QTranslator]] = {}


def translations_dir() -> str:
    return str(resource_path("translations"))


def install_translations(app: QCoreApplication, locale: QLocale | None = None) -> None:
    """Installs the English plural forms, then the user's language's translation and Qt's
    own, where they exist. Once per application; later calls do nothing."""
    key = id(app)
    if key in _installed:
        return
    # Qt's numbers ("%Ln": 1,204) and the dates (local_time) follow the same locale: the
    # user's, or the app's own words where the system names none (C, POSIX).
    chosen = locale or QLocale(str(user_locale()))
    QLocale.setDefault(chosen)
    kept: list[QTranslator] = []
    english = QTranslator(app)
    if english.load(f"{CATALOGUE}_{SOURCE_LANGUAGE}", translations_dir()):
        app.installTranslator(english)
        kept.append(english)
    own = QTranslator(app)
    # Finds creator_backup_fr_CA.qm, then creator_backup_fr.qm, for a French-Canadian user.
    if chosen.language() != QLocale.Language.English and own.load(
        chosen, CATALOGUE, "_", translations_dir()
    ):
        app.installTranslator(own)
        kept.append(own)
    qt = QTranslator(app)
    if qt.load(chosen, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        kept.append(qt)
    _installed[key] = kept
