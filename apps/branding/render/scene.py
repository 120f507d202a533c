"""A tiny scene model (rounded rectangles and filled paths on an artboard) and its SVG, PDF and PNG writers.

Coordinates are artboard units (px or mm), y down, origin at the top left of the trimmed artboard;
the bleed, if any, lies outside it (negative coordinates and beyond width/height).
All output is deterministic: fixed number formatting, no dates, no random IDs.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import resvg_py

KAPPA = 0.5522847498  # cubic Bézier approximation of a quarter circle
MM_TO_PT = 72 / 25.4


def num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str  # "#rrggbb"
    radius: float = 0


@dataclass(frozen=True)
class Path:
    ops: tuple[tuple, ...]  # ("M", x, y), ("L", x, y), ("Q", x1, y1, x, y), ("C", x1, y1, x2, y2, x, y), ("Z",)
    fill: str


@dataclass
class Scene:
    width: float
    height: float
    unit: str  # "px" or "mm"
    bleed: float = 0  # in artboard units
    title: str = ""
    shapes: list = field(default_factory=list)
    draw: bool = True  # False: a layout run for its text lines only; shapes are not kept

    def rect(self, x, y, w, h, fill, radius=0):
        if self.draw:
            self.shapes.append(Rect(x, y, w, h, fill, min(radius, w / 2, h / 2)))

    def path(self, ops, fill):
        if ops and self.draw:
            self.shapes.append(Path(tuple(ops), fill))


# --- SVG -------------------------------------------------------------------------------------------


def _svg_path_data(ops) -> str:
    parts = []
    for op in ops:
        parts.append(op[0] + " ".join(num(v) for v in op[1:]))
    return "".join(parts)


def to_svg(scene: Scene, *, pixel_size: tuple[int, int] | None = None, with_bleed: bool = True) -> str:
    """The scene as an SVG document. ``pixel_size`` sets unitless width/height (for rasterising);
    otherwise width/height carry the artboard unit. Without ``with_bleed`` the view is the trimmed artboard."""
    b = scene.bleed if with_bleed else 0
    vx, vy, vw, vh = -b, -b, scene.width + 2 * b, scene.height + 2 * b
    if pixel_size:
        size = f'width="{pixel_size[0]}" height="{pixel_size[1]}"'
    else:
        size = f'width="{num(vw)}{scene.unit}" height="{num(vh)}{scene.unit}"'
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{num(vx)} {num(vy)} {num(vw)} {num(vh)}" {size}>',
    ]
    if scene.title:
        out.append(f"<title>{escape(scene.title)}</title>")
    for shape in scene.shapes:
        if isinstance(shape, Rect):
            radius = f' rx="{num(shape.radius)}"' if shape.radius else ""
            out.append(f'<rect x="{num(shape.x)}" y="{num(shape.y)}" width="{num(shape.w)}" height="{num(shape.h)}"{radius} fill="{shape.fill}"/>')
        else:
            out.append(f"<path d={quoteattr(_svg_path_data(shape.ops))} fill={quoteattr(shape.fill)}/>")
    out.append("</svg>\n")
    return "\n".join(out)


# --- PNG -------------------------------------------------------------------------------------------


def to_png(scene: Scene, pixel_size: tuple[int, int], *, with_bleed: bool = False) -> bytes:
    """Rasterised with resvg; transparent where nothing is drawn."""
    svg = to_svg(scene, pixel_size=pixel_size, with_bleed=with_bleed)
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, width=pixel_size[0], height=pixel_size[1], skip_system_fonts=True))


# --- PDF -------------------------------------------------------------------------------------------


def _rgb(fill: str) -> str:
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return f"{num(r)} {num(g)} {num(b)} rg"


def _rect_ops(r: Rect) -> list[tuple]:
    x0, y0, x1, y1, k = r.x, r.y, r.x + r.w, r.y + r.h, r.radius
    if not k:
        return [("M", x0, y0), ("L", x1, y0), ("L", x1, y1), ("L", x0, y1), ("Z",)]
    c = k * KAPPA
    return [
        ("M", x0 + k, y0),
        ("L", x1 - k, y0),
        ("C", x1 - k + c, y0, x1, y0 + k - c, x1, y0 + k),
        ("L", x1, y1 - k),
        ("C", x1, y1 - k + c, x1 - k + c, y1, x1 - k, y1),
        ("L", x0 + k, y1),
        ("C", x0 + k - c, y1, x0, y1 - k + c, x0, y1 - k),
        ("L", x0, y0 + k),
        ("C", x0, y0 + k - c, x0 + k - c, y0, x0 + k, y0),
        ("Z",),
    ]


def _pdf_path(ops) -> str:
    out = []
    cx = cy = 0.0
    for op in ops:
        kind = op[0]
        if kind == "M":
            cx, cy = op[1], op[2]
            out.append(f"{num(cx)} {num(cy)} m")
        elif kind == "L":
            cx, cy = op[1], op[2]
            out.append(f"{num(cx)} {num(cy)} l")
        elif kind == "Q":  # quadratic -> cubic: control points 2/3 of the way to the quadratic one
            qx, qy, x, y = op[1:]
            c1x, c1y = cx + 2 / 3 * (qx - cx), cy + 2 / 3 * (qy - cy)
            c2x, c2y = x + 2 / 3 * (qx - x), y + 2 / 3 * (qy - y)
            out.append(f"{num(c1x)} {num(c1y)} {num(c2x)} {num(c2y)} {num(x)} {num(y)} c")
            cx, cy = x, y
        elif kind == "C":
            cx, cy = op[5], op[6]
            out.append(" ".join(num(v) for v in op[1:]) + " c")
        else:
            out.append("h")
    out.append("f")
    return "\n".join(out)


def _pdf_text(text: str) -> str:
    """A PDF text string: UTF-16BE with byte order mark, hex encoded."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def to_pdf(scene: Scene, unit_to_pt: float) -> bytes:
    """A single-page PDF 1.4 with the artwork as vector paths. The MediaBox includes the bleed;
    with bleed the TrimBox is the artboard and the BleedBox the whole page."""
    k, b = unit_to_pt, scene.bleed
    page_w, page_h = (scene.width + 2 * b) * k, (scene.height + 2 * b) * k
    # artboard units, y down -> PDF points, y up
    content = [f"q {num(k)} 0 0 {num(-k)} {num(b * k)} {num((scene.height + b) * k)} cm"]
    current_fill = None
    for shape in scene.shapes:
        if shape.fill != current_fill:
            content.append(_rgb(shape.fill))
            current_fill = shape.fill
        content.append(_pdf_path(_rect_ops(shape) if isinstance(shape, Rect) else shape.ops))
    content.append("Q")
    stream = zlib.compress("\n".join(content).encode("ascii"), 9)

    boxes = f"/MediaBox [0 0 {num(page_w)} {num(page_h)}]"
    if b:
        boxes += f" /BleedBox [0 0 {num(page_w)} {num(page_h)}] /TrimBox [{num(b * k)} {num(b * k)} {num(page_w - b * k)} {num(page_h - b * k)}]"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R {boxes} /Resources << >> /Contents 4 0 R >>".encode("ascii"),
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode("ascii") + stream + b"\nendstream",
        f"<< /Title {_pdf_text(scene.title)} /Creator (Global Goals Gemeenten) /Producer (Global Goals Gemeenten) >>".encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("ascii")
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return bytes(out)
