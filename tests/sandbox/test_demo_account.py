"""The demo account is a believable creator, not a test: themed boards, pins in their
board's words, pictures that look drawn; hostile text only when a test asks for it."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from PySide6.QtGui import QImage

from creator_backup.cli.parser import build_parser
from creator_backup.cli.sandbox_command import config_from_args
from creator_backup.demo import DEMO_BOARDS, DEMO_PINS, DEMO_SEED, DemoEnvironment, start_demo
from creator_backup.sandbox import Sandbox, SandboxConfig
from creator_backup.sandbox.changes import largest_variant, state_json
from creator_backup.sandbox.media import VARIANTS, ImageSpec, MediaUrls
from creator_backup.sandbox.store import SandboxStore
from creator_backup.sandbox.text import (
    ALT_TEXT_MAX,
    DESCRIPTION_MAX,
    HANDLES,
    HOSTILE_TEXTS,
    LINK_MAX,
    SECTION_NAME_MAX,
    THEME_BY_BOARD,
    THEMES,
    TITLE_MAX,
    Theme,
)

JsonDict = dict[str, Any]


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoEnvironment]:
    env = start_demo()
    yield env
    env.close()


@pytest.fixture(scope="module")
def state(demo: DemoEnvironment) -> JsonDict:
    return state_json(demo.sandbox.store, include_pins=True, include_media=False)


def texts_of(state: JsonDict) -> list[str]:
    """Every piece of Pinterest text in the account: names, titles, descriptions, links."""
    out: list[str] = []
    for board in state["boards"]:
        out += [board["name"], board.get("description") or ""]
    out += [section["name"] for section in state["sections"]]
    for pin in state["pins"]:
        out += [pin.get(key) or "" for key in ("title", "description", "alt_text", "link")]
    return out


def theme_of(board_name: str) -> Theme:
    # A creator with more boards than themes has "Glaze tests 2".
    base = board_name.rstrip("0123456789").rstrip() if board_name[-1:].isdigit() else board_name
    return THEME_BY_BOARD[base]


def test_the_demo_account_has_no_hostile_text(state: JsonDict) -> None:
    texts = texts_of(state)
    assert len(state["pins"]) > DEMO_PINS // 2
    for hostile in HOSTILE_TEXTS:
        assert not [t for t in texts if hostile in t], hostile
    # Nothing at Pinterest's length limits either, and no control characters.
    for board in state["boards"]:
        assert len(board["name"]) < 60
    assert all(len(s["name"]) < SECTION_NAME_MAX for s in state["sections"])
    for pin in state["pins"]:
        assert len(pin.get("title") or "") < TITLE_MAX
        assert len(pin.get("description") or "") < DESCRIPTION_MAX
        assert len(pin.get("alt_text") or "") < ALT_TEXT_MAX
        assert len(pin.get("link") or "") < LINK_MAX
    assert not [t for t in texts if any(c in t for c in "<>\t\n\u202e|$%")]


def test_the_creator_has_a_handle_not_a_test_name(demo: DemoEnvironment) -> None:
    username = demo.sandbox.store.gen.username
    assert username in HANDLES and username.replace("_", "").isalnum()


def test_boards_are_the_creators_themes_each_once(state: JsonDict) -> None:
    names = [board["name"] for board in state["boards"]]
    assert len(names) == DEMO_BOARDS
    assert len(set(names)) == len(names)
    assert set(names) <= {theme.board for theme in THEMES}
    for board in state["boards"]:
        description = board.get("description")
        if description:
            assert description.startswith(theme_of(board["name"]).sentences)
    for section in state["sections"]:
        board = next(b for b in state["boards"] if b["id"] == section["board_id"])
        assert section["name"].startswith(theme_of(board["name"]).sections)


def test_pins_are_titled_and_described_in_their_boards_words(state: JsonDict) -> None:
    boards = {board["id"]: board["name"] for board in state["boards"]}
    checked = 0
    for pin in state["pins"]:
        if pin["board_id"] not in boards:
            continue  # a pin on someone else's board
        theme = theme_of(boards[pin["board_id"]])
        if pin.get("title"):
            assert pin["title"].startswith(theme.subjects), (pin["title"], theme.board)
            checked += 1
        if pin.get("description"):
            assert pin["description"].startswith(theme.sentences), pin["description"]
    assert checked > len(state["pins"]) // 2
    # Every board has pins, so every theme shows.
    assert {pin["board_id"] for pin in state["pins"]} >= set(boards)


def decoded(data: bytes) -> QImage:
    image = QImage.fromData(data)
    assert not image.isNull()
    return image


def looks(image: QImage) -> tuple[int, float]:
    """(colours, luminance spread) over a 48x48 grid of the picture, colours coarsened to
    32 levels a channel so that grain does not count."""
    colours: set[tuple[int, int, int]] = set()
    light: list[float] = []
    for gy in range(48):
        for gx in range(48):
            pixel = image.pixelColor(
                gx * (image.width() - 1) // 47, gy * (image.height() - 1) // 47
            )
            colours.add((pixel.red() >> 3, pixel.green() >> 3, pixel.blue() >> 3))
            light.append(0.3 * pixel.red() + 0.59 * pixel.green() + 0.11 * pixel.blue())
    return len(colours), statistics.pstdev(light)


@pytest.mark.usefixtures("qapp")  # decoded as the window decodes them
def test_pictures_vary_in_shape_and_are_not_near_uniform(
    demo: DemoEnvironment, state: JsonDict
) -> None:
    by_board: dict[str, JsonDict] = {}
    for pin in state["pins"]:
        if pin["media"].get("media_type") == "image":
            by_board.setdefault(pin["board_id"], pin)
    assert len(by_board) >= DEMO_BOARDS // 2
    aspects = set()
    digests = set()
    for pin in by_board.values():
        images = pin["media"]["images"]
        url = images[largest_variant(images)]["url"]
        answer = requests.get(url, timeout=30)
        assert answer.status_code == 200
        image = decoded(answer.content)
        aspects.add(round(image.height() / image.width(), 2))
        digests.add(answer.content)
        colours, spread = looks(image)
        assert colours >= 6, (url, colours)
        assert spread >= 10, (url, spread)
        # Not stripes: rows differ down the picture, columns across it.
        middle_row = {image.pixelColor(x, image.height() // 2).name() for x in range(0, 600, 7)}
        middle_column = {image.pixelColor(image.width() // 3, y).name() for y in range(0, 600, 7)}
        assert len(middle_row) > 1 or len(middle_column) > 1
    assert len(aspects) >= 3
    assert len(digests) == len(by_board)


def store_of(config: SandboxConfig) -> SandboxStore:
    return SandboxStore(config, MediaUrls("http://127.0.0.1:1", config.seed), lambda: 0.0)


@pytest.mark.usefixtures("qapp")
def test_the_same_seed_gives_the_same_account_and_bytes() -> None:
    config = SandboxConfig(seed=DEMO_SEED, boards=DEMO_BOARDS, pins=60)
    first, second = store_of(config), store_of(config)
    assert state_json(first, True, False) == state_json(second, True, False)
    for number in (0, 5, 17, 42):
        for variant in VARIANTS:
            assert first.media_bytes("image", number, variant) == second.media_bytes(
                "image", number, variant
            )
        size = ImageSpec(number, DEMO_SEED).size("600x")
        image = decoded(first.media_bytes("image", number, "600x") or b"")
        assert (image.width(), image.height()) == size
    assert first.media_bytes("image", 0, "600x") != first.media_bytes("image", 1, "600x")
    other = store_of(SandboxConfig(seed=DEMO_SEED + 1, boards=DEMO_BOARDS, pins=60))
    assert other.media_bytes("image", 0, "600x") != first.media_bytes("image", 0, "600x")


@pytest.mark.parametrize(("flags", "hostile"), [(["--hostile"], True), ([], False)])
def test_the_sandbox_command_serves_hostile_text_only_with_hostile(
    flags: list[str], hostile: bool
) -> None:
    args = build_parser().parse_args(["sandbox", "--boards", "4", "--pins", "60", *flags])
    with Sandbox(config_from_args(args)) as sandbox:
        texts = texts_of(state_json(sandbox.store, include_pins=True, include_media=False))
    assert any(h in t for t in texts for h in HOSTILE_TEXTS) is hostile


def test_hostile_text_is_there_when_asked_for() -> None:
    config = SandboxConfig(seed=DEMO_SEED, boards=DEMO_BOARDS, pins=DEMO_PINS, hostile=True)
    with Sandbox(config) as sandbox:
        hostile = state_json(sandbox.store, include_pins=True, include_media=False)
    texts = texts_of(hostile)
    present = [h for h in HOSTILE_TEXTS if any(h in t for t in texts)]
    assert len(present) == len(HOSTILE_TEXTS)
    assert HOSTILE_TEXTS[1] in {board["name"] for board in hostile["boards"]}
    assert any(len(p.get("title") or "") == TITLE_MAX for p in hostile["pins"])
    assert any(len(s["name"]) == SECTION_NAME_MAX for s in hostile["sections"])
    # The plain account for pagination tests has none, hostile or not.
    plain = store_of(SandboxConfig(seed=DEMO_SEED, boards=3, pins=40, extras=False, hostile=True))
    assert not [
        t for t in texts_of(state_json(plain, True, False)) for h in HOSTILE_TEXTS if h in t
    ]
