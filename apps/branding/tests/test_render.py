"""The artwork engine (apps/branding/render): every name fits every variant, and the files are what they claim."""

import csv
import io
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from apps.branding import render
from apps.branding.render import Identity, fonts
from apps.municipalities.models import display_name_for

CSV = Path(__file__).resolve().parents[2] / "municipalities" / "data" / "gemeenten_2025.csv"
ROWS = list(csv.DictReader(CSV.open(encoding="utf-8")))
ALL_NAMES = sorted({display_name_for(row["name"]) for row in ROWS})  # 342 municipalities, 341 names (two Bergens)
SAMPLE_NAMES = ["Urk", "Nuenen, Gerwen en Nederwetten", "'s-Hertogenbosch", "Súdwest-Fryslân"]
ALL_GOALS = tuple(range(1, 18))
EPS = 1e-6


def _variant_ids(variant):
    return variant.key


def _check_layout(variant, identity):
    boxes = render.layout_report(variant, identity)
    problems = []
    name_lines = [b for b in boxes if b.role == "name"]
    joined = "".join(b.text for b in name_lines).replace(" ", "")
    if joined != fonts.normalise(identity.name).replace(" ", ""):
        problems.append(f"name set as {[b.text for b in name_lines]}")
    if len(name_lines) > 3:
        problems.append(f"{len(name_lines)} name lines")
    if not any(b.role == "subtitle" for b in boxes):
        problems.append("no subtitle")
    for b in boxes:
        bx, by, bw, bh = b.box
        ink = b.ink
        checks = {
            "font size below its minimum": b.font_size < b.min_font_size - EPS,
            "wider than its box": b.width > bw + EPS,
            "starts left of its box": b.x < bx - EPS,
            "ends right of its box": b.x + b.width > bx + bw + EPS,
            "ink outside its box horizontally": ink[0] < bx - 0.02 * b.font_size or ink[2] > bx + bw + 0.02 * b.font_size,
            "cap height above its box": b.baseline - fonts.metrics(b.weight).cap_height * b.font_size < by - EPS,
            "baseline below its box": b.baseline > by + bh + EPS,
            "line box outside the artboard": b.y < -EPS or b.y + b.height > variant.height + EPS or b.x < -EPS or b.x + b.width > variant.width + EPS,
            "ink outside the artboard": ink[0] < 0 or ink[1] < 0 or ink[2] > variant.width or ink[3] > variant.height,
        }
        problems += [f"{b.role} {b.text!r} ({b.font_size:.1f}): {what}" for what, bad in checks.items() if bad]
    text_lines = [b for b in boxes if b.role != "goal"]
    for upper, lower in zip(text_lines, text_lines[1:], strict=False):
        if upper.ink[3] > lower.ink[1] + EPS and upper.box == lower.box:
            problems.append(f"{upper.text!r} overlaps {lower.text!r}")
    return problems


@pytest.mark.parametrize("variant", render.VARIANTS, ids=_variant_ids)
def test_every_municipality_name_fits(variant):
    assert len(ROWS) == 342
    problems = []
    for name in ALL_NAMES:
        for language in ("nl", "en"):
            for goals in ((), (3, 7, 11, 13), ALL_GOALS):
                if goals and variant.group == "logo" and goals != ALL_GOALS:
                    continue
                problems += [f"{name} [{language}, goals {goals}]: {p}" for p in _check_layout(variant, Identity(name, goals, language))]
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("name", ["Nuenen, Gerwen en Nederwetten", "Hardinxveld-Giessendam", "Alphen aan den Rijn", "'s-Gravenhage"])
def test_long_names_wrap_at_spaces_and_hyphens(name):
    variant = render.variant_by_key("social-square")
    lines = [b.text for b in render.layout_report(variant, Identity(name)) if b.role == "name"]
    assert len(lines) >= 1
    for line in lines:
        assert line == line.strip()
    if name == "Hardinxveld-Giessendam":
        assert lines == ["Hardinxveld-", "Giessendam"]
    if name == "Alphen aan den Rijn" and len(lines) == 2:
        assert lines == ["Alphen", "aan den Rijn"]  # not "Alphen aan" / "den Rijn"
    if name == "'s-Gravenhage":
        assert lines == ["\u2019s-Gravenhage"]  # never broken after "’s-"; typographic apostrophe


def test_measured_width_is_drawn_width():
    for text in ["'s-Hertogenbosch", "Súdwest-Fryslân", "AVATAR Wa To"]:
        size = 100
        width = fonts.measure(text, fonts.BOLD, size)
        ops = fonts.outline(text, fonts.BOLD, size, 10, 200)
        xs = [v for op in ops for v in op[1::2]]
        last_glyph_advance = fonts.measure(text[-1], fonts.BOLD, size)
        # the ink ends inside the last glyph's advance, which ends at the measured width
        assert 10 + width - last_glyph_advance < max(xs) <= 10 + width + 0.05 * size
        assert min(xs) >= 10 - 0.05 * size
    assert fonts.measure("AV", fonts.BOLD, 100) < fonts.measure("A", fonts.BOLD, 100) + fonts.measure("V", fonts.BOLD, 100)  # kerning


def test_variants_cover_the_issue():
    keys = {v.key for v in render.VARIANTS}
    for shape in ("horizontal", "stacked"):
        for scheme in ("colour", "dark", "white"):
            assert f"logo-{shape}-{scheme}" in keys
    sizes = {v.key: (v.width, v.height, v.unit, v.bleed_mm) for v in render.VARIANTS}
    assert sizes["social-square"] == (1080, 1080, "px", 0)
    assert sizes["social-landscape"] == (1200, 630, "px", 0)
    assert sizes["social-story"] == (1080, 1920, "px", 0)
    assert sizes["web-header"] == (1920, 480, "px", 0)
    assert sizes["email-signature"] == (600, 150, "px", 0)
    assert sizes["slide-title"] == (1920, 1080, "px", 0)
    assert sizes["poster-a4"][:3] == (210, 297, "mm")
    assert sizes["poster-a3"][:3] == (297, 420, "mm")
    assert sizes["rollup"] == (850, 2000, "mm", 3)
    assert len(keys) == len(render.VARIANTS)
    for v in render.VARIANTS:
        assert v.group in ("logo", "banner") and v.label_nl and v.label_en
        assert set(v.formats) <= set(render.FORMATS)
        if v.unit == "mm":
            assert v.formats == ("pdf",)


def test_filenames():
    logo = render.variant_by_key("logo-horizontal-colour")
    assert render.filename(logo, Identity("'s-Hertogenbosch"), "svg") == "s-hertogenbosch_logo-horizontal-colour.svg"
    assert render.filename(logo, Identity("Súdwest-Fryslân"), "png-print") == "sudwest-fryslan_logo-horizontal-colour_print.png"
    assert render.filename(logo, Identity("Nuenen, Gerwen en Nederwetten"), "pdf") == "nuenen-gerwen-en-nederwetten_logo-horizontal-colour.pdf"
    names = [render.filename(v, Identity("Urk"), fmt) for v in render.VARIANTS for fmt in v.formats]
    assert len(names) == len(set(names))


def _png_info(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height, depth, colour_type = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour_type


def _view_box(svg_bytes):
    root = ET.fromstring(svg_bytes)  # noqa: S314 -- our own output, not untrusted input
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return [float(v) for v in root.get("viewBox").split()], root


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_render_every_variant_and_format(name):
    identity = Identity(name, focus_goals=(1, 7, 13), language="en" if name == "Urk" else "nl")
    files = render.render_set(identity)
    assert len(files) == sum(len(v.formats) for v in render.VARIANTS)
    for variant in render.VARIANTS:
        for fmt in variant.formats:
            data = files[render.filename(variant, identity, fmt)]
            if fmt == "svg":
                box, root = _view_box(data)
                assert box == [0, 0, variant.width, variant.height]
                assert not list(root.iter("{http://www.w3.org/2000/svg}text")), "text must be outlines"
                assert b"font" not in data
            elif fmt in ("png", "png-print"):
                width, height, depth, colour_type = _png_info(data)
                assert (width, height) == render.png_size(variant, fmt)
                assert colour_type == 6 and depth == 8  # RGBA
            else:
                page = PdfReader(io.BytesIO(data)).pages[0]
                expected = render.pdf_page_size_pt(variant)
                assert float(page.mediabox.width) == pytest.approx(expected[0], abs=0.01)
                assert float(page.mediabox.height) == pytest.approx(expected[1], abs=0.01)
                if variant.bleed_mm:
                    bleed = variant.bleed_mm * 72 / 25.4
                    assert float(page.trimbox.left) == pytest.approx(bleed, abs=0.01)
                    assert float(page.trimbox.width) == pytest.approx(variant.width * 72 / 25.4, abs=0.01)
                    assert float(page.trimbox.height) == pytest.approx(variant.height * 72 / 25.4, abs=0.01)
                    assert float(page.bleedbox.width) == pytest.approx(expected[0], abs=0.01)
                assert b"/Font" not in data and b"CreationDate" not in data
                operators = {op for _, op in page.get_contents().operations}
                assert {b"cm", b"rg", b"m", b"l", b"c", b"h", b"f"} <= operators


def test_output_is_deterministic():
    identity = Identity("'s-Hertogenbosch", focus_goals=(5, 11))
    first = render.render_set(identity)
    render._scene.cache_clear()
    second = render.render_set(identity)
    assert first.keys() == second.keys()
    for name, data in first.items():
        assert data == second[name], name


def test_page_sizes():
    assert render.pdf_page_size_pt(render.variant_by_key("rollup")) == pytest.approx((856 * 72 / 25.4, 2006 * 72 / 25.4))
    assert render.pdf_page_size_pt(render.variant_by_key("poster-a4")) == pytest.approx((216 * 72 / 25.4, 303 * 72 / 25.4))
    logo = render.variant_by_key("logo-horizontal-colour")
    assert render.png_size(logo, "png") == (1200, 360)
    assert render.png_size(logo, "png-print") == (round(160 / 25.4 * 300), round(48 / 25.4 * 300))
    assert render.pdf_page_size_pt(logo) == pytest.approx((160 * 72 / 25.4, 48 * 72 / 25.4))


def _fills(svg_bytes):
    return set(re.findall(rb'fill="(#[0-9a-f]{6})"', svg_bytes))


def test_logo_colour_schemes():
    identity = Identity("Súdwest-Fryslân")
    for shape in ("horizontal", "stacked"):
        assert _fills(render.render(render.variant_by_key(f"logo-{shape}-white"), identity, "svg")) == {b"#ffffff"}
        assert _fills(render.render(render.variant_by_key(f"logo-{shape}-dark"), identity, "svg")) == {b"#1a1a1a"}
        colour = _fills(render.render(render.variant_by_key(f"logo-{shape}-colour"), identity, "svg"))
        assert b"#00467f" in colour and len(colour) == 19  # 17 goal colours, name, subtitle


def test_transparent_logo_png_and_preview():
    identity = Identity("Urk")
    logo = render.variant_by_key("logo-stacked-white")
    data = render.render(logo, identity, "png")
    assert _png_info(data)[3] == 6
    rollup = render.variant_by_key("rollup")
    preview = render.render(rollup, identity, "preview")
    assert _png_info(preview)[:2] == render.png_size(rollup, "preview")
    assert max(render.png_size(rollup, "preview")) == render.PREVIEW_MAX_PX
    with pytest.raises(ValueError):
        render.render(rollup, identity, "png")


def test_focus_goals_are_drawn_with_numbers():
    boxes = render.layout_report(render.variant_by_key("social-square"), Identity("Urk", focus_goals=(3, 17)))
    assert [b.text for b in boxes if b.role == "goal"] == ["3", "17"]
    boxes = render.layout_report(render.variant_by_key("email-signature"), Identity("Urk", focus_goals=(3, 17)))
    assert not [b for b in boxes if b.role == "goal"]
