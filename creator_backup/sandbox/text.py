"""Words for the generated account, and the hostile strings every output must survive."""

from __future__ import annotations

import random

ADJECTIVES = (
    "Cosy",
    "Bright",
    "Rustic",
    "Minimal",
    "Vintage",
    "Golden",
    "Quiet",
    "Wild",
    "Soft",
    "Bold",
    "Coastal",
    "Autumn",
    "Spring",
    "Midnight",
    "Sunny",
    "Hand-made",
)
NOUNS = (
    "Kitchen",
    "Garden",
    "Studio",
    "Wedding",
    "Knitting",
    "Ceramics",
    "Recipes",
    "Illustration",
    "Watercolour",
    "Interiors",
    "Travel",
    "Outfits",
    "Typography",
    "Bread",
    "Woodwork",
    "Embroidery",
    "Lettering",
    "Prints",
    "Quilts",
    "Planters",
)
THINGS = (
    "ideas",
    "inspiration",
    "tutorial",
    "process shots",
    "palette",
    "sketches",
    "finished pieces",
    "work in progress",
    "mood board",
    "references",
)
SENTENCES = (
    "Made this over the weekend with leftover materials.",
    "Step-by-step photos are in the next pins.",
    "Colours inspired by the sea in late September.",
    "Available as a print in my shop; link below.",
    "First attempt, second one came out much better!",
    "Tools: a 4mm hook, cotton yarn and patience.",
    "Shot on film, scanned at home.",
    "Recipe adapted from my grandmother's notebook.",
)

# Text a pin title, board name or description may carry. Every output the app makes
# (files, HTML, PDF, CSV, GUI labels) must show these literally and never act on them.
HOSTILE_TEXTS = (
    "<img src=x onerror=alert(1)>",
    "</table><h1>FAKE</h1>",
    "\"Quotes\" & 'apostrophes' <b>not bold</b>",
    "../../../etc/passwd",
    "..\\..\\Windows\\System32\\config",
    "C:\\Users\\Public\\evil.exe",
    "/absolute/path/to/nowhere",
    "\u202egnp.exe\u202c holiday photos",
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 \u2014 \u05e9\u05dc\u05d5\u05dd",
    "\U0001f338 Spring \U0001f337 ideas \U0001f469\u200d\U0001f3a8 \u2728",
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "CON",
    "name with\ttab and\nnew line",
    "%s %n {0} ${HOME} $(rm -rf ~)",
)

# Pinterest's field limits (API v5 Pin and BoardSection schemas).
TITLE_MAX = 100
DESCRIPTION_MAX = 800
LINK_MAX = 2048
ALT_TEXT_MAX = 500
SECTION_NAME_MAX = 180


def board_name(rng: random.Random) -> str:
    return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"


def pin_title(rng: random.Random) -> str:
    return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS).lower()} {rng.choice(THINGS)}"


def description(rng: random.Random) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(1 + rng.randrange(3)))


def at_limit(text: str, limit: int) -> str:
    """`text` repeated and cut to exactly `limit` characters."""
    return (text * (limit // max(1, len(text)) + 1))[:limit]


def long_link(limit: int = LINK_MAX) -> str:
    base = "https://example.com/very/long/path?"
    return at_limit(base + "q=" + "a" * limit, limit)
