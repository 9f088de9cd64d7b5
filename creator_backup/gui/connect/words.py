"""Pinterest's pages the assistant opens, and the answers it suggests for Pinterest's
"Connect app" form. The answers are the creator's to change; each is translatable."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from creator_backup.appinfo import PRIVACY_POLICY_URL, PROJECT_URL

BUSINESS_CONVERT_URL = "https://www.pinterest.com/business/convert/"
BUSINESS_CREATE_URL = "https://www.pinterest.com/business/create/"
DEVELOPER_APPS_URL = "https://developers.pinterest.com/apps/"
# Pinterest refuses an app name with its own name in it.
FORBIDDEN_IN_NAME = "pinterest"
CONTEXT = "ConnectAssistant"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class Answer:
    field: str  # the form's field, as Pinterest names it
    value: str


def clean_name(name: str) -> str:
    """The creator's name as an app name may carry it: on one line, without the word
    Pinterest (Pinterest refuses that), and short."""
    words = [w for w in " ".join(name.split()).split(" ") if FORBIDDEN_IN_NAME not in w.lower()]
    return " ".join(words)[:40].strip()


def form_answers(your_name: str, profile_name: str) -> list[Answer]:
    """Every answer "Connect app" asks for, in the form's order."""
    name = clean_name(your_name)
    profile = "".join(c for c in profile_name.strip().strip("@/") if c.isalnum() or c in "_-.")
    return [
        Answer(
            _tr("App name"),
            _tr("{name}'s backup").format(name=name) if name else _tr("My own backup"),
        ),
        Answer(_tr("Company name"), name or _tr("Independent creator")),
        Answer(
            _tr("Company website"),
            f"https://www.pinterest.com/{profile}/" if profile else PROJECT_URL,
        ),
        Answer(_tr("Privacy policy link"), PRIVACY_POLICY_URL),
        Answer(
            _tr("App purpose"),
            _tr(
                "A personal backup of my own Pinterest account. It reads my boards, "
                "sections and pins, secret ones included, and keeps a copy on my own "
                "computer, so that I can see what was removed, document it in an appeal "
                "and put it back. Only I use it; nothing is shared, sold or published."
            ),
        ),
        Answer(_tr("Use case"), _tr("Pinner app")),
        Answer(_tr("Audience"), _tr("Creators")),
    ]


# What each permission lets the app do, in the words of Pinterest's own consent page.
SCOPE_WORDS = {
    "user_accounts:read": "see your account",
    "boards:read": "see your boards",
    "boards:read_secret": "see your secret boards",
    "pins:read": "see your pins",
    "pins:read_secret": "see your secret pins",
    "boards:write": "create and change boards",
    "boards:write_secret": "create and change secret boards",
    "pins:write": "create and change pins",
    "pins:write_secret": "create and change secret pins",
}


def scope_words(scopes: tuple[str, ...]) -> str:
    """The permissions as a person reads them; an unknown one by its own name."""
    return ", ".join(_tr(SCOPE_WORDS[s]) if s in SCOPE_WORDS else s for s in scopes)
