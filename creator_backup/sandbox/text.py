"""Words for the generated account, and the hostile strings every output must survive.

The account is a believable creator (a potter who draws and prints): each board is a
`Theme` whose pins are titled and described in its own words. The hostile strings go in
only when the sandbox is asked for them (`SandboxConfig(hostile=True)`): they belong to
the tests, never to the demo."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """One board of the creator's account: its name, the words its pins use and the
    style its pictures are drawn in (see pictures.py)."""

    board: str
    style: str
    subjects: tuple[str, ...]  # what a pin shows
    details: tuple[str, ...]  # what a title adds to it
    sentences: tuple[str, ...]  # descriptions are made of these
    sections: tuple[str, ...]


# The demo creator: a potter who also draws and prints. Every board is one of these.
THEMES: tuple[Theme, ...] = (
    Theme(
        "Glaze tests",
        "tiles",
        (
            "Celadon test tile",
            "Tenmoku drip test",
            "Shino line blend",
            "Ash glaze tile",
            "Copper red test",
            "Satin matte white",
            "Crawl glaze sample",
            "Iron saturate tile",
        ),
        (
            ", cone 6",
            " over porcelain",
            " on speckled stoneware",
            ", second firing",
            ", thick and thin",
            " in reduction",
            " with a wax line",
            ", three dips",
        ),
        (
            "Thick on the left, one dip on the right.",
            "The same glaze on three clay bodies, fired together.",
            "Recipe card is in the studio binder, page twelve.",
            "Came out glossier than the last batch; slower cooling next time.",
            "Pooled beautifully in the grooves.",
            "A keeper for the spring mugs.",
        ),
        ("Celadons", "Tenmokus", "Line blends", "Matte glazes"),
    ),
    Theme(
        "Wheel-thrown mugs",
        "vessel",
        (
            "Tall mug",
            "Stubby espresso cup",
            "Handled tankard",
            "Morning mug",
            "Speckled latte mug",
            "Faceted mug",
            "Tea bowl mug",
            "Pair of mugs",
        ),
        (
            " in oatmeal glaze",
            " with a pulled handle",
            ", fresh off the wheel",
            " after trimming",
            " in deep blue",
            " for the autumn shop",
            ", thumb rest detail",
            " with a carved foot",
        ),
        (
            "Thrown with 450 g of clay, trimmed the next morning.",
            "The handle was pulled, not extruded; it sits well in the hand.",
            "Holds a generous 350 ml.",
            "Dishwasher safe, fired to cone 6.",
            "This batch goes to the shop on Friday.",
            "Seconds from this firing are in the studio sale.",
        ),
        ("Handles", "Shop batches", "Seconds"),
    ),
    Theme(
        "Sketchbook",
        "sketch",
        (
            "Pencil study",
            "Ink sketch",
            "Page of mug shapes",
            "Hands at the wheel",
            "Studio cat asleep",
            "Quick gesture drawing",
            "Teapot ideas",
            "Market sketch",
        ),
        (
            " from Tuesday",
            ", ten-minute pose",
            " in a new sketchbook",
            " on toned paper",
            ", before the glaze",
            " on the train",
            ", first page",
            " in brown ink",
        ),
        (
            "Drawing the forms before I throw them helps with proportions.",
            "A page from the small sketchbook I carry everywhere.",
            "Fineliner and a bit of wash.",
            "Not every page works; this one did.",
            "Ideas for next month's bottles.",
        ),
        ("Forms", "People", "Studio life"),
    ),
    Theme(
        "Studio shelves",
        "shelves",
        (
            "Drying shelf",
            "Greenware shelf",
            "Bisque waiting for glaze",
            "Top shelf",
            "Shelf of finished bowls",
            "Corner of the studio",
            "Ware boards",
            "Window shelf",
        ),
        (
            " on a Monday",
            " before the kiln load",
            ", all glazed",
            " in afternoon light",
            " after the tidy-up",
            ", leather hard",
            " before the sale",
            " in winter",
        ),
        (
            "Everything on this shelf goes in the next bisque.",
            "Slow drying under plastic so the handles do not crack.",
            "The studio is small, so shelves do all the work.",
            "Labelled by clay body and glaze plan.",
            "Nothing in here is finished yet.",
        ),
        ("Greenware", "Bisque", "Finished"),
    ),
    Theme(
        "Botanical linocuts",
        "linocut",
        (
            "Fern linocut",
            "Oak leaf print",
            "Seed head block",
            "Poppy relief print",
            "Ivy border",
            "Two-colour leaf print",
            "Allium block print",
            "Bracken print",
        ),
        (
            ", edition of twenty",
            " on Japanese paper",
            " in forest green",
            ", proof two",
            ", carved block",
            " in black and ochre",
            ", reduction print",
            " for the calendar",
        ),
        (
            "Carved from a single block of lino, printed by hand with a baren.",
            "The first proof is always a surprise.",
            "Printed on thin kozo paper so the grain shows.",
            "Drawn from a leaf picked on the walk to the studio.",
            "A few prints of this edition are left in the shop.",
        ),
        ("Proofs", "Editions", "Blocks"),
    ),
    Theme(
        "Kiln days",
        "kiln",
        (
            "Kiln opening",
            "Loading the kiln",
            "Cone pack",
            "Glowing peephole",
            "Kiln shelf of mugs",
            "Firing log",
            "Cooling kiln",
            "Glaze kiln unload",
        ),
        (
            " at dawn",
            ", cone 6 down",
            " after twelve hours",
            ", glaze firing",
            ", bisque firing",
            " with test tiles",
            ", full load",
            ", top shelf",
        ),
        (
            "Twelve hours up, a day to cool, and the best morning of the month.",
            "Cones bent just right this time.",
            "Packed tight: forty mugs and a row of test tiles.",
            "Never open the lid before it is under a hundred degrees.",
            "One crack in the whole load. I will take it.",
        ),
        ("Bisque firings", "Glaze firings"),
    ),
    Theme(
        "Vases & bottles",
        "bottle",
        (
            "Bud vase",
            "Tall bottle",
            "Moon jar",
            "Bottle with a narrow neck",
            "Altered vase",
            "Trio of bud vases",
            "Round-bellied vase",
            "Spouted bottle",
        ),
        (
            " in ash glaze",
            " with a flared lip",
            ", thrown in two parts",
            " in celadon",
            " on a wooden plinth",
            ", matte black",
            " with dried grasses",
            " for one stem",
        ),
        (
            "Thrown in two pieces and joined when leather hard.",
            "Small enough for one stem from the garden.",
            "The glaze breaks brown over the throwing lines.",
            "Waterproof, so it takes fresh flowers too.",
            "A study in necks and shoulders.",
        ),
        ("Bud vases", "Bottles"),
    ),
    Theme(
        "Watercolour studies",
        "wash",
        (
            "Watercolour wash",
            "Glaze colour study",
            "Loose sky study",
            "Wet-in-wet bloom",
            "Colour swatch page",
            "Evening study",
            "Misty hills",
            "Harbour in watercolour",
        ),
        (
            " on cold-press paper",
            ", three colours only",
            " in indigo",
            ", quick study",
            " from the studio window",
            " in warm greys",
            ", second layer",
            " at dusk",
        ),
        (
            "Painting glaze colours first tells me which ones sit well together.",
            "Three pigments: ultramarine, burnt sienna and a yellow.",
            "Let it dry between layers, mostly.",
            "Done in twenty minutes before the light changed.",
            "Paper: 300 gsm cold press.",
        ),
        ("Skies", "Colour studies"),
    ),
    Theme(
        "Market stall",
        "stall",
        (
            "Market table",
            "Stall set-up",
            "Price tags",
            "Christmas market stall",
            "Spring fair display",
            "Wrapped orders",
            "Pop-up shop corner",
            "Crates of mugs",
        ),
        (
            " at the craft fair",
            ", early morning",
            " before the doors open",
            ", sold out",
            " in the rain",
            " with new signage",
            ", weekend edition",
            " by the river",
        ),
        (
            "Two trestle tables, a linen cloth and a lot of newspaper for wrapping.",
            "Sold out of mugs by lunchtime.",
            "Thank you to everyone who came by!",
            "Next market: the first Saturday of the month.",
            "The display crates are old apple boxes.",
        ),
        ("Fairs", "Orders"),
    ),
    Theme(
        "Clay & colour palettes",
        "palette",
        (
            "Earth palette",
            "Glaze palette",
            "Autumn palette",
            "Sea palette",
            "Clay body swatches",
            "Slip colours",
            "Kitchen palette",
            "Winter palette",
        ),
        (
            " for the next collection",
            ", five colours",
            " from the garden",
            ", warm",
            ", cool",
            " from a photo",
            " for the website",
            ", muted",
        ),
        (
            "A palette for the next collection of mugs and bowls.",
            "Colours picked from a walk along the beach.",
            "Mixing slips to match these is the hard part.",
            "Saved so I stop reinventing the same blues.",
            "Warm clay, cool glaze: my favourite pairing.",
        ),
        ("Collections", "Slips"),
    ),
    Theme(
        "Bowls for everyday",
        "bowl",
        (
            "Breakfast bowl",
            "Nesting bowls",
            "Ramen bowl",
            "Serving bowl",
            "Small dip bowl",
            "Salad bowl",
            "Footed bowl",
            "Stack of bowls",
        ),
        (
            " in speckled white",
            " with a rolled rim",
            ", set of four",
            " in tenmoku",
            " with a carved foot",
            ", straight off the wheel",
            " for soup season",
            " in two glazes",
        ),
        (
            "Wide enough for noodles, deep enough for soup.",
            "Nests with the two smaller ones for the cupboard.",
            "Trimmed with a chattering tool for the texture on the foot.",
            "Made to be used every day, not kept for best.",
            "The rim is rolled so it does not chip.",
        ),
        ("Sets", "Serving"),
    ),
    Theme(
        "Garden & studio light",
        "landscape",
        (
            "View from the studio",
            "Garden at dusk",
            "Hills behind the studio",
            "Morning light",
            "Evening walk",
            "Field of poppies",
            "Snowy garden",
            "Sunset over the kiln shed",
        ),
        (
            " in June",
            ", golden hour",
            " after the rain",
            " in late autumn",
            ", first frost",
            " on a slow Sunday",
            ", from the doorway",
            " at midsummer",
        ),
        (
            "Where most of the glaze colours come from.",
            "The light through the studio window in the late afternoon.",
            "A walk between firings.",
            "The garden gives me leaves to print and flowers for the vases.",
            "Quiet days like this are for throwing.",
        ),
        ("Seasons",),
    ),
)
THEME_BY_BOARD = {theme.board: theme for theme in THEMES}

# The creator's handle: Pinterest usernames are letters, digits and underscores. Each seed
# has its own (a seed past the list adds a number), so two sandboxes are two accounts.
HANDLES = (
    "mara_clayworks",
    "ines_pottery",
    "studio_fennel",
    "kiln_and_ink",
    "june_makes_bowls",
    "oda_ceramics",
    "the_glaze_shelf",
    "linden_studio",
    "petra_draws_pots",
    "salt_and_slip",
)


def handle(seed: int) -> str:
    base = HANDLES[seed % len(HANDLES)]
    return base if seed < len(HANDLES) else f"{base}{seed // len(HANDLES)}"


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


def pin_title(theme: Theme, rng: random.Random) -> str:
    return f"{rng.choice(theme.subjects)}{rng.choice(theme.details)}"


def description(theme: Theme, rng: random.Random) -> str:
    return " ".join(rng.sample(theme.sentences, 1 + rng.randrange(2)))


def at_limit(text: str, limit: int) -> str:
    """`text` repeated and cut to exactly `limit` characters."""
    return (text * (limit // max(1, len(text)) + 1))[:limit]


def long_link(limit: int = LINK_MAX) -> str:
    base = "https://example.com/very/long/path?"
    return at_limit(base + "q=" + "a" * limit, limit)
