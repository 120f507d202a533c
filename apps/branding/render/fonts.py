"""Noto Sans from apps/branding/fonts: measuring text and turning it into outlines.

A character comes from the ``latin`` file, falling back to ``latin-ext``; kerning (GPOS ``kern``,
pair positioning) is applied between neighbours from the same file. ``measure`` and ``outline``
use the same advances, so the measured width is the drawn width.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from fontTools.pens.basePen import BasePen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR, BOLD = 400, 700
SUBSETS = ("latin", "latin-ext")


def normalise(text: str) -> str:
    """NFC, and the typographic apostrophe (’s-Hertogenbosch) instead of the typewriter one."""
    return unicodedata.normalize("NFC", text).replace("'", "\u2019")


class _RecordingPen(BasePen):
    """Collects a glyph as M/L/Q/Z operations in font units (y up); components are decomposed."""

    def __init__(self, glyph_set):
        super().__init__(glyph_set)
        self.ops: list[tuple] = []

    def _moveTo(self, pt):
        self.ops.append(("M", *pt))

    def _lineTo(self, pt):
        self.ops.append(("L", *pt))

    def _qCurveToOne(self, pt1, pt2):
        self.ops.append(("Q", *pt1, *pt2))

    def _curveToOne(self, pt1, pt2, pt3):
        self.ops.append(("C", *pt1, *pt2, *pt3))

    def _closePath(self):
        self.ops.append(("Z",))

    _endPath = _closePath


class _Face:
    """One font file: cmap, advances, outlines and kerning, with caches."""

    def __init__(self, path: Path):
        self.font = TTFont(path)
        self.cmap = self.font.getBestCmap()
        self.hmtx = self.font["hmtx"]
        self.glyph_set = self.font.getGlyphSet()
        self.upm = self.font["head"].unitsPerEm
        self._outlines: dict[str, tuple] = {}
        self._bounds: dict[str, tuple | None] = {}
        self._kern: dict[tuple[str, str], int] = {}
        self._pair_tables = self._kern_subtables()

    def _kern_subtables(self):
        if "GPOS" not in self.font:
            return []
        table = self.font["GPOS"].table
        indices: list[int] = []
        for record in table.FeatureList.FeatureRecord:
            if record.FeatureTag == "kern":
                indices += [i for i in record.Feature.LookupListIndex if i not in indices]
        subtables = []
        for index in sorted(indices):
            lookup = table.LookupList.Lookup[index]
            lookup_subtables = []
            for sub in lookup.SubTable:
                if lookup.LookupType == 9:
                    sub = sub.ExtSubTable
                if getattr(sub, "LookupType", 2) == 2 and sub.Format in (1, 2):
                    lookup_subtables.append(sub)
            subtables.append(lookup_subtables)
        return subtables

    def kern(self, left: str, right: str) -> int:
        key = (left, right)
        if key in self._kern:
            return self._kern[key]
        total = 0
        for lookup in self._pair_tables:
            for sub in lookup:
                if left not in sub.Coverage.glyphs:
                    continue
                value = None
                if sub.Format == 1:
                    pair_set = sub.PairSet[sub.Coverage.glyphs.index(left)]
                    for record in pair_set.PairValueRecord:
                        if record.SecondGlyph == right:
                            value = record.Value1
                            break
                    else:
                        continue
                else:
                    class1 = sub.ClassDef1.classDefs.get(left, 0)
                    class2 = sub.ClassDef2.classDefs.get(right, 0)
                    value = sub.Class1Record[class1].Class2Record[class2].Value1
                total += getattr(value, "XAdvance", 0) or 0
                break  # the first subtable that matches the pair applies
        self._kern[key] = total
        return total

    def advance(self, glyph: str) -> int:
        return self.hmtx[glyph][0]

    def outline(self, glyph: str) -> tuple:
        ops = self._outlines.get(glyph)
        if ops is None:
            pen = _RecordingPen(self.glyph_set)
            self.glyph_set[glyph].draw(pen)
            ops = self._outlines[glyph] = tuple(pen.ops)
        return ops

    def bounds(self, glyph: str):
        if glyph not in self._bounds:
            pen = BoundsPen(self.glyph_set)
            self.glyph_set[glyph].draw(pen)
            self._bounds[glyph] = pen.bounds
        return self._bounds[glyph]


@cache
def _faces(weight: int) -> tuple[_Face, ...]:
    return tuple(_Face(FONT_DIR / f"noto-sans-{subset}-{weight}-normal.woff2") for subset in SUBSETS)


@dataclass(frozen=True)
class Metrics:
    ascent: float  # above the baseline, for 1 unit of font size (covers accented capitals)
    descent: float  # below the baseline, positive
    cap_height: float
    x_height: float


@cache
def metrics(weight: int) -> Metrics:
    face = _faces(weight)[0]
    os2, hhea = face.font["OS/2"], face.font["hhea"]
    return Metrics(hhea.ascent / face.upm, -hhea.descent / face.upm, os2.sCapHeight / face.upm, os2.sxHeight / face.upm)


@lru_cache(maxsize=8192)
def _shape(text: str, weight: int) -> tuple[tuple[_Face, str, int], ...]:
    """Glyphs of ``text`` with their pen positions in font units (all faces share 1000 upm)."""
    faces = _faces(weight)
    placed = []
    x = 0
    previous: tuple[_Face, str] | None = None
    for char in normalise(text):
        face = next((f for f in faces if ord(char) in f.cmap), None)
        if face is None:
            face, glyph = faces[0], ".notdef"
        else:
            glyph = face.cmap[ord(char)]
        if previous is not None and previous[0] is face:
            x += face.kern(previous[1], glyph)
        placed.append((face, glyph, x))
        x += face.advance(glyph)
        previous = (face, glyph)
    placed.append((None, "", x))  # the end: total advance
    return tuple(placed)


def measure(text: str, weight: int, size: float) -> float:
    """The advance width of ``text`` at font size ``size`` (kerning included)."""
    return _shape(text, weight)[-1][2] * size / 1000


@lru_cache(maxsize=8192)
def _extent(text: str, weight: int) -> tuple[float, float]:
    """(left, right) of a line at size 1, relative to its origin: the advance widened to include
    any ink that overhangs it (the bold "f" at the end of "Ooststellingwerf")."""
    ink = ink_bounds(text, weight, 1, 0, 0)
    advance = _shape(text, weight)[-1][2] / 1000
    if ink is None:
        return 0.0, advance
    return min(0.0, ink[0]), max(advance, ink[2])


def extent(text: str, weight: int, size: float) -> tuple[float, float]:
    left, right = _extent(text, weight)
    return left * size, right * size


def width(text: str, weight: int, size: float) -> float:
    """The width a line takes: its advance, or its ink where that reaches further. Used for all fitting."""
    left, right = _extent(text, weight)
    return (right - left) * size


@lru_cache(maxsize=8192)
def _ink_unit(text: str, weight: int):
    """Ink bounds at size 1 with the origin at (0, 0), font orientation (y up)."""
    box = None
    for face, glyph, gx in _shape(text, weight)[:-1]:
        b = face.bounds(glyph)
        if b is None:
            continue
        x0, y0, x1, y1 = (gx + b[0]) / 1000, b[1] / 1000, (gx + b[2]) / 1000, b[3] / 1000
        box = (x0, y0, x1, y1) if box is None else (min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1))
    return box


def ink_bounds(text: str, weight: int, size: float, x: float, baseline: float):
    """(x0, y0, x1, y1) of the drawn outlines in artboard coordinates (y down), or None for blank text."""
    box = _ink_unit(text, weight)
    if box is None:
        return None
    return x + box[0] * size, baseline - box[3] * size, x + box[2] * size, baseline - box[1] * size


def outline(text: str, weight: int, size: float, x: float, baseline: float) -> list[tuple]:
    """Path operations (M/L/Q/C/Z) of ``text`` set at (x, baseline), in artboard coordinates (y down)."""
    scale = size / 1000
    ops: list[tuple] = []
    for face, glyph, gx in _shape(text, weight)[:-1]:
        ox = x + gx * scale
        for op in face.outline(glyph):
            if op[0] == "Z":
                ops.append(op)
                continue
            coords = op[1:]
            ops.append((op[0], *(ox + v * scale if i % 2 == 0 else baseline - v * scale for i, v in enumerate(coords))))
    return ops
