"""The artwork engine: a municipality's campaign logo and banner set as SVG, PNG and PDF.

Pure Python, no database, no network, no installed fonts: text is set in Noto Sans (shipped in
apps/branding/fonts) and converted to outlines, so every file looks the same on every machine,
and rendering the same Identity twice gives identical bytes.

    render(variant, identity, fmt) -> bytes      fmt in variant.formats, or "preview" (small PNG)
    filename(variant, identity, fmt) -> str      e.g. "s-hertogenbosch_logo-horizontal-colour.svg"
    render_set(identity) -> {filename: bytes}    every variant in every format
    layout_report(variant, identity) -> [TextBox]  the placed text lines, for overflow checks

Sizes: logos are drawn on a pixel artboard ("png" = 1x that size) and have a stated print size
(``print_width_mm``): "png-print" is that size at 300 dpi, and the PDF page is that size.
Banners in px are SVG + PNG at 1x; print banners (posters, roll-up) are PDF only, with 3 mm bleed
(MediaBox = BleedBox = artboard + bleed, TrimBox = artboard).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import layout as _layout
from .layout import TEXTS, BannerStyle, TextBox
from .scene import MM_TO_PT, Scene, to_pdf, to_png, to_svg

__all__ = [
    "FORMATS",
    "PREVIEW_MAX_PX",
    "PRINT_DPI",
    "VARIANTS",
    "Identity",
    "TextBox",
    "Variant",
    "filename",
    "layout_report",
    "pdf_page_size_pt",
    "png_size",
    "render",
    "render_set",
    "slugify",
    "variant_by_key",
]

FORMATS = ("svg", "png", "png-print", "pdf")
PRINT_DPI = 300
PREVIEW_MAX_PX = 640  # the longer side of a "preview" PNG
_EXTENSIONS = {"svg": ".svg", "png": ".png", "png-print": "_print.png", "pdf": ".pdf", "preview": "_preview.png"}


@dataclass(frozen=True)
class Identity:
    name: str  # display name, e.g. "'s-Hertogenbosch"
    focus_goals: tuple[int, ...] = ()  # goal numbers 1..17
    language: str = "nl"  # "nl" or "en"


@dataclass(frozen=True, kw_only=True)
class Variant:
    key: str  # slug used in file names
    group: str  # "logo" or "banner"
    label_nl: str
    label_en: str
    width: float  # artboard, without bleed
    height: float
    unit: str  # "px" or "mm"
    bleed_mm: float = 0
    formats: tuple[str, ...]
    print_width_mm: float = 0  # logos: the physical size of "png-print" (at PRINT_DPI) and of the PDF page
    layout: str = "banner"  # "logo-horizontal", "logo-stacked" or "banner"
    scheme: str = "colour"  # logos: "colour", "dark" (one colour #1a1a1a) or "white" (for dark backgrounds)
    style: BannerStyle | None = None

    @property
    def print_height_mm(self) -> float:
        return self.print_width_mm * self.height / self.width


_LOGO_FORMATS = ("svg", "png", "png-print", "pdf")
_SCREEN_FORMATS = ("svg", "png")
_PRINT_FORMATS = ("pdf",)
_SCHEME_LABELS = {
    "colour": ("kleur", "full colour"),
    "dark": ("één kleur donker", "one colour dark"),
    "white": ("wit, voor donkere achtergronden", "white, for dark backgrounds"),
}


def _logos() -> list[Variant]:
    out = []
    for shape, nl, en, w, h, print_w in (
        ("horizontal", "liggend", "horizontal", 1200, 360, 160),
        ("stacked", "staand", "stacked", 800, 800, 100),
    ):
        for scheme, (scheme_nl, scheme_en) in _SCHEME_LABELS.items():
            out.append(
                Variant(
                    key=f"logo-{shape}-{scheme}",
                    group="logo",
                    label_nl=f"Logo {nl}, {scheme_nl}",
                    label_en=f"Logo, {en}, {scheme_en}",
                    width=w,
                    height=h,
                    unit="px",
                    formats=_LOGO_FORMATS,
                    print_width_mm=print_w,
                    layout=f"logo-{shape}",
                    scheme=scheme,
                )
            )
    return out


def _banner(key, label_nl, label_en, width, height, unit, style, bleed=0.0) -> Variant:
    formats = _PRINT_FORMATS if unit == "mm" else _SCREEN_FORMATS
    return Variant(
        key=key,
        group="banner",
        label_nl=label_nl,
        label_en=label_en,
        width=width,
        height=height,
        unit=unit,
        bleed_mm=bleed,
        formats=formats,
        style=style,
    )


VARIANTS: tuple[Variant, ...] = (
    *_logos(),
    _banner("social-square", "Social media, vierkant", "Social media, square", 1080, 1080, "px", BannerStyle("bottom", 0.3, 0.15, 0.06)),
    _banner(
        "social-landscape",
        "Social media, liggend (linkvoorbeeld)",
        "Social media, landscape (link preview)",
        1200,
        630,
        "px",
        BannerStyle("side", 0.62, 0.15, 0.065),
    ),
    _banner("social-story", "Social media, story", "Social media, story", 1080, 1920, "px", BannerStyle("bottom", 0.36, 0.15, 0.06)),
    _banner("web-header", "Websitebanner", "Website header", 1920, 480, "px", BannerStyle("side", 0.8, 0.2, 0.09, max_lines=2)),
    _banner(
        "email-signature",
        "E-mailhandtekening",
        "E-mail signature",
        600,
        150,
        "px",
        BannerStyle("side", 0.8, 0.22, 0.11, max_lines=2, tagline=False, goals=False),
    ),
    _banner("slide-title", "Titeldia voor presentaties", "Presentation title slide", 1920, 1080, "px", BannerStyle("side", 0.62, 0.15, 0.065)),
    _banner("poster-a4", "Poster A4", "Poster A4", 210, 297, "mm", BannerStyle("bottom", 0.28, 0.15, 0.06), bleed=3),
    _banner("poster-a3", "Poster A3", "Poster A3", 297, 420, "mm", BannerStyle("bottom", 0.28, 0.15, 0.06), bleed=3),
    _banner(
        "rollup", "Roll-upbanner (85 × 200 cm)", "Roll-up banner (85 × 200 cm)", 850, 2000, "mm", BannerStyle("bottom", 0.3, 0.15, 0.06), bleed=3
    ),
)


def variant_by_key(key: str) -> Variant:
    return next(v for v in VARIANTS if v.key == key)


def slugify(name: str) -> str:
    """File-name slug: 's-Hertogenbosch -> s-hertogenbosch, Súdwest-Fryslân -> sudwest-fryslan."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "gemeente"


def filename(variant: Variant, identity: Identity, fmt: str) -> str:
    return f"{slugify(identity.name)}_{variant.key}{_EXTENSIONS[fmt]}"


def _check(variant: Variant, fmt: str) -> None:
    if fmt != "preview" and fmt not in variant.formats:
        raise ValueError(f"{variant.key} has no format {fmt!r} (it has {', '.join(variant.formats)})")


def png_size(variant: Variant, fmt: str = "png") -> tuple[int, int]:
    """Pixel size of the "png" (1x), "png-print" (print size at PRINT_DPI) or "preview" PNG (without bleed)."""
    if fmt == "png":
        if variant.unit != "px":
            raise ValueError(f"{variant.key} is a print format: no 1x PNG")
        return round(variant.width), round(variant.height)
    if fmt == "png-print":
        if not variant.print_width_mm:
            raise ValueError(f"{variant.key} has no print size")
        dots = PRINT_DPI / 25.4
        return round(variant.print_width_mm * dots), round(variant.print_height_mm * dots)
    if fmt == "preview":
        scale = PREVIEW_MAX_PX / max(variant.width, variant.height)
        return max(1, round(variant.width * scale)), max(1, round(variant.height * scale))
    raise ValueError(f"no PNG size for format {fmt!r}")


def _unit_to_pt(variant: Variant) -> float:
    if variant.unit == "mm":
        return MM_TO_PT
    if variant.print_width_mm:
        return variant.print_width_mm * MM_TO_PT / variant.width
    return 0.75  # CSS px: 96 per inch


def pdf_page_size_pt(variant: Variant) -> tuple[float, float]:
    """The PDF MediaBox (bleed included) in points."""
    k = _unit_to_pt(variant)
    bleed = variant.bleed_mm if variant.unit == "mm" else 0
    return (variant.width + 2 * bleed) * k, (variant.height + 2 * bleed) * k


def _language(identity: Identity) -> str:
    return identity.language if identity.language in TEXTS else "nl"


def _layout_for(variant: Variant, identity: Identity, *, draw: bool = True) -> tuple[Scene, list[TextBox]]:
    language = _language(identity)
    if variant.layout == "logo-horizontal":
        scene, boxes = _layout.logo_horizontal(variant.width, variant.height, identity.name, language, variant.scheme, draw=draw)
    elif variant.layout == "logo-stacked":
        scene, boxes = _layout.logo_stacked(variant.width, variant.height, identity.name, language, variant.scheme, draw=draw)
    else:
        bleed = variant.bleed_mm if variant.unit == "mm" else 0
        scene, boxes = _layout.banner(
            variant.width, variant.height, variant.unit, bleed, variant.style, identity.name, language, identity.focus_goals, draw=draw
        )
    scene.title = f"{identity.name} – {TEXTS[language]['subtitle']}"
    return scene, boxes


def layout_report(variant: Variant, identity: Identity) -> list[TextBox]:
    """Every text line as placed (box, measured width, font size and its minimum); nothing is drawn."""
    return _layout_for(variant, identity, draw=False)[1]


@lru_cache(maxsize=32)
def _scene(variant: Variant, identity: Identity) -> Scene:
    scene, boxes = _layout_for(variant, identity)
    _layout.draw_text(scene, boxes)
    return scene


def render(variant: Variant, identity: Identity, fmt: str) -> bytes:
    _check(variant, fmt)
    scene = _scene(variant, identity)
    if fmt == "svg":
        return to_svg(scene).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(scene, _unit_to_pt(variant))
    return to_png(scene, png_size(variant, fmt))


def render_set(identity: Identity) -> dict[str, bytes]:
    return {filename(v, identity, fmt): render(v, identity, fmt) for v in VARIANTS for fmt in v.formats}
