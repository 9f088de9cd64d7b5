"""Pinterest's pages the assistant opens, and the answers it suggests for Pinterest's
"Connect app" form. The answers are the creator's to change; each is translatable."""

from __future__ import annotations

from dataclasses import dataclass

from creator_backup.appinfo import PRIVACY_POLICY_URL, PROJECT_URL
from creator_backup.gui.translations import translate

BUSINESS_CONVERT_URL = "https://www.pinterest.com/business/convert/"
BUSINESS_CREATE_URL = "https://www.pinterest.com/business/create/"
DEVELOPER_APPS_URL = "https://developers.pinterest.com/apps/"
# Pinterest refuses an app name with its own name in it.
FORBIDDEN_IN_NAME = "pinterest"


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
            translate("ConnectAssistant", "App name"),
            translate("ConnectAssistant", "{name}'s backup").format(name=name)
            if name
            else translate("ConnectAssistant", "My own backup"),
        ),
        Answer(
            translate("ConnectAssistant", "Company name"),
            name or translate("ConnectAssistant", "Independent creator"),
        ),
        Answer(
            translate("ConnectAssistant", "Company website"),
            f"https://www.pinterest.com/{profile}/" if profile else PROJECT_URL,
        ),
        Answer(translate("ConnectAssistant", "Privacy policy link"), PRIVACY_POLICY_URL),
        Answer(
            translate("ConnectAssistant", "App purpose"),
            translate(
                "ConnectAssistant",
                "A personal backup of my own Pinterest account. It reads my boards, "
                "sections and pins, secret ones included, and keeps a copy on my own "
                "computer, so that I can see what was removed, document it in an appeal "
                "and put it back. Only I use it; nothing is shared, sold or published.",
            ),
        ),
        Answer(
            translate("ConnectAssistant", "Use case"), translate("ConnectAssistant", "Pinner app")
        ),
        Answer(
            translate("ConnectAssistant", "Audience"), translate("ConnectAssistant", "Creators")
        ),
    ]


# What each permission lets the app do, in the words of Pinterest's own consent page; looked
# up when asked, so that they come in the language installed by then.
def scope_word(scope: str) -> str | None:
    words = {
        "user_accounts:read": translate("ConnectAssistant", "see your account"),
        "boards:read": translate("ConnectAssistant", "see your boards"),
        "boards:read_secret": translate("ConnectAssistant", "see your secret boards"),
        "pins:read": translate("ConnectAssistant", "see your pins"),
        "pins:read_secret": translate("ConnectAssistant", "see your secret pins"),
        "boards:write": translate("ConnectAssistant", "create and change boards"),
        "boards:write_secret": translate("ConnectAssistant", "create and change secret boards"),
        "pins:write": translate("ConnectAssistant", "create and change pins"),
        "pins:write_secret": translate("ConnectAssistant", "create and change secret pins"),
    }
    return words.get(scope)


def scope_words(scopes: tuple[str, ...]) -> str:
    """The permissions as a person reads them; an unknown one by its own name."""
    return translate("ConnectAssistant", ", ").join(scope_word(s) or s for s in scopes)
