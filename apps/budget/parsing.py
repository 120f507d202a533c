"""Reading a budget per taakveld from CSV or XLSX: amounts in Dutch or English notation, column
names in Dutch or English, every problem named by row and column. Pure functions, no database."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
CENT = Decimal("0.01")
LIMIT = Decimal("999999999999.99")

COLUMNS = {
    "taakveld": {"taakveld", "taakveld_code", "taakveldcode", "code", "iv3", "iv3_taakveld", "task_area"},
    "lasten": {"lasten", "lasten_eur", "lasten_x1000_eur", "expenditure", "uitgaven"},
    "baten": {"baten", "baten_eur", "baten_x1000_eur", "income", "inkomsten"},
    "programme": {"programma", "programme", "program"},
    "label": {"omschrijving", "description", "label", "naam", "name"},
    "year": {"jaar", "year", "begrotingsjaar", "boekjaar"},
    "municipality": {"gemeente", "gemeentecode", "gemeente_code", "cbs_code", "municipality"},
}
REQUIRED = ("taakveld", "lasten")


class FileRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number in the file, cells)
    dutch: bool = False  # semicolon-separated: Dutch number notation expected


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


def _normalise_header(text) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text or "").strip().lower()).strip("_")


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(upload_name: str, data: bytes) -> Table:
    if len(data) > MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(mb)s MB. Split it, or leave out columns the import does not use.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    name = upload_name.lower()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if name.endswith((".csv", ".txt")):
        return _read_csv(data)
    raise FileRefused(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))


def _read_csv(data: bytes) -> Table:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise FileRefused(_("This does not look like a CSV file."))
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max([";", ",", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    headers = None
    for number, cells in enumerate(reader, start=1):
        if not any(c.strip() for c in cells):
            continue
        if headers is None:
            headers = cells
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise FileRefused(_("The file has more than %(n)s lines.") % {"n": f"{MAX_ROWS:,}".replace(",", ".")})
    return Table(headers=headers or [], rows=rows, dutch=delimiter == ";")


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or disguised file: openpyxl raises many kinds
        raise FileRefused(_("The Excel file could not be read. Save it again as .xlsx and retry.")) from exc
    sheet = workbook.worksheets[0]
    rows = []
    headers = None
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(cells)
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        if headers is None:
            headers = ["" if c is None else str(c) for c in cells]
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise FileRefused(_("The file has more than %(n)s lines.") % {"n": f"{MAX_ROWS:,}".replace(",", ".")})
    workbook.close()
    return Table(headers=headers or [], rows=rows)


AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_amount(value) -> Decimal:
    """'1.234,56', '1,234.56', '1234.5', '-1.000', '€ 12', '(500)' and spreadsheet numbers.

    A separator followed by exactly three digits is a thousands separator; followed by one or two
    digits it is the decimal separator; with both present the last one is decimal. Raises ValueError
    with a translated message."""
    if value is None:
        raise ValueError(_("empty"))
    if isinstance(value, bool):
        raise ValueError(_("not an amount"))
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        # a spreadsheet cell: the shortest decimal for this float, without binary noise such as 0.30000000000000004
        number = Decimal(repr(value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP).normalize()
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("€", "").replace("EUR", "")
        if not text:
            raise ValueError(_("empty"))
        negative = False
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1]
        if text.startswith("-"):
            negative, text = True, text[1:]
        elif text.endswith("-"):
            negative, text = True, text[:-1]
        text = _decimal_point(text)
        if not AMOUNT.match(text):
            raise ValueError(_("“%(value)s” is not an amount in euros (at most two decimals)") % {"value": value})
        number = Decimal(text)
        if negative:
            number = -number
    if number != number.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValueError(_("“%(value)s” has more than two decimals") % {"value": value})
    number = number.quantize(CENT, rounding=ROUND_HALF_UP)
    if abs(number) > LIMIT:
        raise ValueError(_("“%(value)s” is too large") % {"value": value})
    return number


def _decimal_point(text: str) -> str:
    """Rewrite to digits with at most one '.' as decimal point."""
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        integer, _sep, fraction = text.rpartition(decimal)
        if not re.fullmatch(rf"\d{{1,3}}({re.escape(thousands)}\d{{3}})*", integer):
            return text + "?"
        return integer.replace(thousands, "") + "." + fraction
    for sep in (",", "."):
        if sep in text:
            parts = text.split(sep)
            if len(parts) > 2 or len(parts[-1]) == 3:
                if not re.fullmatch(rf"\d{{1,3}}({re.escape(sep)}\d{{3}})+", text):
                    return text + "?"
                return text.replace(sep, "")
            return parts[0] + "." + parts[1]
    return text


def normalise_code(value) -> str:
    """'6.3', ' 6.3 Inkomensregelingen', 'Taakveld 0.10' -> code text."""
    if value is None:
        return ""
    if isinstance(value, float | int):
        return str(value)
    text = str(value).strip()
    text = re.sub(r"^(taakveld|tv)\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(\d),(\d)", r"\1.\2", text)  # Dutch spreadsheets write 6,3 for 6.3
    match = re.match(r"^(\d\.\d{1,3}[a-d]?)\b", text)
    return match.group(1) if match else text.split(" ")[0]


def map_columns(headers: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """{field: index} and {field: multiplier} (1000 for columns named x1000)."""
    found, multipliers = {}, {}
    for index, header in enumerate(headers):
        key = _normalise_header(header)
        for name, aliases in COLUMNS.items():
            if key in aliases and name not in found:
                found[name] = index
                multipliers[name] = 1000 if "x1000" in key else 1
    return found, multipliers
