"""From a file to passages: checks of the content (magic bytes, ZIP bombs, encryption, text layer)
and text extraction that keeps page numbers, reads multi-column pages column by column, joins words
hyphenated at line ends and keeps tables together.

Formats: PDF (PDFium through pypdfium2: text lines with their positions), DOCX and ODT (the XML in
the ZIP, read with the standard library after the ZIP directory has been checked), HTML (the
standard library's parser) and plain text. No network, no OCR.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

MAX_BYTES = 50 * 1024 * 1024
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all entries together, as the ZIP directory states
ZIP_MAX_RATIO = 100  # uncompressed / compressed per entry (text XML compresses 5-20x)
ZIP_MAX_ENTRIES = 5000
PASSAGE_MIN = 60  # shorter paragraphs (headings, list items) are merged with the next one
PASSAGE_MAX = 1500  # longer ones are split at a sentence end


class ExtractionError(Exception):
    """``code`` names the problem (see services.ERROR_MESSAGES); ``detail`` is for the log."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Block:
    text: str
    page: int | None = None
    kind: str = "paragraph"  # or "table"


EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html", ".txt": "text", ".md": "text", ".text": "text"}


# --- checks -----------------------------------------------------------------------------------


def sniff(name: str, head: bytes) -> str:
    """The format of a file from its extension, confirmed by its first bytes; ExtractionError if they disagree."""
    extension = Path(name or "").suffix.lower()
    fmt = EXTENSIONS.get(extension)
    if fmt is None:
        raise ExtractionError("unsupported", extension)
    if not head:
        raise ExtractionError("empty")
    if fmt == "pdf" and b"%PDF-" not in head[:1024]:
        raise ExtractionError("mismatch", "no %PDF- header")
    if fmt in ("docx", "odt") and not head.startswith(b"PK\x03\x04"):
        raise ExtractionError("mismatch", "not a ZIP container")
    if fmt in ("html", "text"):
        if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ExtractionError("mismatch", "binary content")
        if head.startswith((b"%PDF-", b"PK\x03\x04")):
            raise ExtractionError("mismatch", "binary container")
    return fmt


def extract(data: bytes, fmt: str) -> tuple[list[Block], int | None]:
    """Passages of the document and its number of pages (None where the format has no pages)."""
    if not data:
        raise ExtractionError("empty")
    if len(data) > MAX_BYTES:
        raise ExtractionError("too_large", str(len(data)))
    if fmt == "pdf":
        blocks, pages = extract_pdf(data)
    elif fmt == "docx":
        blocks, pages = extract_docx(data)
    elif fmt == "odt":
        blocks, pages = extract_odt(data), None
    elif fmt == "html":
        blocks, pages = extract_html(decode(data)), None
    else:
        blocks, pages = extract_text(decode(data)), None
    blocks = to_passages(blocks)
    if not blocks:
        raise ExtractionError("no_text")
    return blocks, pages


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


# --- text clean-up shared by every format --------------------------------------------------------

_KEEP_HYPHEN_BEFORE = {"en", "of", "tot", "and", "or", "to"}  # "energie- en klimaatbeleid"
_SPACE = re.compile(r"[ \t\u00a0]+")
_VOCABULARY_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_VOWELS = "aeiouyáéíóúäëïöüèàòù"
_HYPHENS = ("-", "\u2010", "\x02", "\ufffe")  # PDFium writes a hyphen at a line end as \x02 or \ufffe


def _vocabulary(lines) -> frozenset[str]:
    """The words a document writes inside its lines (not at a line end), lower case: the judge of
    whether two halves of a word hyphenated at a line end are one word or a compound."""
    words = set()
    for line in lines:
        found = _VOCABULARY_WORD.findall(line.replace("\x02", "-").replace("\ufffe", "-"))
        words.update(word.lower() for word in found[:-1])
    return frozenset(words)


def _keep_hyphen(head: str, tail: str, vocabulary: frozenset[str]) -> bool:
    """Whether "head-" at a line end and "tail" on the next line are a hyphenated compound
    ("Zonne-energie", "Noord-Holland", "ICT-systemen") rather than one word broken in two."""
    head_word = (_VOCABULARY_WORD.findall(head) or [""])[-1]
    tail_word = (_VOCABULARY_WORD.findall(tail) or [""])[0]
    if not head_word or not tail_word:
        return True
    joined, hyphenated = (head_word + tail_word).lower(), f"{head_word}-{tail_word}".lower()
    if hyphenated in vocabulary and joined not in vocabulary:
        return True
    if joined in vocabulary:
        return False
    if tail_word[:1].isupper() or head_word.isupper() or (len(head_word) > 1 and head_word[-2:].isupper()):
        return True  # Noord-Holland, ICT-systemen
    # Dutch writes a hyphen where two vowels would otherwise read as one sound: zonne-energie, auto-onderdelen
    return head_word[-1].lower() in _VOWELS and tail_word[0].lower() in _VOWELS


def join_lines(lines: list[str], vocabulary: frozenset[str] = frozenset()) -> str:
    """One paragraph from its lines. A word hyphenated at a line end is joined ("duur-" + "zaamheid")
    unless the two halves form a compound that keeps its hyphen ("zonne-" + "energie", "Noord-" +
    "Holland"); the document's own words (``vocabulary``) decide where they can."""
    text = ""
    for raw in lines:
        line = _SPACE.sub(" ", raw).strip()
        if not line:
            continue
        if not text:
            text = line
            continue
        soft = text.endswith("\u00ad")
        if soft or (text.endswith(_HYPHENS) and len(text) > 1 and text[-2].isalpha()):
            first = line.split(" ", 1)[0]
            if soft:
                text = text[:-1] + line
            elif first.lower() in _KEEP_HYPHEN_BEFORE:
                text = text[:-1] + "- " + line
            elif not first[:1].isalpha() or _keep_hyphen(text[:-1], line, vocabulary):
                text = text[:-1] + "-" + line
            else:
                text = text[:-1] + line
            continue
        text = text + " " + line
    return text.replace("\u00ad", "").replace("\x02", "-").replace("\ufffe", "-")


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'“‘(])")


def to_passages(blocks: list[Block]) -> list[Block]:
    """Paragraph-sized passages: short paragraphs (headings, list items) go with the next one on the
    same page, long ones are split at sentence ends; tables stay whole up to PASSAGE_MAX * 3."""
    # a paragraph broken by a column or page end continues in lower case
    joined: list[Block] = []
    for block in blocks:
        text = block.text.strip()
        if not text:
            continue
        if (
            joined
            and block.kind == joined[-1].kind == "paragraph"
            and text[:1].islower()
            and not joined[-1].text.rstrip().endswith((".", "!", "?", ":", ";"))
        ):
            joined[-1] = Block(join_lines([joined[-1].text, text]), joined[-1].page)
            continue
        if (
            joined
            and block.kind == joined[-1].kind == "table"
            and block.page != joined[-1].page
            and text.split("\n")[0].count(" | ") == joined[-1].text.split("\n")[0].count(" | ")
        ):
            joined[-1] = Block(joined[-1].text + "\n" + text, joined[-1].page, "table")  # a table running on to the next page
            continue
        joined.append(Block(text, block.page, block.kind))
    merged: list[Block] = []
    pending: Block | None = None
    for block in joined:
        text = block.text.strip()
        if not text:
            continue
        block = Block(text, block.page, block.kind)
        if pending is not None:
            if block.kind == "paragraph" and block.page == pending.page:
                block = Block(pending.text + "\n" + block.text, block.page)
            else:
                merged.append(pending)
            pending = None
        if block.kind == "paragraph" and len(block.text) < PASSAGE_MIN:
            pending = block
            continue
        merged.append(block)
    if pending is not None:
        if merged and merged[-1].kind == "paragraph" and merged[-1].page == pending.page:
            merged[-1] = Block(merged[-1].text + "\n" + pending.text, pending.page, "paragraph")
        else:
            merged.append(pending)
    result: list[Block] = []
    for block in merged:
        limit = PASSAGE_MAX * 3 if block.kind == "table" else PASSAGE_MAX
        if len(block.text) <= limit:
            result.append(block)
            continue
        if block.kind == "table":
            rows, current = block.text.split("\n"), []
            for row in rows:
                if current and sum(len(r) + 1 for r in current) + len(row) > limit:
                    result.append(Block("\n".join(current), block.page, "table"))
                    current = []
                current.append(row)
            if current:
                result.append(Block("\n".join(current), block.page, "table"))
            continue
        current = ""
        for sentence in _SENTENCE_END.split(block.text):
            if current and len(current) + len(sentence) + 1 > PASSAGE_MAX:
                result.append(Block(current, block.page))
                current = sentence
            else:
                current = f"{current} {sentence}" if current else sentence
        if current:
            result.append(Block(current, block.page))
    return type_passages(result)


# --- passage types ------------------------------------------------------------------------------------

KINDS = ("paragraph", "heading", "list", "table", "toc", "boilerplate")
CLASSIFIED_KINDS = frozenset({"paragraph", "heading", "list"})  # tables, contents and boilerplate are context, not findings
_LETTER = re.compile(r"[^\W\d_]")
_TOC_ENTRY = re.compile(r"(?:(?:\.\s?){3,}|…+|\s)\s*\d{1,3}\s*(?:\n|$)")
_TOC_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d{1,3}\b|…+\s*\d{1,3}\b")
_TOC_TITLE = re.compile(r"^\s*(inhoud(?:sopgave|sgave)?|inhoudstafel|contents|table of contents)\b", re.IGNORECASE)
_BULLET = re.compile(r"(?:^|\n|\s)(?:[•●▪■◦‣∙·*–-]|\d{1,2}[.)]|[a-z][.)])\s+\S")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_PAGE_ONLY = re.compile(r"^\s*(?:(?:pagina|page|blz\.?)\s*)?\d{1,4}\s*(?:(?:van|of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)


def _is_toc(block: Block) -> bool:
    text = block.text
    if _TOC_TITLE.match(text) and (len(_TOC_ENTRY.findall(text)) >= 2 or len(_TOC_LEADER.findall(text)) >= 2):
        return True
    if len(_TOC_LEADER.findall(text)) >= 3:
        return True
    if block.kind == "table":
        rows = [row.split(" | ") for row in text.split("\n")]
        entries = sum(
            1
            for cells in rows
            if len(cells) >= 2
            and cells[-1].strip().isdigit()
            and len(cells[-1].strip()) <= 3
            and any(_LETTER.search(c) for c in cells[:-1])
            and not any(c.strip().replace(".", "").replace(",", "").isdigit() and len(c.strip()) > 3 for c in cells[:-1])
        )
        return len(rows) >= 3 and entries >= 0.7 * len(rows) and bool(_TOC_TITLE.match(text) or entries >= 5)
    return False


def passage_kind(block: Block) -> str:
    """The type of a passage: table, toc (a table of contents), boilerplate (mostly web addresses:
    a reference list, a colophon), list, heading (a short line that no paragraph follows on its page)
    or paragraph (prose)."""
    if _is_toc(block):
        return "toc"
    if block.kind != "paragraph":
        return block.kind
    text = block.text.strip()
    if sum(len(url) for url in _URL.findall(text)) >= 0.2 * len(text):
        return "boilerplate"  # a reference list or a colophon: addresses, not policy
    if len(_BULLET.findall(text)) >= 2 and _BULLET.match(text):
        return "list"
    if len(text) < PASSAGE_MIN and "\n" not in text and not text.rstrip().endswith((".", "!", "?", ";")):
        return "heading"
    return "paragraph"


def type_passages(blocks: list[Block]) -> list[Block]:
    """Every passage with its type; passages without letters (page numbers, rows of figures, "1 van
    4") are dropped, text that comes back three times or more (a disclaimer, a running head in a
    format without pages) becomes boilerplate when it is short (under 150 characters)."""
    counts: dict[str, int] = {}
    for block in blocks:
        counts[block.text] = counts.get(block.text, 0) + 1
    out = []
    for block in blocks:
        if len(_LETTER.findall(block.text)) < 3 or _PAGE_ONLY.match(block.text):
            continue
        kind = passage_kind(block)
        if counts[block.text] >= 3 and kind in ("paragraph", "heading", "list") and len(block.text) < 150:
            kind = "boilerplate"
        out.append(Block(block.text, block.page, kind))
    return out


# --- PDF ------------------------------------------------------------------------------------------


@dataclass
class _Line:
    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


def extract_pdf(data: bytes) -> tuple[list[Block], int]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message or getattr(error, "err_code", None) == 4:
            raise ExtractionError("encrypted", str(error)) from error
        raise ExtractionError("corrupt", str(error)) from error
    try:
        count = len(pdf)
        if count == 0:
            raise ExtractionError("corrupt", "no pages")
        pages: list[tuple[float, float, list[_Line]]] = []
        for number in range(count):
            try:
                page = pdf[number]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as error:
                raise ExtractionError("corrupt", f"page {number + 1}: {error}") from error
            try:
                pages.append((page.get_width(), page.get_height(), _page_lines(textpage, page.get_height())))
            finally:
                textpage.close()
                page.close()
        chars = sum(len(line.text) for _, _, lines in pages for line in lines)
        running = _running_lines(pages)
        vocabulary = _vocabulary(line.text for _, _, lines in pages for line in lines)
        blocks: list[Block] = []
        for number, (width, _, lines) in enumerate(pages, start=1):
            blocks.extend(layout_page([line for line in lines if id(line) not in running], width, number, vocabulary))
        if chars < 20 * count and chars < 200:
            raise ExtractionError("no_text_layer", f"{chars} characters on {count} pages")
        return blocks, count
    finally:
        pdf.close()


def _page_lines(textpage, height: float) -> list[_Line]:
    """The text lines of a page with their boxes, from PDFium's own text (which has the spaces and
    line breaks right, so words are never split). A line is cut into cells only where its
    characters stand far apart (a table's columns, two text columns on one baseline): a gap wider
    than about a letter height plus a space, measured between the characters' boxes."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != count:  # surrogate pairs or ligatures: read the characters one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 32) for i in range(count))
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FPDFText_GetCharBox
    size_of = pdfium_c.FPDFText_GetFontSize
    lines: list[_Line] = []
    cell: list[tuple[str, float, float, float, float]] = []  # (char, left, bottom, right, top); spaces have no box
    pending_space: int | bool = False  # the index of the space before this char, if any
    last = None  # the last boxed char of the cell
    size = 0.0

    def flush():
        nonlocal cell, last, pending_space
        boxed = [c for c in cell if c[1] is not None]
        chars = "".join(c[0] for c in cell).strip()
        chars = chars[:-1].replace("\x02", "-").replace("\ufffe", "-") + chars[-1:] if chars else chars
        if boxed and chars:
            lines.append(
                _Line(min(c[1] for c in boxed), min(c[2] for c in boxed), max(c[3] for c in boxed), max(c[4] for c in boxed), " ".join(chars.split()))
            )
        cell, last, pending_space = [], None, False

    for index, char in enumerate(text):
        if char in "\r\n":
            flush()
            continue
        if char.isspace() or char == "\x00":
            pending_space = pending_space or index
            if cell:
                cell.append((" ", None, None, None, None))
            continue
        box(textpage, index, left, right, bottom, top)
        x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
        if last is None:
            size = size_of(textpage, index) or size  # once per cell: the font size rarely changes within one
        else:
            em = max(size if 2 <= size <= 72 else 0, last[4] - last[2], y1 - y0, 4.0)
            gap = x0 - last[3]
            same_line = y0 < last[4] and y1 > last[2]
            # a space the document wrote separates words even when justified text stretches it;
            # a wide gap without one (PDFium generated the space, or there is none) separates cells
            if (
                not same_line
                or gap > 1.1 * em
                or (gap > 0.6 * em and (pending_space is False or pdfium_c.FPDFText_IsGenerated(textpage, pending_space)))
            ):
                flush()
        if y1 - y0 <= 0 or x1 - x0 < 0:
            x0, x1 = (last[3], last[3]) if last is not None else (x0, x1)
            y0, y1 = (last[2], last[4]) if last is not None else (y0, y0 + 1)
        cell.append((char, x0, y0, x1, y1))
        last = (char, x0, y0, x1, y1)
        pending_space = False
    flush()
    return lines


_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?[-–—(]?\s*\d{1,4}\s*(?:(?:van|of|/)\s*\d{1,4})?\s*[-–—)]?$|^[ivxlc]{1,6}$", re.IGNORECASE
)


def _running_lines(pages: list[tuple[float, float, list[_Line]]]) -> set[int]:
    """Running heads and footers: short lines in the top or bottom eighth of a page whose text
    (digits aside) comes back at about the same height on several pages, and page numbers there
    ("12", "Pagina 3 van 8", "1 van 4", "- 3 -"). Returns their ids."""
    found: set[int] = set()
    places: dict[tuple[str, int], list[_Line]] = {}
    total = len(pages)
    for _width, height, lines in pages:
        if not lines:
            continue
        page_top = max(line.top for line in lines)
        page_bottom = min(line.bottom for line in lines)
        band = max(height, page_top - page_bottom) / 8
        seen = set()
        for line in lines:
            head, foot = line.top >= page_top - band, line.bottom <= page_bottom + band
            if not (head or foot) or len(line.text) > 120:
                continue
            # set apart from the body: a head by a gap below it, a footer by a gap above it
            if head and not foot:
                gaps = [line.bottom - o.top for o in lines if o is not line and o.top <= line.bottom + 1]
            elif foot and not head:
                gaps = [o.bottom - line.top for o in lines if o is not line and o.bottom >= line.top - 1]
            else:
                gaps = []
            if not gaps or any(gap < 1.2 * line.height for gap in gaps):
                continue
            text = " ".join(line.text.split())
            if _PAGE_NUMBER.match(text):
                found.add(id(line))
                continue
            key = (_DIGITS.sub("#", text.lower()), round(line.top / 6))
            if key not in seen:
                seen.add(key)
                places.setdefault(key, []).append(line)
    if total >= 2:
        needed = 2 if total <= 4 else max(3, int(total * 0.3))
        for found_lines in places.values():
            if len(found_lines) >= needed:
                found.update(id(line) for line in found_lines)
    return found


def _column_split(lines: list[_Line], width: float) -> float | None:
    """The x of a gutter between two columns, if the page has one: among the narrow lines (less
    than 55 % of the text width), many end before it and many start after it, few cross it, and
    lines on both sides stand next to each other. Full-width lines elsewhere on the page (a
    heading, an introduction) do not count: they form bands of their own in layout_page."""
    if len(lines) < 6:
        return None
    lo = min(line.left for line in lines)
    hi = max(line.right for line in lines)
    if hi - lo < width * 0.3:
        return None
    narrow = [line for line in lines if line.right - line.left < 0.55 * (hi - lo)]
    if sum(1 for line in narrow if line.left > lo + 0.28 * (hi - lo)) < 2:
        return None  # nothing starts in the right half: one column
    best, best_score = None, 0
    for step in range(30, 71, 2):
        x = lo + (hi - lo) * step / 100
        right = [line for line in narrow if line.left >= x]
        if len(right) < 2:
            continue
        # only what stands beside the right-hand lines counts (headings above, a footer below do not)
        top = max(line.top for line in right) + right[0].height
        bottom = min(line.bottom for line in right) - right[0].height
        beside = [line for line in narrow if line.bottom < top and line.top > bottom]
        left = [line for line in beside if line.right <= x]
        crossing = sum(1 for line in beside if line.left < x < line.right)
        if len(left) < 2 or crossing > max(1, (len(left) + len(right)) // 10):
            continue
        side_by_side = sum(1 for r in right if any(abs(line.top - r.top) < 1.5 * line.height for line in left))
        if side_by_side < 2:
            continue
        # columns of text, not the cells of a table: their lines fill a good part of the column
        if min(sum(line.right - line.left for line in group) / len(group) for group in (left, right)) < 0.25 * (hi - lo):
            continue
        score = min(len(left), len(right)) - 2 * crossing
        if score > best_score:
            best, best_score = x, score
    return best


def layout_page(lines: list[_Line], width: float, page: int, vocabulary: frozenset[str] = frozenset()) -> list[Block]:
    """Blocks of one page in reading order: bands of full-width lines and of columns (left column,
    then right), lines joined into paragraphs at vertical gaps and size changes; rows of several
    cells on one baseline become one table block."""
    if not lines:
        return []
    split = _column_split(lines, width)
    # rows: lines on (about) the same baseline, top to bottom
    ordered = sorted(lines, key=lambda line: (-round(line.top), line.left))
    rows: list[list[_Line]] = []
    for line in ordered:
        if rows:
            ref = rows[-1][0]
            thin = line.height < 0.5 * ref.height and ref.bottom - 1 <= (line.top + line.bottom) / 2 <= ref.top + 1  # "-", "."
            if thin or abs(ref.top - line.top) < min(ref.height, line.height) * 0.5:
                rows[-1].append(line)
                continue
        rows.append([line])

    right_lines = [line for line in lines if split is not None and line.left >= split]
    r_top = max((line.top for line in right_lines), default=0)
    r_bottom = min((line.bottom for line in right_lines), default=0)
    # the left column may run on below the right one (uneven columns): follow it while its lines are contiguous
    previous = None
    for line in sorted((line for line in lines if split is not None and line.right <= split), key=lambda line: -line.top):
        if line.bottom >= r_bottom - line.height * 0.5:
            previous = line
        elif previous is not None and previous.bottom - line.top < 0.6 * line.height * 2.2:
            r_bottom, previous = line.bottom, line
        else:
            break

    def side(line: _Line) -> str:
        if split is None or line.left < split < line.right:
            return "full"
        if line.left >= split:
            return "R"
        # a left-hand line above or below the right column is not part of the columns
        if line.top < r_bottom - line.height or line.bottom > r_top + line.height:
            return "full"
        return "L"

    # bands: runs of rows without a full-width line are read as columns
    bands: list[tuple[str, list[list[_Line]]]] = []
    for row in rows:
        row.sort(key=lambda line: line.left)
        kind = "full" if any(side(line) == "full" for line in row) else "cols"
        if bands and bands[-1][0] == kind:
            bands[-1][1].append(row)
        else:
            bands.append((kind, [row]))

    sequences: list[list[list[_Line]]] = []
    for kind, band_rows in bands:
        if kind == "full":
            sequences.append(band_rows)
        else:
            sequences.append([[line for line in row if side(line) == "L"] for row in band_rows if any(side(line) == "L" for line in row)])
            sequences.append([[line for line in row if side(line) == "R"] for row in band_rows if any(side(line) == "R" for line in row)])

    blocks: list[Block] = []

    def flush_paragraph(paragraph: list[_Line]):
        if paragraph:
            blocks.append(Block(join_lines([line.text for line in paragraph], vocabulary), page))
            paragraph.clear()

    def cell_text(cell: _Line) -> str:
        return cell.text.strip().replace("\x02", "-").replace("\ufffe", "-")

    def flush_table(table: list[list[_Line]]):
        if len(table) >= 2:
            blocks.append(Block("\n".join(" | ".join(cell_text(cell) for cell in row) for row in table), page, "table"))
        elif table:
            blocks.append(Block(" ".join(cell_text(cell) for cell in table[0]), page))
        table.clear()

    def continues_table(table: list[list[_Line]], row: list[_Line], pitch: float) -> bool:
        """A row of fewer cells under a table (the next line of a cell that wraps) stays in the table
        when it stands in one of the table's later columns and at the table's line distance."""
        if not table or max(len(r) for r in table) < 2 or len(row) >= 2 and _is_table_row(row):
            return False
        first_left = min(r[0].left for r in table)
        lefts = {round(cell.left) for r in table for cell in r[1:]}
        step = min(cell.bottom for cell in table[-1]) - row[0].bottom
        return (
            0 < step <= pitch * 1.6
            and row[0].left > first_left + row[0].height
            and any(abs(row[0].left - left) <= max(3.0, row[0].height * 0.4) for left in lefts)
        )

    for sequence in sequences:
        paragraph: list[_Line] = []
        table: list[list[_Line]] = []
        steps = sorted(
            a[0].bottom - b[0].bottom for a, b in zip(sequence, sequence[1:], strict=False) if 0 < a[0].bottom - b[0].bottom < 3 * a[0].height
        )
        pitch = steps[len(steps) // 2] if steps else 12.0  # the usual line distance in this column

        for row in sequence:
            if len(row) >= 2 and _is_table_row(row) or continues_table(table, row, pitch):
                flush_paragraph(paragraph)
                table.append(row)
                continue
            flush_table(table)
            line = (
                row[0]
                if len(row) == 1
                else _Line(row[0].left, min(r.bottom for r in row), row[-1].right, max(r.top for r in row), " ".join(r.text for r in row))
            )
            if paragraph:
                previous = paragraph[-1]
                step = previous.bottom - line.bottom  # from baseline to baseline, about
                if step > pitch * 1.45 or step < -previous.height:
                    flush_paragraph(paragraph)
            paragraph.append(line)
        flush_paragraph(paragraph)
        flush_table(table)
    return blocks


_LIST_MARK = re.compile(r"^(?:[•●▪■◦‣∙·*–—‒-]|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|[ivx]{1,4}[.)])$")


def _is_table_row(row: list[_Line]) -> bool:
    """Several pieces on one baseline with clear gaps between them (cells), not one line in pieces
    and not a list item (a bullet or number, then its text)."""
    if len(row) == 2 and _LIST_MARK.match(row[0].text.strip()):
        return False
    gaps = [b.left - a.right for a, b in zip(row, row[1:], strict=False)]
    return all(gap > a.height * 0.4 for gap, a in zip(gaps, row, strict=False))


# --- DOCX and ODT ----------------------------------------------------------------------------------


def open_zip(data: bytes, required: str) -> zipfile.ZipFile:
    """The ZIP container after checking its directory: number of entries, declared uncompressed
    sizes and compression ratios (a ZIP bomb is refused before anything is decompressed)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ExtractionError("corrupt", str(error)) from error
    if len(infos) > ZIP_MAX_ENTRIES:
        raise ExtractionError("zip_bomb", f"{len(infos)} entries")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            raise ExtractionError("zip_bomb", f"{info.filename}: ratio {info.file_size}/{info.compress_size}")
        if info.flag_bits & 0x1:
            raise ExtractionError("encrypted", info.filename)
    if total > ZIP_MAX_UNCOMPRESSED:
        raise ExtractionError("zip_bomb", f"{total} bytes uncompressed")
    if required not in archive.namelist():
        raise ExtractionError("mismatch", f"no {required}")
    return archive


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    with archive.open(info) as handle:
        content = handle.read(info.file_size + 1)  # never more than the directory declared
    if len(content) > info.file_size:
        raise ExtractionError("zip_bomb", f"{name} is larger than declared")
    if b"<!DOCTYPE" in content[:2048] or b"<!ENTITY" in content:
        raise ExtractionError("corrupt", "XML with a document type declaration")
    return content


def _parse_xml(content: bytes) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(content)  # noqa: S314 - DOCTYPE/ENTITY refused in _read_member, sizes checked from the ZIP directory
    except ElementTree.ParseError as error:
        raise ExtractionError("corrupt", str(error)) from error


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_docx(data: bytes) -> tuple[list[Block], int | None]:
    archive = open_zip(data, "word/document.xml")
    root = _parse_xml(_read_member(archive, "word/document.xml"))
    body = root.find(f"{W}body")
    if body is None:
        raise ExtractionError("corrupt", "no body")
    blocks: list[Block] = []
    page = 1
    has_breaks = False

    def paragraph_text(element) -> tuple[str, int]:
        parts, breaks = [], 0
        for node in element.iter():
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif node.tag == f"{W}tab":
                parts.append(" ")
            elif node.tag == f"{W}br" and node.get(f"{W}type") == "page" or node.tag == f"{W}lastRenderedPageBreak":
                breaks += 1
            elif node.tag == f"{W}br":
                parts.append("\n")
        return "".join(parts), breaks

    for element in body:
        if element.tag == f"{W}p":
            text, breaks = paragraph_text(element)
            if breaks:
                has_breaks = True
            if text.strip():
                # a page break inside the paragraph: count it before the text when it opens the paragraph
                blocks.append(Block(join_lines(text.split("\n")), page))
            page += breaks
        elif element.tag == f"{W}tbl":
            rows = []
            for tr in element.iter(f"{W}tr"):
                cells = [" ".join(paragraph_text(p)[0] for p in tc.iter(f"{W}p")).strip() for tc in tr.iter(f"{W}tc")]
                if any(cells):
                    rows.append(" | ".join(cells))
            if rows:
                blocks.append(Block("\n".join(rows), page, "table"))
    if not has_breaks:
        blocks = [Block(b.text, None, b.kind) for b in blocks]
    return blocks, page if has_breaks else None


TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def extract_odt(data: bytes) -> list[Block]:
    archive = open_zip(data, "content.xml")
    if "mimetype" in archive.namelist() and not _read_member(archive, "mimetype").startswith(b"application/vnd.oasis.opendocument.text"):
        raise ExtractionError("mismatch", "not an ODF text document")
    root = _parse_xml(_read_member(archive, "content.xml"))

    def text_of(element) -> str:
        parts = [element.text or ""]
        for child in element:
            if child.tag == f"{TEXT}s":
                parts.append(" " * int(child.get(f"{TEXT}c", "1") or 1))
            elif child.tag in (f"{TEXT}tab", f"{TEXT}line-break"):
                parts.append(" ")
            else:
                parts.append(text_of(child))
            parts.append(child.tail or "")
        return "".join(parts)

    blocks: list[Block] = []

    def walk(element):
        for child in element:
            if child.tag in (f"{TEXT}p", f"{TEXT}h"):
                text = text_of(child)
                if text.strip():
                    blocks.append(Block(join_lines([text])))
            elif child.tag == f"{TABLE}table":
                rows = []
                for row in child.iter(f"{TABLE}table-row"):
                    cells = [" ".join(text_of(p) for p in cell.iter(f"{TEXT}p")).strip() for cell in row.iter(f"{TABLE}table-cell")]
                    if any(cells):
                        rows.append(" | ".join(cells))
                if rows:
                    blocks.append(Block("\n".join(rows), None, "table"))
            else:
                walk(child)

    walk(root)
    return blocks


# --- HTML and text ---------------------------------------------------------------------------------


class _HTMLBlocks(HTMLParser):
    BLOCK = {
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "dd",
        "dt",
        "caption",
        "br",
        "header",
        "footer",
        "main",
    }
    SKIP = {"script", "style", "nav", "noscript", "template", "svg", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.skip = 0
        self.table_depth = 0
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def flush(self):
        text = join_lines(["".join(self.parts)])
        if text:
            self.blocks.append(Block(text))
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "table":
            self.flush()
            self.table_depth += 1
            if self.table_depth == 1:
                self.rows = []
        elif self.table_depth and tag == "tr":
            self.rows.append([])
        elif self.table_depth and tag in ("td", "th"):
            self.cell = []
        elif tag in self.BLOCK and not self.table_depth:
            self.flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.table_depth:
            self.table_depth -= 1
            if not self.table_depth:
                rows = [" | ".join(cells) for cells in self.rows if any(cells)]
                if rows:
                    self.blocks.append(Block("\n".join(rows), None, "table"))
        elif self.table_depth and tag in ("td", "th") and self.cell is not None:
            if not self.rows:
                self.rows.append([])
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag in self.BLOCK and not self.table_depth:
            self.flush()

    def handle_data(self, data):
        if self.skip:
            return
        if self.table_depth:
            if self.cell is not None:
                self.cell.append(data)
        else:
            self.parts.append(data.replace("\n", " "))

    def close(self):
        super().close()
        self.flush()


def extract_html(text: str) -> list[Block]:
    parser = _HTMLBlocks()
    parser.feed(text)
    parser.close()
    return parser.blocks


def extract_text(text: str) -> list[Block]:
    """Paragraphs separated by blank lines; a form feed starts a new page."""
    blocks = []
    pages = text.split("\f")
    numbered = len(pages) > 1
    for number, page_text in enumerate(pages, start=1):
        for chunk in re.split(r"\n\s*\n", page_text.replace("\r\n", "\n")):
            lines = chunk.split("\n")
            if sum(1 for line in lines if "\t" in line or "|" in line) >= 2:
                blocks.append(
                    Block(
                        "\n".join(" | ".join(c.strip() for c in re.split(r"\t+|\s\|\s", line.strip("| "))) for line in lines if line.strip()),
                        number if numbered else None,
                        "table",
                    )
                )
                continue
            text_block = join_lines(lines)
            if text_block:
                blocks.append(Block(text_block, number if numbered else None))
    return blocks
