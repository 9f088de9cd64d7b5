"""Pictures for the sandbox's pins, drawn in pure Python: a scene per image that fits its
board (a mug on a table, glaze test tiles, a linocut leaf, hills at dusk, ...).

A scene is flat shapes over a gradient, painted row by row as horizontal spans, so a row
costs a few slice assignments, not a loop over pixels. Rows come in short blocks that
repeat one painted row, which the PNG stream stores once and then as "same as the row
above" (filter Up, all zeros), so a 1600x2400 original costs about a hundred painted rows.
A faint grain over some rows keeps file sizes near those of real photos (tens to hundreds
of KB) and is cut from one shared block of seeded noise, made once per process.

Everything is a function of (seed, number, style, size): the same image always has the
same bytes.
"""

from __future__ import annotations

import math
import random
import struct
import zlib
from collections.abc import Callable
from functools import lru_cache

Colour = bytes  # three bytes, RGB
Span = tuple[float, float, Colour]  # from u, to u (units of the picture's width)

# Rows painted across the picture's width; a block of output rows shares one painted row.
ROWS_PER_WIDTH = 56
# Grain: one row in GRAIN_EVERY carries noise of at most +-GRAIN in each channel.
GRAIN_EVERY = 25
GRAIN = 6
_ADLER_BASE = 65521
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _clamp(value: float) -> int:
    # Channels stay clear of 0 and 255 so the grain never wraps around.
    return max(GRAIN + 2, min(255 - GRAIN - 2, int(value)))


def rgb(r: float, g: float, b: float) -> Colour:
    return bytes((_clamp(r), _clamp(g), _clamp(b)))


def hex_colour(text: str) -> Colour:
    return rgb(int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


def blend(a: Colour, b: Colour, t: float) -> Colour:
    return rgb(*(x + (y - x) * t for x, y in zip(a, b, strict=True)))


def shade(colour: Colour, factor: float) -> Colour:
    if factor >= 1:
        return blend(colour, b"\xff\xff\xff", factor - 1)
    return blend(colour, b"\x00\x00\x00", 1 - factor)


# -- shapes: each gives the spans it covers on the row at height v -----------------------


class Shape:
    # The rows the shape may cover, so rows outside them cost one comparison.
    lo: float = -math.inf
    hi: float = math.inf

    def spans(self, v: float) -> list[Span]:
        raise NotImplementedError


class Band(Shape):
    """The full width from v0 down to v1, its colour going from top to bottom."""

    STEPS = 48

    def __init__(self, v0: float, v1: float, top: Colour, bottom: Colour) -> None:
        self.lo, self.hi = v0, v1
        self.colours = [blend(top, bottom, k / (self.STEPS - 1)) for k in range(self.STEPS)]

    def spans(self, v: float) -> list[Span]:
        step = int((v - self.lo) / (self.hi - self.lo) * self.STEPS)
        return [(0.0, 1.0, self.colours[min(step, self.STEPS - 1)])]


class Rect(Shape):
    def __init__(
        self, u0: float, v0: float, u1: float, v1: float, colour: Colour, light: float = 0.0
    ) -> None:
        self.lo, self.hi = v0, v1
        # A lit left edge and a shaded right one, as a fraction of the width.
        edge = (u1 - u0) * light
        self.out: list[Span] = [(u0, u1, colour)]
        if light:
            self.out += [(u0, u0 + edge, shade(colour, 1.15)), (u1 - edge, u1, shade(colour, 0.8))]

    def spans(self, v: float) -> list[Span]:
        return self.out


class Ellipse(Shape):
    """An ellipse, tilted by `angle` (radians); `ring` leaves a hole of that fraction."""

    def __init__(
        self,
        cu: float,
        cv: float,
        ru: float,
        rv: float,
        colour: Colour,
        angle: float = 0.0,
        ring: float = 0.0,
        light: bool = False,
    ) -> None:
        self.cu, self.cv, self.ru, self.rv, self.colour = cu, cv, ru, rv, colour
        self.ring, self.light = ring, light
        self.cos, self.sin = math.cos(angle), math.sin(angle)
        self.reach = math.hypot(ru * self.sin, rv * self.cos)
        self.lo, self.hi = cv - self.reach, cv + self.reach
        self.highlight = shade(colour, 1.25)

    def _chord(self, dv: float, ru: float, rv: float) -> tuple[float, float] | None:
        # Points (x, dv) around the centre with (x c + dv s)^2/ru^2 + (-x s + dv c)^2/rv^2 <= 1.
        c, s = self.cos, self.sin
        a = c * c / (ru * ru) + s * s / (rv * rv)
        b = 2 * dv * c * s * (1 / (ru * ru) - 1 / (rv * rv))
        k = dv * dv * (s * s / (ru * ru) + c * c / (rv * rv)) - 1
        disc = b * b - 4 * a * k
        if disc <= 0:
            return None
        root = math.sqrt(disc)
        return (-b - root) / (2 * a), (-b + root) / (2 * a)

    def spans(self, v: float) -> list[Span]:
        dv = v - self.cv
        chord = self._chord(dv, self.ru, self.rv)
        if chord is None:
            return []
        left, right = self.cu + chord[0], self.cu + chord[1]
        if self.ring:
            hole = self._chord(dv, self.ru * self.ring, self.rv * self.ring)
            if hole is not None:
                return [
                    (left, self.cu + hole[0], self.colour),
                    (self.cu + hole[1], right, self.colour),
                ]
        out = [(left, right, self.colour)]
        if self.light:
            width = right - left
            out.append((left + width * 0.18, left + width * 0.34, self.highlight))
        return out


class Vessel(Shape):
    """A thrown pot seen from the side: half-widths down its height (linear between the
    given ones), lit from the left and shaded on the right."""

    def __init__(
        self, cu: float, v0: float, v1: float, profile: tuple[float, ...], colour: Colour
    ) -> None:
        self.cu, self.lo, self.hi, self.profile, self.colour = cu, v0, v1, profile, colour
        self.lit, self.dark = shade(colour, 1.2), shade(colour, 0.72)

    def spans(self, v: float) -> list[Span]:
        t = (v - self.lo) / (self.hi - self.lo) * (len(self.profile) - 1)
        i = min(int(t), len(self.profile) - 2)
        half = self.profile[i] + (self.profile[i + 1] - self.profile[i]) * (t - i)
        left, right = self.cu - half, self.cu + half
        return [
            (left, right, self.colour),
            (left + half * 0.25, left + half * 0.6, self.lit),
            (right - half * 0.35, right, self.dark),
        ]


class Hill(Shape):
    """A rounded hill from its peak down to the bottom of the picture."""

    def __init__(self, cu: float, peak: float, half: float, colour: Colour) -> None:
        self.cu, self.peak, self.half, self.colour = cu, peak, half, colour
        self.lo = peak

    def spans(self, v: float) -> list[Span]:
        width = self.half * math.sqrt(min(4.0, (v - self.peak) / self.half))
        return [(self.cu - width, self.cu + width, self.colour)]


class Stripes(Shape):
    """Thin horizontal lines from v0 to v1 across [u0, u1]: ruled paper, carving marks."""

    def __init__(
        self, u0: float, u1: float, v0: float, v1: float, gap: float, colour: Colour
    ) -> None:
        self.lo, self.hi, self.gap = v0, v1, gap
        self.out: list[Span] = [(u0, u1, colour)]

    def spans(self, v: float) -> list[Span]:
        return [] if (v - self.lo) % self.gap > self.gap * 0.22 else self.out


# -- scenes ------------------------------------------------------------------------------

PALETTES: dict[str, tuple[str, ...]] = {
    "clay": ("C8B6A0", "A9744F", "E6DCCB", "7C5A43", "D9C3A5", "5E6B63", "F0E6D8"),
    "glaze": ("5C8A8A", "2F4858", "9DB4A0", "B86B4B", "E3D5B8", "3E5C76", "7E9F8E", "C9A227"),
    "ink": ("2B2B2B", "5A4E44", "8C7B6B", "3D5A6C"),
    "paper": ("F3EDE0", "EFE6D2", "F6F1E7", "E9E0CC"),
    "leaf": ("3F6B45", "2E4F3A", "6B8F4E", "A5B86B", "B0553A", "D08C3C"),
    "warm": ("F2A541", "E4572E", "F3C677", "B33F1F", "FFE2A8"),
    "sky": ("A7C7E7", "F6C6A8", "E8A87C", "7FA7C9", "C3B1E1", "F9E0AE"),
}


def _pick(rng: random.Random, palette: str) -> Colour:
    return hex_colour(rng.choice(PALETTES[palette]))


def _mug_profile(rng: random.Random) -> tuple[float, ...]:
    w = 0.13 + rng.random() * 0.05
    return (w, w * 1.02, w * 1.03, w * 1.0, w * 0.94)


def _bowl_profile(rng: random.Random) -> tuple[float, ...]:
    w = 0.3 + rng.random() * 0.06
    return (w, w * 0.97, w * 0.88, w * 0.7, w * 0.42, w * 0.32)


def _bottle_profile(rng: random.Random) -> tuple[float, ...]:
    neck = 0.035 + rng.random() * 0.02
    belly = 0.13 + rng.random() * 0.07
    return (neck * 1.5, neck, neck, belly * 0.7, belly, belly * 0.98, belly * 0.8, belly * 0.55)


def _table(rng: random.Random, aspect: float, wall: Colour, top: float) -> list[Shape]:
    wood = _pick(rng, "clay")
    return [
        Band(0.0, top, shade(wall, 1.08), wall),
        Band(top, aspect + 1, shade(wood, 1.05), shade(wood, 0.8)),
    ]


def _scene_vessel(rng: random.Random, aspect: float) -> list[Shape]:
    wall = _pick(rng, "paper")
    floor = aspect * (0.62 + rng.random() * 0.1)
    shapes = _table(rng, aspect, wall, floor)
    count = 1 + rng.randrange(2)
    for k in range(count):
        cu = (k + 1) / (count + 1) + (rng.random() - 0.5) * 0.08
        height = 0.3 + rng.random() * 0.12
        top = floor + 0.04 - height
        colour = _pick(rng, "glaze")
        profile = _mug_profile(rng)
        shapes.append(Ellipse(cu, floor + 0.045, profile[-1] * 1.25, 0.025, shade(wall, 0.6)))
        shapes.append(
            Ellipse(
                cu + profile[2] * 1.05, top + height * 0.45, 0.07, height * 0.24, colour, ring=0.62
            )
        )
        shapes.append(Vessel(cu, top, floor + 0.04, profile, colour))
        shapes.append(Ellipse(cu, top + 0.006, profile[0], 0.018, shade(colour, 0.55)))
    return shapes


def _scene_bottle(rng: random.Random, aspect: float) -> list[Shape]:
    wall = _pick(rng, "paper")
    floor = aspect * (0.72 + rng.random() * 0.08)
    shapes = _table(rng, aspect, wall, floor)
    count = 1 + rng.randrange(3)
    for k in range(count):
        cu = (k + 1) / (count + 1)
        height = (0.35 + rng.random() * 0.25) * min(aspect, 1.3)
        colour = _pick(rng, "glaze")
        top = floor + 0.03 - height
        if rng.random() < 0.5:  # dried grasses in it
            stem = _pick(rng, "leaf")
            shapes.append(Rect(cu - 0.004, top - 0.18, cu + 0.004, top + 0.02, stem))
            shapes.append(Ellipse(cu + 0.04, top - 0.16, 0.05, 0.018, stem, angle=-0.6))
        shapes.append(Vessel(cu, top, floor + 0.03, _bottle_profile(rng), colour))
    return shapes


def _scene_bowl(rng: random.Random, aspect: float) -> list[Shape]:
    wall = _pick(rng, "paper")
    floor = aspect * (0.6 + rng.random() * 0.1)
    shapes = _table(rng, aspect, wall, floor)
    colour = _pick(rng, "glaze")
    inside = _pick(rng, "glaze")
    stack = 1 + rng.randrange(2)
    bottom = floor + 0.05
    for k in range(stack):
        height = 0.16 - k * 0.02
        profile = tuple(w * (1 - k * 0.12) for w in _bowl_profile(rng))
        top = bottom - height
        shapes.append(Vessel(0.5, top, bottom, profile, colour))
        bottom = top + 0.04
    shapes.append(Ellipse(0.5, bottom - 0.04, profile[0], 0.045, inside))
    shapes.append(Ellipse(0.5, bottom - 0.035, profile[0] * 0.8, 0.03, shade(inside, 0.8)))
    return shapes


def _scene_tiles(rng: random.Random, aspect: float) -> list[Shape]:
    board = _pick(rng, "clay")
    shapes: list[Shape] = [Band(0.0, aspect + 1, shade(board, 1.1), shade(board, 0.85))]
    cols = 2 + rng.randrange(2)
    rows = max(2, round(aspect * cols))
    cell_u, cell_v = 0.9 / cols, aspect * 0.9 / rows
    for r in range(rows):
        for c in range(cols):
            u0 = 0.05 + c * cell_u + cell_u * 0.1
            v0 = aspect * 0.05 + r * cell_v + cell_v * 0.1
            glaze = _pick(rng, "glaze")
            shapes.append(Rect(u0, v0, u0 + cell_u * 0.8, v0 + cell_v * 0.8, glaze, light=0.12))
            drip = shade(glaze, 0.7)
            shapes.append(Rect(u0, v0 + cell_v * 0.55, u0 + cell_u * 0.8, v0 + cell_v * 0.8, drip))
            hole = (u0 + cell_u * 0.4, v0 + cell_v * 0.16)
            shapes.append(Ellipse(*hole, cell_u * 0.05, cell_u * 0.05, board))
    return shapes


def _scene_sketch(rng: random.Random, aspect: float) -> list[Shape]:
    paper = _pick(rng, "paper")
    ink = _pick(rng, "ink")
    shapes: list[Shape] = [
        Band(0.0, aspect + 1, shade(paper, 1.03), shade(paper, 0.95)),
        Stripes(0.06, 0.94, 0.08, aspect - 0.05, 0.06, shade(paper, 0.9)),
    ]
    for _ in range(3 + rng.randrange(4)):
        cu, cv = 0.2 + rng.random() * 0.6, aspect * (0.15 + rng.random() * 0.7)
        r = 0.06 + rng.random() * 0.12
        shapes.append(
            Ellipse(cu, cv, r, r * (0.5 + rng.random()), ink, angle=rng.random(), ring=0.86)
        )
    shapes.append(Rect(0.1, aspect * 0.9, 0.55, aspect * 0.9 + 0.006, ink))
    return shapes


def _scene_shelves(rng: random.Random, aspect: float) -> list[Shape]:
    wall = _pick(rng, "paper")
    wood = _pick(rng, "clay")
    shapes: list[Shape] = [Band(0.0, aspect + 1, shade(wall, 1.05), shade(wall, 0.88))]
    levels = max(2, round(aspect * 3))
    for k in range(levels):
        shelf = aspect * (k + 1) / (levels + 0.3)
        u = 0.06 + rng.random() * 0.05
        while u < 0.9:
            width = 0.05 + rng.random() * 0.07
            height = min(0.22, aspect / levels * 0.7) * (0.5 + rng.random() * 0.5)
            colour = _pick(rng, "glaze" if rng.random() < 0.6 else "clay")
            profile = (width * 0.8, width, width * 0.95, width * 0.8)
            shapes.append(Vessel(u + width, shelf - height, shelf, profile, colour))
            u += width * 2 + 0.02 + rng.random() * 0.05
        shapes.append(Rect(0.0, shelf, 1.0, shelf + 0.025, wood, light=0.0))
        shapes.append(Rect(0.0, shelf + 0.025, 1.0, shelf + 0.035, shade(wood, 0.6)))
    return shapes


def _scene_linocut(rng: random.Random, aspect: float) -> list[Shape]:
    paper = _pick(rng, "paper")
    ink = _pick(rng, "leaf") if rng.random() < 0.6 else hex_colour("2B2B2B")
    shapes: list[Shape] = [Band(0.0, aspect + 1, paper, shade(paper, 0.97))]
    stem_u = 0.45 + rng.random() * 0.1
    shapes.append(Rect(stem_u - 0.008, aspect * 0.12, stem_u + 0.008, aspect * 0.92, ink))
    leaves = 4 + rng.randrange(5)
    for k in range(leaves):
        cv = aspect * (0.18 + 0.7 * k / leaves)
        side = 1 if k % 2 else -1
        size = 0.1 + rng.random() * 0.08
        shapes.append(
            Ellipse(stem_u + side * size * 0.9, cv, size, size * 0.32, ink, angle=side * 0.5)
        )
    shapes.append(Stripes(0.06, 0.94, aspect * 0.94, aspect * 0.97, 0.012, ink))
    if rng.random() < 0.5:
        accent = _pick(rng, "warm")
        shapes.append(Ellipse(stem_u, aspect * 0.1, 0.07, 0.07, accent))
    return shapes


def _scene_kiln(rng: random.Random, aspect: float) -> list[Shape]:
    dark = hex_colour("2A1E1A")
    glow = _pick(rng, "warm")
    shapes: list[Shape] = [Band(0.0, aspect + 1, dark, shade(dark, 1.3))]
    shapes.append(Ellipse(0.5, aspect * 0.5, 0.42, aspect * 0.4, shade(glow, 0.7)))
    shapes.append(Ellipse(0.5, aspect * 0.5, 0.34, aspect * 0.32, glow))
    shapes.append(Ellipse(0.5, aspect * 0.5, 0.18, aspect * 0.16, shade(glow, 1.4)))
    cones = 3 + rng.randrange(3)
    for k in range(cones):  # a cone pack on the kiln shelf
        cu = 0.5 + (k - cones / 2) * 0.06
        top = aspect * (0.6 + 0.02 * k)
        shapes.append(Rect(cu, top, cu + 0.025, aspect * 0.7, shade(glow, 0.45)))
    shapes.append(Rect(0.25, aspect * 0.7, 0.75, aspect * 0.72, shade(dark, 1.6)))
    return shapes


def _scene_wash(rng: random.Random, aspect: float) -> list[Shape]:
    top, bottom = _pick(rng, "sky"), _pick(rng, "sky")
    shapes: list[Shape] = [Band(0.0, aspect + 1, top, bottom)]
    for _ in range(4 + rng.randrange(4)):
        colour = blend(_pick(rng, "sky"), _pick(rng, "glaze"), rng.random() * 0.5)
        cu, cv = rng.random(), aspect * rng.random()
        r = 0.12 + rng.random() * 0.22
        shapes.append(
            Ellipse(cu, cv, r, r * (0.4 + rng.random() * 0.5), colour, angle=rng.random())
        )
    return shapes


def _scene_stall(rng: random.Random, aspect: float) -> list[Shape]:
    sky = _pick(rng, "sky")
    cloth = _pick(rng, "paper")
    top = aspect * 0.55
    shapes: list[Shape] = [Band(0.0, top, shade(sky, 1.1), sky)]
    awning = _pick(rng, "warm")
    for k in range(8):
        colour = awning if k % 2 else cloth
        shapes.append(Rect(k / 8, aspect * 0.08, (k + 1) / 8, aspect * 0.18, colour))
    shapes.append(Band(top, aspect + 1, cloth, shade(cloth, 0.85)))
    u = 0.08
    while u < 0.9:
        colour = _pick(rng, "glaze")
        profile = _mug_profile(rng)[:3]
        width = profile[0] * 0.6
        shapes.append(
            Vessel(u + width, top - 0.12, top + 0.02, tuple(w * 0.6 for w in profile), colour)
        )
        u += width * 2 + 0.03
    shapes.append(Rect(0.3, top + 0.1, 0.45, top + 0.16, hex_colour("FFFFFF")))
    return shapes


def _scene_palette(rng: random.Random, aspect: float) -> list[Shape]:
    paper = _pick(rng, "paper")
    shapes: list[Shape] = [Band(0.0, aspect + 1, paper, shade(paper, 0.94))]
    sources = ("glaze", "clay", "leaf", "sky", "warm")
    count = 4 + rng.randrange(3)
    for k in range(count):
        colour = _pick(rng, sources[(k + rng.randrange(2)) % len(sources)])
        v0 = aspect * (0.08 + 0.84 * k / count)
        v1 = aspect * (0.08 + 0.84 * (k + 1) / count) - 0.02
        if rng.random() < 0.5:
            shapes.append(Rect(0.1, v0, 0.9, v1, colour, light=0.05))
        else:
            r = (v1 - v0) / 2
            shapes.append(Ellipse(0.3, v0 + r, r, r, colour, light=True))
            shapes.append(Rect(0.5, v0 + r * 0.6, 0.88, v0 + r * 1.4, shade(colour, 0.85)))
    return shapes


def _scene_landscape(rng: random.Random, aspect: float) -> list[Shape]:
    top, low = _pick(rng, "sky"), _pick(rng, "sky")
    horizon = aspect * (0.45 + rng.random() * 0.2)
    shapes: list[Shape] = [Band(0.0, aspect + 1, top, low)]
    sun = _pick(rng, "warm")
    shapes.append(Ellipse(0.2 + rng.random() * 0.6, horizon * 0.6, 0.09, 0.09, sun))
    green = _pick(rng, "leaf")
    for k in range(3 + rng.randrange(3)):
        colour = blend(green, low, 0.5 - k * 0.12)
        peak = horizon + k * aspect * 0.08 - rng.random() * 0.1
        shapes.append(Hill(rng.random(), peak, 0.3 + rng.random() * 0.3, colour))
    for _ in range(rng.randrange(6)):
        cu, cv = rng.random(), aspect * (0.8 + rng.random() * 0.15)
        shapes.append(Ellipse(cu, cv, 0.02, 0.02, _pick(rng, "warm")))
    return shapes


SCENES: dict[str, Callable[[random.Random, float], list[Shape]]] = {
    "vessel": _scene_vessel,
    "bottle": _scene_bottle,
    "bowl": _scene_bowl,
    "tiles": _scene_tiles,
    "sketch": _scene_sketch,
    "shelves": _scene_shelves,
    "linocut": _scene_linocut,
    "kiln": _scene_kiln,
    "wash": _scene_wash,
    "stall": _scene_stall,
    "palette": _scene_palette,
    "landscape": _scene_landscape,
}
STYLES = tuple(SCENES)


@lru_cache(maxsize=1024)
def scene(style: str, picture_seed: int, aspect: float) -> tuple[Shape, ...]:
    """The shapes of one picture, back to front (kept: the variants of a picture share it)."""
    return tuple(SCENES[style](random.Random(picture_seed), aspect))


# -- the PNG stream ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _grain_pool() -> bytes:
    """Seeded noise in [-GRAIN, GRAIN] (as bytes mod 256) that every picture's grain rows
    are cut from: made once per process, so no picture pays for its own noise."""
    table = bytes((b % (2 * GRAIN + 1) - GRAIN) % 256 for b in range(256))
    return random.Random(0x6EA1).randbytes(1 << 20).translate(table)


@lru_cache(maxsize=256)
def _repeat_rows(stride: int, count: int) -> tuple[bytes, int, int]:
    """`count` rows of filter Up and nothing changed, compressed once per process:
    (deflate blocks ending on a full flush, raw length, adler32 of the raw bytes)."""
    raw = (b"\x02" + bytes(stride)) * count
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(raw) + packer.flush(zlib.Z_FULL_FLUSH), len(raw), zlib.adler32(raw)


def _adler_extend(first: int, second: int, length: int) -> int:
    """Adler-32 of two concatenated pieces from their own checksums (zlib's formula)."""
    rem = length % _ADLER_BASE
    sum1 = first & 0xFFFF
    sum2 = (rem * sum1) % _ADLER_BASE
    sum1 += (second & 0xFFFF) + _ADLER_BASE - 1
    sum2 += ((first >> 16) & 0xFFFF) + ((second >> 16) & 0xFFFF) + _ADLER_BASE - rem
    return (sum1 % _ADLER_BASE) | ((sum2 % _ADLER_BASE) << 16)


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(data, zlib.crc32(kind)) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def draw_png(
    style: str, picture_seed: int, width: int, height: int, aspect: float | None = None
) -> bytes:
    """The picture at width x height, as PNG bytes.

    `aspect` is the whole picture's height over width; a variant of another shape (the
    150x150 and 400x300 crops) shows its centre, as Pinterest's crops do.
    """
    full = height / width if aspect is None else aspect
    shapes = scene(style, picture_seed, round(full, 4))
    # Pixels per unit of width, and where the crop's window starts (in picture units).
    if height / width <= full:
        scale, u_off = float(width), 0.0
        v_off = (full - height / scale) / 2
    else:
        scale, v_off = height / full, 0.0
        u_off = (1 - width / scale) / 2
    stride = width * 3
    block = max(1, round(scale / ROWS_PER_WIDTH))
    pool = _grain_pool()
    pool_at = random.Random(picture_seed).randrange(len(pool) - stride * (height // block + 2))
    packer = zlib.compressobj(1, zlib.DEFLATED, -15, 1)
    flush = zlib.Z_FULL_FLUSH
    parts = [b"\x78\x01"]
    adler = 1
    blank = b"\x00" + b"\x80\x80\x80" * width
    last: bytearray | None = None  # the painted row the stream's last row equals
    pending = 0  # rows "same as above" not yet written
    since_grain = 0
    for y0 in range(0, height, block):
        rows = min(block, height - y0)
        v = v_off + (y0 + rows / 2) / scale
        row = bytearray(blank)
        for shape in shapes:
            if not shape.lo <= v < shape.hi:
                continue
            for u0, u1, colour in shape.spans(v):
                x0 = int((u0 - u_off) * scale + 0.5)
                x1 = int((u1 - u_off) * scale + 0.5)
                x0 = 0 if x0 < 0 else x0
                x1 = width if x1 > width else x1
                if x1 > x0:
                    row[1 + x0 * 3 : 1 + x1 * 3] = colour * (x1 - x0)
        if row == last:
            pending += rows
        else:
            if pending:
                packed, length, check = _repeat_rows(stride, pending)
                parts.append(packed)
                adler = _adler_extend(adler, check, length)
            parts.append(packer.compress(row) + packer.flush(flush))
            adler = zlib.adler32(row, adler)
            last, pending = row, rows - 1
        since_grain += rows
        if pending and since_grain >= GRAIN_EVERY:
            # A row of grain in place of the block's last: the row above plus noise
            # (filter Up), stored as it is.
            since_grain -= GRAIN_EVERY
            pending -= 1
            if pending:
                packed, length, check = _repeat_rows(stride, pending)
                parts.append(packed)
                adler = _adler_extend(adler, check, length)
            noisy = b"\x02" + pool[pool_at : pool_at + stride]
            pool_at += stride
            parts.append(b"\x00" + struct.pack("<HH", len(noisy), len(noisy) ^ 0xFFFF) + noisy)
            adler = zlib.adler32(noisy, adler)
            last, pending = None, 0
    if pending:
        packed, length, check = _repeat_rows(stride, pending)
        parts.append(packed)
        adler = _adler_extend(adler, check, length)
    parts.append(b"\x03\x00")  # an empty final block of fixed Huffman codes
    parts.append(struct.pack(">I", adler))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )
