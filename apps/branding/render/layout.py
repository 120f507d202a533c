"""Where everything goes: the campaign mark, the skyline, the text lines (fitted to their boxes) and the goal chips.

All sizes are fractions of the artboard, so one layout serves every pixel or millimetre size.
A layout returns a Scene without text plus the placed text lines (TextBox); ``draw_text`` turns
the lines into outlines. ``layout_report`` in ``__init__`` uses the lines without drawing them.
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import fonts
from .fonts import BOLD, REGULAR
from .scene import Scene

BLUE = "#00467f"  # campaign blue (the site's --ggg-blue)
INK = "#1a1a1a"
MUTED = "#595959"
WHITE = "#ffffff"


# The 17 official goal colours, goal 1 first, from the goals reference file (the same file the
# database is loaded from, read without the database); and the bar heights of the campaign mark
# (static/img/mark.svg).
def _goal_colours() -> tuple[str, ...]:
    path = Path(__file__).resolve().parents[2] / "goals" / "data" / "goals.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["number"]))
    return tuple(row["colour_hex"].lower() for row in rows)


GOAL_COLOURS = _goal_colours()
MARK_HEIGHTS = (14, 20, 26, 18, 30, 22, 34, 40, 28, 36, 24, 32, 20, 26, 16, 22, 12)  # of 40
BAR, GAP, RADIUS = 2.2, 0.4, 0.8  # bar width, gap and corner radius in the mark's 40-unit height
MARK_RATIO = (17 * BAR + 16 * GAP) / 40  # width / height of the mark

TEXTS = {
    "nl": {"subtitle": "Global Goals gemeente", "tagline": "Samen werken aan de Global Goals"},
    "en": {"subtitle": "Global Goals municipality", "tagline": "Working together on the Global Goals"},
}

NAME_LEADING = 1.08  # baseline to baseline, in font sizes
EXTRA_LINE_COST = 0.9  # a name takes one more line only if that makes it more than ~10 % bigger


@dataclass(frozen=True)
class TextBox:
    """One placed line of text, for drawing and for the overflow tests. Artboard units, y down."""

    text: str
    role: str  # "name", "subtitle", "tagline" or "goal"
    weight: int
    colour: str
    font_size: float
    min_font_size: float
    x: float  # left end of the line (its advance, widened by any overhanging ink)
    baseline: float
    width: float  # measured width (advances with kerning, widened by overhanging ink) = drawn width
    box: tuple[float, float, float, float]  # the space the line may use: x, y, w, h
    origin: float  # where the pen starts drawing (x, minus any ink left of the first advance)

    @property
    def ascent(self) -> float:
        return fonts.metrics(self.weight).ascent * self.font_size

    @property
    def descent(self) -> float:
        return fonts.metrics(self.weight).descent * self.font_size

    @property
    def y(self) -> float:
        return self.baseline - self.ascent

    @property
    def height(self) -> float:
        return self.ascent + self.descent

    @property
    def ink(self):
        """Bounds (x0, y0, x1, y1) of the drawn outlines."""
        return fonts.ink_bounds(self.text, self.weight, self.font_size, self.origin, self.baseline)


# --- fitting text ----------------------------------------------------------------------------------

_SHORT_WORD = re.compile(r"^[a-z]{1,3}$")  # "aan", "den", "de", "en": better at the start of a line than at its end


@lru_cache(maxsize=4096)
def _pieces(text: str) -> tuple[tuple[str, str], ...]:
    """Break opportunities: (piece, joiner). After a space (dropped) or a hyphen (kept), but not after
    a hyphen that follows fewer than 3 letters ("’s-Hertogenbosch" stays whole)."""
    pieces: list[tuple[str, str]] = []
    current = ""
    for char in fonts.normalise(text).strip():
        if char == " ":
            if current:
                pieces.append((current, " "))
                current = ""
            continue
        current += char
        if char == "-" and sum(c.isalpha() for c in current) >= 3:
            pieces.append((current, ""))
            current = ""
    if current:
        pieces.append((current, ""))
    return tuple(pieces) or (("", ""),)


def _join(pieces) -> str:
    return "".join(p + j for p, j in pieces[:-1]) + pieces[-1][0]


@lru_cache(maxsize=8192)
def _best_split(pieces, count: int, weight: int) -> tuple[tuple[str, ...], float] | None:
    """The split into ``count`` lines with the narrowest widest line (measured at size 1)."""
    if count > len(pieces):
        return None
    best = None
    for cuts in itertools.combinations(range(1, len(pieces)), count - 1):
        bounds = (0, *cuts, len(pieces))
        lines = [_join(pieces[a:b]) for a, b in itertools.pairwise(bounds)]
        widest = max(fonts.width(line, weight, 1) for line in lines)
        cost = widest
        for cut in cuts:
            if _SHORT_WORD.match(pieces[cut - 1][0]):
                cost *= 1.3
        if best is None or cost < best[0]:
            best = (cost, tuple(lines), widest)
    return best[1], best[2]


@dataclass(frozen=True)
class Fit:
    lines: tuple[str, ...]
    size: float


def fit_lines(text: str, weight: int, *, max_size: float, min_size: float, width: float, max_lines: int, height=None) -> Fit:
    """The biggest setting of ``text`` in at most ``max_lines`` lines that is no wider than ``width``
    and, if ``height(lines, size)`` is given, no taller than it allows (height returns the excess).
    Below ``min_size`` only if nothing else fits: text is shrunk, never cut off."""
    pieces = _pieces(text)
    candidates = []
    for count in range(1, max_lines + 1):
        split = _best_split(pieces, count, weight)
        if split is None:
            break
        lines, widest = split
        size = max_size if widest <= 0 else min(max_size, width / widest * 0.9995)
        if height is not None:
            # the block's height grows linearly with the size: shrink until it fits
            for _ in range(40):
                if height(count, size) <= 0:
                    break
                size *= 0.98
        candidates.append((size * EXTRA_LINE_COST ** (count - 1), Fit(tuple(lines), size)))
    good = [c for c in candidates if c[1].size >= min_size] or candidates
    return max(good, key=lambda c: c[0])[1]


# --- shapes ----------------------------------------------------------------------------------------


def draw_mark(scene: Scene, x: float, y: float, height: float, colour: str | None = None) -> float:
    """The campaign mark with its top-left corner at (x, y); returns its width. ``colour`` makes it one colour."""
    unit = height / 40
    for i, h in enumerate(MARK_HEIGHTS):
        bx = x + i * (BAR + GAP) * unit
        scene.rect(bx, y + (40 - h) * unit, BAR * unit, h * unit, colour or GOAL_COLOURS[i], RADIUS * unit)
    return MARK_RATIO * height


def draw_skyline(scene: Scene, x: float, width: float, bottom: float, height: float, overshoot: float) -> None:
    """The mark as a big skyline standing on ``bottom``: the bars run on below it (into the bleed),
    so only their top corners are round."""
    unit = width / (17 * BAR + 16 * GAP)
    bar, gap, radius = BAR * unit, GAP * unit, RADIUS * unit
    for i, h in enumerate(MARK_HEIGHTS):
        top = bottom - height * h / 40
        scene.rect(x + i * (bar + gap), top, bar, bottom - top + radius + overshoot, GOAL_COLOURS[i], radius)


def chips_height(count: int, width: float, size: float, gap: float, one_row: bool) -> float:
    if not count:
        return 0.0
    if one_row:
        size = min(size, (width - gap * (count - 1)) / count)
    per_row = max(1, int((width + gap) // (size + gap)))
    rows = (count + per_row - 1) // per_row
    return rows * size + (rows - 1) * gap


def goal_chips(goals, x: float, y: float, width: float, size: float, gap: float, *, one_row: bool = False):
    """Rounded squares in the goals' colours with their numbers. Returns (rects, text boxes, height)."""
    goals = [g for g in dict.fromkeys(goals) if 1 <= g <= 17]
    if not goals:
        return [], [], 0.0
    if one_row:
        size = min(size, (width - gap * (len(goals) - 1)) / len(goals))
    per_row = max(1, int((width + gap) // (size + gap)))
    rects, boxes = [], []
    number_size = size * 0.46
    cap = fonts.metrics(BOLD).cap_height * number_size
    for index, goal in enumerate(goals):
        row, col = divmod(index, per_row)
        cx, cy = x + col * (size + gap), y + row * (size + gap)
        rects.append((cx, cy, size, size, GOAL_COLOURS[goal - 1], size * 0.14))
        label = str(goal)
        w = fonts.width(label, BOLD, number_size)
        boxes.append(place(label, "goal", BOLD, WHITE, number_size, number_size, cx + (size - w) / 2, cy + (size + cap) / 2, (cx, cy, size, size)))
    rows = (len(goals) + per_row - 1) // per_row
    return rects, boxes, rows * size + (rows - 1) * gap


def place(text, role, weight, colour, size, min_size, x, baseline, box) -> TextBox:
    """A line whose visual left edge is at ``x``."""
    left, right = fonts.extent(text, weight, size)
    return TextBox(text, role, weight, colour, size, min_size, x, baseline, right - left, box, x - left)


def _name_lines(fit: Fit, x: float, first_baseline: float, colour: str, min_size: float, box, *, centre: bool = False) -> list[TextBox]:
    out = []
    for i, line in enumerate(fit.lines):
        w = fonts.width(line, BOLD, fit.size)
        lx = box[0] + (box[2] - w) / 2 if centre else x
        out.append(place(line, "name", BOLD, colour, fit.size, min_size, lx, first_baseline + i * NAME_LEADING * fit.size, box))
    return out


def _line(text, role, weight, colour, size, min_size, width, x, baseline, box, *, centre=False) -> TextBox:
    fit = fit_lines(text, weight, max_size=size, min_size=min_size, width=width, max_lines=1)
    w = fonts.width(fit.lines[0], weight, fit.size)
    lx = box[0] + (box[2] - w) / 2 if centre else x
    return place(fit.lines[0], role, weight, colour, fit.size, min_size, lx, baseline, box)


def draw_text(scene: Scene, boxes: list[TextBox]) -> None:
    for box in boxes:
        scene.path(fonts.outline(box.text, box.weight, box.font_size, box.origin, box.baseline), box.colour)


# --- logos -----------------------------------------------------------------------------------------

SCHEMES = {  # mark, name, subtitle
    "colour": (None, BLUE, INK),
    "dark": (INK, INK, INK),
    "white": (WHITE, WHITE, WHITE),
}


def logo_horizontal(w: float, h: float, name: str, language: str, scheme: str, *, draw: bool = True) -> tuple[Scene, list[TextBox]]:
    mark_colour, name_colour, sub_colour = SCHEMES[scheme]
    cap = fonts.metrics(BOLD).cap_height
    scene = Scene(w, h, "px", draw=draw)
    pad = h * 0.12
    mark_h = h - 2 * pad
    mark_w = draw_mark(scene, pad, pad, mark_h, mark_colour)
    x = pad + mark_w + mark_h * 0.26
    box = (x, pad, w - pad - x, mark_h)
    sub_size = mark_h * 0.215

    def block_height(lines, size):
        return size * cap + (lines - 1) * NAME_LEADING * size + 0.3 * size + sub_size

    fit = fit_lines(
        name,
        BOLD,
        max_size=mark_h * 0.34,
        min_size=mark_h * 0.2,
        width=box[2],
        max_lines=2,
        height=lambda lines, size: block_height(lines, size) - mark_h,
    )
    block = block_height(len(fit.lines), fit.size)
    top = pad + (mark_h - block) / 2
    boxes = _name_lines(fit, x, top + fit.size * cap, name_colour, mark_h * 0.2, box)
    sub_baseline = top + block
    boxes.append(_line(TEXTS[language]["subtitle"], "subtitle", REGULAR, sub_colour, sub_size, sub_size * 0.7, box[2], x, sub_baseline, box))
    return scene, boxes


def logo_stacked(w: float, h: float, name: str, language: str, scheme: str, *, draw: bool = True) -> tuple[Scene, list[TextBox]]:
    mark_colour, name_colour, sub_colour = SCHEMES[scheme]
    cap = fonts.metrics(BOLD).cap_height
    scene = Scene(w, h, "px", draw=draw)
    pad = w * 0.07
    mark_h = w * 0.3
    mark_gap = w * 0.075
    sub_size = w * 0.062
    box = (pad, pad, w - 2 * pad, h - 2 * pad)
    tail = sub_size * 0.3  # descenders of the subtitle

    def block_height(lines, size):
        return mark_h + mark_gap + size * cap + (lines - 1) * NAME_LEADING * size + 0.3 * size + sub_size

    fit = fit_lines(
        name,
        BOLD,
        max_size=w * 0.1,
        min_size=w * 0.055,
        width=box[2],
        max_lines=3,
        height=lambda lines, size: block_height(lines, size) + tail - box[3],
    )
    block = block_height(len(fit.lines), fit.size)
    top = pad + (box[3] - block - tail) / 2
    mark_w = MARK_RATIO * mark_h
    draw_mark(scene, (w - mark_w) / 2, top, mark_h, mark_colour)
    first = top + mark_h + mark_gap + fit.size * cap
    boxes = _name_lines(fit, pad, first, name_colour, w * 0.055, box, centre=True)
    boxes.append(
        _line(TEXTS[language]["subtitle"], "subtitle", REGULAR, sub_colour, sub_size, sub_size * 0.7, box[2], pad, top + block, box, centre=True)
    )
    return scene, boxes


# --- banners ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BannerStyle:
    kind: str  # "bottom": skyline along the bottom edge; "side": skyline at the right, text on the left
    skyline: float  # skyline height as a fraction of the artboard height
    name_max: float  # name font size range, as fractions of the base unit
    name_min: float
    max_lines: int = 3
    tagline: bool = True
    goals: bool = True


def banner(
    w: float, h: float, unit: str, bleed: float, style: BannerStyle, name: str, language: str, goals, *, draw: bool = True
) -> tuple[Scene, list[TextBox]]:
    cap = fonts.metrics(BOLD).cap_height
    scene = Scene(w, h, unit, bleed=bleed, draw=draw)
    scene.rect(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed, WHITE)
    texts = TEXTS[language]
    if style.kind == "side":
        u = h
        margin = u * 0.13
        sky_h = h * style.skyline
        sky_w = sky_h * MARK_RATIO
        draw_skyline(scene, w - margin - sky_w, sky_w, h, sky_h, bleed)
        box = (margin, margin, w - 2 * margin - sky_w - u * 0.12, h - 2 * margin)
        sub_pref, tag_pref, chip_pref = u * (0.085 if style.tagline else 0.1), u * 0.06, u * 0.11
    else:
        u = min(w, h)
        margin = u * 0.08
        sky_h = h * style.skyline
        draw_skyline(scene, margin, w - 2 * margin, h, sky_h, bleed)
        box = (margin, margin, w - 2 * margin, h - sky_h - margin - u * 0.07)
        sub_pref, tag_pref, chip_pref = u * 0.056, u * 0.04, u * 0.075
    x = box[0]
    sub_fit = box[2] / fonts.width(texts["subtitle"], BOLD, 1) * 0.999
    tag_fit = box[2] / fonts.width(texts["tagline"], REGULAR, 1) * 0.999
    goals = tuple(g for g in dict.fromkeys(goals) if 1 <= g <= 17) if style.goals else ()
    one_row = style.kind == "side"

    def sizes(name_size):
        """Subtitle, tagline and chip sizes: as the format asks, within the column, and always clearly below the name."""
        sub = min(sub_pref, sub_fit, name_size * 0.56)
        tag = min(tag_pref, tag_fit, sub * 0.8)
        return sub, tag, min(chip_pref, sub * 1.5)

    def stack(lines, size, tagline, with_goals):
        """Offsets from the block's top: name's first baseline, subtitle, tagline, chips' top; and the block's height."""
        sub_size, tag_size, chip = sizes(size)
        first = size * cap
        sub = first + (lines - 1) * NAME_LEADING * size + 0.3 * size + sub_size
        end = sub + 0.3 * sub_size
        tag = None
        if tagline:
            tag = sub + 1.8 * tag_size
            end = tag + 0.3 * tag_size
        chips_top = None
        if with_goals:
            chips_top = end + chip * 0.45
            end = chips_top + chips_height(len(goals), box[2], chip, chip * 0.18, one_row)
        return first, sub, tag, chips_top, end

    # the name comes first: drop the goals, then the tagline, rather than set it below its minimum size
    options = [(style.tagline, bool(goals)), (style.tagline, False), (False, False)]
    for tagline, with_goals in dict.fromkeys(options):
        fit = fit_lines(
            name,
            BOLD,
            max_size=u * style.name_max,
            min_size=u * style.name_min,
            width=box[2],
            max_lines=style.max_lines,
            height=lambda lines, size, t=tagline, g=with_goals: stack(lines, size, t, g)[4] - box[3],
        )
        if fit.size >= u * style.name_min:
            break
    sub_size, tag_size, chip = sizes(fit.size)
    first, sub, tag, chips_top, end = stack(len(fit.lines), fit.size, tagline, with_goals)
    # side: centred; bottom: a little above the middle of the space, in tall formats (story, roll-up) nearer the middle
    top = box[1] + (box[3] - end) * (0.5 if style.kind == "side" or h > 1.5 * w else 0.35)
    boxes = _name_lines(fit, x, top + first, BLUE, u * style.name_min, box)
    boxes.append(_line(texts["subtitle"], "subtitle", BOLD, INK, sub_size, sub_size * 0.7, box[2], x, top + sub, box))
    if tag is not None:
        boxes.append(_line(texts["tagline"], "tagline", REGULAR, MUTED, tag_size, tag_size * 0.7, box[2], x, top + tag, box))
    if chips_top is not None:
        rects, chip_boxes, _ = goal_chips(goals, x, top + chips_top, box[2], chip, chip * 0.18, one_row=one_row)
        for rect in rects:
            scene.rect(*rect)
        boxes += chip_boxes
    return scene, boxes
